-- The office's public address: the https address at which its server is reached from outside
-- (docs/seal-format.md). The QR codes of seals point to its /verify page. NULL until an
-- administrator sets it; synced with the office row.
ALTER TABLE office ADD COLUMN public_address TEXT;

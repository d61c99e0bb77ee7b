-- The certification ledger: one row per act (certified signature or copy) and per later entry
-- that corrects or cancels one. Append-only: triggers refuse every UPDATE and DELETE, so a
-- correction is always a new entry. Each workstation writes its own hash chain
-- (chain_id = the workstation, chain_pos = 1, 2, 3…): entry_hash is the SHA-256 of the entry's
-- canonical form, which includes prev_hash, the entry_hash of the chain's previous entry.
CREATE TABLE certification (
    id                   TEXT PRIMARY KEY NOT NULL,
    chain_id             TEXT NOT NULL,
    chain_pos            INTEGER NOT NULL CHECK (chain_pos >= 1),
    prev_hash            TEXT NOT NULL,
    entry_hash           TEXT NOT NULL,
    number               TEXT NOT NULL UNIQUE,
    year                 INTEGER NOT NULL,
    kind                 TEXT NOT NULL,        -- signature | copy | correction | cancellation
    refers_to            TEXT,                 -- the corrected or cancelled entry
    act                  TEXT,                 -- signature | copy (what a correction restates)
    party_name           TEXT NOT NULL,
    party_birth_date     TEXT,
    id_document_kind     TEXT,
    id_document_number   TEXT NOT NULL,
    document_description TEXT NOT NULL,
    document_language    TEXT NOT NULL,
    pages                INTEGER NOT NULL,
    copies               INTEGER NOT NULL,
    service_id           TEXT,
    fee_minor            INTEGER NOT NULL,
    currency             TEXT NOT NULL,
    case_id              TEXT,
    reason               TEXT,
    note                 TEXT,
    registrar_id         TEXT NOT NULL,
    certified_at         INTEGER NOT NULL,
    local_day            TEXT NOT NULL,
    place                TEXT NOT NULL,
    clause_locale        TEXT NOT NULL,
    second_locale        TEXT,
    original_sha256      TEXT,
    signature_method     TEXT NOT NULL,        -- pad | sheet
    signature_sha256     TEXT,                 -- the pad drawing (PNG), kept as an attachment blob
    seal                 TEXT NOT NULL,        -- the signed seal code printed as the QR code
    UNIQUE (chain_id, chain_pos)
);
CREATE INDEX certification_day ON certification(local_day, number);
CREATE INDEX certification_refers ON certification(refers_to);

-- Each printing of a certified copy: how many copies, when, by whom.
CREATE TABLE certification_print (
    id                TEXT PRIMARY KEY NOT NULL,
    certification_id  TEXT NOT NULL,
    copies            INTEGER NOT NULL CHECK (copies >= 1),
    printed_at        INTEGER NOT NULL,
    printed_by        TEXT NOT NULL
);
CREATE INDEX certification_print_entry ON certification_print(certification_id);

CREATE TRIGGER certification_append_only_update BEFORE UPDATE ON certification
BEGIN SELECT RAISE(ABORT, 'the certification ledger is append-only'); END;
CREATE TRIGGER certification_append_only_delete BEFORE DELETE ON certification
BEGIN SELECT RAISE(ABORT, 'the certification ledger is append-only'); END;
CREATE TRIGGER certification_print_append_only_update BEFORE UPDATE ON certification_print
BEGIN SELECT RAISE(ABORT, 'the print record is append-only'); END;
CREATE TRIGGER certification_print_append_only_delete BEFORE DELETE ON certification_print
BEGIN SELECT RAISE(ABORT, 'the print record is append-only'); END;

-- Seal keys: the office's public keys and the workstation keys they certified. The secret half
-- of this workstation's key lives in the OS keyring, never here.
CREATE TABLE seal_key (
    id           TEXT PRIMARY KEY NOT NULL,
    office_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,                 -- office | device
    device_id    TEXT,
    public_key   TEXT NOT NULL,                 -- hex, 32 bytes (Ed25519)
    certificate  TEXT,                          -- hex, the office's signature over the device key
    created_at   INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX seal_key_device ON seal_key(device_id);

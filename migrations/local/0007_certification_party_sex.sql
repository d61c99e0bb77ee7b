-- The party's sex on a ledger entry: F, M or X (not stated). The clause's wording agrees with it
-- in some languages (Slovak: "predložil" / "predložila" / "predložil(a)"). Entries recorded
-- before this column existed keep NULL, read as not stated; their hashes stay as they were,
-- because a row's canonical form leaves out a party_sex that is NULL (see okno-rules' chain).
ALTER TABLE certification ADD COLUMN party_sex TEXT CHECK (party_sex IN ('F', 'M', 'X'));

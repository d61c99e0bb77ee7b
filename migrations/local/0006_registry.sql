-- The civil registry (docs/registry.md): a read-only replica of the office's persons and their
-- birth, marriage and death records, with a search index over folded name tokens; and the
-- audit of every opened person (append-only, synced).

CREATE TABLE reg_person (
    pid                INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    given_names        TEXT NOT NULL,
    family_name        TEXT NOT NULL,
    birth_family_name  TEXT,
    sex                TEXT NOT NULL,            -- F | M | X
    birth_date         TEXT,                     -- YYYY-MM-DD
    birth_place        TEXT NOT NULL,
    death_date         TEXT,
    father_id          TEXT,
    mother_id          TEXT,
    father_name        TEXT,
    mother_name        TEXT,
    -- The folded name tokens, each preceded by a space and the whole ended by one
    -- (' anna maria kovacs '), and the same of the parents' names: the search checks the
    -- further words of a query against them.
    hay                TEXT NOT NULL,
    phay               TEXT NOT NULL
);
-- The secondary indexes of reg_person and reg_record are dropped while a snapshot comes down
-- and built once at its end (registry::BULK_INDEXES holds the same statements).
CREATE INDEX reg_person_birth ON reg_person(birth_date);
CREATE INDEX reg_person_father ON reg_person(father_id) WHERE father_id IS NOT NULL;
CREATE INDEX reg_person_mother ON reg_person(mother_id) WHERE mother_id IS NOT NULL;

CREATE TABLE reg_record (
    rid         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,                   -- birth | marriage | death
    number      TEXT NOT NULL,                   -- canonical: B-1987-00042
    book        TEXT NOT NULL,
    volume      TEXT NOT NULL,
    page        INTEGER NOT NULL,
    date        TEXT NOT NULL,
    place       TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    partner_id  TEXT,
    note        TEXT
);
CREATE INDEX reg_record_number ON reg_record(number);
CREATE INDEX reg_record_person ON reg_record(person_id);
CREATE INDEX reg_record_partner ON reg_record(partner_id) WHERE partner_id IS NOT NULL;

-- The search index: one key per folded name token of a person: the token, char(31), then the
-- person's folded sort name with a space before every word (' kovacs gabor '), so a prefix
-- range lists exact words first and then the longer ones, each in alphabetical order of the
-- persons; parents' name tokens are under '~' || token. Beside the key: the folded words of a
-- family name at birth not in the sort name (' szabo ', or NULL), and the birth date as
-- YYYYMMDD — so a query's further words and its date are checked in the index alone, without
-- reading the persons. During a snapshot, keys are appended to reg_key_stage and sorted into
-- reg_key once at its end (a sorted insert instead of millions of random ones).
CREATE TABLE reg_key (
    k      TEXT NOT NULL,
    pid    INTEGER NOT NULL,
    extra  TEXT,
    born   INTEGER,
    PRIMARY KEY (k, pid)
) WITHOUT ROWID;
CREATE TABLE reg_key_stage (
    k      TEXT NOT NULL,
    pid    INTEGER NOT NULL,
    extra  TEXT,
    born   INTEGER
);

-- Who opened which person, when, and for which case or stated purpose. Append-only, synced to
-- the server (kind registry_audit).
CREATE TABLE registry_audit (
    id                 TEXT PRIMARY KEY NOT NULL,
    at                 INTEGER NOT NULL,
    action             TEXT NOT NULL,            -- open | extract
    staff_id           TEXT NOT NULL,
    device_name        TEXT NOT NULL,
    person_id          TEXT NOT NULL,
    person_name        TEXT NOT NULL,
    person_key         TEXT NOT NULL,            -- folded name tokens, as reg_person.hay
    person_birth_date  TEXT,
    case_id            TEXT,
    case_number        TEXT,
    purpose            TEXT,
    record_number      TEXT
);
CREATE INDEX registry_audit_at ON registry_audit(at);
CREATE INDEX registry_audit_person ON registry_audit(person_id);
CREATE TRIGGER registry_audit_no_update BEFORE UPDATE ON registry_audit
BEGIN SELECT RAISE(ABORT, 'the registry audit is append-only'); END;
CREATE TRIGGER registry_audit_no_delete BEFORE DELETE ON registry_audit
BEGIN SELECT RAISE(ABORT, 'the registry audit is append-only'); END;

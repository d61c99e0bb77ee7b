-- Sync with the office's server (docs/sync.md).

-- Each command carries the device's hybrid-logical-clock stamp, the record it is about (so a
-- pending local change is not overwritten by the server's older copy), and, once the server
-- has answered, how it came out.
ALTER TABLE outbox ADD COLUMN hlc TEXT;
ALTER TABLE outbox ADD COLUMN entity_id TEXT;
ALTER TABLE outbox ADD COLUMN outcome TEXT;     -- applied | rejected | conflict
CREATE INDEX outbox_entity_pending ON outbox(entity_id) WHERE acked_at IS NULL;

-- What the server refused or could not settle, kept for the clerk next to the record.
CREATE TABLE sync_issue (
    seq        INTEGER PRIMARY KEY NOT NULL REFERENCES outbox(seq),
    command    TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    entity_id  TEXT,
    at         INTEGER NOT NULL
);
CREATE INDEX sync_issue_entity ON sync_issue(entity_id);

-- Where each stream's pull continues; written in the same transaction as the page it ends.
CREATE TABLE sync_cursor (
    stream      TEXT PRIMARY KEY NOT NULL,
    cursor      TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Blocks of legal numbers leased from the server: numbers are taken from here offline, and
-- what is left is voided with a reason when the block is closed.
CREATE TABLE number_lease (
    id          TEXT PRIMARY KEY NOT NULL,
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    first       INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    next        INTEGER NOT NULL,
    leased_at   INTEGER NOT NULL,
    closed_at   INTEGER,
    CHECK (first <= last AND next >= first AND next <= last + 1)
);
CREATE INDEX number_lease_open ON number_lease(series, year, closed_at, first);

-- A voided number is recorded in number_use with owner_kind 'void' and its reason.
ALTER TABLE number_use ADD COLUMN void_reason TEXT;

-- Bytes already on the server are not sent again.
ALTER TABLE attachment_blob ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0;

-- Disagreements the server could not settle (from the server; supervisors settle them).
CREATE TABLE sync_conflict (
    id              TEXT PRIMARY KEY NOT NULL,
    case_id         TEXT,
    kind            TEXT NOT NULL,
    server_status   TEXT,
    attempted_from  TEXT,
    attempted_to    TEXT,
    actor_id        TEXT,
    device_id       TEXT,
    device_name     TEXT,
    command_id      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    resolved_at     INTEGER
);
CREATE INDEX sync_conflict_open ON sync_conflict(resolved_at, created_at);

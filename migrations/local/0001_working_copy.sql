-- The workstation's working copy: office, staff, catalogue, cases, filing registry,
-- attachments, number series and the sync outbox.
-- Ids are UUIDv7 text minted on the device; instants are INTEGER milliseconds since the Unix
-- epoch (UTC); calendar dates are TEXT 'YYYY-MM-DD'; localized texts are JSON objects keyed
-- by locale code. Ledger-like tables (case_event, number_use, outbox) are append-only: no code
-- path updates or deletes their rows (the outbox only stamps acknowledgement).

CREATE TABLE office (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    locale      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    calendar    TEXT NOT NULL,
    demo        INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE device (
    id          TEXT PRIMARY KEY NOT NULL,
    office_id   TEXT NOT NULL REFERENCES office(id),
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE staff (
    id            TEXT PRIMARY KEY NOT NULL,
    office_id     TEXT NOT NULL REFERENCES office(id),
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,          -- JSON array of role codes
    locale        TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE agency (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    names       TEXT NOT NULL,            -- JSON {locale: name}
    active      INTEGER NOT NULL DEFAULT 1,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE service (
    id                 TEXT PRIMARY KEY NOT NULL,
    agency_id          TEXT NOT NULL REFERENCES agency(id),
    code               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    names              TEXT NOT NULL,     -- JSON {locale: name}
    fee_minor          INTEGER NOT NULL CHECK (fee_minor >= 0),
    required_documents TEXT NOT NULL,     -- JSON [{locale: label}]
    deadline_days      INTEGER NOT NULL CHECK (deadline_days >= 0),
    queue_category     TEXT NOT NULL,
    active             INTEGER NOT NULL DEFAULT 1,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX service_agency ON service(agency_id);

CREATE TABLE party (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    birth_date  TEXT,
    phone       TEXT,
    email       TEXT,
    address     TEXT,
    created_at  INTEGER NOT NULL
);

-- A number from one of the office's legal series: every number handed out is recorded here,
-- once, with what it was used for (or, later, why it was voided).
CREATE TABLE number_series (
    series       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    next_number  INTEGER NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (series, year)
) WITHOUT ROWID;

CREATE TABLE number_use (
    series      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    owner_kind  TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    used_at     INTEGER NOT NULL,
    PRIMARY KEY (series, year, number)
) WITHOUT ROWID;

CREATE TABLE case_file (
    id                   TEXT PRIMARY KEY NOT NULL,
    number               TEXT NOT NULL UNIQUE,
    party_id             TEXT NOT NULL REFERENCES party(id),
    party_name           TEXT NOT NULL,   -- denormalised for the list
    service_id           TEXT NOT NULL REFERENCES service(id),
    channel              TEXT NOT NULL,
    subject              TEXT NOT NULL,
    description          TEXT NOT NULL,
    priority             TEXT NOT NULL,
    private_conversation INTEGER NOT NULL,
    status               TEXT NOT NULL,
    is_open              INTEGER NOT NULL,
    assignee_id          TEXT REFERENCES staff(id),
    documents_presented  TEXT NOT NULL,   -- JSON [index into the service's required documents]
    required_documents   TEXT NOT NULL,   -- JSON snapshot of the checklist at intake
    fee_minor            INTEGER NOT NULL,
    currency             TEXT NOT NULL,
    received_at          INTEGER NOT NULL,
    due_date             TEXT NOT NULL,
    created_by           TEXT NOT NULL REFERENCES staff(id),
    updated_at           INTEGER NOT NULL
);
CREATE INDEX case_received ON case_file(received_at);
CREATE INDEX case_open_received ON case_file(is_open, received_at);
CREATE INDEX case_status_received ON case_file(status, received_at);
CREATE INDEX case_assignee ON case_file(assignee_id, is_open);
CREATE INDEX case_service ON case_file(service_id, received_at);
CREATE INDEX case_due ON case_file(is_open, due_date);

CREATE TABLE case_event (
    id           TEXT PRIMARY KEY NOT NULL,
    case_id      TEXT NOT NULL REFERENCES case_file(id),
    kind         TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT,
    note         TEXT,
    assignee_id  TEXT REFERENCES staff(id),
    actor_id     TEXT NOT NULL REFERENCES staff(id),
    at           INTEGER NOT NULL
);
CREATE INDEX case_event_case ON case_event(case_id, at);

CREATE TABLE filing_entry (
    id             TEXT PRIMARY KEY NOT NULL,
    number         TEXT NOT NULL UNIQUE,
    year           INTEGER NOT NULL,
    local_day      TEXT NOT NULL,         -- the office's calendar day, 'YYYY-MM-DD'
    direction      TEXT NOT NULL,
    counterpart    TEXT NOT NULL,
    subject        TEXT NOT NULL,
    pages          INTEGER NOT NULL,
    enclosures     INTEGER NOT NULL,
    case_id        TEXT REFERENCES case_file(id),
    note           TEXT,
    registered_at  INTEGER NOT NULL,
    registered_by  TEXT NOT NULL REFERENCES staff(id)
);
CREATE INDEX filing_day ON filing_entry(year, local_day);
CREATE INDEX filing_case ON filing_entry(case_id);

-- Content-addressed bytes: one row per distinct file, however often it is attached.
CREATE TABLE attachment_blob (
    sha256      TEXT PRIMARY KEY NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    data        BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE attachment (
    id          TEXT PRIMARY KEY NOT NULL,
    sha256      TEXT NOT NULL REFERENCES attachment_blob(sha256),
    owner_kind  TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    added_by    TEXT NOT NULL REFERENCES staff(id),
    added_at    INTEGER NOT NULL
);
CREATE INDEX attachment_owner ON attachment(owner_kind, owner_id);

-- The sync outbox: every change, as a named, versioned command, in the device's order.
-- AUTOINCREMENT: a sequence number is never reused, even after the newest row is gone.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    actor_id     TEXT,
    created_at   INTEGER NOT NULL,
    acked_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox(acked_at, seq);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL
);

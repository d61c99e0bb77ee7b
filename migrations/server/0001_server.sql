-- The office server's database (docs/sync.md).
--
-- The server keeps the latest state of every synced row as an `entity` (its body is the row
-- exactly as a workstation's table holds it) and hands rows out by a commit-safe cursor:
-- each write stamps the row with its transaction id (xid8) and a revision, and a reader only
-- returns rows whose transaction is older than its snapshot's xmin, so a row that commits late
-- can never be skipped. Ledgers (applied commands, number uses, leases) are append-only.

CREATE TABLE office (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Keys that sign the short-lived device and staff tokens. The newest unretired key signs;
-- every key not yet retired verifies (rotation keeps the old one until its tokens expire).
CREATE TABLE signing_key (
    id          serial PRIMARY KEY,
    secret      bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

CREATE TABLE device (
    id              uuid PRIMARY KEY,
    office_id       uuid NOT NULL REFERENCES office(id),
    name            text NOT NULL,
    secret_sha256   text NOT NULL,
    enrolled_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    last_seen_at    timestamptz,
    -- The sequence number the server expects next from this device.
    next_seq        bigint NOT NULL DEFAULT 1,
    outbox_pending  bigint NOT NULL DEFAULT 0
);

CREATE TABLE enrolment_code (
    code_sha256  text PRIMARY KEY,
    office_id    uuid NOT NULL REFERENCES office(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    used_by      uuid
);

CREATE SEQUENCE entity_rev;

CREATE TABLE entity (
    office_id  uuid NOT NULL REFERENCES office(id),
    kind       text NOT NULL,
    id         text NOT NULL,
    stream     text NOT NULL,
    body       jsonb NOT NULL,
    -- Per-field hybrid-logical-clock stamps of last-writer-wins fields.
    clocks     jsonb NOT NULL DEFAULT '{}',
    hlc        text,
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    rev        bigint NOT NULL DEFAULT nextval('entity_rev'),
    PRIMARY KEY (office_id, kind, id)
);
CREATE INDEX entity_feed ON entity (office_id, stream, txid, rev);
CREATE UNIQUE INDEX entity_staff_username ON entity (office_id, lower(body->>'username')) WHERE kind = 'staff';
CREATE UNIQUE INDEX entity_agency_code ON entity (office_id, lower(body->>'code')) WHERE kind = 'agency';
CREATE UNIQUE INDEX entity_service_code ON entity (office_id, lower(body->>'code')) WHERE kind = 'service';
CREATE UNIQUE INDEX entity_case_number ON entity (office_id, (body->>'number')) WHERE kind = 'case_file';
CREATE UNIQUE INDEX entity_filing_number ON entity (office_id, (body->>'number')) WHERE kind = 'filing_entry';

-- Every command a device pushed, once, with the server's verdict (replays get it again).
CREATE TABLE applied_command (
    device_id   uuid NOT NULL REFERENCES device(id),
    seq         bigint NOT NULL,
    command_id  uuid NOT NULL UNIQUE,
    name        text NOT NULL,
    status      text NOT NULL CHECK (status IN ('applied', 'rejected', 'conflict')),
    code        text,
    message     text,
    lag_ms      bigint,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);

-- Legal number series: one counter row per (office, series, year), advanced in the same
-- transaction as the lease it hands out; every number of a lease ends in number_use, as used
-- or as voided with a reason.
CREATE TABLE number_counter (
    office_id    uuid NOT NULL REFERENCES office(id),
    series       text NOT NULL,
    year         integer NOT NULL,
    next_number  bigint NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (office_id, series, year)
);

CREATE TABLE number_lease (
    id         uuid PRIMARY KEY,
    office_id  uuid NOT NULL REFERENCES office(id),
    device_id  uuid NOT NULL REFERENCES device(id),
    series     text NOT NULL,
    year       integer NOT NULL,
    first      bigint NOT NULL,
    last       bigint NOT NULL,
    leased_at  timestamptz NOT NULL DEFAULT now(),
    closed_at  timestamptz,
    CHECK (first <= last),
    UNIQUE (office_id, series, year, first)
);
CREATE INDEX number_lease_device ON number_lease (device_id, closed_at);

CREATE TABLE number_use (
    office_id    uuid NOT NULL,
    series       text NOT NULL,
    year         integer NOT NULL,
    number       bigint NOT NULL,
    lease_id     uuid NOT NULL REFERENCES number_lease(id),
    owner_kind   text NOT NULL,
    owner_id     text NOT NULL,
    void_reason  text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, series, year, number)
);

-- Attachments' bytes, content-addressed, uploaded in chunks.
CREATE TABLE blob (
    sha256      text PRIMARY KEY,
    media_type  text NOT NULL,
    size        bigint NOT NULL CHECK (size >= 0 AND size <= 10485760),
    received    bigint NOT NULL DEFAULT 0,
    complete    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunk (
    sha256        text NOT NULL REFERENCES blob(sha256),
    offset_bytes  bigint NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (sha256, offset_bytes)
);

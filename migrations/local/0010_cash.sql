-- The cash desk (docs/cash.md): the office's cash settings, cash sessions and their movements,
-- payment orders, and the receipt journal. The journal is append-only and hash-chained like the
-- certification ledger (each workstation writes its own chain); a void or refund is a new entry
-- that refers to the payment it takes back. Money is integer minor units.

ALTER TABLE service ADD COLUMN account TEXT;

CREATE TABLE cash_settings (
    id                          TEXT PRIMARY KEY NOT NULL,   -- the office's id
    rounding_minor              INTEGER NOT NULL CHECK (rounding_minor >= 1),
    difference_threshold_minor  INTEGER NOT NULL CHECK (difference_threshold_minor >= 0),
    beneficiary                 TEXT NOT NULL,
    iban                        TEXT NOT NULL,
    bic                         TEXT NOT NULL,
    order_days                  INTEGER NOT NULL CHECK (order_days >= 1),
    updated_at                  INTEGER NOT NULL
);

CREATE TABLE cash_session (
    id               TEXT PRIMARY KEY NOT NULL,
    desk             TEXT NOT NULL,
    cashier_id       TEXT NOT NULL,
    currency         TEXT NOT NULL,
    state            TEXT NOT NULL,      -- open | awaiting_sign_off | closed
    opened_at        INTEGER NOT NULL,
    float_minor      INTEGER NOT NULL CHECK (float_minor >= 0),
    closed_at        INTEGER,
    counts           TEXT,               -- JSON [{value_minor, count}]
    counted_minor    INTEGER,
    expected_minor   INTEGER,
    close_note       TEXT,
    signed_off_by    TEXT,
    signed_off_at    INTEGER,
    sign_off_reason  TEXT,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX cash_session_open ON cash_session(state, cashier_id);
CREATE INDEX cash_session_opened ON cash_session(opened_at);

CREATE TABLE cash_movement (
    id            TEXT PRIMARY KEY NOT NULL,
    session_id    TEXT NOT NULL,
    direction     TEXT NOT NULL,         -- in | out
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX cash_movement_session ON cash_movement(session_id);

CREATE TABLE payment_order (
    id             TEXT PRIMARY KEY NOT NULL,
    number         TEXT NOT NULL UNIQUE,
    year           INTEGER NOT NULL,
    visit_id       TEXT,
    lines          TEXT NOT NULL,        -- JSON [receipt line]
    total_minor    INTEGER NOT NULL CHECK (total_minor > 0),
    currency       TEXT NOT NULL,
    payer_name     TEXT NOT NULL,
    reference      TEXT NOT NULL,
    locale         TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    state          TEXT NOT NULL,        -- open | settled | cancelled
    receipt_id     TEXT,
    cancel_reason  TEXT,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX payment_order_state ON payment_order(state, created_at);
CREATE INDEX payment_order_reference ON payment_order(reference);

CREATE TABLE receipt (
    id              TEXT PRIMARY KEY NOT NULL,
    chain_id        TEXT NOT NULL,
    chain_pos       INTEGER NOT NULL CHECK (chain_pos >= 1),
    prev_hash       TEXT NOT NULL,
    entry_hash      TEXT NOT NULL,
    number          TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    kind            TEXT NOT NULL,       -- payment | void | refund
    refers_to       TEXT,                -- the payment a void or refund takes back
    method          TEXT NOT NULL,       -- cash | card | transfer
    visit_id        TEXT,
    session_id      TEXT,
    order_id        TEXT,
    payer_name      TEXT,
    lines           TEXT NOT NULL,       -- JSON [{ref_kind, ref_id, ref_label, service_id, description, account, quantity, amount_minor}]
    total_minor     INTEGER NOT NULL,
    rounding_minor  INTEGER NOT NULL,
    tendered_minor  INTEGER,
    currency        TEXT NOT NULL,
    approval_code   TEXT,
    reason          TEXT,
    approved_by     TEXT,
    cashier_id      TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    local_day       TEXT NOT NULL,
    place           TEXT NOT NULL,
    seal            TEXT NOT NULL,
    UNIQUE (chain_id, chain_pos)
);
CREATE INDEX receipt_day ON receipt(local_day, issued_at);
CREATE INDEX receipt_session ON receipt(session_id);
CREATE INDEX receipt_refers ON receipt(refers_to);
CREATE INDEX receipt_visit ON receipt(visit_id);

-- What each journal line paid for, for "already paid?" in one look-up (kept by the triggers
-- below from the journal itself, never written directly).
CREATE TABLE receipt_line (
    receipt_id    TEXT NOT NULL,
    line          INTEGER NOT NULL,
    ref_kind      TEXT NOT NULL,
    ref_id        TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    PRIMARY KEY (receipt_id, line)
);
CREATE INDEX receipt_line_ref ON receipt_line(ref_id, ref_kind);

CREATE TRIGGER receipt_lines AFTER INSERT ON receipt
BEGIN
    INSERT INTO receipt_line (receipt_id, line, ref_kind, ref_id, amount_minor)
    SELECT NEW.id, CAST(j.key AS INTEGER), json_extract(j.value, '$.ref_kind'),
           json_extract(j.value, '$.ref_id'), json_extract(j.value, '$.amount_minor')
      FROM json_each(NEW.lines) j;
END;

-- The outbox answers two questions of the cash desk: which sessions were opened at this
-- workstation (their `cash.session` commands), and which entries the server refused.
CREATE INDEX outbox_name_entity ON outbox(name, entity_id);
CREATE INDEX outbox_rejected ON outbox(entity_id) WHERE outcome = 'rejected';

CREATE TRIGGER receipt_append_only_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, 'the receipt journal is append-only'); END;
CREATE TRIGGER receipt_append_only_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, 'the receipt journal is append-only'); END;
CREATE TRIGGER cash_movement_append_only_update BEFORE UPDATE ON cash_movement
BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;
CREATE TRIGGER cash_movement_append_only_delete BEFORE DELETE ON cash_movement
BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;

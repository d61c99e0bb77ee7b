-- The supervisor's day (docs/day-review.md): day review indexes, conflict settlements and the
-- day close.

-- Resolutions and rejections in a period, read by the review without touching other events
-- (covering: the events themselves are not read).
CREATE INDEX case_event_outcome ON case_event(at, case_id, to_status, actor_id)
    WHERE to_status IN ('resolved', 'rejected');

-- Cases received in a period with what the review groups them by (covering: the cases
-- themselves are not read).
CREATE INDEX case_received_facts ON case_file(received_at, service_id, channel, created_by);

-- Every case's statuses as spans of time [since, until), derived from its status events
-- (until is NULL for the status it is in now). The spans of open statuses are also in an
-- R*Tree, so "which cases were open at instant T" is answered for any T without reading the
-- history of every case. Both are rebuilt for a case by trigger whenever one of its status
-- events arrives (in any order: events from other workstations come late) or is taken back.
CREATE TABLE case_status_span (
    id       INTEGER PRIMARY KEY,
    case_id  TEXT NOT NULL,
    status   TEXT NOT NULL,
    since    INTEGER NOT NULL,
    until    INTEGER
);
CREATE INDEX case_status_span_case ON case_status_span(case_id);

-- R*Tree coordinates are 32-bit floats, rounded outwards: a query through it is a superset,
-- narrowed exactly by the exact instants kept beside each entry (auxiliary columns).
CREATE VIRTUAL TABLE case_open_span USING rtree(id, lo, hi, +case_id TEXT, +since INTEGER, +until INTEGER);

CREATE TRIGGER case_event_span_insert AFTER INSERT ON case_event
WHEN NEW.to_status IS NOT NULL
BEGIN
    DELETE FROM case_open_span
     WHERE id IN (SELECT id FROM case_status_span WHERE case_id = NEW.case_id);
    DELETE FROM case_status_span WHERE case_id = NEW.case_id;
    INSERT INTO case_status_span (case_id, status, since, until)
        SELECT case_id, to_status, at, LEAD(at) OVER (ORDER BY at, id)
          FROM case_event WHERE case_id = NEW.case_id AND to_status IS NOT NULL;
    INSERT INTO case_open_span (id, lo, hi, case_id, since, until)
        SELECT id, since, COALESCE(until, 9000000000000000), case_id, since, until
          FROM case_status_span
         WHERE case_id = NEW.case_id
           AND status IN ('received', 'in_progress', 'waiting_for_citizen', 'forwarded_to_agency');
END;

CREATE TRIGGER case_event_span_delete AFTER DELETE ON case_event
WHEN OLD.to_status IS NOT NULL
BEGIN
    DELETE FROM case_open_span
     WHERE id IN (SELECT id FROM case_status_span WHERE case_id = OLD.case_id);
    DELETE FROM case_status_span WHERE case_id = OLD.case_id;
    INSERT INTO case_status_span (case_id, status, since, until)
        SELECT case_id, to_status, at, LEAD(at) OVER (ORDER BY at, id)
          FROM case_event WHERE case_id = OLD.case_id AND to_status IS NOT NULL;
    INSERT INTO case_open_span (id, lo, hi, case_id, since, until)
        SELECT id, since, COALESCE(until, 9000000000000000), case_id, since, until
          FROM case_status_span
         WHERE case_id = OLD.case_id
           AND status IN ('received', 'in_progress', 'waiting_for_citizen', 'forwarded_to_agency');
END;

-- Cases already in the working copy.
INSERT INTO case_status_span (case_id, status, since, until)
    SELECT case_id, to_status, at, LEAD(at) OVER (PARTITION BY case_id ORDER BY at, id)
      FROM case_event WHERE to_status IS NOT NULL;
INSERT INTO case_open_span (id, lo, hi, case_id, since, until)
    SELECT id, since, COALESCE(until, 9000000000000000), case_id, since, until FROM case_status_span
     WHERE status IN ('received', 'in_progress', 'waiting_for_citizen', 'forwarded_to_agency');

-- A supervisor's decision on a sync conflict: append-only, synced (the server takes the first).
CREATE TABLE conflict_settlement (
    id           TEXT PRIMARY KEY NOT NULL,
    conflict_id  TEXT NOT NULL,
    decision     TEXT NOT NULL,            -- keep_server | move_to
    to_status    TEXT,
    note         TEXT NOT NULL,
    settled_by   TEXT NOT NULL,
    settled_at   INTEGER NOT NULL
);
CREATE INDEX conflict_settlement_at ON conflict_settlement(settled_at);
CREATE INDEX conflict_settlement_conflict ON conflict_settlement(conflict_id);

-- The signed-off days of the office: append-only, synced. The server keeps one per office day
-- (a second sign-off made offline elsewhere is refused there, and stays here only as history). starts_at and
-- ends_at are the day's bounds in UTC milliseconds (the office's time zone applied), so any
-- instant is known to fall in a closed day without time-zone arithmetic.
CREATE TABLE day_close (
    id          TEXT PRIMARY KEY NOT NULL,
    day         TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    closed_by   TEXT NOT NULL,
    closed_at   INTEGER NOT NULL,
    note        TEXT,
    figures     TEXT NOT NULL             -- JSON CaseFigures of the day as signed off
);
CREATE INDEX day_close_span ON day_close(starts_at, ends_at);
CREATE INDEX day_close_day ON day_close(day);

CREATE TRIGGER conflict_settlement_no_update BEFORE UPDATE ON conflict_settlement
BEGIN SELECT RAISE(ABORT, 'conflict settlements are append-only'); END;
CREATE TRIGGER conflict_settlement_no_delete BEFORE DELETE ON conflict_settlement
BEGIN SELECT RAISE(ABORT, 'conflict settlements are append-only'); END;
CREATE TRIGGER day_close_no_update BEFORE UPDATE ON day_close
BEGIN SELECT RAISE(ABORT, 'a closed day is never edited'); END;
CREATE TRIGGER day_close_no_delete BEFORE DELETE ON day_close
BEGIN SELECT RAISE(ABORT, 'a closed day is never edited'); END;

-- Voided numbers by when they were voided (day report).
CREATE INDEX number_use_void ON number_use(used_at) WHERE owner_kind = 'void';

-- The queue and the visit (docs/queue.md). Categories are named by services of the catalogue
-- (service.queue_category holds a category's code); a visit begins with a ticket, or when a
-- desk serves someone without one, and collects what was done for that citizen as events.

CREATE TABLE queue_category (
    id         TEXT PRIMARY KEY NOT NULL,
    code       TEXT NOT NULL UNIQUE,
    names      TEXT NOT NULL,                 -- JSON {locale: name}
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL
);

-- The office's opening hours, one row per day of the week (1 = Monday); spans is a JSON list
-- of ["HH:MM", "HH:MM"] in office time, empty when closed. No rows: not set.
CREATE TABLE opening_hours (
    id         TEXT PRIMARY KEY NOT NULL,
    weekday    INTEGER NOT NULL UNIQUE CHECK (weekday BETWEEN 1 AND 7),
    spans      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE visit (
    id         TEXT PRIMARY KEY NOT NULL,
    locale     TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    updated_at INTEGER NOT NULL
);

CREATE TABLE ticket (
    id           TEXT PRIMARY KEY NOT NULL,
    visit_id     TEXT NOT NULL REFERENCES visit(id),
    day          TEXT NOT NULL,               -- the office's day, YYYY-MM-DD
    category     TEXT NOT NULL,
    number       TEXT NOT NULL,
    priority     TEXT NOT NULL CHECK (priority IN ('normal', 'mobility', 'needs')),
    private      INTEGER NOT NULL DEFAULT 0,
    locale       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'parked', 'done', 'no_show')),
    origin       TEXT NOT NULL CHECK (origin IN ('kiosk', 'desk', 'offline')),
    desk         TEXT,                        -- the desk that called it, or that it waits for
    staff_id     TEXT,
    calls        INTEGER NOT NULL DEFAULT 0,
    taken_at     INTEGER NOT NULL,
    called_at    INTEGER,
    served_at    INTEGER,
    finished_at  INTEGER,
    print_failed INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,
    appointment_at INTEGER,                   -- the start of the slot it was checked in for
    UNIQUE (day, number)
);
CREATE INDEX ticket_day_state ON ticket(day, state, category);
CREATE INDEX ticket_visit ON ticket(visit_id);

-- Events never change; one the server refused is taken back with its command.
CREATE TABLE visit_event (
    id        TEXT PRIMARY KEY NOT NULL,
    visit_id  TEXT NOT NULL REFERENCES visit(id),
    ticket_id TEXT,
    kind      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    actor_id  TEXT,
    desk      TEXT,
    ref_kind  TEXT,
    ref_id    TEXT,
    detail    TEXT                            -- JSON (a call's scores)
);
CREATE INDEX visit_event_visit ON visit_event(visit_id, at);
CREATE INDEX visit_event_ref ON visit_event(ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX visit_event_ticket ON visit_event(ticket_id, kind);
-- (The server sends an event again unchanged; that is no change.)
CREATE TRIGGER visit_event_no_update BEFORE UPDATE ON visit_event
WHEN NEW.visit_id IS NOT OLD.visit_id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.kind IS NOT OLD.kind
  OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id OR NEW.desk IS NOT OLD.desk
  OR NEW.ref_kind IS NOT OLD.ref_kind OR NEW.ref_id IS NOT OLD.ref_id OR NEW.detail IS NOT OLD.detail
BEGIN SELECT RAISE(ABORT, 'visit events never change'); END;

-- Appointments: a service's bookable slots (within the opening hours), and the booked ones,
-- made on the office server's booking page and checked in by code at the kiosk or a desk.
CREATE TABLE booking_plan (
    id           TEXT PRIMARY KEY NOT NULL,
    service_id   TEXT NOT NULL UNIQUE,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    desks        INTEGER NOT NULL CHECK (desks BETWEEN 1 AND 50),
    active       INTEGER NOT NULL DEFAULT 1,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE appointment (
    id         TEXT PRIMARY KEY NOT NULL,
    service_id TEXT NOT NULL,
    category   TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    code       TEXT NOT NULL UNIQUE,
    locale     TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('booked', 'cancelled', 'checked_in')),
    ticket_id  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX appointment_start ON appointment(starts_at);

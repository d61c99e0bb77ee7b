-- The citizen's voice (docs/feedback.md): feedback items (complaints, suggestions, ideas,
-- praise, questions, call-back requests) with their own number series and an append-only
-- history, ratings at the end of a visit (one per visit), resident surveys with invitation
-- codes and answers, and the office's feedback settings. Items and surveys change; events,
-- ratings and answers never do.

CREATE TABLE feedback_settings (
    id           TEXT PRIMARY KEY NOT NULL,   -- the office's id
    deadlines    TEXT NOT NULL,               -- JSON [{kind, days}]
    root_causes  TEXT NOT NULL,               -- JSON [{code, names, active}]
    min_ratings  INTEGER NOT NULL CHECK (min_ratings >= 1),
    updated_at   INTEGER NOT NULL
);

CREATE TABLE feedback_item (
    id            TEXT PRIMARY KEY NOT NULL,
    number        TEXT NOT NULL UNIQUE,
    year          INTEGER NOT NULL,
    kind          TEXT NOT NULL,   -- complaint | suggestion | idea | praise | question | callback
    about         TEXT NOT NULL,   -- office | service | agency | desk | staff
    channel       TEXT NOT NULL,   -- desk | public_page | kiosk | open311 | rating
    state         TEXT NOT NULL,   -- received | in_progress | answered | closed | rejected
    service_code  TEXT,
    agency_code   TEXT,
    desk          TEXT,
    staff_id      TEXT,
    description   TEXT NOT NULL,
    locale        TEXT NOT NULL,
    contact       TEXT,            -- JSON {name, email, phone, address}; none: anonymous
    visit_id      TEXT,
    case_id       TEXT,
    rating_id     TEXT,
    department    TEXT,
    assignee_id   TEXT,
    due_date      TEXT,
    answer        TEXT,
    answered_at   INTEGER,
    public_note   TEXT,
    root_cause    TEXT,
    adopted       INTEGER,
    media_url     TEXT,
    created_by    TEXT,
    received_at   INTEGER NOT NULL,
    closed_at     INTEGER,
    updated_at    INTEGER NOT NULL
);
-- The analysis of a period reads these columns only: covered by the index, never the rows.
CREATE INDEX feedback_item_analysis ON feedback_item(received_at, kind, channel, about, state,
    service_code, agency_code, desk, due_date, answered_at, closed_at, root_cause, adopted);
CREATE INDEX feedback_item_open ON feedback_item(state, due_date);
CREATE INDEX feedback_item_assignee ON feedback_item(assignee_id, state);
CREATE INDEX feedback_item_visit ON feedback_item(visit_id);
CREATE UNIQUE INDEX feedback_item_rating ON feedback_item(rating_id) WHERE rating_id IS NOT NULL;

CREATE TABLE feedback_event (
    id        TEXT PRIMARY KEY NOT NULL,
    item_id   TEXT NOT NULL,
    kind      TEXT NOT NULL,   -- received | assigned | started | answered | closed | rejected | reopened | noted
    at        INTEGER NOT NULL,
    actor_id  TEXT,            -- none: the citizen, through a public channel
    text      TEXT,
    public    INTEGER NOT NULL DEFAULT 0,
    state     TEXT             -- the state after the event
);
CREATE INDEX feedback_event_item ON feedback_event(item_id, at);

CREATE TABLE rating (
    id        TEXT PRIMARY KEY NOT NULL,
    visit_id  TEXT NOT NULL UNIQUE,
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reasons   TEXT NOT NULL,   -- JSON [reason code]
    comment   TEXT,
    locale    TEXT NOT NULL,
    at        INTEGER NOT NULL,
    desk      TEXT,
    staff_id  TEXT,            -- who served the visit (supervisors see it)
    channel   TEXT NOT NULL    -- desk_window | tablet
);
CREATE INDEX rating_analysis ON rating(at, score, reasons, desk, staff_id, visit_id);

CREATE TABLE survey (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,   -- JSON localized
    intro       TEXT NOT NULL,   -- JSON localized
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    questions   TEXT NOT NULL,   -- JSON [question]
    state       TEXT NOT NULL,   -- draft | published | closed
    created_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE survey_code (
    id          TEXT PRIMARY KEY NOT NULL,
    survey_id   TEXT NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX survey_code_survey ON survey_code(survey_id);

CREATE TABLE survey_answer (
    id         TEXT PRIMARY KEY NOT NULL,
    survey_id  TEXT NOT NULL,
    code       TEXT,
    visit_id   TEXT,
    locale     TEXT NOT NULL,
    answers    TEXT NOT NULL,   -- JSON {question id: value}
    at         INTEGER NOT NULL
);
CREATE INDEX survey_answer_survey ON survey_answer(survey_id, at);

-- The visit a desk's rating window asks about: the last one finished at the desk; a rated
-- visit's times, and its first call, read from indexes alone.
CREATE INDEX ticket_desk_finished ON ticket(desk, finished_at);
CREATE INDEX ticket_visit_times ON ticket(visit_id, id, category, taken_at, served_at, finished_at);
CREATE INDEX visit_event_first_call ON visit_event(ticket_id, kind, at);

-- Events and ratings are never changed by the desk's code, but like case events they are taken
-- back when the server refuses the command that wrote them (a visit rated on the tablet and at
-- the desk before they met keeps the server's rating), and a pulled copy overwrites them with
-- the same values; the server keeps them append-only.
CREATE TRIGGER survey_answer_append_only_update BEFORE UPDATE ON survey_answer
BEGIN SELECT RAISE(ABORT, 'survey answers are append-only'); END;
CREATE TRIGGER survey_answer_append_only_delete BEFORE DELETE ON survey_answer
BEGIN SELECT RAISE(ABORT, 'survey answers are append-only'); END;

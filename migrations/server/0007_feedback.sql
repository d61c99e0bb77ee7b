-- The citizen's voice (docs/feedback.md): feedback items, their events, ratings, surveys,
-- invitation codes and answers are entities like every synced row. Item numbers are unique per
-- office; a visit is rated once; a survey is answered once per invitation code and per visit;
-- events, ratings and answers are append-only here too.
CREATE UNIQUE INDEX entity_feedback_item_number ON entity (office_id, (body->>'number')) WHERE kind = 'feedback_item';
CREATE INDEX entity_feedback_item_received ON entity (office_id, ((body->>'received_at')::bigint)) WHERE kind = 'feedback_item';
CREATE UNIQUE INDEX entity_feedback_item_rating ON entity (office_id, (body->>'rating_id')) WHERE kind = 'feedback_item' AND body->>'rating_id' IS NOT NULL;
CREATE INDEX entity_feedback_event_item ON entity (office_id, (body->>'item_id')) WHERE kind = 'feedback_event';
CREATE UNIQUE INDEX entity_rating_visit ON entity (office_id, (body->>'visit_id')) WHERE kind = 'rating';
CREATE UNIQUE INDEX entity_survey_code ON entity ((body->>'code')) WHERE kind = 'survey_code';
CREATE UNIQUE INDEX entity_survey_answer_code ON entity (office_id, (body->>'survey_id'), (body->>'code')) WHERE kind = 'survey_answer' AND body->>'code' IS NOT NULL;
CREATE UNIQUE INDEX entity_survey_answer_visit ON entity (office_id, (body->>'survey_id'), (body->>'visit_id')) WHERE kind = 'survey_answer' AND body->>'visit_id' IS NOT NULL;
CREATE INDEX entity_ticket_desk_finished ON entity (office_id, (body->>'desk'), ((body->>'finished_at')::bigint)) WHERE kind = 'ticket';

-- Numbers the server gives itself (an item filed on the public page, the kiosk or through
-- Open311) are leased to no device: a block of one, used in the same transaction.
ALTER TABLE number_lease ALTER COLUMN device_id DROP NOT NULL;

-- Open311 API keys of third-party applications, per office; only a hash is kept.
CREATE TABLE open311_key (
    id          uuid PRIMARY KEY,
    office_id   uuid NOT NULL REFERENCES office(id),
    name        text NOT NULL,
    key_hash    text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Open311 tokens: what a client gets back when it files a request, resolved to the request.
CREATE TABLE open311_token (
    token       text PRIMARY KEY,
    office_id   uuid NOT NULL REFERENCES office(id),
    item_id     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The secret the public forms' tokens are signed with (one per installation, shared by every
-- replica), made on first use.
CREATE TABLE public_form_key (
    id      integer PRIMARY KEY CHECK (id = 1),
    secret  bytea NOT NULL
);

CREATE OR REPLACE FUNCTION okno_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                        'registry_audit', 'receipt', 'cash_movement', 'feedback_event', 'rating',
                        'survey_answer') THEN
            RAISE EXCEPTION '% is append-only', OLD.kind;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                    'registry_audit', 'receipt', 'cash_movement', 'feedback_event', 'rating',
                    'survey_answer')
       AND OLD.body IS DISTINCT FROM NEW.body THEN
        RAISE EXCEPTION '% is append-only', OLD.kind;
    END IF;
    RETURN NEW;
END $$;

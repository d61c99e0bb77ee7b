-- The supervisor's day: one sign-off per office day, and sign-offs and conflict settlements are
-- append-only like the ledger (docs/day-review.md).
CREATE UNIQUE INDEX entity_day_close_day ON entity (office_id, (body->>'day')) WHERE kind = 'day_close';
CREATE INDEX entity_day_close_span
    ON entity (office_id, ((body->>'starts_at')::bigint)) WHERE kind = 'day_close';

CREATE OR REPLACE FUNCTION okno_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement') THEN
            RAISE EXCEPTION '% is append-only', OLD.kind;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement')
       AND OLD.body IS DISTINCT FROM NEW.body THEN
        RAISE EXCEPTION '% is append-only', OLD.kind;
    END IF;
    RETURN NEW;
END $$;

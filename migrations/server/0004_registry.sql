-- The civil registry (docs/registry.md). Persons and records are entities of the office's
-- `registry` stream (kinds registry_person, registry_record; a correction replaces the row and
-- moves it up the feed); record numbers are unique in an office. The audit of opened persons
-- (kind registry_audit, office stream) is append-only like the ledgers.
CREATE UNIQUE INDEX entity_registry_record_number
    ON entity (office_id, (body->>'number')) WHERE kind = 'registry_record';

CREATE OR REPLACE FUNCTION okno_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                        'registry_audit') THEN
            RAISE EXCEPTION '% is append-only', OLD.kind;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                    'registry_audit')
       AND OLD.body IS DISTINCT FROM NEW.body THEN
        RAISE EXCEPTION '% is append-only', OLD.kind;
    END IF;
    RETURN NEW;
END $$;

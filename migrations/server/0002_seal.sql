-- Seals and the certification ledger.
-- The office's seal signing key (Ed25519). The secret stays on the server; workstations hold
-- their own keys, which this key certifies. A rotated key is retired, never deleted: seals it
-- certified stay verifiable.
CREATE TABLE office_seal_key (
    id          uuid PRIMARY KEY,
    office_id   uuid NOT NULL REFERENCES office(id),
    public_key  text NOT NULL,
    secret_key  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
CREATE UNIQUE INDEX office_seal_key_current ON office_seal_key (office_id) WHERE retired_at IS NULL;

CREATE UNIQUE INDEX entity_certification_number ON entity (office_id, (body->>'number')) WHERE kind = 'certification';
CREATE UNIQUE INDEX entity_certification_chain
    ON entity (office_id, (body->>'chain_id'), ((body->>'chain_pos')::bigint)) WHERE kind = 'certification';
CREATE INDEX entity_certification_refers ON entity (office_id, (body->>'refers_to')) WHERE kind = 'certification';

-- The ledger is append-only here too: a ledger row's content never changes and is never deleted.
CREATE FUNCTION okno_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('certification', 'certification_print') THEN
            RAISE EXCEPTION 'the certification ledger is append-only';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.kind IN ('certification', 'certification_print') AND OLD.body IS DISTINCT FROM NEW.body THEN
        RAISE EXCEPTION 'the certification ledger is append-only';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER entity_ledger_append_only BEFORE UPDATE OR DELETE ON entity
    FOR EACH ROW EXECUTE FUNCTION okno_ledger_append_only();

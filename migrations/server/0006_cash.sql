-- The cash desk (docs/cash.md): receipts, payment orders, cash sessions and movements are
-- entities like every synced row. Receipt and order numbers are unique per office; the receipt
-- journal and the cash movements are append-only here too.
CREATE UNIQUE INDEX entity_receipt_number ON entity (office_id, (body->>'number')) WHERE kind = 'receipt';
CREATE UNIQUE INDEX entity_receipt_chain ON entity (office_id, (body->>'chain_id'), ((body->>'chain_pos')::bigint)) WHERE kind = 'receipt';
CREATE INDEX entity_receipt_refers ON entity (office_id, (body->>'refers_to')) WHERE kind = 'receipt';
CREATE INDEX entity_receipt_session ON entity (office_id, (body->>'session_id')) WHERE kind = 'receipt';
CREATE INDEX entity_receipt_day ON entity (office_id, (body->>'local_day')) WHERE kind = 'receipt';
CREATE UNIQUE INDEX entity_payment_order_number ON entity (office_id, (body->>'number')) WHERE kind = 'payment_order';
CREATE INDEX entity_cash_movement_session ON entity (office_id, (body->>'session_id')) WHERE kind = 'cash_movement';

CREATE OR REPLACE FUNCTION okno_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                        'registry_audit', 'receipt', 'cash_movement') THEN
            RAISE EXCEPTION '% is append-only', OLD.kind;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.kind IN ('certification', 'certification_print', 'day_close', 'conflict_settlement',
                    'registry_audit', 'receipt', 'cash_movement')
       AND OLD.body IS DISTINCT FROM NEW.body THEN
        RAISE EXCEPTION '% is append-only', OLD.kind;
    END IF;
    RETURN NEW;
END $$;

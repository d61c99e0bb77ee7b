-- The queue (docs/queue.md): tickets, visits and their events are entities like every synced
-- row; the server numbers tickets per office, day and category, and finds today's line fast.
CREATE TABLE queue_counter (
    office_id uuid NOT NULL REFERENCES office(id),
    day       text NOT NULL,
    category  text NOT NULL,
    last      bigint NOT NULL,
    PRIMARY KEY (office_id, day, category)
);

CREATE UNIQUE INDEX entity_ticket_number ON entity (office_id, (body->>'day'), (body->>'number')) WHERE kind = 'ticket';
CREATE INDEX entity_ticket_line ON entity (office_id, (body->>'day'), (body->>'state')) WHERE kind = 'ticket';
CREATE UNIQUE INDEX entity_queue_category_code ON entity (office_id, (body->>'code')) WHERE kind = 'queue_category';
CREATE INDEX entity_visit_event_visit ON entity (office_id, (body->>'visit_id')) WHERE kind = 'visit_event';
CREATE UNIQUE INDEX entity_opening_hours_weekday ON entity (office_id, (body->>'weekday')) WHERE kind = 'opening_hours';
CREATE UNIQUE INDEX entity_booking_plan_service ON entity (office_id, (body->>'service_id')) WHERE kind = 'booking_plan';
CREATE UNIQUE INDEX entity_appointment_code ON entity ((body->>'code')) WHERE kind = 'appointment';
CREATE INDEX entity_appointment_slot ON entity (office_id, (body->>'service_id'), ((body->>'starts_at')::bigint)) WHERE kind = 'appointment';

-- Ladoshka schema version 17 (16 is the staff roster's): the centre's erasure orders this kiosk
-- took. An order carried out points at the erasure it made (ids and a date, no name), so an order
-- that comes again in a later package (the centre sends it until it has imported the answer) is
-- not carried out twice. An order for a family that still holds an item waits (erasure_id NULL)
-- and is tried again at every sync until the item is back.
CREATE TABLE centre_erasure_orders (
    order_no       INTEGER PRIMARY KEY CHECK (order_no >= 1),
    family_id      INTEGER NOT NULL,
    -- The family's enrolment as the centre named it (Unix seconds), when it did.
    enrolled_at    INTEGER,
    erasure_id     INTEGER REFERENCES erasures (id),
    carried_out_at TEXT
);

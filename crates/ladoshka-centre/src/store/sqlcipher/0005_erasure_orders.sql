-- Schema version 5: the centre's erasure orders to its kiosks (152-ФЗ art. 21). Each names a
-- kiosk and that kiosk's own family id, the configuration version published with it, and, once
-- the kiosk's erasure row for it was imported, that row and how many rows the centre deleted.
CREATE TABLE erasure_orders (
    order_no     INTEGER PRIMARY KEY CHECK (order_no >= 1),
    device_id    BLOB NOT NULL REFERENCES devices (device_id),
    family_id    INTEGER NOT NULL CHECK (family_id >= 1),
    -- When the kiosk enrolled the family (its family.insert row), Unix seconds.
    enrolled_at  INTEGER NOT NULL,
    reason       TEXT,
    ordered_at   INTEGER NOT NULL,
    serial       INTEGER NOT NULL REFERENCES config_versions (serial),
    done_seq     INTEGER,
    done_at      INTEGER,
    rows_deleted INTEGER
) STRICT;

CREATE INDEX erasure_orders_by_device ON erasure_orders (device_id, order_no);

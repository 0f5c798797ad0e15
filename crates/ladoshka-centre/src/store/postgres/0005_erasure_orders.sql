-- Schema version 5: the centre's erasure orders to its kiosks (152-ФЗ art. 21). Each names a
-- kiosk and that kiosk's own family id, the configuration version published with it, and, once
-- the kiosk's erasure row for it was imported, that row and how many rows the centre deleted.
-- The reason is sealed like the row bodies (it might name someone).
CREATE TABLE erasure_orders (
    order_no     BIGINT PRIMARY KEY CHECK (order_no >= 1),
    device_id    BYTEA NOT NULL REFERENCES devices (device_id),
    family_id    BIGINT NOT NULL CHECK (family_id >= 1),
    -- When the kiosk enrolled the family (its family.insert row), Unix seconds.
    enrolled_at  BIGINT NOT NULL,
    reason       BYTEA,
    ordered_at   BIGINT NOT NULL,
    serial       BIGINT NOT NULL REFERENCES config_versions (serial),
    done_seq     BIGINT,
    done_at      BIGINT,
    rows_deleted BIGINT
);

CREATE INDEX erasure_orders_by_device ON erasure_orders (device_id, order_no);

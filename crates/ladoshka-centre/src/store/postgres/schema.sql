-- The centre's store on PostgreSQL, schema version 1: the tables of the SQLCipher file
-- (store/sqlcipher/schema.sql) with PostgreSQL's types. Ids, keys and hashes are BYTEA of their
-- raw bytes; times are Unix seconds; sequence numbers are the kiosk's outbox sequence numbers.
-- Row bodies are encrypted by the centre before they reach the server (store/postgres/body.rs).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE devices (
    device_id        BYTEA PRIMARY KEY CHECK (length(device_id) = 16),
    public_key       BYTEA NOT NULL CHECK (length(public_key) = 32),
    enrolled_at      BIGINT NOT NULL,
    revoked_at       BIGINT,
    held_through     BIGINT NOT NULL DEFAULT 0,
    last_bundle_hash BYTEA CHECK (last_bundle_hash IS NULL OR length(last_bundle_hash) = 32),
    last_bundle_at   BIGINT
);

CREATE TABLE tokens (
    token_hash BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    BYTEA REFERENCES devices (device_id)
);

-- UNIQUE (device_id, hash) makes a resent bundle recognisable; UNIQUE (device_id, first_seq)
-- keeps two bundles from claiming the same rows, whichever server imports them.
CREATE TABLE bundles (
    device_id   BYTEA NOT NULL REFERENCES devices (device_id),
    bundle_id   BYTEA NOT NULL CHECK (length(bundle_id) = 16),
    first_seq   BIGINT NOT NULL,
    last_seq    BIGINT NOT NULL CHECK (last_seq >= first_seq),
    hash        BYTEA NOT NULL CHECK (length(hash) = 32),
    prev_hash   BYTEA NOT NULL CHECK (length(prev_hash) = 32),
    byte_len    BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('http', 'usb')),
    PRIMARY KEY (device_id, bundle_id),
    UNIQUE (device_id, first_seq),
    UNIQUE (device_id, hash)
);

-- entity and entity_id are the outbox entity and id a row is about, taken from its kind and
-- body at import, so an erasure finds its rows without the server reading a body.
CREATE TABLE outbox_rows (
    device_id  BYTEA NOT NULL,
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    entity     TEXT,
    entity_id  BIGINT,
    body       BYTEA NOT NULL,
    created_at TEXT NOT NULL,
    bundle_id  BYTEA NOT NULL,
    PRIMARY KEY (device_id, seq),
    FOREIGN KEY (device_id, bundle_id) REFERENCES bundles (device_id, bundle_id)
);
CREATE INDEX outbox_rows_entity ON outbox_rows (device_id, entity, entity_id)
    WHERE entity_id IS NOT NULL;

CREATE TABLE erasures (
    device_id     BYTEA NOT NULL,
    seq           BIGINT NOT NULL,
    erased_at     BIGINT NOT NULL,
    rows_deleted  BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);

-- The centre's store, schema version 1. Every id, key and hash is a BLOB of its raw bytes;
-- times are Unix seconds; sequence numbers are the kiosk's outbox sequence numbers.

-- Facts about this centre, such as the key id the store was created for.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Enrolled kiosks. held_through is the highest contiguous sequence number held (0 = none);
-- last_bundle_hash is the SHA-256 of the last bundle imported, which the next bundle's header
-- must name (NULL before the first, i.e. all zeros on the wire).
CREATE TABLE devices (
    device_id        BLOB PRIMARY KEY CHECK (length(device_id) = 16),
    public_key       BLOB NOT NULL CHECK (length(public_key) = 32),
    enrolled_at      INTEGER NOT NULL,
    revoked_at       INTEGER,
    held_through     INTEGER NOT NULL DEFAULT 0,
    last_bundle_hash BLOB CHECK (last_bundle_hash IS NULL OR length(last_bundle_hash) = 32),
    last_bundle_at   INTEGER
) STRICT;

-- One-time enrolment tokens: only the SHA-256 of the token is kept.
CREATE TABLE tokens (
    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    BLOB REFERENCES devices (device_id)
) STRICT;

-- Every bundle imported, once. UNIQUE (device_id, hash) makes a resent bundle recognisable;
-- UNIQUE (device_id, first_seq) keeps two bundles from claiming the same rows.
CREATE TABLE bundles (
    device_id   BLOB NOT NULL REFERENCES devices (device_id),
    bundle_id   BLOB NOT NULL CHECK (length(bundle_id) = 16),
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL CHECK (last_seq >= first_seq),
    hash        BLOB NOT NULL CHECK (length(hash) = 32),
    prev_hash   BLOB NOT NULL CHECK (length(prev_hash) = 32),
    byte_len    INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    via         TEXT NOT NULL CHECK (via IN ('http', 'usb')),
    PRIMARY KEY (device_id, bundle_id),
    UNIQUE (device_id, first_seq),
    UNIQUE (device_id, hash)
) STRICT;

-- The outbox rows themselves, each exactly once per device and sequence number.
CREATE TABLE outbox_rows (
    device_id  BLOB NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    bundle_id  BLOB NOT NULL,
    PRIMARY KEY (device_id, seq),
    FOREIGN KEY (device_id, bundle_id) REFERENCES bundles (device_id, bundle_id)
) STRICT, WITHOUT ROWID;

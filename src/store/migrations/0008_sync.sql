-- Ladoshka schema version 8: sealed sync to the centre. The device's signing identity (an
-- Ed25519 key, PKCS#8) and its sync id live here, inside the encrypted database. The centre's
-- public key arrives with enrolment. Each sealed bundle is kept, bytes and all, until the
-- centre's signed acknowledgement covers it: a crash between sealing and sending resends the
-- same bundle, never a different one for the same rows.

CREATE TABLE sync_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   BLOB NOT NULL CHECK (length(device_id) = 16),
    key_pkcs8   BLOB NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE sync_centre (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    url          TEXT,
    public_key   BLOB NOT NULL,
    enrolled_at  TEXT NOT NULL
);

CREATE TABLE sync_bundles (
    id          INTEGER PRIMARY KEY,
    bundle_id   BLOB NOT NULL UNIQUE,
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL UNIQUE,
    hash        BLOB NOT NULL,
    bytes       BLOB NOT NULL,
    sealed_at   TEXT NOT NULL,
    sent_at     TEXT,
    exported_to TEXT,
    acked_at    TEXT,
    CHECK (first_seq <= last_seq)
);
CREATE INDEX sync_bundles_unacked ON sync_bundles (first_seq) WHERE acked_at IS NULL;

-- One row: what the admin screen shows and the background sync's backoff.
CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    acked_seq        INTEGER NOT NULL DEFAULT 0,
    last_success_at  TEXT,
    last_attempt_at  TEXT,
    last_error       TEXT,
    -- What kind of failure, for the admin screen's words: unreachable, refused, not_enrolled,
    -- no_address, local.
    last_error_kind  TEXT,
    failures         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id) VALUES (1);

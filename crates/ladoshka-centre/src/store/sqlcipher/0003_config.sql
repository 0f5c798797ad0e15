-- Schema version 3: the configuration channel down to the kiosks.
-- Every version the centre published; serial is one counter for the centre.
CREATE TABLE config_versions (
    serial       INTEGER PRIMARY KEY CHECK (serial >= 1),
    published_at INTEGER NOT NULL,
    payload      BLOB NOT NULL
) STRICT;

-- Each kiosk's key for its packages and the version it said it runs when it last asked.
CREATE TABLE device_config (
    device_id         BLOB PRIMARY KEY REFERENCES devices (device_id),
    kem_public_key    BLOB CHECK (kem_public_key IS NULL OR length(kem_public_key) = 32),
    kem_registered_at INTEGER,
    have_serial       INTEGER,
    asked_at          INTEGER
) STRICT;

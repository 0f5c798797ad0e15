-- Schema version 3: the configuration channel down to the kiosks.
-- Every version the centre published (its payload encrypted like the row bodies); serial is
-- one counter for the centre.
CREATE TABLE config_versions (
    serial       BIGINT PRIMARY KEY CHECK (serial >= 1),
    published_at BIGINT NOT NULL,
    payload      BYTEA NOT NULL
);

-- Each kiosk's key for its packages and the version it said it runs when it last asked.
CREATE TABLE device_config (
    device_id         BYTEA PRIMARY KEY REFERENCES devices (device_id),
    kem_public_key    BYTEA CHECK (kem_public_key IS NULL OR length(kem_public_key) = 32),
    kem_registered_at BIGINT,
    have_serial       BIGINT,
    asked_at          BIGINT
);

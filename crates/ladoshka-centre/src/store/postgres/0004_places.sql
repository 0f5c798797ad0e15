-- Schema version 4: where each kiosk stands (КЦСОН or shelter, room), the place an enrolment
-- token gives, and the last bundle refused from each kiosk.
CREATE TABLE token_places (
    token_hash BYTEA PRIMARY KEY REFERENCES tokens (token_hash),
    unit       TEXT,
    room       TEXT
);

CREATE TABLE device_places (
    device_id  BYTEA PRIMARY KEY REFERENCES devices (device_id),
    unit       TEXT,
    room       TEXT,
    refusal    TEXT,
    refused_at BIGINT
);

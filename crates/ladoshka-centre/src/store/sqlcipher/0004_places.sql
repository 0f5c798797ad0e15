-- Schema version 4: where each kiosk stands (КЦСОН or shelter, room), the place an enrolment
-- token gives, and the last bundle refused from each kiosk.
CREATE TABLE token_places (
    token_hash BLOB PRIMARY KEY REFERENCES tokens (token_hash),
    unit       TEXT,
    room       TEXT
) STRICT;

CREATE TABLE device_places (
    device_id  BLOB PRIMARY KEY REFERENCES devices (device_id),
    unit       TEXT,
    room       TEXT,
    refusal    TEXT,
    refused_at INTEGER
) STRICT;

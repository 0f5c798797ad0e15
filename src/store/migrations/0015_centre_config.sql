-- Ladoshka schema version 15: the centre's configuration sent down to the kiosk (issue 18 §3).
-- The kiosk's own X25519 key, to which the centre seals its packages, lives beside its signing
-- key in the encrypted database (made at the first sync that needs it). One row says which
-- configuration version the kiosk runs, since when, and the last package it refused and why.

ALTER TABLE sync_identity ADD COLUMN kem_private BLOB;

CREATE TABLE centre_config (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    serial            INTEGER NOT NULL DEFAULT 0,
    issued_at         INTEGER,
    applied_at        TEXT,
    legal_name        TEXT,
    kem_registered_at TEXT,
    refused_at        TEXT,
    refusal           TEXT
);
INSERT INTO centre_config (id) VALUES (1);

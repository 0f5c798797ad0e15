-- Ladoshka schema: the centre's key is trusted only after a person confirmed its fingerprint on
-- the kiosk (issue 15). Until `confirmed_at` is set, nothing is sealed to that key: the
-- enrolment exchange over plain HTTP proves nothing about who answered. A kiosk enrolled before
-- this migration confirms once too.

ALTER TABLE sync_centre ADD COLUMN confirmed_at TEXT;

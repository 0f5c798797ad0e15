-- Ladoshka schema version 16: colleagues from the centre's roster (issue 18 §3). A colleague the
-- centre lists carries its id for them, the same on every kiosk. Until they choose a PIN of their
-- own here, `pin_hash` holds the Argon2id hash of the starting code the centre gave them
-- (`pin_state = 'starting_code'`): it lets them choose a PIN and never signs them in.

ALTER TABLE staff ADD COLUMN centre_uid TEXT;
ALTER TABLE staff ADD COLUMN pin_state TEXT NOT NULL DEFAULT 'set'
    CHECK (pin_state IN ('set', 'starting_code'));
CREATE UNIQUE INDEX staff_by_centre_uid ON staff (centre_uid) WHERE centre_uid IS NOT NULL;

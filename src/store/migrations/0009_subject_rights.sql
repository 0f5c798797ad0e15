-- Ladoshka schema version 9: the data subject's rights (152-ФЗ). A consent withdrawn is signed
-- by the parent on the kiosk and stamped with who recorded it; an erasure leaves a record of
-- ids and dates only (no name, no text), which also goes to the centre so it erases its copy.

ALTER TABLE consents ADD COLUMN withdrawal_signature BLOB;
ALTER TABLE consents ADD COLUMN withdrawn_by INTEGER REFERENCES staff (id);

CREATE TABLE erasures (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    erased_by     INTEGER REFERENCES staff (id),
    family_id     INTEGER NOT NULL,
    -- The erased children's ids, as a JSON array (the family's own rows too when whole = 1).
    children      TEXT NOT NULL,
    whole_family  INTEGER NOT NULL CHECK (whole_family IN (0, 1)),
    rows_deleted  INTEGER NOT NULL,
    outbox_rows_redacted INTEGER NOT NULL
);

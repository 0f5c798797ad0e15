-- Ladoshka schema version 3: enrolment with the parent's signed consent (152-ФЗ), and who
-- answered a walk-in request or a help notice.

-- The consent exactly as it was signed: the filled-in text and its hash, the subject's
-- address and identity document, and the finger signatures as PNG images. A child row is
-- only ever written in the same transaction as its consent.
CREATE TABLE consents (
    id                INTEGER PRIMARY KEY,
    family_id         INTEGER NOT NULL REFERENCES families (id),
    child_id          INTEGER NOT NULL REFERENCES children (id),
    document_version  TEXT NOT NULL,
    language          TEXT NOT NULL CHECK (language IN ('ru', 'tt', 'en')),
    document_text     TEXT NOT NULL,
    document_sha256   TEXT NOT NULL,
    subject_address   TEXT NOT NULL,
    subject_document  TEXT NOT NULL,
    parent_signature  BLOB NOT NULL,
    child_signature   BLOB,
    signed_at         TEXT NOT NULL,
    recorded_by       INTEGER REFERENCES staff (id),
    withdrawn_at      TEXT
);
CREATE INDEX consents_child ON consents (child_id);

-- Who answered the door: the colleague who took a walk-in request or saw a help notice.
ALTER TABLE walk_ins ADD COLUMN taken_by INTEGER REFERENCES staff (id);
ALTER TABLE help_notices ADD COLUMN seen_by INTEGER REFERENCES staff (id);

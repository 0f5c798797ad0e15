-- Ladoshka schema version 13: restorative cases of the reconciliation room (issue 21). The case
-- itself is the domain's state machine saved whole as JSON (`state`) after every act, with the
-- columns the lists need beside it; the conflict's description is staff-only and lives only
-- here. Signatures, the child's private answers, pause taps and the parties' leave for a copy
-- of the agreement are rows of their own.
CREATE TABLE restorative_cases (
    id            INTEGER PRIMARY KEY,
    opened_by     INTEGER NOT NULL REFERENCES staff (id),
    facilitator   INTEGER REFERENCES staff (id),
    kind          TEXT NOT NULL,
    stage         TEXT NOT NULL,
    referred_on   TEXT NOT NULL,
    closed_on     TEXT,
    conflict      TEXT NOT NULL,
    state         TEXT NOT NULL,
    harmed_told_at TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX restorative_cases_by_facilitator ON restorative_cases (facilitator);

-- Which family each party belongs to, and which child (for erasure and the check-in sides).
CREATE TABLE restorative_parties (
    case_id    INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    party_id   INTEGER NOT NULL,
    family_id  INTEGER NOT NULL REFERENCES families (id),
    child_id   INTEGER REFERENCES children (id),
    side       TEXT NOT NULL CHECK (side IN ('harmed', 'other')),
    PRIMARY KEY (case_id, party_id)
) WITHOUT ROWID;

CREATE TABLE restorative_signatures (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    party_id  INTEGER NOT NULL,
    what      TEXT NOT NULL CHECK (what IN ('consent', 'agreement')),
    signer    TEXT NOT NULL CHECK (signer IN ('party', 'representative')),
    png       BLOB NOT NULL,
    at        TEXT NOT NULL
);

-- The joint meeting: a booked session, and when each side arrives and leaves.
CREATE TABLE restorative_meetings (
    session_id     INTEGER PRIMARY KEY REFERENCES sessions (id),
    case_id        INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    harmed_arrives TEXT NOT NULL,
    harmed_leaves  TEXT NOT NULL,
    other_arrives  TEXT NOT NULL,
    other_leaves   TEXT NOT NULL
);

CREATE TABLE restorative_voices (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    child_id  INTEGER NOT NULL REFERENCES children (id),
    moment    TEXT NOT NULL CHECK (moment IN ('before', 'after')),
    answers   TEXT NOT NULL,
    at        TEXT NOT NULL
);

CREATE TABLE restorative_pauses (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    session_id  INTEGER REFERENCES sessions (id),
    at          TEXT NOT NULL
);

CREATE TABLE restorative_copies (
    case_id   INTEGER NOT NULL REFERENCES restorative_cases (id) ON DELETE CASCADE,
    party_id  INTEGER NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (case_id, party_id)
) WITHOUT ROWID;

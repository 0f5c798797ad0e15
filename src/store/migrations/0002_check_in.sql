-- Ladoshka schema version 2: checking in at the room's door.

-- A child's secret picture code, hashed with the device pepper (never stored in the clear).
CREATE TABLE picture_codes (
    child_id   INTEGER PRIMARY KEY REFERENCES children (id),
    code_hash  TEXT NOT NULL,
    set_at     TEXT NOT NULL
);

-- One check-in per child per session: the UNIQUE constraint is what makes a double tap, or two
-- children tapping the same tile, harmless.
CREATE TABLE check_ins (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    child_id    INTEGER NOT NULL REFERENCES children (id),
    at          TEXT NOT NULL,
    mood        INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
    UNIQUE (session_id, child_id)
);

-- "I have no booking": staff and psychologists see it and may turn it into a session.
CREATE TABLE walk_ins (
    id       INTEGER PRIMARY KEY,
    room_id  INTEGER REFERENCES rooms (id),
    at       TEXT NOT NULL,
    state    TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'booked', 'closed'))
);

-- A child needs an adult (three wrong picture codes): shown to the session's psychologist.
CREATE TABLE help_notices (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    kind        TEXT NOT NULL,
    seen_at     TEXT
);
CREATE INDEX help_notices_unseen ON help_notices (session_id) WHERE seen_at IS NULL;

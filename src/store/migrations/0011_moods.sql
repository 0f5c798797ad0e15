-- Ladoshka schema version 11: a child may say angry, scared or "I don't want to say" at the door.
-- `check_ins.mood` is `domain::Mood::code`: 1–5 the faces' scale, 6 angry, 7 scared, 8 unsaid.
-- SQLite cannot change a CHECK constraint, so the table is rebuilt with its rows and ids.

CREATE TABLE check_ins_v11 (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    child_id    INTEGER NOT NULL REFERENCES children (id),
    at          TEXT NOT NULL,
    mood        INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 8),
    UNIQUE (session_id, child_id)
);
INSERT INTO check_ins_v11 (id, session_id, child_id, at, mood)
    SELECT id, session_id, child_id, at, mood FROM check_ins;
DROP TABLE check_ins;
ALTER TABLE check_ins_v11 RENAME TO check_ins;

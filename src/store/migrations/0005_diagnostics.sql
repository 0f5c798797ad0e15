-- Ladoshka schema version 5: art-therapy diagnostics — instruments the centre imported, each
-- giving of an instrument to a child (partial until finished, resumable), and the drawings.

-- An instrument whose official wording must not be changed, as the file the centre supplied
-- (`ladoshka instrument import`): kept whole and loaded at start beside the built-in ones.
CREATE TABLE instrument_files (
    id           TEXT PRIMARY KEY,
    version      TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    text         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);

-- One giving of an instrument to a child. The answers are saved after every tap (JSON), so an
-- administration left half-way is resumed where it stopped; the scores are kept when finished
-- together with the instrument's version they were computed with.
CREATE TABLE administrations (
    id                  INTEGER PRIMARY KEY,
    child_id            INTEGER NOT NULL REFERENCES children (id),
    instrument          TEXT NOT NULL,
    instrument_version  TEXT NOT NULL,
    session_id          INTEGER REFERENCES sessions (id),
    given_by            INTEGER REFERENCES staff (id),
    started_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    finished_at         TEXT,
    position            INTEGER NOT NULL DEFAULT 0,
    answers             TEXT NOT NULL,
    outcome             TEXT
);
CREATE INDEX administrations_by_child ON administrations (child_id, started_at);

-- A drawing made on the kiosk's canvas: the picture (PNG) and its strokes (JSON), so it can
-- be shown, zoomed and redrawn.
CREATE TABLE drawings (
    id                 INTEGER PRIMARY KEY,
    administration_id  INTEGER NOT NULL REFERENCES administrations (id),
    item               TEXT NOT NULL,
    width              INTEGER NOT NULL,
    height             INTEGER NOT NULL,
    png                BLOB NOT NULL,
    strokes            TEXT NOT NULL,
    saved_at           TEXT NOT NULL,
    UNIQUE (administration_id, item)
);

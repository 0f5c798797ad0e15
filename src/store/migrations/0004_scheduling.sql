-- Ladoshka schema version 4: the psychologist's working day — series of repeating sessions,
-- starting and ending a session, cancellations with a reason, private session notes, walk-ins
-- turned into sessions, and help routes with their steps and the family's closing answer.

-- A series of repeating sessions, as it was asked for ("Tue and Thu until 25.12").
CREATE TABLE session_series (
    id          INTEGER PRIMARY KEY,
    repeat      TEXT NOT NULL,
    created_by  INTEGER REFERENCES staff (id),
    created_at  TEXT NOT NULL
);

ALTER TABLE sessions ADD COLUMN series_id INTEGER REFERENCES session_series (id);
ALTER TABLE sessions ADD COLUMN booked_by INTEGER REFERENCES staff (id);
ALTER TABLE sessions ADD COLUMN started_at TEXT;
ALTER TABLE sessions ADD COLUMN ended_at TEXT;
ALTER TABLE sessions ADD COLUMN cancel_reason TEXT;
CREATE INDEX sessions_by_series ON sessions (series_id, starts_at);
CREATE INDEX participants_by_child ON session_participants (child_id);

-- The psychologist's own notes on a session: shown to psychologists only.
CREATE TABLE session_notes (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions (id),
    text        TEXT NOT NULL,
    written_by  INTEGER NOT NULL REFERENCES staff (id),
    updated_at  TEXT NOT NULL
);

-- A walk-in request that became a session.
ALTER TABLE walk_ins ADD COLUMN session_id INTEGER REFERENCES sessions (id);

-- A help route assigned to a child: a copy of the template's steps as they were at the time
-- (a later edit of the template does not change a route already under way).
CREATE TABLE routes (
    id                INTEGER PRIMARY KEY,
    child_id          INTEGER NOT NULL REFERENCES children (id),
    template          TEXT NOT NULL,
    template_version  INTEGER NOT NULL,
    situation         TEXT NOT NULL,
    assigned_at       TEXT NOT NULL,
    assigned_by       INTEGER REFERENCES staff (id),
    closed_at         TEXT,
    -- The family's answer to "has the situation improved?" when the route closed: 1 yes, 0 no,
    -- NULL not asked or no answer.
    improved          INTEGER CHECK (improved IN (0, 1))
);
CREATE INDEX routes_by_child ON routes (child_id);

CREATE TABLE route_steps (
    id          INTEGER PRIMARY KEY,
    route_id    INTEGER NOT NULL REFERENCES routes (id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    role        TEXT NOT NULL,
    partner     TEXT,
    minutes     INTEGER NOT NULL,
    key_step    INTEGER NOT NULL DEFAULT 0,
    due_at      TEXT NOT NULL,
    done_at     TEXT,
    done_by     INTEGER REFERENCES staff (id),
    session_id  INTEGER REFERENCES sessions (id),
    UNIQUE (route_id, position)
);
CREATE INDEX route_steps_due ON route_steps (done_at, due_at);

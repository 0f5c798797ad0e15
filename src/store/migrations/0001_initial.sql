-- Ladoshka schema version 1: the foundation. Names, phones, PIN hashes and every other
-- record live only inside this SQLCipher-encrypted file.

CREATE TABLE device (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- The last outbox sequence number handed out; never goes back, even when rows are shipped.
    last_seq    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rooms (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('play_therapy', 'reconciliation', 'rental'))
);

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    first_name    TEXT NOT NULL,
    patronymic    TEXT NOT NULL DEFAULT '',
    last_name     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('psychologist', 'staff', 'admin')),
    active        INTEGER NOT NULL DEFAULT 1,
    pin_hash      TEXT NOT NULL,
    wrong_in_row  INTEGER NOT NULL DEFAULT 0,
    locks         INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT
);

CREATE TABLE families (
    id           INTEGER PRIMARY KEY,
    surname      TEXT NOT NULL,
    parent_name  TEXT NOT NULL,
    phone        TEXT,
    created_at   TEXT NOT NULL
);

CREATE TABLE children (
    id                 INTEGER PRIMARY KEY,
    family_id          INTEGER NOT NULL REFERENCES families (id),
    first_name         TEXT NOT NULL,
    surname            TEXT NOT NULL,
    birth_date         TEXT NOT NULL,
    avatar             TEXT NOT NULL,
    first_name_public  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX children_by_family ON children (family_id);

CREATE TABLE child_life_situations (
    child_id   INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    situation  INTEGER NOT NULL CHECK (situation BETWEEN 1 AND 4),
    PRIMARY KEY (child_id, situation)
) WITHOUT ROWID;

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    room_id          INTEGER NOT NULL REFERENCES rooms (id),
    psychologist_id  INTEGER NOT NULL REFERENCES staff (id),
    kind             TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    minutes          INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240),
    state            TEXT NOT NULL DEFAULT 'planned'
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

CREATE TABLE session_participants (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    PRIMARY KEY (session_id, child_id)
) WITHOUT ROWID;

CREATE TABLE rental_items (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    inventory_number  TEXT NOT NULL UNIQUE,
    state             TEXT NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  INTEGER REFERENCES staff (id),
    event     TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);

-- Every change, in the transaction that made it, for the centre. Shipped by the sync work.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,
    device_id  TEXT NOT NULL,
    at         TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    payload    TEXT NOT NULL,
    sent_at    TEXT
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;

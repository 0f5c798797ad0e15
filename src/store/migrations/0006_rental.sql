-- Ladoshka schema version 6: social rental — every change of an item's state with who and when,
-- loans under a free-use contract (the contract text and the parent's signature kept with it),
-- the families' eligibility checks, and the queue for kinds that are all lent out.

ALTER TABLE rental_items ADD COLUMN condition_notes TEXT NOT NULL DEFAULT '';

CREATE TABLE rental_item_events (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES rental_items (id),
    event       TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rental_item_events_by_item ON rental_item_events (item_id, at);

CREATE TABLE rental_loans (
    id                 INTEGER PRIMARY KEY,
    item_id            INTEGER NOT NULL REFERENCES rental_items (id),
    family_id          INTEGER NOT NULL REFERENCES families (id),
    category           TEXT NOT NULL,
    started_on         TEXT NOT NULL,
    due_on             TEXT NOT NULL,
    renewals           INTEGER NOT NULL DEFAULT 0,
    contract_text      TEXT NOT NULL,
    contract_sha256    TEXT NOT NULL,
    signature_png      BLOB NOT NULL,
    lent_by            INTEGER REFERENCES staff (id),
    returned_on        TEXT,
    returned_by        INTEGER REFERENCES staff (id),
    return_condition   TEXT,
    lost               INTEGER NOT NULL DEFAULT 0
);
-- At most one open loan per item.
CREATE UNIQUE INDEX rental_loans_open_item ON rental_loans (item_id) WHERE returned_on IS NULL AND lost = 0;
CREATE INDEX rental_loans_open_due ON rental_loans (due_on) WHERE returned_on IS NULL AND lost = 0;
CREATE INDEX rental_loans_by_family ON rental_loans (family_id);

CREATE TABLE family_category_checks (
    id              INTEGER PRIMARY KEY,
    family_id       INTEGER NOT NULL REFERENCES families (id),
    category        TEXT NOT NULL,
    documents_seen  TEXT NOT NULL,
    checked_on      TEXT NOT NULL,
    checked_by      INTEGER REFERENCES staff (id)
);
CREATE INDEX family_category_checks_by_family ON family_category_checks (family_id);

CREATE TABLE rental_queue (
    id         INTEGER PRIMARY KEY,
    family_id  INTEGER NOT NULL REFERENCES families (id),
    kind       TEXT NOT NULL,
    since      TEXT NOT NULL,
    served_at  TEXT,
    left_at    TEXT
);
CREATE INDEX rental_queue_waiting ON rental_queue (kind, since) WHERE served_at IS NULL AND left_at IS NULL;

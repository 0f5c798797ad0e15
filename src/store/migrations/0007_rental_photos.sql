-- Ladoshka schema version 7: one current photo per rental item, kept inside the encrypted
-- database as a PNG (at most 640 px on its longer side), with its size and who took it when.
-- A new photo replaces the old one; the history of the item records that it changed.

CREATE TABLE rental_item_photos (
    item_id   INTEGER PRIMARY KEY REFERENCES rental_items (id),
    png       BLOB NOT NULL,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    taken_at  TEXT NOT NULL,
    taken_by  INTEGER REFERENCES staff (id)
);

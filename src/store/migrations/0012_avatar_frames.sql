-- Ladoshka schema version 12: a coloured ring around a child's picture (`domain::avatar_frame`),
-- 0 none, 1–5 a colour, so children with the same picture can tell their tiles apart. Children
-- enrolled before get rings in the order they were enrolled: the first of each picture none,
-- the next ones 1, 2, … (the staff tell those children their ring).
ALTER TABLE children ADD COLUMN frame INTEGER NOT NULL DEFAULT 0 CHECK (frame BETWEEN 0 AND 5);
UPDATE children SET frame = (
    SELECT count(*) FROM children earlier
    WHERE earlier.avatar = children.avatar AND earlier.id < children.id
) % 6;

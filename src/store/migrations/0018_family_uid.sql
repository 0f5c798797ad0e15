-- Ladoshka: families shared between the kiosks of one КЦСОН (issue 18 §3). Each family carries
-- the identity its kiosk minted (`uid`, 16 random bytes in lower-case hex), the same on every
-- kiosk that holds it and in every `family` row sent to the centre, so the centre counts it
-- once; and its last edit (`edited_at`, RFC 3339 UTC, whole seconds; `edited_by`, the device id
-- of the kiosk where it was made, NULL for this kiosk), which decides whether a record from
-- another kiosk replaces it (the later edit wins; at the same second, the smaller device id).
-- `uid_sent` is 0 for the families enrolled before this version: the rows that told the centre
-- about them carried no uid, so the kiosk sends each of them again, with its uid, when it next
-- applies the centre's configuration.

ALTER TABLE families ADD COLUMN uid TEXT;
ALTER TABLE families ADD COLUMN edited_at TEXT;
ALTER TABLE families ADD COLUMN edited_by TEXT;
ALTER TABLE families ADD COLUMN uid_sent INTEGER NOT NULL DEFAULT 1;
UPDATE families SET uid = lower(hex(randomblob(16))), edited_at = created_at, uid_sent = 0;
CREATE UNIQUE INDEX families_by_uid ON families (uid);

-- The uids of the families erased here. Another kiosk of the КЦСОН may still hold a copy, and
-- the centre would send it back: a family erased here is never added again from a package.
-- Only an erasure deletes a family row. The uid is a random number; nothing else is kept.
CREATE TABLE erased_family_uids (uid TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER families_erased_keep_uid AFTER DELETE ON families WHEN old.uid IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO erased_family_uids (uid) VALUES (old.uid);
END;

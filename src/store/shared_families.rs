//! Families shared between the kiosks of one КЦСОН (issue 18 §3), the kiosk's side of the
//! store: each family's identity (`families.uid`, minted here at enrolment, migration 18) and
//! last edit travel in its `family` outbox rows; a staff member's change of a family's contact is
//! a new edit; the families the centre sends from the КЦСОН's other kiosks are added by their
//! uid or, for a known one, taken when their edit supersedes the one held here
//! ([`Edit::supersedes`], the one rule). A family missing from a package is never deleted, and
//! a family erased here is never added again (`erased_family_uids`, kept by a trigger).

use rusqlite::{params, OptionalExtension};

use super::{Op, Store, StoreError, Writer};
use crate::domain::centre_config::{Edit, SharedFamily};
use crate::domain::{FamilyId, NewFamily, PhoneNumber};

/// What the centre's families changed on this kiosk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FamiliesApplied {
    pub added: usize,
    pub updated: usize,
    /// Families enrolled before families had a uid, sent again with theirs.
    pub announced: usize,
}

/// A family's outbox record: its details, its identity and its last edit. `edited_by` is left
/// out for an edit made on this kiosk (the row's device is the editor).
#[derive(serde::Serialize)]
pub(super) struct FamilyRecord<'a> {
    #[serde(flatten)]
    pub details: &'a NewFamily,
    pub uid: &'a str,
    pub edited_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edited_by: Option<&'a str>,
}

/// A family's identity and last edit as this kiosk holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyIdentity {
    pub id: FamilyId,
    pub uid: String,
    pub edited: Edit,
}

impl Writer<'_> {
    /// Replaces a family's surname, parent's name and phone: a new edit made on this kiosk.
    pub fn update_family(&mut self, id: FamilyId, family: &NewFamily) -> Result<(), StoreError> {
        let uid: Option<String> = self
            .tx
            .query_row(
                "UPDATE families SET surname = ?2, parent_name = ?3, phone = ?4, edited_at = ?5, edited_by = NULL
                 WHERE id = ?1 RETURNING uid",
                params![id.0, family.surname, family.parent_name, family.phone.as_ref().map(PhoneNumber::as_str), super::ts(self.now)],
                |r| r.get(0),
            )
            .optional()?;
        let uid = uid.ok_or(StoreError::NotFound {
            what: "family",
            id: id.0,
        })?;
        let record = FamilyRecord {
            details: family,
            uid: &uid,
            edited_at: super::ts(self.now),
            edited_by: None,
        };
        self.outbox("family", id.0, Op::Update, &record)?;
        Ok(())
    }

    /// Adds the centre's families not held here (with their uid and edit) and takes the record of
    /// a held one when its edit supersedes the one here; each change is written to the outbox
    /// with the uid and edit it took, so the centre counts the family once.
    pub fn apply_shared_families(
        &mut self,
        families: &[SharedFamily],
    ) -> Result<FamiliesApplied, StoreError> {
        let own_device = own_editor(&self.tx)?;
        let mut done = FamiliesApplied {
            announced: self.announce_families()?,
            ..FamiliesApplied::default()
        };
        for shared in families {
            let details = shared.details()?;
            let held: Option<(i64, String, Option<String>)> = self
                .tx
                .query_row(
                    "SELECT id, edited_at, edited_by FROM families WHERE uid = ?1",
                    [&shared.uid],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let at = super::ts(shared.edited.at);
            let by = shared.edited.by.to_ascii_lowercase();
            let erased: bool = self.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM erased_family_uids WHERE uid = ?1)",
                [&shared.uid],
                |r| r.get(0),
            )?;
            let (id, op) = match held {
                None if erased => continue,
                None => {
                    self.tx.execute(
                        "INSERT INTO families (surname, parent_name, phone, created_at, uid, edited_at, edited_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![details.surname, details.parent_name, details.phone.as_ref().map(PhoneNumber::as_str),
                            super::ts(self.now), shared.uid, at, by],
                    )?;
                    done.added += 1;
                    (self.tx.last_insert_rowid(), Op::Insert)
                }
                Some((id, held_at, held_by)) => {
                    let here = Edit {
                        at: super::parse_ts(&held_at)?,
                        by: held_by.unwrap_or_else(|| own_device.clone()),
                    };
                    if !shared.edited.supersedes(&here) {
                        continue;
                    }
                    self.tx.execute(
                        "UPDATE families SET surname = ?2, parent_name = ?3, phone = ?4, edited_at = ?5, edited_by = ?6 WHERE id = ?1",
                        params![id, details.surname, details.parent_name, details.phone.as_ref().map(PhoneNumber::as_str), at, by],
                    )?;
                    done.updated += 1;
                    (id, Op::Update)
                }
            };
            let record = FamilyRecord {
                details: &details,
                uid: &shared.uid,
                edited_at: at,
                edited_by: Some(&by),
            };
            self.outbox("family", id, op, &record)?;
        }
        Ok(done)
    }
}

impl Writer<'_> {
    /// Sends the centre, once, the uid of each family enrolled before families had one
    /// (`uid_sent = 0`, migration 18): a `family.update` row with its details as they are.
    fn announce_families(&mut self) -> Result<usize, StoreError> {
        let mut stmt = self.tx.prepare(
            "SELECT id, surname, parent_name, phone, uid, edited_at FROM families WHERE uid_sent = 0 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        drop(stmt);
        for (id, surname, parent_name, phone, uid, edited_at) in &rows {
            let details = NewFamily {
                surname: surname.clone(),
                parent_name: parent_name.clone(),
                phone: phone.as_deref().map(PhoneNumber::parse).transpose()?,
            };
            let record = FamilyRecord {
                details: &details,
                uid,
                edited_at: edited_at.clone(),
                edited_by: None,
            };
            self.outbox("family", *id, Op::Update, &record)?;
            self.tx
                .execute("UPDATE families SET uid_sent = 1 WHERE id = ?1", [id])?;
        }
        Ok(rows.len())
    }
}

impl Store {
    /// A family's identity and its last edit.
    pub fn family_identity(&self, id: FamilyId) -> Result<FamilyIdentity, StoreError> {
        let own_device = own_editor(&self.conn)?;
        let (uid, at, by): (String, String, Option<String>) = self
            .conn
            .query_row(
                "SELECT uid, edited_at, edited_by FROM families WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "family",
                id: id.0,
            })?;
        Ok(FamilyIdentity {
            id,
            uid,
            edited: Edit {
                at: super::parse_ts(&at)?,
                by: by.unwrap_or(own_device),
            },
        })
    }

    /// The family with identity `uid`, if this kiosk holds it.
    pub fn family_by_uid(&self, uid: &str) -> Result<Option<FamilyId>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT id FROM families WHERE uid = ?1", [uid], |r| {
                r.get(0)
            })
            .optional()?
            .map(FamilyId))
    }
}

/// This kiosk as an editor: the device id the centre knows it by (its sync identity, hex), as
/// the centre names the editor of a row that does not name one. A kiosk never enrolled has none
/// yet; its edits are named by its local id until then (nothing of it was shared).
fn own_editor(conn: &rusqlite::Connection) -> Result<String, StoreError> {
    let synced: Option<String> = conn
        .query_row(
            "SELECT lower(hex(device_id)) FROM sync_identity WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match synced {
        Some(id) => Ok(id),
        None => Ok(
            conn.query_row("SELECT device_id FROM device WHERE id = 1", [], |r| {
                r.get(0)
            })?,
        ),
    }
}

//! Colleagues from the centre's roster (issue 18 §3): the configuration adds or updates them by
//! the centre's id and switches off those who left, in the transaction that records its version.
//!
//! A colleague added this way has no PIN here yet: their row holds the hash of the starting code
//! the centre gave them. The code never signs anyone in ([`Store::attempt_sign_in`] refuses
//! such a row); it only lets its owner choose their PIN ([`Store::check_starting_code`], then
//! [`Store::choose_first_pin`], which checks it again). Wrong codes count towards the same
//! pause as wrong PINs.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{Op, Store, StoreError, Writer};
use crate::crypto::PinHash;
use crate::domain::centre_config::Colleague;
use crate::domain::{AuditEvent, NewStaff, PinAttempts, PinCheck, StaffId};

/// `staff.pin_state` of a colleague who has not chosen a PIN on this kiosk yet.
pub(super) const STARTING_CODE: &str = "starting_code";

/// What a roster changed on this kiosk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RosterApplied {
    pub added: usize,
    pub updated: usize,
    pub switched_off: usize,
}

/// The outbox record of a colleague: never a PIN or a code.
#[derive(serde::Serialize)]
struct StaffRecord<'a> {
    #[serde(flatten)]
    details: &'a NewStaff,
    active: bool,
    centre_uid: &'a str,
}

impl Writer<'_> {
    /// Adds the colleagues not here yet (with their starting code), updates the names and roles
    /// of those who are (a starting code not used yet is replaced by the new one; a chosen PIN
    /// stays), and switches off the `revoked` ones. A colleague with nothing new (the same
    /// version published again) is left as is, with no row for the centre.
    pub fn apply_roster(
        &mut self,
        staff: &[Colleague],
        revoked: &[String],
    ) -> Result<RosterApplied, StoreError> {
        let mut done = RosterApplied::default();
        for c in staff {
            let details = c.details()?;
            let existing = self
                .tx
                .query_row(
                    "SELECT id, first_name, patronymic, last_name, role, active, pin_state, pin_hash
                     FROM staff WHERE centre_uid = ?1",
                    [&c.uid],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            (r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?),
                            r.get::<_, bool>(5)?,
                            r.get::<_, String>(6)? == STARTING_CODE,
                            r.get::<_, String>(7)?,
                        ))
                    },
                )
                .optional()?;
            let (id, op) = match existing {
                Some((id, names, active, code_pending, hash)) => {
                    let same = names
                        == (
                            details.first_name.clone(),
                            details.patronymic.clone(),
                            details.last_name.clone(),
                            details.role.key().to_string(),
                        )
                        && active;
                    let new_code = code_pending && hash != c.starting_code;
                    if same && !new_code {
                        // A version published again (`config republish`): nothing to write.
                        continue;
                    }
                    self.tx.execute(
                        "UPDATE staff SET first_name = ?1, patronymic = ?2, last_name = ?3, role = ?4, active = 1,
                                pin_hash = CASE WHEN pin_state = ?5 THEN ?6 ELSE pin_hash END
                         WHERE id = ?7",
                        params![details.first_name, details.patronymic, details.last_name, details.role.key(), STARTING_CODE, c.starting_code, id],
                    )?;
                    done.updated += 1;
                    if same {
                        // Only the starting code changed: the centre's copy has nothing new.
                        continue;
                    }
                    (id, Op::Update)
                }
                None => {
                    self.tx.execute(
                        "INSERT INTO staff (first_name, patronymic, last_name, role, pin_hash, pin_state, centre_uid)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![details.first_name, details.patronymic, details.last_name, details.role.key(), c.starting_code, STARTING_CODE, c.uid],
                    )?;
                    done.added += 1;
                    (self.tx.last_insert_rowid(), Op::Insert)
                }
            };
            self.outbox(
                "staff",
                id,
                op,
                &StaffRecord {
                    details: &details,
                    active: true,
                    centre_uid: &c.uid,
                },
            )?;
        }
        for uid in revoked {
            let row: Option<(i64, String, String, String, String)> = self
                .tx
                .query_row(
                    "SELECT id, first_name, patronymic, last_name, role FROM staff WHERE centre_uid = ?1 AND active = 1",
                    [uid],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let Some((id, first_name, patronymic, last_name, role)) = row else {
                continue;
            };
            self.tx
                .execute("UPDATE staff SET active = 0 WHERE id = ?1", [id])?;
            let details = NewStaff {
                first_name,
                patronymic,
                last_name,
                role: crate::domain::Role::from_key(&role)?,
            };
            self.outbox(
                "staff",
                id,
                Op::Update,
                &StaffRecord {
                    details: &details,
                    active: false,
                    centre_uid: uid,
                },
            )?;
            done.switched_off += 1;
        }
        Ok(done)
    }
}

impl Store {
    /// Checks the starting code of a colleague who has no PIN here yet, with the pause after too
    /// many wrong tries; `verify` is given the code's hash. Signs nobody in and changes nothing
    /// but the count of wrong tries.
    pub fn check_starting_code(
        &mut self,
        staff: StaffId,
        now: DateTime<Utc>,
        verify: impl FnOnce(&PinHash) -> bool,
    ) -> Result<PinCheck, StoreError> {
        self.with_starting_code(staff, now, verify, |_| Ok(()))
    }

    /// Checks the starting code again and, when it is right, makes `pin` the colleague's PIN on
    /// this kiosk, in one transaction; the code is spent.
    pub fn choose_first_pin(
        &mut self,
        staff: StaffId,
        now: DateTime<Utc>,
        verify: impl FnOnce(&PinHash) -> bool,
        pin: &PinHash,
    ) -> Result<PinCheck, StoreError> {
        self.with_starting_code(staff, now, verify, |w| {
            w.tx.execute(
                "UPDATE staff SET pin_hash = ?1, pin_state = 'set' WHERE id = ?2",
                params![pin.as_str(), staff.0],
            )?;
            w.audit(Some(staff), AuditEvent::PinChosen)?;
            w.audit(Some(staff), AuditEvent::SignIn).map(drop)
        })
    }

    fn with_starting_code(
        &mut self,
        staff: StaffId,
        now: DateTime<Utc>,
        verify: impl FnOnce(&PinHash) -> bool,
        then: impl FnOnce(&mut Writer<'_>) -> Result<(), StoreError>,
    ) -> Result<PinCheck, StoreError> {
        self.write_at(now, |w| {
            let row = w
                .tx
                .query_row(
                    "SELECT pin_hash, pin_state, wrong_in_row, locks, locked_until, active FROM staff WHERE id = ?1",
                    [staff.0],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?, r.get::<_, u32>(3)?, r.get::<_, Option<String>>(4)?, r.get::<_, bool>(5)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound { what: "staff member", id: staff.0 })?;
            let (hash, state, wrong_in_row, locks, locked_until, active) = row;
            if !active {
                return Err(StoreError::Invalid("this colleague's account is switched off: ask the administrator".into()));
            }
            if state != STARTING_CODE {
                return Err(StoreError::Invalid("this colleague has chosen a PIN on this kiosk already: sign in with it".into()));
            }
            let before = PinAttempts { wrong_in_row, locks, locked_until: locked_until.as_deref().map(super::parse_ts).transpose()? };
            let (after, check) = before.check(now, || verify(&PinHash::from_stored(hash)));
            if after != before {
                w.tx.execute(
                    "UPDATE staff SET wrong_in_row = ?1, locks = ?2, locked_until = ?3 WHERE id = ?4",
                    params![after.wrong_in_row, after.locks, after.locked_until.map(super::ts), staff.0],
                )?;
            }
            match check {
                PinCheck::Accepted => then(w)?,
                PinCheck::Wrong { tries_left } => drop(w.audit(Some(staff), AuditEvent::WrongPin { tries_left })?),
                PinCheck::LockedNow { until } => drop(w.audit(Some(staff), AuditEvent::Locked { minutes: (until - now).num_minutes() })?),
                PinCheck::StillLocked { .. } => drop(w.audit(Some(staff), AuditEvent::RefusedWhileLocked)?),
            }
            Ok(check)
        })
    }
}

//! Staff and their PINs. A PIN check reads the person's attempt history, applies the
//! lock-out rule from the domain and writes the new history and its audit entry in one
//! transaction, so a kill between two wrong PINs cannot reset the count.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::crypto::{PinHash, PinMatch};
use crate::domain::{
    AuditEvent, NewStaff, PinAttempts, PinCheck, Role, SignOutReason, StaffId, StaffMember,
};

/// What the sign-in screen shows for one colleague.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffCard {
    pub id: StaffId,
    pub member: NewStaff,
    pub locked_until: Option<DateTime<Utc>>,
    /// A colleague from the centre's roster who has not chosen a PIN here yet: the PIN screen
    /// asks for their starting code, then for a PIN of their own.
    pub first_sign_in: bool,
}

/// The outbox record for a staff member: never the PIN hash.
#[derive(Serialize)]
struct StaffRecord<'a> {
    #[serde(flatten)]
    details: &'a NewStaff,
    active: bool,
}

impl Writer<'_> {
    pub fn insert_staff(&mut self, staff: &NewStaff, pin: &PinHash) -> Result<StaffId, StoreError> {
        self.tx.execute(
            "INSERT INTO staff (first_name, patronymic, last_name, role, pin_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![staff.first_name, staff.patronymic, staff.last_name, staff.role.key(), pin.as_str()],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox(
            "staff",
            id,
            Op::Insert,
            &StaffRecord {
                details: staff,
                active: true,
            },
        )?;
        Ok(StaffId(id))
    }
}

type MemberRow = (
    i64,
    String,
    String,
    String,
    String,
    bool,
    Option<String>,
    bool,
);

fn read_member(r: &rusqlite::Row<'_>) -> rusqlite::Result<MemberRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get::<_, String>(7)? == super::staff_roster::STARTING_CODE,
    ))
}

const MEMBER_COLUMNS: &str =
    "id, first_name, patronymic, last_name, role, active, locked_until, pin_state";

impl Store {
    /// Active staff, for the sign-in screen (in id order; the screen sorts for its language).
    pub fn staff_cards(&self) -> Result<Vec<StaffCard>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {MEMBER_COLUMNS} FROM staff WHERE active = 1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([], read_member)?;
        rows.map(|row| {
            let (id, first_name, patronymic, last_name, role, _active, locked, first_sign_in) =
                row?;
            Ok(StaffCard {
                id: StaffId(id),
                member: NewStaff {
                    first_name,
                    patronymic,
                    last_name,
                    role: Role::from_key(&role)?,
                },
                locked_until: locked.as_deref().map(super::parse_ts).transpose()?,
                first_sign_in,
            })
        })
        .collect()
    }

    pub fn staff_member(&self, id: StaffId) -> Result<StaffMember, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {MEMBER_COLUMNS} FROM staff WHERE id = ?1"),
                [id.0],
                read_member,
            )
            .optional()?
            .ok_or(StoreError::NotFound {
                what: "staff member",
                id: id.0,
            })?;
        let (id, first_name, patronymic, last_name, role, active, _, _) = row;
        Ok(StaffMember {
            id: StaffId(id),
            details: NewStaff {
                first_name,
                patronymic,
                last_name,
                role: Role::from_key(&role)?,
            },
            active,
        })
    }

    /// Checks a PIN for `staff` at `now`. `verify` is called with the stored hash only when
    /// the person is not locked, and answers right or wrong (a `bool`) or a [`PinMatch`]: a
    /// right PIN's new hash ([`PinHash::check`], an old hash rehashed) replaces the stored one.
    /// The new attempt history, the new hash and the audit entry are written in the same
    /// transaction; the hash is never in the outbox.
    pub fn attempt_sign_in<M: Into<PinMatch>>(
        &mut self,
        staff: StaffId,
        now: DateTime<Utc>,
        verify: impl FnOnce(&PinHash) -> M,
    ) -> Result<PinCheck, StoreError> {
        self.write_at(now, |w| {
            let row = w
                .tx
                .query_row(
                    "SELECT pin_hash, wrong_in_row, locks, locked_until, active, pin_state FROM staff WHERE id = ?1",
                    [staff.0],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, bool>(4)?, r.get::<_, String>(5)?)),
                )
                .optional()?
                .ok_or(StoreError::NotFound { what: "staff member", id: staff.0 })?;
            let (hash, wrong_in_row, locks, locked_until, active, pin_state) = row;
            if !active {
                return Err(StoreError::Invalid("this colleague's account is switched off: ask the administrator".into()));
            }
            // A starting code only lets its owner choose a PIN (staff_roster.rs); it never
            // signs anyone in, nor confirms anything a PIN confirms.
            if pin_state == super::staff_roster::STARTING_CODE {
                return Err(StoreError::Invalid("this colleague has not chosen a PIN on this kiosk yet: they sign in once with the starting code the centre gave them".into()));
            }
            let before = PinAttempts { wrong_in_row, locks, locked_until: locked_until.as_deref().map(super::parse_ts).transpose()? };
            let hash = PinHash::from_stored(hash);
            let mut rehashed = None;
            let (after, check) = before.check(now, || match verify(&hash).into() {
                PinMatch::Wrong => false,
                PinMatch::Right { rehashed: new } => {
                    rehashed = new;
                    true
                }
            });
            if let (PinCheck::Accepted, Some(new)) = (&check, rehashed) {
                w.tx.execute("UPDATE staff SET pin_hash = ?1 WHERE id = ?2", params![new.as_str(), staff.0])?;
            }
            if after != before {
                w.tx.execute(
                    "UPDATE staff SET wrong_in_row = ?1, locks = ?2, locked_until = ?3 WHERE id = ?4",
                    params![after.wrong_in_row, after.locks, after.locked_until.map(super::ts), staff.0],
                )?;
            }
            let event = match check {
                PinCheck::Accepted => AuditEvent::SignIn,
                PinCheck::Wrong { tries_left } => AuditEvent::WrongPin { tries_left },
                PinCheck::LockedNow { until } => AuditEvent::Locked { minutes: (until - now).num_minutes() },
                PinCheck::StillLocked { .. } => AuditEvent::RefusedWhileLocked,
            };
            w.audit(Some(staff), event)?;
            Ok(check)
        })
    }

    /// Whether the kiosk has an active administrator. A new kiosk (not the demo centre) has
    /// none, and `ladoshka run` then opens the set-up screen.
    pub fn has_administrator(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staff WHERE role = ?1 AND active = 1)",
            [Role::Admin.key()],
            |r| r.get(0),
        )?)
    }

    /// The first start's set-up: the room (unless one of that name exists) and the first
    /// administrator with their PIN hash, in one transaction with their outbox rows. Refused,
    /// changing nothing, when the kiosk already has an administrator (a second tap, or a race).
    pub fn set_up_kiosk(
        &mut self,
        admin: &NewStaff,
        pin: &PinHash,
        room: &crate::domain::NewRoom,
    ) -> Result<(StaffId, crate::domain::RoomId), StoreError> {
        if admin.role != Role::Admin {
            return Err(StoreError::Invalid(
                "the kiosk is set up by an administrator".into(),
            ));
        }
        self.write(|w| {
            let has_admin: bool = w.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM staff WHERE role = ?1 AND active = 1)",
                [Role::Admin.key()],
                |r| r.get(0),
            )?;
            if has_admin {
                return Err(StoreError::Invalid(
                    "this kiosk already has an administrator; nothing was changed".into(),
                ));
            }
            let existing: Option<i64> =
                w.tx.query_row("SELECT id FROM rooms WHERE name = ?1", [&room.name], |r| {
                    r.get(0)
                })
                .optional()?;
            let room = match existing {
                Some(id) => crate::domain::RoomId(id),
                None => w.insert_room(room)?,
            };
            let staff = w.insert_staff(admin, pin)?;
            Ok((staff, room))
        })
    }

    pub fn record_sign_out(
        &mut self,
        staff: StaffId,
        reason: SignOutReason,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.write_at(now, |w| {
            w.audit(Some(staff), AuditEvent::SignOut { reason })
                .map(drop)
        })
    }
}

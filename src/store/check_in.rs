//! Check-ins, picture codes, walk-in requests and help notices. A check-in is written with its
//! outbox row before anything is confirmed to the child, and recording the same child for the
//! same session twice returns the first record instead of making a second one.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::crypto::PinHash;
use crate::domain::{ChildId, Mood, RoomId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInOutcome {
    Recorded {
        id: i64,
    },
    /// This child had already checked in to this session; nothing new was written.
    AlreadyCheckedIn {
        id: i64,
    },
}

#[derive(Serialize)]
struct CheckInRecord {
    session: i64,
    child: ChildId,
    mood: Mood,
}

impl Writer<'_> {
    /// Stores a child's picture code hash (the outbox says only that it was set).
    pub fn set_picture_code(&mut self, child: ChildId, hash: &PinHash) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO picture_codes (child_id, code_hash, set_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (child_id) DO UPDATE SET code_hash = excluded.code_hash, set_at = excluded.set_at",
            params![child.0, hash.as_str(), super::ts(self.now)],
        )?;
        self.outbox("picture_code", child.0, Op::Update, &"set")?;
        Ok(())
    }

    pub fn check_in(
        &mut self,
        session: i64,
        child: ChildId,
        mood: Mood,
    ) -> Result<CheckInOutcome, StoreError> {
        self.refuse_if_withdrawn(child)?;
        let participant: Option<i64> = self
            .tx
            .query_row(
                "SELECT 1 FROM session_participants WHERE session_id = ?1 AND child_id = ?2",
                params![session, child.0],
                |r| r.get(0),
            )
            .optional()?;
        if participant.is_none() {
            return Err(StoreError::Invalid(format!(
                "child {} is not booked for session {session}",
                child.0
            )));
        }
        let inserted = self.tx.execute(
            "INSERT INTO check_ins (session_id, child_id, at, mood) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id, child_id) DO NOTHING",
            params![session, child.0, super::ts(self.now), mood.code()],
        )?;
        let id: i64 = self.tx.query_row(
            "SELECT id FROM check_ins WHERE session_id = ?1 AND child_id = ?2",
            params![session, child.0],
            |r| r.get(0),
        )?;
        if inserted == 0 {
            return Ok(CheckInOutcome::AlreadyCheckedIn { id });
        }
        self.outbox(
            "check_in",
            id,
            Op::Insert,
            &CheckInRecord {
                session,
                child,
                mood,
            },
        )?;
        let arrived = self.tx.execute(
            "UPDATE sessions SET state = 'arrived' WHERE id = ?1 AND state = 'planned'",
            [session],
        )?;
        if arrived > 0 {
            self.outbox("session_state", session, Op::Update, &"arrived")?;
        }
        Ok(CheckInOutcome::Recorded { id })
    }

    pub fn record_walk_in(&mut self, room: Option<RoomId>) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO walk_ins (room_id, at) VALUES (?1, ?2)",
            params![room.map(|r| r.0), super::ts(self.now)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox("walk_in", id, Op::Insert, &room)?;
        Ok(id)
    }

    /// Three wrong picture codes for a tile of `session`: tell its psychologist, never whose tile.
    pub fn record_help_notice(&mut self, session: i64) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO help_notices (at, session_id, kind) VALUES (?1, ?2, 'picture_code')",
            params![super::ts(self.now), session],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox("help_notice", id, Op::Insert, &session)?;
        Ok(id)
    }
}

/// One row of the check-in table, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn {
    pub id: i64,
    pub session: i64,
    pub child: ChildId,
    pub at: DateTime<Utc>,
    pub mood: Mood,
}

impl Store {
    pub fn picture_code_hash(&self, child: ChildId) -> Result<Option<PinHash>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT code_hash FROM picture_codes WHERE child_id = ?1",
                [child.0],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(PinHash::from_stored))
    }

    pub fn check_ins_for_session(&self, session: i64) -> Result<Vec<CheckIn>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id, session_id, child_id, at, mood FROM check_ins WHERE session_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([session], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, session, child, at, mood) = row?;
            Ok(CheckIn {
                id,
                session,
                child: ChildId(child),
                at: super::parse_ts(&at)?,
                mood: Mood::from_code(mood)?,
            })
        })
        .collect()
    }

    pub fn open_walk_ins(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM walk_ins WHERE state = 'open'",
            [],
            |r| r.get(0),
        )?)
    }

    pub fn unseen_help_notices(&self, session: i64) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM help_notices WHERE session_id = ?1 AND seen_at IS NULL",
            [session],
            |r| r.get(0),
        )?)
    }
}

/// One participant on a "Who are you?" tile: the avatar, and the first name only where the
/// family agreed. Never a surname.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub child: ChildId,
    pub avatar: crate::domain::Avatar,
    /// The ring around the picture (`domain::avatar_frame`): 0 none, 1–5 a colour.
    pub frame: u8,
    pub public_name: Option<String>,
    pub checked_in: bool,
    /// The family withdrew the consent for this child: nothing is recorded, an adult is called.
    pub consent_withdrawn: bool,
}

/// One session as a tile at the door.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrivalTile {
    pub session: i64,
    pub starts_at: DateTime<Utc>,
    pub kind: crate::domain::SessionKind,
    pub participants: Vec<Arrival>,
}

impl Store {
    /// Sessions in `room` starting in `[from, to)`, not cancelled or over, in which somebody
    /// has still to check in.
    /// A joint meeting of a restorative case shows one side at a time (`now` decides which:
    /// `domain::restorative::harmed_side_at_door`), at that side's own arrival time, so a
    /// tile never names the other side.
    pub fn arrivals(
        &self,
        room: RoomId,
        now: DateTime<Utc>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ArrivalTile>, StoreError> {
        let mut sessions = self.conn.prepare(
            "SELECT id, starts_at, kind FROM sessions
             WHERE room_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND state IN ('planned', 'arrived')
             ORDER BY starts_at, id",
        )?;
        let mut people = self.conn.prepare(
            "SELECT c.id, c.avatar, c.first_name, c.first_name_public, c.frame,
                    EXISTS (SELECT 1 FROM check_ins k WHERE k.session_id = p.session_id AND k.child_id = c.id),
                    EXISTS (SELECT 1 FROM consents w WHERE w.child_id = c.id AND w.withdrawn_at IS NOT NULL)
                    AND NOT EXISTS (SELECT 1 FROM consents g WHERE g.child_id = c.id AND g.withdrawn_at IS NULL)
             FROM session_participants p JOIN children c ON c.id = p.child_id
             WHERE p.session_id = ?1 ORDER BY c.id",
        )?;
        let rows = sessions.query_map(params![room.0, super::ts(from), super::ts(to)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut tiles = Vec::new();
        for row in rows {
            let (session, starts, kind) = row?;
            let participants = people
                .query_map([session], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, u8>(4)?,
                        r.get::<_, bool>(5)?,
                        r.get::<_, bool>(6)?,
                    ))
                })?
                .map(|p| {
                    let (child, avatar, name, public, frame, checked_in, consent_withdrawn) = p?;
                    Ok(Arrival {
                        child: ChildId(child),
                        avatar: crate::domain::Avatar::from_key(&avatar)?,
                        frame,
                        public_name: public.then_some(name),
                        checked_in,
                        consent_withdrawn,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut starts_at = super::parse_ts(&starts)?;
            let mut participants = participants;
            if let Some(side) = super::restorative::side_at_door(&self.conn, session, now)? {
                participants.retain(|p| side.children.contains(&p.child));
                starts_at = side.arrives;
            }
            if participants.iter().any(|p| !p.checked_in) {
                tiles.push(ArrivalTile {
                    session,
                    starts_at,
                    kind: crate::domain::SessionKind::from_key(&kind)?,
                    participants,
                });
            }
        }
        Ok(tiles)
    }
}

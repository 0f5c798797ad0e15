//! What happened at the room's door today, for the psychologists and staff: who checked in
//! (and how they felt), which children need an adult after three wrong codes, and who came
//! without a booking — with the writes that answer them.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{Avatar, Mood, RoomId, StaffId};

#[derive(Debug, Clone, PartialEq)]
pub struct DoorArrival {
    pub check_in: i64,
    pub at: DateTime<Utc>,
    pub session_start: DateTime<Utc>,
    pub psychologist: StaffId,
    pub avatar: Avatar,
    pub first_name: String,
    pub surname: String,
    pub mood: Mood,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DoorHelp {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub session_start: DateTime<Utc>,
    pub psychologist: StaffId,
    /// The session's participants: the notice never says which of them it was.
    pub avatars: Vec<Avatar>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DoorWalkIn {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub taken_by: Option<StaffId>,
    /// The session it became, and when that starts.
    pub session: Option<(i64, DateTime<Utc>)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DoorBoard {
    /// Newest first.
    pub arrivals: Vec<DoorArrival>,
    /// Unseen notices, newest first.
    pub help: Vec<DoorHelp>,
    /// Open or taken (not closed) requests, newest first.
    pub walk_ins: Vec<DoorWalkIn>,
}

impl DoorBoard {
    /// The newest row ids, to notice what is new since the last look.
    pub fn newest(&self) -> (i64, i64, i64) {
        let max = |ids: &mut dyn Iterator<Item = i64>| ids.max().unwrap_or(0);
        (
            max(&mut self.arrivals.iter().map(|a| a.check_in)),
            max(&mut self.help.iter().map(|h| h.id)),
            max(&mut self.walk_ins.iter().map(|w| w.id)),
        )
    }
}

impl DoorBoard {
    /// What still waits for an adult: unseen help notices and walk-ins nobody took.
    pub fn waiting(&self) -> usize {
        self.help.len()
            + self
                .walk_ins
                .iter()
                .filter(|w| w.taken_by.is_none())
                .count()
    }
}

impl Store {
    /// The door of `room` between `from` and `to` (a walk-in with no room counts everywhere).
    pub fn door_board(
        &self,
        room: RoomId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<DoorBoard, StoreError> {
        let (from, to) = (super::ts(from), super::ts(to));
        let mut stmt = self.conn.prepare(
            "SELECT k.id, k.at, s.starts_at, s.psychologist_id, c.avatar, c.first_name, c.surname, k.mood
             FROM check_ins k JOIN sessions s ON s.id = k.session_id JOIN children c ON c.id = k.child_id
             WHERE s.room_id = ?1 AND k.at >= ?2 AND k.at < ?3 ORDER BY k.id DESC",
        )?;
        let arrivals = stmt
            .query_map(params![room.0, from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })?
            .map(|row| {
                let (id, at, start, psychologist, avatar, first_name, surname, mood) = row?;
                Ok(DoorArrival {
                    check_in: id,
                    at: super::parse_ts(&at)?,
                    session_start: super::parse_ts(&start)?,
                    psychologist: StaffId(psychologist),
                    avatar: Avatar::from_key(&avatar)?,
                    first_name,
                    surname,
                    mood: Mood::from_code(mood)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let mut stmt = self.conn.prepare(
            "SELECT h.id, h.at, s.starts_at, s.psychologist_id, h.session_id
             FROM help_notices h JOIN sessions s ON s.id = h.session_id
             WHERE s.room_id = ?1 AND h.at >= ?2 AND h.at < ?3 AND h.seen_at IS NULL ORDER BY h.id DESC",
        )?;
        let mut avatars = self.conn.prepare(
            "SELECT c.avatar FROM session_participants p JOIN children c ON c.id = p.child_id WHERE p.session_id = ?1 ORDER BY c.id",
        )?;
        let help = stmt
            .query_map(params![room.0, from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .map(|row| {
                let (id, at, start, psychologist, session) = row?;
                let avatars = avatars
                    .query_map([session], |r| r.get::<_, String>(0))?
                    .map(|a| Ok(Avatar::from_key(&a?)?))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                Ok(DoorHelp {
                    id,
                    at: super::parse_ts(&at)?,
                    session_start: super::parse_ts(&start)?,
                    psychologist: StaffId(psychologist),
                    avatars,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let mut stmt = self.conn.prepare(
            "SELECT w.id, w.at, w.taken_by, w.session_id, s.starts_at FROM walk_ins w LEFT JOIN sessions s ON s.id = w.session_id
             WHERE (w.room_id = ?1 OR w.room_id IS NULL) AND w.at >= ?2 AND w.at < ?3 AND w.state != 'closed' ORDER BY w.id DESC",
        )?;
        let walk_ins = stmt
            .query_map(params![room.0, from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })?
            .map(|row| {
                let (id, at, taken_by, session, starts) = row?;
                let session = match (session, starts) {
                    (Some(s), Some(t)) => Some((s, super::parse_ts(&t)?)),
                    _ => None,
                };
                Ok(DoorWalkIn {
                    id,
                    at: super::parse_ts(&at)?,
                    taken_by: taken_by.map(StaffId),
                    session,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(DoorBoard {
            arrivals,
            help,
            walk_ins,
        })
    }
}

impl Writer<'_> {
    /// A colleague is on the way to the child who needed help.
    pub fn mark_help_seen(&mut self, notice: i64, by: StaffId) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE help_notices SET seen_at = ?1, seen_by = ?2 WHERE id = ?3 AND seen_at IS NULL",
            params![super::ts(self.now), by.0, notice],
        )?;
        if n > 0 {
            self.outbox("help_notice_seen", notice, Op::Update, &by)?;
        }
        Ok(())
    }

    /// A colleague takes a walk-in request (it stays on the board, marked as theirs).
    pub fn take_walk_in(&mut self, walk_in: i64, by: StaffId) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE walk_ins SET state = 'booked', taken_by = ?1 WHERE id = ?2 AND state = 'open'",
            params![by.0, walk_in],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!(
                "walk-in request {walk_in} is not open any more (someone else took or closed it)"
            )));
        }
        self.outbox("walk_in_taken", walk_in, Op::Update, &by)?;
        Ok(())
    }

    /// The request is dealt with and leaves the board.
    pub fn close_walk_in(&mut self, walk_in: i64, by: StaffId) -> Result<(), StoreError> {
        let n = self.tx.execute("UPDATE walk_ins SET state = 'closed', taken_by = coalesce(taken_by, ?1) WHERE id = ?2 AND state != 'closed'", params![by.0, walk_in])?;
        if n > 0 {
            self.outbox("walk_in_closed", walk_in, Op::Update, &by)?;
        }
        Ok(())
    }
}

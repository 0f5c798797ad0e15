//! Sessions in the rooms, as booked.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::session::{NewSession, SessionState};
use crate::domain::{ChildId, RoomId, SessionKind, StaffId};

/// A booked session as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct BookedSession {
    pub id: i64,
    pub session: NewSession,
    pub state: SessionState,
}

impl Writer<'_> {
    pub fn insert_session(&mut self, s: &NewSession) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO sessions (room_id, psychologist_id, kind, starts_at, minutes, state) VALUES (?1, ?2, ?3, ?4, ?5, 'planned')",
            params![s.room.0, s.psychologist.0, s.kind.key(), super::ts(s.starts_at), s.minutes],
        )?;
        let id = self.tx.last_insert_rowid();
        for child in &s.participants {
            self.tx.execute("INSERT INTO session_participants (session_id, child_id) VALUES (?1, ?2)", params![id, child.0])?;
        }
        self.outbox("session", id, Op::Insert, s)?;
        Ok(id)
    }
}

impl Store {
    /// Sessions that start in `[from, to)`, in start order.
    pub fn sessions_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<BookedSession>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, room_id, psychologist_id, kind, starts_at, minutes, state FROM sessions
             WHERE starts_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id",
        )?;
        let mut parts = self.conn.prepare("SELECT child_id FROM session_participants WHERE session_id = ?1 ORDER BY child_id")?;
        let rows = stmt.query_map(params![super::ts(from), super::ts(to)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, u32>(5)?, r.get::<_, String>(6)?))
        })?;
        rows.map(|row| {
            let (id, room, psy, kind, starts, minutes, state) = row?;
            let participants = parts.query_map([id], |r| r.get::<_, i64>(0).map(ChildId))?.collect::<Result<Vec<_>, _>>()?;
            Ok(BookedSession {
                id,
                session: NewSession {
                    room: RoomId(room),
                    psychologist: StaffId(psy),
                    kind: SessionKind::from_key(&kind)?,
                    starts_at: super::parse_ts(&starts)?,
                    minutes,
                    participants,
                },
                state: SessionState::from_key(&state)?,
            })
        })
        .collect()
    }
}

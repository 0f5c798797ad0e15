//! Sessions in the rooms, as booked.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

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
        for child in &s.participants {
            self.refuse_if_withdrawn(*child)?;
        }
        self.tx.execute(
            "INSERT INTO sessions (room_id, psychologist_id, kind, starts_at, minutes, state) VALUES (?1, ?2, ?3, ?4, ?5, 'planned')",
            params![s.room.0, s.psychologist.0, s.kind.key(), super::ts(s.starts_at), s.minutes],
        )?;
        let id = self.tx.last_insert_rowid();
        for child in &s.participants {
            self.tx.execute(
                "INSERT INTO session_participants (session_id, child_id) VALUES (?1, ?2)",
                params![id, child.0],
            )?;
        }
        self.outbox("session", id, Op::Insert, s)?;
        Ok(id)
    }
}

impl Store {
    /// Sessions that start in `[from, to)`, in start order.
    pub fn sessions_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BookedSession>, StoreError> {
        between(&self.conn, from, to)
    }

    /// Session `id` as booked.
    pub fn session(&self, id: i64) -> Result<BookedSession, StoreError> {
        one(&self.conn, id)
    }
}

const COLUMNS: &str =
    "SELECT id, room_id, psychologist_id, kind, starts_at, minutes, state FROM sessions";

type Row = (i64, i64, i64, String, String, u32, String);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn build(
    conn: &Connection,
    (id, room, psy, kind, starts, minutes, state): Row,
) -> Result<BookedSession, StoreError> {
    let mut parts = conn.prepare_cached(
        "SELECT child_id FROM session_participants WHERE session_id = ?1 ORDER BY child_id",
    )?;
    let participants = parts
        .query_map([id], |r| r.get::<_, i64>(0).map(ChildId))?
        .collect::<Result<Vec<_>, _>>()?;
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
}

pub(super) fn between(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<BookedSession>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{COLUMNS} WHERE starts_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id"
    ))?;
    let rows = stmt
        .query_map(params![super::ts(from), super::ts(to)], row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(|r| build(conn, r)).collect()
}

pub(super) fn one(conn: &Connection, id: i64) -> Result<BookedSession, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("{COLUMNS} WHERE id = ?1"))?;
    let r = rusqlite::OptionalExtension::optional(stmt.query_row([id], row))?.ok_or(
        StoreError::NotFound {
            what: "session",
            id,
        },
    )?;
    build(conn, r)
}

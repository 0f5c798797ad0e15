//! The calendar as the day and week views show it: each session with its people (avatar,
//! first name, surname — the adapter decides who may see a surname), and who has checked in.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError};
use crate::domain::session::{NewSession, SessionState};
use crate::domain::{Avatar, ChildId, RoomId, SessionKind, StaffId};

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarPerson {
    pub child: ChildId,
    pub avatar: Avatar,
    pub first_name: String,
    pub surname: String,
    pub arrived: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEntry {
    pub id: i64,
    pub session: NewSession,
    pub state: SessionState,
    pub people: Vec<CalendarPerson>,
    pub in_series: bool,
}

impl Store {
    /// Sessions starting in `[from, to)` with their people, in start order. Two queries for
    /// the whole range (sessions, then everyone in them), whatever the number of sessions.
    pub fn calendar(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<CalendarEntry>, StoreError> {
        let (from, to) = (super::ts(from), super::ts(to));
        let mut people: HashMap<i64, Vec<CalendarPerson>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.session_id, c.id, c.avatar, c.first_name, c.surname,
                    EXISTS (SELECT 1 FROM check_ins k WHERE k.session_id = p.session_id AND k.child_id = c.id)
             FROM sessions s JOIN session_participants p ON p.session_id = s.id JOIN children c ON c.id = p.child_id
             WHERE s.starts_at >= ?1 AND s.starts_at < ?2 ORDER BY p.session_id, c.id",
        )?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        for row in rows {
            let (session, id, avatar, first_name, surname, arrived) = row?;
            people.entry(session).or_default().push(CalendarPerson {
                child: ChildId(id),
                avatar: Avatar::from_key(&avatar)?,
                first_name,
                surname,
                arrived,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, room_id, psychologist_id, kind, starts_at, minutes, state, series_id IS NOT NULL FROM sessions
             WHERE starts_at >= ?1 AND starts_at < ?2 ORDER BY starts_at, id",
        )?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, u32>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, bool>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, room, psy, kind, starts, minutes, state, in_series)| {
                let people = people.remove(&id).unwrap_or_default();
                Ok(CalendarEntry {
                    id,
                    session: NewSession {
                        room: RoomId(room),
                        psychologist: StaffId(psy),
                        kind: SessionKind::from_key(&kind)?,
                        starts_at: super::parse_ts(&starts)?,
                        minutes,
                        participants: people.iter().map(|p| p.child).collect(),
                    },
                    state: SessionState::from_key(&state)?,
                    people,
                    in_series,
                })
            })
            .collect()
    }

    /// When session `id` was started, if it was.
    pub fn session_started_at(&self, id: i64) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> =
            self.conn
                .query_row("SELECT started_at FROM sessions WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        at.as_deref().map(super::parse_ts).transpose()
    }

    /// The psychologist's private note on session `id`, if any.
    pub fn session_note(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT text FROM session_notes WHERE session_id = ?1",
            [id],
            |r| r.get(0),
        ))?)
    }
}

//! The calendar as the day and week views show it: each session with its people (avatar,
//! first name, surname — the adapter decides who may see a surname), and who has checked in.

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::session::{NewSession, SessionState};
use crate::domain::{Avatar, ChildId};

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
    /// Sessions starting in `[from, to)` with their people, in start order.
    pub fn calendar(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<CalendarEntry>, StoreError> {
        let sessions = super::sessions::between(&self.conn, from, to)?;
        let mut people = self.conn.prepare_cached(
            "SELECT c.id, c.avatar, c.first_name, c.surname, EXISTS (SELECT 1 FROM check_ins k WHERE k.session_id = p.session_id AND k.child_id = c.id)
             FROM session_participants p JOIN children c ON c.id = p.child_id WHERE p.session_id = ?1 ORDER BY c.id",
        )?;
        let mut series = self.conn.prepare_cached("SELECT series_id IS NOT NULL FROM sessions WHERE id = ?1")?;
        sessions
            .into_iter()
            .map(|b| {
                let rows = people
                    .query_map([b.id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, bool>(4)?)))?
                    .collect::<Result<Vec<_>, _>>()?;
                let people = rows
                    .into_iter()
                    .map(|(id, avatar, first_name, surname, arrived)| {
                        Ok(CalendarPerson { child: ChildId(id), avatar: Avatar::from_key(&avatar)?, first_name, surname, arrived })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                let in_series: bool = series.query_row([b.id], |r| r.get(0))?;
                Ok(CalendarEntry { id: b.id, session: b.session, state: b.state, people, in_series })
            })
            .collect()
    }

    /// When session `id` was started, if it was.
    pub fn session_started_at(&self, id: i64) -> Result<Option<DateTime<Utc>>, StoreError> {
        let at: Option<String> = self.conn.query_row("SELECT started_at FROM sessions WHERE id = ?1", [id], |r| r.get(0))?;
        at.as_deref().map(super::parse_ts).transpose()
    }

    /// The psychologist's private note on session `id`, if any.
    pub fn session_note(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(rusqlite::OptionalExtension::optional(self.conn.query_row("SELECT text FROM session_notes WHERE session_id = ?1", [id], |r| r.get(0)))?)
    }
}

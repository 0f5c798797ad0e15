//! The busy times a booking check reads: only the sessions that share a room, a psychologist or
//! a child with the sessions being booked, over the window asked, each with its children, in
//! one query. A refusal searches three weeks around the wanted time; reading every session of
//! those weeks, and each one's children in a query of its own, cost more than the search.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};

use super::StoreError;
use crate::domain::conflict::Busy;
use crate::domain::session::{NewSession, SessionState};
use crate::domain::{ChildId, RoomId, StaffId};

/// The sessions holding their time that overlap `[from, to)` and share a room, a psychologist
/// or a child with any of `like`, in start order: all `clashes` and `nearest_free` look at.
pub(super) fn busy_sharing(
    conn: &Connection,
    like: &[NewSession],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Busy>, StoreError> {
    let json = |ids: BTreeSet<i64>| {
        serde_json::Value::from(ids.into_iter().collect::<Vec<_>>()).to_string()
    };
    let rooms = json(like.iter().map(|s| s.room.0).collect());
    let staff = json(like.iter().map(|s| s.psychologist.0).collect());
    let children = json(
        like.iter()
            .flat_map(|s| s.participants.iter().map(|c| c.0))
            .collect(),
    );
    let mut stmt = conn.prepare_cached(query())?;
    // Sessions last at most 240 minutes, so one that overlaps starts at most 4 h before `from`.
    let rows = stmt.query_map(
        params![
            super::ts(from - Duration::hours(4)),
            super::ts(to),
            rooms,
            staff,
            children
        ],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        },
    )?;
    let mut out = Vec::new();
    for row in rows {
        let (session, room, psychologist, starts, minutes, children) = row?;
        let starts_at = super::parse_ts(&starts)?;
        let ends_at = starts_at + Duration::minutes(minutes);
        if ends_at <= from {
            continue;
        }
        let mut children = children
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse().map(ChildId).map_err(|_| {
                    StoreError::Corrupt(format!("session {session}: bad child id «{c}»"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        children.sort_unstable();
        out.push(Busy {
            session,
            room: RoomId(room),
            psychologist: StaffId(psychologist),
            children,
            starts_at,
            ends_at,
        });
    }
    Ok(out)
}

/// The query, with the states that hold their time spelt out from the domain's own rule.
fn query() -> &'static str {
    static QUERY: OnceLock<String> = OnceLock::new();
    QUERY.get_or_init(|| {
        let holding: Vec<String> = SessionState::ALL
            .iter()
            .filter(|s| s.holds_time())
            .map(|s| format!("'{}'", s.key()))
            .collect();
        format!(
            "SELECT s.id, s.room_id, s.psychologist_id, s.starts_at, s.minutes,
                    (SELECT group_concat(p.child_id) FROM session_participants p WHERE p.session_id = s.id)
             FROM sessions s
             WHERE s.starts_at >= ?1 AND s.starts_at < ?2 AND s.state IN ({})
               AND (s.room_id IN (SELECT value FROM json_each(?3))
                    OR s.psychologist_id IN (SELECT value FROM json_each(?4))
                    OR s.id IN (SELECT p.session_id FROM session_participants p
                                WHERE p.child_id IN (SELECT value FROM json_each(?5))))
             ORDER BY s.starts_at, s.id",
            holding.join(", ")
        )
    })
}

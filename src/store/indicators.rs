//! The records the indicators are computed from (`domain::indicators`), read for a period.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreError};
use crate::domain::indicators::{ChildFacts, Facts, RouteFacts, SessionFacts};
use crate::domain::{ChildId, FamilyId, LifeSituation};

impl Store {
    /// The facts behind the indicators of `[from, to)`: every child and route (a route's
    /// support spans periods), the sessions that start in the period, and every restorative
    /// case's facts (a case spans periods too).
    pub fn indicator_facts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Facts, StoreError> {
        let mut situations: HashMap<i64, Vec<LifeSituation>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT child_id, situation FROM child_life_situations ORDER BY child_id, situation",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (child, s) = row?;
            situations
                .entry(child)
                .or_default()
                .push(LifeSituation::from_number(s)?);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, family_id FROM children ORDER BY id")?;
        let children = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
            .map(|row| {
                let (id, family) = row?;
                Ok(ChildFacts {
                    child: ChildId(id),
                    family: FamilyId(family),
                    situations: situations.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let sessions = super::sessions::between(&self.conn, from, to + Duration::seconds(1))?
            .into_iter()
            .filter(|b| b.session.starts_at < to)
            .map(|b| SessionFacts {
                kind: b.session.kind,
                state: b.state,
                starts_at: b.session.starts_at,
                children: b.session.participants,
            })
            .collect();

        let mut done: HashMap<i64, Vec<DateTime<Utc>>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT route_id, done_at FROM route_steps WHERE done_at IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (route, at) = row?;
            done.entry(route).or_default().push(super::parse_ts(&at)?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, child_id, assigned_at, closed_at, improved FROM routes ORDER BY id",
        )?;
        let routes = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<bool>>(4)?,
                ))
            })?
            .map(|row| {
                let (id, child, assigned, closed, improved) = row?;
                Ok(RouteFacts {
                    child: ChildId(child),
                    assigned_at: super::parse_ts(&assigned)?,
                    closed_at: closed.as_deref().map(super::parse_ts).transpose()?,
                    improved,
                    steps_done_at: done.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Rental loans: when each item was lent (its "lend" event, in UTC).
        let mut stmt = self
            .conn
            .prepare("SELECT at FROM rental_item_events WHERE event = 'lend' ORDER BY at")?;
        let loans = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|row| super::parse_ts(&row?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Facts {
            children,
            sessions,
            routes,
            loans: Some(loans),
            cases: self.restorative_facts()?,
        })
    }
}

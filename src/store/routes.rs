//! Help routes assigned to children: the dated steps copied from the template, marking a step
//! done (optionally linked to the session it happened in), and closing a route with the
//! family's answer to "has the situation improved?", which the indicators count.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::route::{day_order, DueStep, Partner, RouteTemplate, Texts};
use crate::domain::{ChildId, Role, StaffId};

/// A step of an assigned route, as the psychologist's day and the route screen show it.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteStep {
    pub id: i64,
    pub route: i64,
    pub child: ChildId,
    pub position: u32,
    pub title: Texts,
    pub role: Role,
    pub partner: Option<Partner>,
    pub minutes: u32,
    pub key_step: bool,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    pub session: Option<i64>,
}

/// What the outbox carries for a step: the planned step and the route it belongs to (the
/// centre's indicators need the route to count a done step for its child).
#[derive(Serialize)]
struct StepRecord<'a> {
    route: i64,
    #[serde(flatten)]
    step: &'a crate::domain::route::PlannedStep,
}

#[derive(Serialize)]
struct AssignedRoute<'a> {
    child: ChildId,
    template: &'a str,
    version: u32,
    situation: u8,
}

impl Writer<'_> {
    /// Assigns `template` to `child` now; the steps get their due times from now.
    pub fn assign_route(
        &mut self,
        child: ChildId,
        template: &RouteTemplate,
        by: StaffId,
    ) -> Result<i64, StoreError> {
        self.refuse_if_withdrawn(child)?;
        let open: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM routes WHERE child_id = ?1 AND template = ?2 AND closed_at IS NULL",
                params![child.0, template.key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = open {
            return Err(crate::domain::Refusal::RouteAlreadyFollowed {
                template: template.key.clone(),
                route: id,
            }
            .into());
        }
        self.tx.execute(
            "INSERT INTO routes (child_id, template, template_version, situation, assigned_at, assigned_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![child.0, template.key, template.version, template.situation.number(), super::ts(self.now), by.0],
        )?;
        let route = self.tx.last_insert_rowid();
        self.outbox(
            "route",
            route,
            Op::Insert,
            &AssignedRoute {
                child,
                template: &template.key,
                version: template.version,
                situation: template.situation.number(),
            },
        )?;
        for step in template.plan(self.now) {
            let title = serde_json::to_string(&step.title)
                .map_err(|e| StoreError::Invalid(format!("cannot record a step title: {e}")))?;
            self.tx.execute(
                "INSERT INTO route_steps (route_id, position, title, role, partner, minutes, key_step, due_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![route, step.position, title, step.role.key(), step.partner.map(|p| p.key()), step.minutes, step.key_step, super::ts(step.due_at)],
            )?;
            let id = self.tx.last_insert_rowid();
            self.outbox(
                "route_step",
                id,
                Op::Insert,
                &StepRecord { route, step: &step },
            )?;
        }
        Ok(route)
    }

    /// The ids of route `route`'s steps, in order.
    pub fn route_step_ids(&self, route: i64) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .tx
            .prepare("SELECT id FROM route_steps WHERE route_id = ?1 ORDER BY position")?;
        let ids = stmt
            .query_map([route], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }

    /// Marks step `step` done now, by `by`, optionally in session `session`.
    pub fn complete_step(
        &mut self,
        step: i64,
        session: Option<i64>,
        by: StaffId,
    ) -> Result<(), StoreError> {
        let done: Option<Option<String>> = self
            .tx
            .query_row(
                "SELECT done_at FROM route_steps WHERE id = ?1",
                [step],
                |r| r.get(0),
            )
            .optional()?;
        match done {
            None => {
                return Err(StoreError::NotFound {
                    what: "route step",
                    id: step,
                })
            }
            Some(Some(_)) => {
                return Err(StoreError::Invalid(format!(
                    "route step {step} is already done"
                )))
            }
            Some(None) => {}
        }
        let child: i64 = self.tx.query_row(
            "SELECT r.child_id FROM route_steps s JOIN routes r ON r.id = s.route_id WHERE s.id = ?1",
            [step],
            |r| r.get(0),
        )?;
        self.refuse_if_withdrawn(ChildId(child))?;
        if let Some(s) = session {
            super::sessions::one(&self.tx, s)?;
        }
        self.tx.execute(
            "UPDATE route_steps SET done_at = ?1, done_by = ?2, session_id = coalesce(?3, session_id) WHERE id = ?4",
            params![super::ts(self.now), by.0, session, step],
        )?;
        self.outbox("route_step_done", step, Op::Update, &(by, session))?;
        Ok(())
    }

    /// Links step `step` to the session where it is planned to happen.
    pub fn link_step(&mut self, step: i64, session: i64) -> Result<(), StoreError> {
        super::sessions::one(&self.tx, session)?;
        let n = self.tx.execute(
            "UPDATE route_steps SET session_id = ?1 WHERE id = ?2",
            params![session, step],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "route step",
                id: step,
            });
        }
        self.outbox("route_step_session", step, Op::Update, &session)?;
        Ok(())
    }

    /// Closes route `route` with the family's answer: improved (`Some(true)`), not
    /// (`Some(false)`), or not given (`None`).
    pub fn close_route(
        &mut self,
        route: i64,
        improved: Option<bool>,
        by: StaffId,
    ) -> Result<(), StoreError> {
        let n = self.tx.execute(
            "UPDATE routes SET closed_at = ?1, improved = ?2 WHERE id = ?3 AND closed_at IS NULL",
            params![super::ts(self.now), improved, route],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!(
                "route {route} does not exist or is already closed"
            )));
        }
        self.outbox("route_closed", route, Op::Update, &(improved, by))?;
        Ok(())
    }
}

/// A `route_steps` row's columns, in `step_row`'s order.
type StepColumns = (
    i64,
    i64,
    i64,
    u32,
    String,
    String,
    Option<String>,
    u32,
    bool,
    String,
    Option<String>,
    Option<i64>,
);

fn step_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StepColumns> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
    ))
}

const STEP_COLUMNS: &str = "SELECT s.id, s.route_id, r.child_id, s.position, s.title, s.role, s.partner, s.minutes, s.key_step, s.due_at, s.done_at, s.session_id
     FROM route_steps s JOIN routes r ON r.id = s.route_id";

impl Store {
    fn steps_where(&self, filter: &str, arg: i64) -> Result<Vec<RouteStep>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{STEP_COLUMNS} {filter}"))?;
        let rows = stmt
            .query_map([arg], step_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(
                    id,
                    route,
                    child,
                    position,
                    title,
                    role,
                    partner,
                    minutes,
                    key_step,
                    due,
                    done,
                    session,
                )| {
                    Ok(RouteStep {
                        id,
                        route,
                        child: ChildId(child),
                        position,
                        title: serde_json::from_str(&title).map_err(|e| {
                            StoreError::Corrupt(format!(
                                "route step {id} has an unreadable title: {e}"
                            ))
                        })?,
                        role: Role::from_key(&role)?,
                        partner: partner.as_deref().map(Partner::from_key).transpose()?,
                        minutes,
                        key_step,
                        due_at: super::parse_ts(&due)?,
                        done_at: done.as_deref().map(super::parse_ts).transpose()?,
                        session,
                    })
                },
            )
            .collect()
    }

    /// The steps of route `route`, in order.
    pub fn route_steps(&self, route: i64) -> Result<Vec<RouteStep>, StoreError> {
        self.steps_where("WHERE s.route_id = ?1 ORDER BY s.position", route)
    }

    /// Every open step of every open route, overdue first (see `route::day_order`).
    pub fn open_steps(&self, now: DateTime<Utc>) -> Result<Vec<RouteStep>, StoreError> {
        let mut steps = self.steps_where(
            "WHERE s.done_at IS NULL AND r.closed_at IS NULL AND ?1 = ?1",
            0,
        )?;
        let mut order: Vec<DueStep> = steps
            .iter()
            .map(|s| DueStep {
                id: s.id,
                due_at: s.due_at,
                key_step: s.key_step,
            })
            .collect();
        day_order(&mut order, now);
        let rank: std::collections::HashMap<i64, usize> =
            order.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        steps.sort_by_key(|s| rank[&s.id]);
        Ok(steps)
    }

    /// The open routes of `child`: (route id, template key).
    pub fn open_routes(&self, child: ChildId) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, template FROM routes WHERE child_id = ?1 AND closed_at IS NULL ORDER BY id",
        )?;
        let rows = stmt
            .query_map([child.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

//! Everything the kiosk keeps about one family, read in one go for the family's right of access
//! (152-ФЗ, art. 14): the family, each child with their consents, check-ins, sessions,
//! diagnostics, routes, and the loans, checks and queue places of the family, and who opened a
//! child's results. `report::family_export` turns it into the readable file and the JSON.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{Store, StoreError};
use crate::domain::{Child, Family, FamilyId};

#[derive(Debug, Clone, Serialize)]
pub struct FamilyData {
    pub family: Family,
    pub created_at: String,
    pub children: Vec<ChildData>,
    pub loans: Vec<LoanData>,
    pub category_checks: Vec<CategoryCheckData>,
    pub queue: Vec<QueueData>,
    /// Audit entries that name this family or one of its children.
    pub audit: Vec<AuditData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChildData {
    pub child: Child,
    pub consents: Vec<ConsentData>,
    pub check_ins: Vec<CheckInData>,
    pub sessions: Vec<SessionData>,
    pub diagnostics: Vec<DiagnosticData>,
    pub routes: Vec<RouteData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentData {
    pub version: String,
    pub language: String,
    pub text: String,
    pub signed_at: String,
    pub withdrawn_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckInData {
    pub at: String,
    pub mood: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionData {
    pub starts_at: String,
    pub minutes: i64,
    pub kind: String,
    pub state: String,
    pub psychologist: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticData {
    pub instrument: String,
    pub version: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// The scores as JSON text, when finished.
    pub outcome: Option<String>,
    pub drawings: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteData {
    pub template: String,
    pub assigned_at: String,
    pub closed_at: Option<String>,
    pub steps: Vec<RouteStepData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteStepData {
    pub title: String,
    pub due_at: String,
    pub done_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoanData {
    pub kind: String,
    pub inventory_number: String,
    pub started_on: String,
    pub due_on: String,
    pub returned_on: Option<String>,
    pub contract_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryCheckData {
    pub category: String,
    pub documents_seen: String,
    pub checked_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueData {
    pub kind: String,
    pub since: String,
    pub served_at: Option<String>,
    pub left_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditData {
    pub at: String,
    pub event: String,
    pub detail: String,
    /// The colleague, by name.
    pub by: Option<String>,
}

impl Store {
    /// Everything kept about `family`.
    pub fn family_data(&self, family: FamilyId) -> Result<FamilyData, StoreError> {
        let f = self
            .families()?
            .into_iter()
            .find(|f| f.id == family)
            .ok_or(StoreError::NotFound {
                what: "family",
                id: family.0,
            })?;
        let created_at = self.conn.query_row(
            "SELECT created_at FROM families WHERE id = ?1",
            [family.0],
            |r| r.get(0),
        )?;
        let mut children = Vec::new();
        let mut names = vec![format!("family={}", family.0)];
        for child in self.children_of(family)? {
            names.push(format!("child={}", child.id.0));
            children.push(child_data(&self.conn, child)?);
        }
        let c = &self.conn;
        Ok(FamilyData {
            family: f,
            created_at,
            children,
            loans: rows(c, "SELECT i.kind, i.inventory_number, l.started_on, l.due_on, l.returned_on, l.contract_text
                            FROM rental_loans l JOIN rental_items i ON i.id = l.item_id WHERE l.family_id = ?1 ORDER BY l.id", family.0, |r| {
                Ok(LoanData { kind: r.get(0)?, inventory_number: r.get(1)?, started_on: r.get(2)?, due_on: r.get(3)?, returned_on: r.get(4)?, contract_text: r.get(5)? })
            })?,
            category_checks: rows(c, "SELECT category, documents_seen, checked_on FROM family_category_checks WHERE family_id = ?1 ORDER BY id", family.0, |r| {
                Ok(CategoryCheckData { category: r.get(0)?, documents_seen: r.get(1)?, checked_on: r.get(2)? })
            })?,
            queue: rows(c, "SELECT kind, since, served_at, left_at FROM rental_queue WHERE family_id = ?1 ORDER BY id", family.0, |r| {
                Ok(QueueData { kind: r.get(0)?, since: r.get(1)?, served_at: r.get(2)?, left_at: r.get(3)? })
            })?,
            audit: audit_of(c, &names)?,
        })
    }
}

fn child_data(c: &Connection, child: Child) -> Result<ChildData, StoreError> {
    let id = child.id.0;
    let mut routes: Vec<(i64, RouteData)> = rows(
        c,
        "SELECT id, template, assigned_at, closed_at FROM routes WHERE child_id = ?1 ORDER BY id",
        id,
        |r| {
            Ok((
                r.get(0)?,
                RouteData {
                    template: r.get(1)?,
                    assigned_at: r.get(2)?,
                    closed_at: r.get(3)?,
                    steps: Vec::new(),
                },
            ))
        },
    )?;
    for (route, data) in &mut routes {
        data.steps = rows(
            c,
            "SELECT title, due_at, done_at FROM route_steps WHERE route_id = ?1 ORDER BY position",
            *route,
            |r| {
                Ok(RouteStepData {
                    title: r.get(0)?,
                    due_at: r.get(1)?,
                    done_at: r.get(2)?,
                })
            },
        )?;
    }
    Ok(ChildData {
        consents: rows(c, "SELECT document_version, language, document_text, signed_at, withdrawn_at FROM consents WHERE child_id = ?1 ORDER BY id", id, |r| {
            Ok(ConsentData { version: r.get(0)?, language: r.get(1)?, text: r.get(2)?, signed_at: r.get(3)?, withdrawn_at: r.get(4)? })
        })?,
        check_ins: rows(c, "SELECT at, mood FROM check_ins WHERE child_id = ?1 ORDER BY at", id, |r| {
            Ok(CheckInData { at: r.get(0)?, mood: r.get(1)? })
        })?,
        sessions: rows(c, "SELECT s.starts_at, s.minutes, s.kind, s.state, st.first_name || ' ' || st.last_name
                           FROM sessions s JOIN session_participants p ON p.session_id = s.id JOIN staff st ON st.id = s.psychologist_id
                           WHERE p.child_id = ?1 ORDER BY s.starts_at", id, |r| {
            Ok(SessionData { starts_at: r.get(0)?, minutes: r.get(1)?, kind: r.get(2)?, state: r.get(3)?, psychologist: r.get(4)? })
        })?,
        diagnostics: rows(c, "SELECT a.instrument, a.instrument_version, a.started_at, a.finished_at, a.outcome,
                                     (SELECT count(*) FROM drawings d WHERE d.administration_id = a.id)
                              FROM administrations a WHERE a.child_id = ?1 ORDER BY a.started_at", id, |r| {
            Ok(DiagnosticData { instrument: r.get(0)?, version: r.get(1)?, started_at: r.get(2)?, finished_at: r.get(3)?, outcome: r.get(4)?, drawings: r.get(5)? })
        })?,
        routes: routes.into_iter().map(|(_, r)| r).collect(),
        child,
    })
}

/// Audit entries whose detail names one of `names` (`family=3`, `child=7`) exactly.
fn audit_of(c: &Connection, names: &[String]) -> Result<Vec<AuditData>, StoreError> {
    let mut stmt = c.prepare(
        "SELECT a.at, a.event, a.detail, s.first_name || ' ' || s.last_name
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
         WHERE a.detail != '' ORDER BY a.id",
    )?;
    let all = stmt.query_map(params![], |r| {
        Ok(AuditData {
            at: r.get(0)?,
            event: r.get(1)?,
            detail: r.get(2)?,
            by: r.get(3)?,
        })
    })?;
    let mut out = Vec::new();
    for entry in all {
        let entry = entry?;
        if entry
            .detail
            .split(' ')
            .any(|part| names.iter().any(|n| n == part))
        {
            out.push(entry);
        }
    }
    Ok(out)
}

fn rows<T>(
    c: &Connection,
    sql: &str,
    arg: i64,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = c.prepare(sql)?;
    let out = stmt.query_map([arg], map)?.collect::<Result<Vec<_>, _>>()?;
    Ok(out)
}

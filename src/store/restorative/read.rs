//! Reading restorative cases: the list anyone with the area sees (a case exists, its stage),
//! the facilitator's due agreement items, the referral card's candidates, the indicators'
//! facts, and the whole case (only through [`super::access`], which audits the opening).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::types::{
    CaseCandidate, CaseRow, CaseView, DueItem, MeetingRow, PartyView, Side, VoiceAnswers,
    VoiceMoment, VoiceRow,
};
use crate::domain::restorative::{
    standing, Case, CaseFacts, CaseId, PartyId, PartyWho, SideTimes, Stage,
};
use crate::domain::{ChildId, FamilyId, StaffId};
use crate::store::{parse_ts, Store, StoreError};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// The case's saved state.
pub(super) fn load(conn: &Connection, id: CaseId) -> Result<Case, StoreError> {
    let state: Option<String> = conn
        .query_row(
            "SELECT state FROM restorative_cases WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?;
    let state = state.ok_or(StoreError::NotFound {
        what: "restorative case",
        id: id.0,
    })?;
    serde_json::from_str(&state).map_err(|e| corrupt("a restorative case cannot be read", e))
}

/// Whether `viewer` may open case `id`: its facilitator, or an administrator.
pub(super) fn may_open(
    conn: &Connection,
    viewer: StaffId,
    facilitator: Option<i64>,
) -> Result<bool, StoreError> {
    if facilitator == Some(viewer.0) {
        return Ok(true);
    }
    is_admin(conn, viewer)
}

/// Whether `viewer` is an administrator (who may open every case): read once per list.
fn is_admin(conn: &Connection, viewer: StaffId) -> Result<bool, StoreError> {
    let role: Option<String> = conn
        .query_row("SELECT role FROM staff WHERE id = ?1", [viewer.0], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(role.as_deref() == Some("admin"))
}

/// [`may_open`] with the viewer's role already read.
fn may_open_as(admin: bool, viewer: StaffId, facilitator: Option<i64>) -> bool {
    admin || facilitator == Some(viewer.0)
}

fn all_cases(conn: &Connection) -> Result<Vec<(Case, Option<i64>)>, StoreError> {
    cases_where(
        conn,
        "SELECT state, facilitator FROM restorative_cases ORDER BY id",
    )
}

/// The cases `sql` selects (`state, facilitator`), deserialised.
fn cases_where(conn: &Connection, sql: &str) -> Result<Vec<(Case, Option<i64>)>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
    })?;
    rows.map(|row| {
        let (state, facilitator) = row?;
        let case = serde_json::from_str(&state)
            .map_err(|e| corrupt("a restorative case cannot be read", e))?;
        Ok((case, facilitator))
    })
    .collect()
}

impl Store {
    /// Every case for the case list: open ones first (newest referral first), then closed.
    pub fn restorative_cases(&self, viewer: StaffId) -> Result<Vec<CaseRow>, StoreError> {
        let today = self.today();
        let admin = is_admin(&self.conn, viewer)?;
        let mut rows = all_cases(&self.conn)?
            .into_iter()
            .map(|(case, facilitator)| {
                let may_open = may_open_as(admin, viewer, facilitator);
                CaseRow {
                    id: case.id,
                    kind: case.kind,
                    stage: case.stage,
                    referred_on: case.referred_on,
                    may_open,
                    overdue: if may_open {
                        case.overdue(today).len()
                    } else {
                        0
                    },
                }
            })
            .collect::<Vec<_>>();
        rows.sort_by_key(|r| {
            (
                r.stage.is_closed(),
                std::cmp::Reverse((r.referred_on, r.id)),
            )
        });
        Ok(rows)
    }

    /// Open agreement items of the viewer's cases (an administrator's: every case), overdue
    /// first, then by date: the facilitator's due steps.
    pub fn restorative_due(
        &self,
        viewer: StaffId,
        today: NaiveDate,
    ) -> Result<Vec<DueItem>, StoreError> {
        let admin = is_admin(&self.conn, viewer)?;
        let mut due = Vec::new();
        // Closed cases are left out by their stage column, before their state is read.
        let open = cases_where(
            &self.conn,
            "SELECT state, facilitator FROM restorative_cases WHERE stage <> 'closed' ORDER BY id",
        )?;
        for (case, facilitator) in open {
            if case.stage.is_closed() || !may_open_as(admin, viewer, facilitator) {
                continue;
            }
            let Some(agreement) = &case.agreement else {
                continue;
            };
            for (item, it) in agreement.items.iter().enumerate() {
                if it.status == crate::domain::restorative::ItemStatus::Open {
                    due.push(DueItem {
                        case: case.id,
                        item,
                        what: it.what.clone(),
                        by: it.by,
                        overdue: it.by < today,
                    });
                }
            }
        }
        due.sort_by_key(|d| (!d.overdue, d.by, d.case, d.item));
        Ok(due)
    }

    /// Enrolled children a referral may name (their consent stands), by name, with the
    /// family's parent, the usual legal representative.
    pub fn case_candidates(&self) -> Result<Vec<CaseCandidate>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.family_id, c.first_name || ' ' || c.surname, f.parent_name
             FROM children c JOIN families f ON f.id = c.family_id
             WHERE NOT EXISTS (SELECT 1 FROM consents k WHERE k.child_id = c.id AND k.withdrawn_at IS NOT NULL)
             ORDER BY c.surname, c.first_name, c.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CaseCandidate {
                child: ChildId(r.get(0)?),
                family: FamilyId(r.get(1)?),
                child_name: r.get(2)?,
                parent_name: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What the indicators count of every case.
    pub fn restorative_facts(&self) -> Result<Vec<CaseFacts>, StoreError> {
        Ok(all_cases(&self.conn)?
            .iter()
            .map(|(c, _)| c.facts())
            .collect())
    }

    /// Today in the kiosk's zone, by the store's clock.
    pub(crate) fn today(&self) -> NaiveDate {
        crate::platform::clock::now()
            .with_timezone(&crate::platform::clock::zone())
            .date_naive()
    }
}

/// The whole case, for someone [`may_open`] already allowed.
pub(super) fn view(conn: &Connection, id: CaseId) -> Result<CaseView, StoreError> {
    let case = load(conn, id)?;
    let (conflict, facilitator_name, told): (String, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT r.conflict, s.last_name || ' ' || s.first_name, r.harmed_told_at
         FROM restorative_cases r LEFT JOIN staff s ON s.id = r.facilitator WHERE r.id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
    let parties = case
        .parties
        .iter()
        .map(|p| party_view(conn, &case, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CaseView {
        meetings: meetings(conn, id)?,
        voices: voices(conn, id)?,
        pauses: column_times(
            conn,
            "SELECT at FROM restorative_pauses WHERE case_id = ?1 ORDER BY at, id",
            id,
        )?,
        copies_allowed: conn
            .prepare(
                "SELECT party_id FROM restorative_copies WHERE case_id = ?1 ORDER BY party_id",
            )?
            .query_map([id.0], |r| Ok(PartyId(r.get(0)?)))?
            .collect::<Result<_, _>>()?,
        harmed_party_told: told.as_deref().map(parse_ts).transpose()?,
        case,
        conflict,
        facilitator_name,
        parties,
    })
}

fn party_view(
    conn: &Connection,
    case: &Case,
    p: &crate::domain::restorative::Party,
) -> Result<PartyView, StoreError> {
    let (family, side): (i64, String) = conn.query_row(
        "SELECT family_id, side FROM restorative_parties WHERE case_id = ?1 AND party_id = ?2",
        params![case.id.0, p.id.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (name, first_name) = match &p.who {
        PartyWho::Child(child) => conn.query_row(
            "SELECT first_name || ' ' || surname, first_name FROM children WHERE id = ?1",
            [child.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?,
        PartyWho::Adult { name, .. } => (name.clone(), first_of(name)),
    };
    Ok(PartyView {
        party: p.clone(),
        name,
        first_name,
        family: FamilyId(family),
        standing: standing(p, &case.consents),
        side: if side == "harmed" {
            Side::Harmed
        } else {
            Side::Other
        },
    })
}

/// An adult's first name from «Фамилия Имя Отчество» (the second word when there are
/// three or more, else the first).
fn first_of(full: &str) -> String {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.len() {
        0 => String::new(),
        1 | 2 => words[0].to_owned(),
        _ => words[1].to_owned(),
    }
}

fn column_times(
    conn: &Connection,
    sql: &str,
    id: CaseId,
) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError> {
    let texts: Vec<String> = conn
        .prepare(sql)?
        .query_map([id.0], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    texts.iter().map(|t| parse_ts(t)).collect()
}

fn meetings(conn: &Connection, id: CaseId) -> Result<Vec<MeetingRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT m.session_id, s.starts_at, s.minutes, m.harmed_arrives, m.harmed_leaves, m.other_arrives, m.other_leaves
         FROM restorative_meetings m JOIN sessions s ON s.id = m.session_id
         WHERE m.case_id = ?1 ORDER BY s.starts_at",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            [
                r.get::<_, String>(1)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ],
            r.get::<_, u32>(2)?,
        ))
    })?;
    rows.map(|row| {
        let (session, t, minutes) = row?;
        Ok(MeetingRow {
            session,
            starts_at: parse_ts(&t[0])?,
            minutes,
            harmed_side: SideTimes {
                arrives: parse_ts(&t[1])?,
                leaves: parse_ts(&t[2])?,
            },
            other_side: SideTimes {
                arrives: parse_ts(&t[3])?,
                leaves: parse_ts(&t[4])?,
            },
        })
    })
    .collect()
}

fn voices(conn: &Connection, id: CaseId) -> Result<Vec<VoiceRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT child_id, moment, answers, at FROM restorative_voices WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (child, moment, answers, at) = row?;
        Ok(VoiceRow {
            child: ChildId(child),
            moment: if moment == "before" {
                VoiceMoment::Before
            } else {
                VoiceMoment::After
            },
            answers: serde_json::from_str::<VoiceAnswers>(&answers)
                .map_err(|e| corrupt("a child's answers cannot be read", e))?,
            at: parse_ts(&at)?,
        })
    })
    .collect()
}

/// The stage key stored beside the state, for the lists.
pub(super) fn stage_key(stage: Stage) -> &'static str {
    stage.key()
}

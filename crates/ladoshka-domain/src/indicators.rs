//! The project indicators centres report (seed 001, «Показатели эффективности»), computed from
//! the records for a period. Each definition is written down here, next to its computation,
//! because a number in a report is only as good as the rule that made it.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::restorative::CaseFacts;
use super::{ChildId, FamilyId, LifeSituation, SessionKind, SessionState};

pub mod restorative;

pub use restorative::Restorative;

/// A child as the indicators see them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildFacts {
    pub child: ChildId,
    pub family: FamilyId,
    pub situations: Vec<LifeSituation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionFacts {
    pub kind: SessionKind,
    pub state: SessionState,
    pub starts_at: DateTime<Utc>,
    pub children: Vec<ChildId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RouteFacts {
    pub child: ChildId,
    pub assigned_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The family's answer when the route closed.
    pub improved: Option<bool>,
    /// When each completed step was done.
    pub steps_done_at: Vec<DateTime<Utc>>,
}

/// Everything the indicators are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub children: Vec<ChildFacts>,
    pub sessions: Vec<SessionFacts>,
    pub routes: Vec<RouteFacts>,
    /// Start times of rental loans; `None` while this kiosk records no loans.
    pub loans: Option<Vec<DateTime<Utc>>>,
    /// Every restorative case of the reconciliation room, as the indicators see it; empty
    /// where the kiosk has none.
    pub cases: Vec<CaseFacts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Improvement {
    /// Families whose route closed in the period with an answer.
    pub answered: usize,
    /// Of those, families that said the situation improved.
    pub improved: usize,
}

impl Improvement {
    /// The share in per cent, or `None` when nobody answered.
    pub fn percent(&self) -> Option<f64> {
        (self.answered > 0).then(|| 100.0 * self.improved as f64 / self.answered as f64)
    }
}

/// The indicators for `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// 1. Children who received help: a done session or a completed route step in the period.
    pub children_helped: usize,
    /// 1.1–1.4 by life situation (a child in two situations counts in both).
    pub children_by_situation: Vec<(LifeSituation, usize)>,
    /// Helped children with no situation recorded (preventive work).
    pub children_without_situation: usize,
    /// 2. Families of the children helped.
    pub families_helped: usize,
    /// 2.1 Families under social support: a child with a route open at any time in the period.
    pub families_supported: usize,
    /// 3. Parents helped: families that took part in a done family or reconciliation meeting.
    pub parents_helped: usize,
    /// 4. Families that noted an improvement, of those who answered at a route's close.
    pub improvement: Improvement,
    /// Done sessions by kind (every kind listed, zero included), and their total.
    pub sessions_by_kind: Vec<(SessionKind, usize)>,
    pub sessions_held: usize,
    /// Rental loans started in the period (`None` until rental records exist).
    pub rental_loans: Option<usize>,
    /// В. The reconciliation room's restorative programmes ([`restorative::count`], whose
    /// fields carry the definitions); `None` where the facts hold no case at all.
    pub restorative: Option<Restorative>,
}

fn within(t: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
    from <= t && t < to
}

/// Computes the indicators of `facts` for `[from, to)`.
pub fn compute(facts: &Facts, from: DateTime<Utc>, to: DateTime<Utc>) -> Indicators {
    // Looked up once per child and session: a map, not a search (a region's centre folds
    // hundreds of thousands of children; the first record of an id counts, as before).
    let mut by_id: HashMap<ChildId, &ChildFacts> = HashMap::with_capacity(facts.children.len());
    for c in &facts.children {
        by_id.entry(c.child).or_insert(c);
    }
    let child = |id: ChildId| by_id.get(&id).copied();
    let held: Vec<&SessionFacts> = facts
        .sessions
        .iter()
        .filter(|s| s.state == SessionState::Done && within(s.starts_at, from, to))
        .collect();

    let mut helped: BTreeSet<ChildId> = held
        .iter()
        .flat_map(|s| s.children.iter().copied())
        .collect();
    helped.extend(
        facts
            .routes
            .iter()
            .filter(|r| r.steps_done_at.iter().any(|t| within(*t, from, to)))
            .map(|r| r.child),
    );

    let families_of = |ids: &mut dyn Iterator<Item = ChildId>| -> BTreeSet<FamilyId> {
        ids.filter_map(|c| child(c).map(|c| c.family)).collect()
    };

    let children_by_situation = LifeSituation::ALL
        .iter()
        .map(|s| {
            (
                *s,
                helped
                    .iter()
                    .filter(|c| child(**c).is_some_and(|c| c.situations.contains(s)))
                    .count(),
            )
        })
        .collect();
    let children_without_situation = helped
        .iter()
        .filter(|c| child(**c).is_none_or(|c| c.situations.is_empty()))
        .count();

    let supported = families_of(
        &mut facts
            .routes
            .iter()
            .filter(|r| r.assigned_at < to && r.closed_at.is_none_or(|c| c >= from))
            .map(|r| r.child),
    );
    let parents = families_of(
        &mut held
            .iter()
            .filter(|s| s.kind == SessionKind::FamilyReconciliation)
            .flat_map(|s| s.children.iter().copied()),
    );

    // One answer per family: a family with several routes closed counts once, as improved if
    // any of its answers says so.
    let closed: Vec<&RouteFacts> = facts
        .routes
        .iter()
        .filter(|r| r.closed_at.is_some_and(|c| within(c, from, to)))
        .collect();
    let answered = families_of(
        &mut closed
            .iter()
            .filter(|r| r.improved.is_some())
            .map(|r| r.child),
    );
    let improved = families_of(
        &mut closed
            .iter()
            .filter(|r| r.improved == Some(true))
            .map(|r| r.child),
    );

    let sessions_by_kind: Vec<(SessionKind, usize)> = SessionKind::ALL
        .iter()
        .map(|k| (*k, held.iter().filter(|s| s.kind == *k).count()))
        .collect();
    Indicators {
        from,
        to,
        children_helped: helped.len(),
        children_by_situation,
        children_without_situation,
        families_helped: families_of(&mut helped.iter().copied()).len(),
        families_supported: supported.len(),
        parents_helped: parents.len(),
        improvement: Improvement {
            answered: answered.len(),
            improved: improved.len(),
        },
        sessions_held: held.len(),
        sessions_by_kind,
        rental_loans: facts
            .loans
            .as_ref()
            .map(|l| l.iter().filter(|t| within(**t, from, to)).count()),
        restorative: (!facts.cases.is_empty())
            .then(|| restorative::count(&facts.cases, restorative::Days::of(from, to))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use LifeSituation::*;

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap()
    }
    fn kid(id: i64, family: i64, situations: &[LifeSituation]) -> ChildFacts {
        ChildFacts {
            child: ChildId(id),
            family: FamilyId(family),
            situations: situations.to_vec(),
        }
    }
    fn session(kind: SessionKind, state: SessionState, d: u32, kids: &[i64]) -> SessionFacts {
        SessionFacts {
            kind,
            state,
            starts_at: day(d),
            children: kids.iter().map(|k| ChildId(*k)).collect(),
        }
    }
    fn route(
        child: i64,
        assigned: u32,
        closed: Option<u32>,
        improved: Option<bool>,
        done: &[u32],
    ) -> RouteFacts {
        RouteFacts {
            child: ChildId(child),
            assigned_at: day(assigned),
            closed_at: closed.map(day),
            improved,
            steps_done_at: done.iter().map(|d| day(*d)).collect(),
        }
    }

    /// A hand-computed fixture: the period is 10–20 November.
    fn fixture() -> Facts {
        use SessionKind::*;
        use SessionState::*;
        Facts {
            children: vec![
                kid(1, 1, &[LossOfParents]),
                kid(2, 1, &[LossOfParents]),
                kid(3, 2, &[AbuseOrAssault, Emergency]),
                kid(4, 3, &[]),
                kid(5, 4, &[ReturnFromCombatZone]),
                kid(6, 5, &[Emergency]),
            ],
            sessions: vec![
                session(IndividualPlayTherapy, Done, 12, &[1]),
                session(FamilyReconciliation, Done, 13, &[1, 2]),
                session(Group, Done, 14, &[3, 4]),
                session(IndividualPlayTherapy, Cancelled, 15, &[5]), // not held
                session(IndividualPlayTherapy, Done, 9, &[5]),       // before the period
                session(Diagnostic, Planned, 16, &[6]),              // not held
                session(Diagnostic, Done, 20, &[6]),                 // the end is exclusive
            ],
            routes: vec![
                route(1, 1, Some(18), Some(true), &[2, 18]), // family 1: improved
                route(2, 1, Some(19), Some(false), &[]), // family 1 again: counts once, improved
                route(3, 5, Some(15), Some(false), &[]), // family 2: not improved
                route(5, 3, None, None, &[11]), // open: supported; a step done → child 5 helped
                route(6, 1, Some(8), Some(true), &[]), // closed before the period
                route(4, 21, None, None, &[]),  // assigned after the period
            ],
            loans: None,
            cases: Vec::new(),
        }
    }

    #[test]
    fn every_indicator_matches_the_hand_count() {
        let i = compute(&fixture(), day(10), day(20));
        // Helped: 1, 2 (sessions), 3, 4 (group), 5 (route step on the 11th). Not 6.
        assert_eq!(i.children_helped, 5);
        assert_eq!(
            i.children_by_situation,
            vec![
                (LossOfParents, 2),
                (AbuseOrAssault, 1),
                (Emergency, 1),
                (ReturnFromCombatZone, 1)
            ]
        );
        assert_eq!(i.children_without_situation, 1);
        // Families 1, 2, 3, 4.
        assert_eq!(i.families_helped, 4);
        // Routes open at some time in the period: children 1, 2 (family 1), 3 (family 2), 5 (family 4).
        assert_eq!(i.families_supported, 3);
        // The family meeting on the 13th: family 1.
        assert_eq!(i.parents_helped, 1);
        // Closed in the period with an answer: family 1 (yes and no → improved), family 2 (no).
        assert_eq!(
            i.improvement,
            Improvement {
                answered: 2,
                improved: 1
            }
        );
        assert_eq!(i.improvement.percent(), Some(50.0));
        assert_eq!(
            i.sessions_by_kind,
            vec![
                (SessionKind::IndividualPlayTherapy, 1),
                (SessionKind::Group, 1),
                (SessionKind::FamilyReconciliation, 1),
                (SessionKind::Diagnostic, 0)
            ]
        );
        assert_eq!(i.sessions_held, 3);
        assert_eq!(i.rental_loans, None);
    }

    #[test]
    fn an_empty_period_is_all_zero_and_no_share() {
        let i = compute(&fixture(), day(25), day(26));
        assert_eq!(i.children_helped, 0);
        assert_eq!(
            i.families_supported, 2,
            "routes still open are support, even in a quiet week"
        );
        assert_eq!(i.improvement.percent(), None);
        assert_eq!(i.sessions_held, 0);
    }

    #[test]
    fn loans_count_when_recorded() {
        let mut f = fixture();
        f.loans = Some(vec![day(9), day(10), day(19), day(20)]);
        assert_eq!(compute(&f, day(10), day(20)).rental_loans, Some(2));
    }
}

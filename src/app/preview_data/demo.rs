//! The demo centre's week, door, route steps, indicators and rental block as the screenshots
//! show them, made without a store.

use chrono::NaiveDate;

use super::*;

/// The demo centre's week as the calendar reads it: sessions before `day` noon held, one
/// running, the rest planned, some children checked in.
pub(crate) fn demo_calendar(
    centre: &crate::demo::DemoCentre,
    day: NaiveDate,
) -> Vec<crate::store::CalendarEntry> {
    use crate::domain::SessionState;
    let noon = crate::app::clock::at_local(day, 12, 0);
    let mut child_ids = std::collections::HashMap::new();
    centre
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = s.starts_at + chrono::Duration::minutes(s.minutes.into());
            let state = if end <= noon {
                if i % 7 == 3 {
                    SessionState::NoShow
                } else {
                    SessionState::Done
                }
            } else if s.starts_at <= noon {
                SessionState::InProgress
            } else {
                SessionState::Planned
            };
            let people: Vec<crate::store::CalendarPerson> = s
                .participants
                .iter()
                .map(|(f, c)| {
                    let next = child_ids.len() as i64 + 1;
                    let child = &centre.families[*f].children[*c];
                    crate::store::CalendarPerson {
                        child: crate::domain::ChildId(*child_ids.entry((*f, *c)).or_insert(next)),
                        avatar: child.avatar,
                        first_name: child.first_name.to_owned(),
                        surname: child.surname.to_owned(),
                        arrived: state != SessionState::Planned && state != SessionState::NoShow
                            || (s.starts_at - noon).num_minutes().abs() < 20,
                    }
                })
                .collect();
            crate::store::CalendarEntry {
                id: i as i64 + 1,
                session: crate::domain::NewSession {
                    room: crate::domain::RoomId(s.room as i64 + 1),
                    psychologist: crate::domain::StaffId(s.psychologist as i64 + 1),
                    kind: s.kind,
                    starts_at: s.starts_at,
                    minutes: s.minutes,
                    participants: people.iter().map(|p| p.child).collect(),
                },
                state,
                people,
                in_series: false,
            }
        })
        .collect()
}

/// The demo month's indicators: its held sessions, and routes for the children in a life
/// situation (every fifth closed, most of those with an improvement).
pub(crate) fn demo_indicators(
    centre: &crate::demo::DemoCentre,
    calendar: &[crate::store::CalendarEntry],
    day: NaiveDate,
) -> crate::domain::indicators::Indicators {
    use crate::domain::indicators::{compute, ChildFacts, Facts, RouteFacts, SessionFacts};
    let (_, _, from, to) = month_of(day);
    let noon = crate::app::clock::at_local(day, 12, 0);
    let mut children = Vec::new();
    let mut routes = Vec::new();
    let mut n = 0;
    for (f, family) in centre.families.iter().enumerate() {
        for c in &family.children {
            n += 1;
            let child = crate::domain::ChildId(n);
            children.push(ChildFacts {
                child,
                family: crate::domain::FamilyId(f as i64 + 1),
                situations: c.situations.clone(),
            });
            if !c.situations.is_empty() {
                let closed = (n % 5 == 0).then_some(noon);
                routes.push(RouteFacts {
                    child,
                    assigned_at: from,
                    closed_at: closed,
                    improved: closed.map(|_| n % 3 != 0),
                    steps_done_at: vec![noon],
                });
            }
        }
    }
    let sessions = calendar
        .iter()
        .map(|e| SessionFacts {
            kind: e.session.kind,
            state: e.state,
            starts_at: e.session.starts_at,
            children: e.session.participants.clone(),
        })
        .collect();
    compute(
        &Facts {
            children,
            sessions,
            routes,
            loans: None,
            cases: demo_case_facts(day),
        },
        from,
        to,
    )
}

/// The demo's three restorative cases (`crate::demo::restorative`) as the indicators see
/// them, on the demo's `today`: a mediation from the КДНиЗП at the preliminary meetings, a
/// family conference from a school with its joint meeting booked, and a mediation the family
/// asked for in follow-up, its agreement signed by everyone two weeks ago.
pub(crate) fn demo_case_facts(today: NaiveDate) -> Vec<crate::domain::restorative::CaseFacts> {
    use crate::domain::restorative::{CaseFacts, CaseId, ProgrammeKind, ReferralSource, Stage};
    let case = |id, kind, source, days_ago, stage, adults| CaseFacts {
        case: CaseId(id),
        kind,
        source,
        referred_on: today - chrono::Duration::days(days_ago),
        stage,
        closed_on: None,
        minors: 2,
        adults,
        declined_role: None,
        agreement_made_on: None,
        agreement_reached: false,
        agreement_kept: None,
        screening_rules: Vec::new(),
    };
    let mut follow_up = case(
        3,
        ProgrammeKind::Mediation,
        ReferralSource::Family,
        40,
        Stage::FollowUp,
        1,
    );
    follow_up.agreement_made_on = Some(today - chrono::Duration::days(14));
    follow_up.agreement_reached = true;
    vec![
        case(
            1,
            ProgrammeKind::Mediation,
            ReferralSource::Kdn,
            12,
            Stage::Preliminary,
            1,
        ),
        case(
            2,
            ProgrammeKind::FamilyConference,
            ReferralSource::School,
            20,
            Stage::JointMeeting,
            0,
        ),
        follow_up,
    ]
}

/// The demo's agreement item still open (the follow-up case's second, three days overdue), as
/// its facilitator's home lists it.
pub(crate) fn demo_due(today: NaiveDate) -> Vec<crate::store::restorative::DueItem> {
    vec![crate::store::restorative::DueItem {
        case: crate::domain::restorative::CaseId(3),
        item: 1,
        what: "Встретиться с ведущим и рассказать, как идут дела".into(),
        by: today - chrono::Duration::days(3),
        overdue: true,
    }]
}

/// Three route steps of demo children: one overdue since yesterday, two due later.
pub(crate) fn demo_steps(
    centre: &crate::demo::DemoCentre,
    day: NaiveDate,
) -> Vec<(crate::store::RouteStep, String)> {
    let templates = crate::platform::route_files::built_in().templates;
    let noon = crate::app::clock::at_local(day, 12, 0);
    centre
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .filter_map(|c| c.situations.first().map(|s| (c, *s)))
        .take(3)
        .enumerate()
        .filter_map(|(i, (c, s))| {
            let t = templates.iter().find(|t| t.situation == s)?;
            let step = &t.steps[i % t.steps.len()];
            let due = noon + chrono::Duration::hours([-20, 3, 30][i]);
            Some((
                crate::store::RouteStep {
                    id: i as i64 + 1,
                    route: i as i64 + 1,
                    child: crate::domain::ChildId(i as i64 + 1),
                    position: (i % t.steps.len()) as u32 + 1,
                    title: step.title.clone(),
                    role: step.role,
                    partner: step.partner,
                    minutes: step.duration.num_minutes() as u32,
                    key_step: step.key_step,
                    due_at: due,
                    done_at: None,
                    session: None,
                },
                format!("{} {}", c.first_name, c.surname),
            ))
        })
        .collect()
}

/// A believable morning at the door of the demo centre: three check-ins, a help notice and two
/// walk-ins (one taken by the first psychologist).
pub(crate) fn demo_door(
    centre: &crate::demo::DemoCentre,
    today: NaiveDate,
) -> crate::store::DoorBoard {
    use crate::store::{DoorArrival, DoorHelp, DoorWalkIn};
    let at = |h: u32, m: u32| crate::app::clock::at_local(today, h, m);
    let me = crate::domain::StaffId(1);
    let moods = [
        crate::domain::Mood::Happy,
        crate::domain::Mood::Neutral,
        crate::domain::Mood::VeryHappy,
    ];
    let arrivals = centre
        .families
        .iter()
        .filter_map(|f| f.children.first())
        .take(3)
        .enumerate()
        .map(|(i, c)| DoorArrival {
            check_in: i as i64 + 1,
            at: at(9 + i as u32, 52),
            session_start: at(10 + i as u32, 0),
            psychologist: crate::domain::StaffId(1 + (i as i64 % 2)),
            avatar: c.avatar,
            first_name: c.first_name.to_owned(),
            surname: c.surname.to_owned(),
            mood: moods[i],
        })
        .collect();
    let help_avatars = centre
        .families
        .iter()
        .skip(3)
        .flat_map(|f| f.children.iter().map(|c| c.avatar))
        .take(2)
        .collect();
    crate::store::DoorBoard {
        arrivals,
        help: vec![DoorHelp {
            id: 1,
            at: at(11, 48),
            session_start: at(12, 0),
            psychologist: me,
            avatars: help_avatars,
        }],
        walk_ins: vec![
            DoorWalkIn {
                id: 2,
                at: at(11, 30),
                taken_by: None,
                session: None,
            },
            DoorWalkIn {
                id: 1,
                at: at(10, 15),
                taken_by: Some(me),
                session: Some((99, at(12, 0))),
            },
        ],
    }
}

/// The demo month's rental block: the demo stock as it is, and the loans to chase as started
/// a year before they fall due (one overdue), so every line has a figure.
pub(crate) fn demo_rental(
    centre: &crate::demo::DemoCentre,
    chase: &[crate::store::LoanLine],
    day: NaiveDate,
    today: NaiveDate,
) -> crate::domain::rental_report::RentalReport {
    use crate::domain::rental_report::{compute, ItemFacts, LoanFacts, RentalFacts};
    let (first, last, _, _) = month_of(day);
    let facts = RentalFacts {
        kinds: crate::domain::RentalKinds::default().kinds().collect(),
        items: centre
            .rental
            .iter()
            .map(|i| ItemFacts {
                kind: i.kind,
                state: i.state,
            })
            .collect(),
        loans: chase
            .iter()
            .map(|l| LoanFacts {
                kind: l.kind,
                family: l.family,
                started_on: l
                    .due_on
                    .checked_sub_months(chrono::Months::new(12))
                    .unwrap_or(l.due_on),
                due_on: l.due_on,
                returned_on: None,
                lost: false,
            })
            .collect(),
    };
    compute(&facts, first, last, today)
}

/// Three loans of the demo families: one overdue, two due this week.
pub(crate) fn demo_chase(
    centre: &crate::demo::DemoCentre,
    today: NaiveDate,
) -> Vec<crate::store::LoanLine> {
    use crate::domain::loan::standing;
    let picks = [
        (crate::domain::RentalKind::COT_WITH_BUMPERS, "КРВ-0002", -4),
        (
            crate::domain::RentalKind::STROLLER_TRANSFORMER,
            "КОЛ-0004",
            2,
        ),
        (crate::domain::RentalKind::WALKER, "ХОД-0001", 6),
    ];
    picks
        .iter()
        .zip(centre.families.iter().rev())
        .enumerate()
        .map(|(n, ((kind, number, days), f))| {
            let due_on = today + chrono::Duration::days(*days);
            crate::store::LoanLine {
                loan: n as i64 + 1,
                item: n as i64 + 1,
                inventory_number: (*number).into(),
                kind: *kind,
                family: crate::domain::FamilyId(n as i64 + 1),
                surname: f.family.surname.clone(),
                phone: f.family.phone.as_ref().map(|p| p.display()),
                due_on,
                standing: standing(due_on, today),
            }
        })
        .collect()
}

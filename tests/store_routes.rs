//! Help routes on a real SQLCipher file: assigning copies the template's steps with due times,
//! a step is done once (optionally in a session), overdue steps come first, a route closes once
//! with the family's answer, and the indicators count it.

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::TempKiosk;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::{Avatar, LifeSituation, NewChild, NewFamily, NewStaff, Pin, Role};
use ladoshka::platform::route_files;

#[test]
fn a_route_is_planned_worked_through_and_closed() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (me, child) = store
        .write(|w| {
            let pin =
                PinHash::with_iterations(&Pin::parse("1111")?, &PinPepper::from_bytes([1; 32]), 10);
            let me = w.insert_staff(
                &NewStaff::new("Анна", "", "Сафина", Role::Psychologist)?,
                &pin,
            )?;
            let fam = w.insert_family(&NewFamily::new("Галиевы", "Галиева Алсу", None)?)?;
            let born = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
            let child = w.insert_child(&NewChild::new(
                fam,
                "Айдар",
                "Галиев",
                born,
                Avatar::Owl,
                true,
                &[LifeSituation::AbuseOrAssault],
                today,
            )?)?;
            Ok((me, child))
        })
        .unwrap();
    let template = route_files::built_in()
        .templates
        .into_iter()
        .find(|t| t.situation == LifeSituation::AbuseOrAssault)
        .unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
    let route = store
        .write_at(at, |w| w.assign_route(child, &template, me))
        .unwrap();
    let again = store
        .write_at(at, |w| w.assign_route(child, &template, me))
        .unwrap_err();
    assert!(again.to_string().contains("already follows"), "{again}");
    assert!(
        matches!(
            again,
            ladoshka::store::StoreError::Refused(
                ladoshka::domain::Refusal::RouteAlreadyFollowed { .. }
            )
        ),
        "a typed refusal: {again:?}"
    );

    let steps = store.route_steps(route).unwrap();
    assert_eq!(steps.len(), template.steps.len());
    assert_eq!(
        steps[0].due_at,
        at + Duration::hours(1),
        "«10 мин / 1 ч»: due an hour after assignment"
    );
    assert_eq!(steps[1].due_at, at + Duration::days(1));
    assert_eq!(
        steps[0].title.ru, template.steps[0].title.ru,
        "the title is copied with the route"
    );

    // Two days later the first three steps are overdue and listed first, the oldest on top.
    let later = at + Duration::days(2) + Duration::hours(1);
    store
        .write_at(later, |w| w.complete_step(steps[1].id, None, me))
        .unwrap();
    assert!(store
        .write_at(later, |w| w.complete_step(steps[1].id, None, me))
        .unwrap_err()
        .to_string()
        .contains("already done"));
    let open = store.open_steps(later).unwrap();
    assert_eq!(
        open.iter().map(|s| s.position).take(3).collect::<Vec<_>>(),
        vec![1, 3, 4]
    );
    assert!(open[0].due_at < later && open[2].due_at < later && open[3].due_at > later);

    store
        .write_at(later, |w| w.close_route(route, Some(true), me))
        .unwrap();
    assert!(
        store
            .write_at(later, |w| w.close_route(route, Some(false), me))
            .is_err(),
        "closed once"
    );
    assert!(
        store.open_steps(later).unwrap().is_empty(),
        "a closed route has nothing due"
    );

    let facts = store
        .indicator_facts(at - Duration::days(1), at + Duration::days(30))
        .unwrap();
    let i = ladoshka::domain::indicators::compute(
        &facts,
        at - Duration::days(1),
        at + Duration::days(30),
    );
    assert_eq!(i.children_helped, 1, "a step was done");
    assert_eq!(
        i.children_by_situation[1],
        (LifeSituation::AbuseOrAssault, 1)
    );
    assert_eq!(i.families_supported, 1);
    assert_eq!((i.improvement.answered, i.improvement.improved), (1, 1));
    let entities: Vec<String> = store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .map(|r| r.entity)
        .filter(|e| e.starts_with("route"))
        .collect();
    assert_eq!(
        entities.iter().filter(|e| *e == "route_step").count(),
        template.steps.len()
    );
    assert!(
        entities.contains(&"route_step_done".to_string())
            && entities.last().unwrap() == "route_closed"
    );
}

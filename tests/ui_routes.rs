//! Headless UI test of help routes (Slint testing backend), asserting the records: a child's
//! open route is shown with its steps; starting it again is refused; closing it records the
//! family's answer; a new route gets its dated steps; a step is marked done.

mod common;

use chrono::NaiveDate;
use common::ui::{pump_until, shows, tap};
use common::TempKiosk;
use ladoshka::app::{Navigation, RoutesAdapter, Screen};
use ladoshka::crypto::PinPepper;
use ladoshka::domain::ChildId;
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;

#[test]
fn a_route_is_closed_with_the_familys_answer_and_started_again() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(day), &pepper, day).unwrap();
    let (ui, _kiosk, store) =
        common::ui::start_kiosk(store, pepper, Speakers::muted(), common::ui::english());
    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, "Сафина А. С."));
    tap(&ui, "Сафина А. С.");
    for d in "1111".chars() {
        tap(&ui, &d.to_string());
    }
    tap(&ui, "Sign in");
    pump_until("home", || {
        ui.global::<Navigation>().get_screen() == Screen::RoleHome
    });

    tap(&ui, "Help routes");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::Routes);
    let a = ui.global::<RoutesAdapter>();
    pump_until("the children", || a.get_children().row_count() > 0);
    // A child who already follows a route (the demo assigned one per life situation).
    let child = (0..a.get_children().row_count())
        .map(|i| a.get_children().row_data(i).unwrap())
        .find(|c| c.open_routes > 0 && c.open_routes < 2)
        .unwrap();
    let child_id = ChildId(i64::from(child.id));
    // A child may see the screen (the default): first names only, and no life situation,
    // route or step in the model, even with the child chosen.
    assert!(!child.name.contains(' '), "no surname: {}", child.name);
    tap(&ui, &child.name);
    common::ui::settle(&store);
    assert!(a.get_child_chosen());
    assert_eq!(
        (a.get_routes().row_count(), a.get_templates().row_count()),
        (0, 0)
    );
    // One tap shows them.
    tap(&ui, "Show");
    pump_until("the route", || a.get_routes().row_count() == 1);
    let shown = (0..a.get_children().row_count())
        .map(|i| a.get_children().row_data(i).unwrap())
        .find(|c| c.id == child.id)
        .unwrap();
    assert!(
        shown.name.starts_with(child.name.as_str()) && shown.name.contains(' '),
        "{}",
        shown.name
    );
    let card = a.get_routes().row_data(0).unwrap();
    assert!(card.steps.row_count() >= 5);
    assert_eq!(
        a.get_templates().row_count(),
        1,
        "the route of the child's own situation is offered"
    );
    // Starting the same route again is refused in plain words.
    let template = a.get_templates().row_data(0).unwrap();
    tap(&ui, &template.title);
    pump_until("the refusal", || a.get_problem() == "exists");
    assert_eq!(
        store.call(move |s| s.open_routes(child_id).unwrap().len()),
        1
    );

    // Close it: the family says it has improved.
    let route = i64::from(card.id);
    tap(&ui, "Close the route");
    assert_eq!(a.get_closing(), card.id);
    tap(&ui, "Yes, it has improved");
    pump_until("closed", || a.get_routes().row_count() == 0);
    assert!(store.call(move |s| s.open_routes(child_id).unwrap().is_empty()));
    let facts = store.call(|s| {
        s.indicator_facts(
            ladoshka::platform::clock::now() - chrono::Duration::days(1),
            ladoshka::platform::clock::now() + chrono::Duration::days(1),
        )
        .unwrap()
    });
    let closed = facts
        .routes
        .iter()
        .find(|r| r.child == child_id && r.closed_at.is_some())
        .expect("the closed route");
    assert_eq!(closed.improved, Some(true));
    let _ = route;

    // Start it again: new dated steps; mark the first one done.
    tap(&ui, &template.title);
    pump_until("the new route", || a.get_routes().row_count() == 1);
    let card = a.get_routes().row_data(0).unwrap();
    let first = card.steps.row_data(0).unwrap();
    assert!(!first.done && !first.overdue);
    tap(&ui, &format!("Step done: {}", first.title));
    pump_until("the step done", || {
        a.get_routes()
            .row_data(0)
            .is_some_and(|c| c.steps.row_data(0).unwrap().done)
    });
    let steps = store.call(move |s| {
        let (id, _) = s.open_routes(child_id).unwrap()[0].clone();
        s.route_steps(id).unwrap()
    });
    assert!(steps[0].done_at.is_some() && steps[1].done_at.is_none());

    tap(&ui, "Back");
    tap(&ui, "Sign out");
    assert_eq!(
        a.get_children().row_count(),
        0,
        "signing out forgets the list"
    );
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    store.call(|_| ());
}

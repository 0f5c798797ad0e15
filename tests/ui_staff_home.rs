//! Headless UI test of the staff home's rental list: after sign-in, staff see the loans to chase
//! (the demo's overdue cot first, with the family's phone); a psychologist's home shows none;
//! signing out forgets the list.

mod common;

use common::ui::{pump_until, sign_in, tap};
use ladoshka::app::RoleHomeAdapter;
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::FRIDAY_CLOSING;

#[test]
fn staff_see_the_loans_to_chase_and_psychologists_do_not() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let home = ui.global::<RoleHomeAdapter>();

    sign_in(ui, "Сафина А. С.", "1111");
    // Give the store a moment to answer anything it was asked.
    pump_until("the psychologist's home", || {
        !home.get_greeting_name().is_empty()
    });
    assert_eq!(
        home.get_chase().row_count(),
        0,
        "no rental paperwork for psychologists"
    );
    tap(ui, "Sign out");

    sign_in(ui, "Закирова Г. И.", "4444");
    pump_until("the loans to chase", || home.get_chase().row_count() > 0);
    let rows: Vec<_> = (0..home.get_chase().row_count())
        .map(|i| home.get_chase().row_data(i).unwrap())
        .collect();
    // The demo lends a cot 35 days before its day for a month (overdue), a stroller 26 days
    // before (due within a week of the demo's day, overdue later) and a feeding chair for nine
    // months (on time, never listed).
    assert!((1..=2).contains(&rows.len()), "{rows:?}");
    assert!(
        rows[0].overdue && rows[0].item.starts_with("КРВ-"),
        "the most overdue first: {rows:?}"
    );
    if let Some(second) = rows.get(1) {
        assert!(second.item.starts_with("КОЛ-"), "{rows:?}");
        assert!(
            !second.overdue || second.days < rows[0].days,
            "sorted by how overdue: {rows:?}"
        );
    }
    assert!(
        rows.iter().all(|r| r.phone.starts_with("+7 ")),
        "a phone to call, readable: {rows:?}"
    );
    tap(ui, "Sign out");
    assert_eq!(
        home.get_chase().row_count(),
        0,
        "signing out forgets the list"
    );
}

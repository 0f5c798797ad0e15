//! Headless UI test of the psychologist's «Сегодня» strip: after sign-in on a Monday morning
//! the home shows her own sessions still ahead today, first names only, in start order; one tap
//! opens a session; signing out forgets the strip.

mod common;

use common::ui::{pump_until, sign_in, tap};
use ladoshka::app::{Navigation, RoleHomeAdapter, Screen};
use ladoshka::domain::{ChildId, NewSession, Role, RoomId, SessionKind, SessionState};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;

#[test]
fn the_psychologists_day_is_one_tap_from_signing_in() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let home = ui.global::<RoleHomeAdapter>();

    // Her day: 09:00 and 11:00 in the first room; 10:00 is a colleague's.
    let cards = k.store.call(|s| s.staff_cards().unwrap());
    let id_of = |name: &str| {
        cards
            .iter()
            .find(|c| c.member.list_name() == name)
            .unwrap()
            .id
    };
    let (me, colleague) = (
        id_of("Сафина А. С."),
        cards
            .iter()
            .find(|c| c.member.role == Role::Psychologist && c.member.list_name() != "Сафина А. С.")
            .expect("a second psychologist in the demo")
            .id,
    );
    let today = ladoshka::app::clock::today();
    k.store.call(move |s| {
        s.write(|w| {
            for (who, hour) in [(me, 9), (colleague, 10), (me, 11)] {
                w.insert_session(&NewSession::new(
                    RoomId(1),
                    who,
                    SessionKind::IndividualPlayTherapy,
                    ladoshka::app::clock::at_local(today, hour, 0),
                    45,
                    &[ChildId(1)],
                )?)?;
            }
            Ok(())
        })
        .unwrap()
    });

    sign_in(ui, "Сафина А. С.", "1111");
    pump_until("today's sessions", || home.get_shows_today());
    let rows: Vec<_> = home.get_today().iter().collect();

    // What the store holds for her today and is not over: the same sessions, in the same order.
    let (from, to) = ladoshka::app::clock::day_bounds(today);
    let hers: Vec<_> = k
        .store
        .call(move |s| s.calendar(from, to).unwrap())
        .into_iter()
        .filter(|e| {
            e.session.psychologist == me
                && !matches!(
                    e.state,
                    SessionState::Cancelled | SessionState::Done | SessionState::NoShow
                )
        })
        .collect();
    assert_eq!(hers.len(), 2, "her two sessions, not her colleague's");
    assert_eq!(
        rows.iter().map(|r| r.id as i64).collect::<Vec<_>>(),
        hers.iter().map(|e| e.id).collect::<Vec<_>>()
    );
    for (row, e) in rows.iter().zip(&hers) {
        for p in &e.people {
            assert!(row.names.contains(p.first_name.as_str()));
            assert!(
                !row.names.contains(p.surname.as_str()),
                "no surname on the home screen"
            );
        }
    }

    // One tap opens the first session.
    let first = &rows[0];
    tap(
        ui,
        &format!("Open the session at {}: {}", first.time, first.names),
    );
    pump_until("the session screen", || {
        ui.global::<Navigation>().get_screen() == Screen::Session
    });

    tap(ui, "Back");
    pump_until("home again", || {
        ui.global::<Navigation>().get_screen() == Screen::RoleHome
    });
    tap(ui, "Sign out");
    assert_eq!(home.get_today().row_count(), 0, "the strip is forgotten");
    assert!(!home.get_shows_today());
}

//! Headless UI test of the door watch (Slint testing backend, mock time): while a psychologist
//! is signed in, on any screen, something new at the door chimes and shows as a badge on the
//! walk-ins tile; signing out stops the watch.

mod common;

use std::sync::mpsc::Receiver;

use chrono::NaiveDate;
use common::ui::{pump_until, shows, tap};
use common::TempKiosk;
use ladoshka::app::{
    AppWindow, BookingAdapter, DoorAdapter, Kiosk, KioskConfig, Navigation, PinEntryAdapter,
    RoleHomeAdapter, Screen,
};
use ladoshka::crypto::PinPepper;
use ladoshka::platform::audio::{Cue, Sound, Speakers};
use ladoshka::store::StoreWorker;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::FRIDAY_CLOSING;

struct Harness {
    ui: AppWindow,
    _kiosk: std::rc::Rc<Kiosk>,
    store: StoreWorker,
    heard: Receiver<Sound>,
    _dir: TempKiosk,
}

fn start() -> Harness {
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let (speakers, heard) = Speakers::listening();
    let (ui, kiosk, store) = common::ui::start_kiosk(
        store,
        pepper,
        speakers,
        KioskConfig {
            operator: "ГБУ «КЦСОН Тестовый»".into(),
            ..common::ui::english()
        },
    );
    Harness {
        ui,
        _kiosk: kiosk,
        store,
        heard,
        _dir: dir,
    }
}

fn screen(h: &Harness) -> Screen {
    h.ui.global::<Navigation>().get_screen()
}

/// The cues played since the last look (voice prompts are left out).
fn cues(h: &Harness) -> Vec<Cue> {
    h.heard
        .try_iter()
        .filter_map(|s| if let Sound::Cue(c) = s { Some(c) } else { None })
        .collect()
}

fn sign_in(h: &Harness, name: &str, pin: &str) {
    tap(&h.ui, "For staff");
    pump_until("the staff list", || shows(&h.ui, name));
    tap(&h.ui, name);
    for d in pin.chars() {
        tap(&h.ui, &d.to_string());
    }
    assert_eq!(h.ui.global::<PinEntryAdapter>().get_digits_typed(), 4);
    tap(&h.ui, "Sign in");
    pump_until("the colleague's home", || screen(h) == Screen::RoleHome);
}

#[test]
fn the_door_chimes_on_any_screen_while_a_psychologist_is_signed_in() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let h = start();
    let room = h.store.call(|s| s.rooms().unwrap()[0].id);
    let home = h.ui.global::<RoleHomeAdapter>();

    // Nobody signed in: a walk-in is recorded silently.
    h.store
        .call(move |s| s.write(|w| w.record_walk_in(Some(room))).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    pump_until("the public home settles", || true);
    assert!(
        !cues(&h).contains(&Cue::Arrival),
        "no chime while nobody is signed in"
    );

    sign_in(&h, "Сафина А. С.", "1111");
    pump_until("the first look at the door", || home.get_door_news() == 1);
    assert!(
        !cues(&h).contains(&Cue::Arrival),
        "what was already there at sign-in does not chime"
    );

    // On the home screen: a new walk-in chimes and the badge counts it.
    h.store
        .call(move |s| s.write(|w| w.record_walk_in(Some(room))).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    pump_until("the badge counts two", || home.get_door_news() == 2);
    assert_eq!(cues(&h), vec![Cue::Arrival]);
    assert!(
        shows(&h.ui, "Walk-in requests (2 waiting)"),
        "the tile says how many wait"
    );

    // On another screen (enrolment): a help notice still chimes.
    tap(&h.ui, "Enrol a family");
    assert_eq!(screen(&h), Screen::Enrolment);
    let session = h.store.call(move |s| {
        let from = ladoshka::platform::clock::now() - chrono::Duration::days(30);
        s.sessions_between(from, from + chrono::Duration::days(60))
            .unwrap()
            .into_iter()
            .find(|b| b.session.room == room)
            .unwrap()
            .id
    });
    h.store
        .call(move |s| s.write(|w| w.record_help_notice(session)).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    pump_until("the badge counts three", || home.get_door_news() == 3);
    assert_eq!(cues(&h), vec![Cue::Arrival]);

    // Nothing new: no chime.
    common::ui::elapse(ladoshka::app::door::REFRESH);
    common::ui::settle(&h.store);
    assert!(cues(&h).is_empty());

    // The family at the door becomes a session: open the board, book the newest walk-in.
    tap(&h.ui, "Cancel, keep nothing");
    pump_until("back home", || screen(&h) == Screen::RoleHome);
    tap(&h.ui, "Walk-in requests (3 waiting)");
    let door = h.ui.global::<DoorAdapter>();
    pump_until("the board", || door.get_walk_ins().row_count() == 2);
    let walk_in = door.get_walk_ins().row_data(0).unwrap().id;
    // Left alone, the open board is looked at again but nothing is read: the same rows, not
    // a fresh copy of them (a fresh copy would repaint the window every five seconds).
    let rows = door.get_walk_ins();
    common::ui::elapse(ladoshka::app::door::REFRESH);
    common::ui::settle(&h.store);
    assert!(
        door.get_walk_ins() == rows,
        "nothing was written, yet the board was read again and replaced"
    );
    tap(&h.ui, "Book a session");
    assert_eq!(screen(&h), Screen::Booking);
    let form = h.ui.global::<BookingAdapter>();
    assert!(form.get_for_walk_in());
    pump_until("the children to choose from", || {
        form.get_children().row_count() > 0
    });
    // Nobody chosen yet: a plain refusal, nothing written.
    let sessions_before = h.store.call(|s| {
        s.sessions_between(
            ladoshka::platform::clock::now() - chrono::Duration::days(60),
            ladoshka::platform::clock::now() + chrono::Duration::days(60),
        )
        .unwrap()
        .len()
    });
    tap(&h.ui, "Book");
    assert_eq!(form.get_problem(), "participants");
    let child = form.get_children().row_data(3).unwrap();
    tap(&h.ui, &child.name);
    assert!(form.get_children().row_data(3).unwrap().chosen);
    assert!(
        child.name.contains(' '),
        "a psychologist sees the surname: {}",
        child.name
    );
    tap(&h.ui, "Book");
    pump_until("booked or refused", || {
        form.get_booked() > 0 || form.get_clashes().row_count() > 0
    });
    if form.get_booked() == 0 {
        // The demo week may hold a session at this very time: take the first free time offered.
        let offer = form
            .get_offers()
            .row_data(0)
            .expect("a free time is offered");
        tap(&h.ui, &format!("Take {offer}"));
        pump_until("booked at the offered time", || form.get_booked() > 0);
    }
    assert_eq!(form.get_booked(), 1);
    let (linked, booked_child) = h.store.call(move |s| {
        let b = s
            .door_board(
                room,
                ladoshka::platform::clock::now() - chrono::Duration::days(1),
                ladoshka::platform::clock::now() + chrono::Duration::days(1),
            )
            .unwrap();
        let w = b
            .walk_ins
            .into_iter()
            .find(|w| i64::from(walk_in) == w.id)
            .unwrap();
        let (session, _) = w.session.expect("the walk-in has its session");
        (
            w.taken_by.is_some(),
            s.session(session).unwrap().session.participants,
        )
    });
    assert!(linked, "whoever booked it took the request");
    assert_eq!(
        booked_child,
        vec![ladoshka::domain::ChildId(i64::from(child.id))]
    );
    let sessions_after = h.store.call(|s| {
        s.sessions_between(
            ladoshka::platform::clock::now() - chrono::Duration::days(60),
            ladoshka::platform::clock::now() + chrono::Duration::days(60),
        )
        .unwrap()
        .len()
    });
    assert_eq!(sessions_after, sessions_before + 1);
    tap(&h.ui, "Done");
    assert_eq!(screen(&h), Screen::Door, "back to the board");
    pump_until("the board shows the booking", || {
        (0..door.get_walk_ins().row_count()).any(|i| {
            !door
                .get_walk_ins()
                .row_data(i)
                .unwrap()
                .session_time
                .is_empty()
        })
    });
    tap(&h.ui, "Back");

    // Signed out: the watch stops and the badge is gone.
    pump_until("back home", || screen(&h) == Screen::RoleHome);
    tap(&h.ui, "Sign out");
    assert_eq!(screen(&h), Screen::PublicHome);
    assert_eq!(home.get_door_news(), 0);
    h.store
        .call(move |s| s.write(|w| w.record_walk_in(Some(room))).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    common::ui::settle(&h.store);
    assert!(!cues(&h).contains(&Cue::Arrival));
    assert_eq!(home.get_door_news(), 0);
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    h.store.call(|_| ());
}

//! Headless UI test of the psychologist's day (Slint testing backend, mock time), asserting
//! the records: the day view shows today's sessions and a check-in at once; a session is
//! started, noted privately and ended; another is cancelled with a reason; a route step due is
//! marked done; a tap on a free place opens the booking form there; sign-out forgets it all.
//! While a child may see the screen (from sign-in, and again when the session starts and after
//! child mode) surnames, notes and route-step texts are not in the model; "Show" brings them.

mod common;

use chrono::NaiveDate;
use common::ui::{pump_until, shows, tap};
use common::TempKiosk;
use ladoshka::app::{
    AppWindow, BookingAdapter, ChildModeAdapter, ChildPresent, Navigation, PinEntryAdapter,
    ScheduleAdapter, Screen, SessionAdapter,
};
use ladoshka::crypto::PinPepper;
use ladoshka::domain::{Mood, NewSession, SessionKind, SessionState};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_BEFORE_NOON;

fn screen(ui: &AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

#[test]
fn a_psychologists_day_from_schedule_to_session_and_back() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let seed_day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(
        &mut store,
        &ladoshka::demo::generate(seed_day),
        &pepper,
        seed_day,
    )
    .unwrap();
    // Two sessions today at noon and 14:00 with Сафина (staff id 1) in the first room.
    let today = ladoshka::app::clock::today();
    let tomorrow = today.succ_opt().unwrap();
    let (room, child, noon, two, four) = store
        .write(|w| {
            let room = ladoshka::domain::RoomId(1);
            let psy = ladoshka::domain::StaffId(1);
            let child = ladoshka::domain::ChildId(1);
            let at = |h| ladoshka::app::clock::at_local(today, h, 0);
            let noon = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::IndividualPlayTherapy,
                at(12),
                45,
                &[child],
            )?)?;
            let two = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::IndividualPlayTherapy,
                at(14),
                45,
                &[child],
            )?)?;
            let four = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::IndividualPlayTherapy,
                at(16),
                45,
                &[child],
            )?)?;
            // Tomorrow 08:00–08:45 the first room is taken by a colleague.
            let other = ladoshka::domain::StaffId(2);
            let at8 = ladoshka::app::clock::at_local(tomorrow, 8, 0);
            w.insert_session(&NewSession::new(
                room,
                other,
                SessionKind::IndividualPlayTherapy,
                at8,
                45,
                &[ladoshka::domain::ChildId(2)],
            )?)?;
            Ok((room, child, noon, two, four))
        })
        .unwrap();
    // The noon child follows a help route (whichever one they do not follow yet).
    let route = ladoshka::platform::route_files::built_in()
        .templates
        .iter()
        .find_map(|t| {
            store
                .write(|w| w.assign_route(child, t, ladoshka::domain::StaffId(1)))
                .ok()
        })
        .expect("some route can be started");
    let (ui, _kiosk, store) =
        common::ui::start_kiosk(store, pepper, Speakers::muted(), common::ui::english());

    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, "Сафина А. С."));
    tap(&ui, "Сафина А. С.");
    for d in "1111".chars() {
        tap(&ui, &d.to_string());
    }
    assert_eq!(ui.global::<PinEntryAdapter>().get_digits_typed(), 4);
    tap(&ui, "Sign in");
    pump_until("home", || screen(&ui) == Screen::RoleHome);

    // --- The day view by room: today's sessions, with surnames for a psychologist. ---
    tap(&ui, "Schedule");
    assert_eq!(screen(&ui), Screen::Schedule);
    let sched = ui.global::<ScheduleAdapter>();
    let block = |id: i64| {
        (0..sched.get_blocks().row_count())
            .map(|i| sched.get_blocks().row_data(i).unwrap())
            .find(|b| i64::from(b.id) == id)
    };
    pump_until("today's sessions", || block(noon).is_some());
    // A child may see the screen (the default from sign-in): first names only, and no route
    // step's text in the model.
    let hidden = block(noon).unwrap();
    assert!(
        !hidden.names.contains(' '),
        "no surname while a child may see: {}",
        hidden.names
    );
    pump_until("steps due", || sched.get_due_steps().row_count() > 0);
    let due = |f: fn(&ladoshka::app::DueStepRow) -> String| {
        (0..sched.get_due_steps().row_count())
            .map(|i| f(&sched.get_due_steps().row_data(i).unwrap()))
            .collect::<Vec<_>>()
    };
    assert!(
        due(|r| r.title.to_string()).iter().all(String::is_empty),
        "no step text"
    );
    assert!(
        due(|r| r.child.to_string())
            .iter()
            .all(|c| !c.contains(' ')),
        "no surname"
    );
    assert!(ui.global::<ChildPresent>().get_present());
    // One tap shows them.
    tap(&ui, "Show");
    pump_until("surnames shown", || {
        block(noon).is_some_and(|b| b.names.len() > hidden.names.len())
    });
    pump_until("step texts shown", || {
        due(|r| r.title.to_string()).iter().all(|t| !t.is_empty())
    });
    assert!(
        due(|r| r.child.to_string()).iter().all(|c| c.contains(' ')),
        "with surnames"
    );
    let b = block(noon).unwrap();
    assert_eq!(b.column, 0, "the first room's column");
    assert_eq!(b.time, "12:00–12:45");
    assert!(b.names.contains(' '), "name and surname: {}", b.names);
    assert!(b.names.starts_with(hidden.names.as_str()));
    assert_eq!((b.arrived, b.state.as_str()), (0, "planned"));
    assert_eq!(
        sched.get_columns().row_count(),
        2,
        "the two therapy rooms; the rental room is not a column"
    );

    // --- Left alone, the schedule looks again but reads nothing: the same blocks, not a copy. ---
    let blocks = sched.get_blocks();
    common::ui::elapse(ladoshka::app::door::REFRESH);
    common::ui::settle(&store);
    assert!(
        sched.get_blocks() == blocks,
        "nothing was written, yet the schedule was read again and replaced"
    );

    // --- A child checks in at the door: the block shows it within one refresh. ---
    store.call(move |s| s.write(|w| w.check_in(noon, child, Mood::Happy)).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    pump_until("the arrival on the schedule", || {
        block(noon).is_some_and(|b| b.arrived == 1)
    });

    // --- Open it, start it, write a private note, end it. ---
    let label = format!("{} {}", b.time, b.names);
    tap(&ui, &label);
    assert_eq!(screen(&ui), Screen::Session);
    let sa = ui.global::<SessionAdapter>();
    pump_until("the session", || sa.get_state() == "arrived");
    assert!(sa.get_can_write_notes(), "shown: the notes are there");
    tap(&ui, "Start the session");
    pump_until("in progress", || sa.get_state() == "in_progress");
    // The session starts: the child is in the room, everything private is hidden again.
    assert!(ui.global::<ChildPresent>().get_present());
    pump_until("hidden again", || !sa.get_can_write_notes());
    let names = |sa: &SessionAdapter| {
        (0..sa.get_people().row_count())
            .map(|i| sa.get_people().row_data(i).unwrap().name.to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        names(&sa).iter().all(|n| !n.contains(' ')),
        "{:?}",
        names(&sa)
    );
    assert_eq!(sa.get_notes(), "");
    // --- The child's mood at the start: the mood scale in child mode, back to the session by PIN. ---
    assert!(sa.get_can_ask_mood());
    let person = sa.get_people().row_data(0).unwrap();
    tap(&ui, &format!("Mood scale: {}", person.name));
    pump_until("child mode", || screen(&ui) == Screen::ChildMode);
    assert_eq!(ui.global::<ChildModeAdapter>().get_kind(), "faces");
    tap(&ui, "Happy");
    pump_until("thanks", || {
        ui.global::<ChildModeAdapter>().get_kind() == "thanks"
    });
    tap(&ui, "Leave (for the grown-up)");
    for d in "1111".chars() {
        tap(&ui, &d.to_string());
    }
    tap(&ui, "Sign in");
    pump_until("back to the session", || {
        screen(&ui) == Screen::Session && sa.get_state() == "in_progress"
    });
    // Back from child mode: still hidden, the route steps' texts too; one tap shows them.
    pump_until("the child's route steps", || sa.get_steps().row_count() > 0);
    assert!(!sa.get_can_write_notes());
    assert!((0..sa.get_steps().row_count()).all(|i| sa
        .get_steps()
        .row_data(i)
        .unwrap()
        .title
        .is_empty()));
    assert!(!shows(&ui, "Private notes"));
    tap(&ui, "Show");
    pump_until("shown", || sa.get_can_write_notes());
    pump_until("step texts", || {
        sa.get_steps().row_count() > 0 && !sa.get_steps().row_data(0).unwrap().title.is_empty()
    });
    assert!(
        names(&sa).iter().all(|n| n.contains(' ')),
        "{:?}",
        names(&sa)
    );
    let mood = store
        .call(move |s| s.administrations_of(child).unwrap())
        .into_iter()
        .find(|a| a.instrument == "mood" && a.session == Some(noon))
        .expect("the mood scale kept, linked to the session");
    assert!(mood.finished_at.is_some());
    assert_eq!(
        mood.answers.get("mood"),
        Some(&ladoshka::domain::instrument::Answer::Face(4))
    );
    pump_until("the timer runs", || sa.get_elapsed().starts_with("00:0"));
    // One clear time: what is left, large, without a sign; not over time at the start.
    assert!(!sa.get_over_time());
    assert!(!sa.get_remaining().is_empty() && !sa.get_remaining().starts_with('−'));
    let note = "Рисовал дом без окон.";
    for field in
        i_slint_backend_testing::ElementHandle::find_by_accessible_label(&ui, "Private notes")
    {
        field.set_accessible_value(note);
    }
    tap(&ui, "Save the notes");
    pump_until("the note saved", || sa.get_notes_saved());
    assert_eq!(
        store
            .call(move |s| s.session_note(noon).unwrap())
            .as_deref(),
        Some(note)
    );
    // A route step of this child, done in this session: linked to it.
    pump_until("the child's route steps", || sa.get_steps().row_count() > 0);
    let step = (0..sa.get_steps().row_count())
        .map(|i| sa.get_steps().row_data(i).unwrap())
        .next()
        .unwrap();
    tap(&ui, &format!("Done in this session: {}", step.title));
    pump_until("the step gone", || {
        (0..sa.get_steps().row_count()).all(|i| sa.get_steps().row_data(i).unwrap().id != step.id)
    });
    let linked = store.call(move |s| {
        s.route_steps(route)
            .unwrap()
            .into_iter()
            .find(|x| x.id == i64::from(step.id))
            .unwrap()
    });
    assert!(linked.done_at.is_some());
    assert_eq!(
        linked.session,
        Some(noon),
        "the step is linked to the session it was done in"
    );
    tap(&ui, "End the session");
    pump_until("done", || sa.get_state() == "done");
    assert_eq!(
        store.call(move |s| s.session(noon).unwrap().state),
        SessionState::Done
    );

    // --- Back to the day; cancel the 14:00 session with a reason. ---
    tap(&ui, "Back");
    pump_until("the day again", || {
        screen(&ui) == Screen::Schedule && block(two).is_some()
    });
    let b = block(two).unwrap();
    tap(&ui, &format!("{} {}", b.time, b.names));
    pump_until("the second session", || sa.get_state() == "planned");
    tap(&ui, "Cancel…");
    tap(&ui, "The child is ill");
    pump_until("cancelled", || sa.get_state() == "cancelled");
    assert_eq!(
        store.call(move |s| s.session(two).unwrap().state),
        SessionState::Cancelled
    );
    tap(&ui, "Back");
    pump_until("the day again", || {
        screen(&ui) == Screen::Schedule && block(two).is_some_and(|b| b.state == "cancelled")
    });

    // --- The 16:00 family did not come: one tap. ---
    let b = block(four).unwrap();
    tap(&ui, &format!("{} {}", b.time, b.names));
    pump_until("the third session", || sa.get_state() == "planned");
    tap(&ui, "Did not come");
    pump_until("no-show", || sa.get_state() == "no_show");
    assert_eq!(
        store.call(move |s| s.session(four).unwrap().state),
        SessionState::NoShow
    );
    tap(&ui, "Back");
    pump_until("the day again", || {
        screen(&ui) == Screen::Schedule && block(four).is_some_and(|b| b.state == "no_show")
    });

    // --- Route steps due (the demo children's routes): the first one done. ---
    pump_until("steps due", || sched.get_due_steps().row_count() > 0);
    assert!(sched.get_show_steps());
    let first = sched.get_due_steps().row_data(0).unwrap();
    let open_before = store.call(|s| {
        s.open_steps(ladoshka::platform::clock::now())
            .unwrap()
            .len()
    });
    tap(&ui, &format!("Step done: {}", first.title));
    pump_until("the step gone from the list", || {
        (0..sched.get_due_steps().row_count())
            .all(|i| sched.get_due_steps().row_data(i).unwrap().id != first.id)
    });
    assert_eq!(
        store.call(|s| s
            .open_steps(ladoshka::platform::clock::now())
            .unwrap()
            .len()),
        open_before - 1
    );

    // --- The week view of a psychologist. ---
    tap(&ui, "Week");
    tap(&ui, "By psychologist");
    pump_until("seven days", || sched.get_columns().row_count() == 7);
    assert!(block(noon).is_some(), "the week holds today's session");

    // --- Tomorrow, a free place opens the booking form there; 08:00 clashes; an offer books. ---
    tap(&ui, "Day");
    tap(&ui, "By room");
    tap(&ui, "Later");
    pump_until("tomorrow by room", || {
        sched.get_columns().row_count() == 2 && sched.get_blocks().row_count() > 0
    });
    let room_name = sched.get_columns().row_data(0).unwrap();
    tap(&ui, &format!("Book in {room_name}"));
    assert_eq!(screen(&ui), Screen::Booking);
    let form = ui.global::<BookingAdapter>();
    pump_until("the form", || form.get_children().row_count() > 0);
    assert_eq!(form.get_time(), "08:00");
    assert_eq!(form.get_room(), room_name);
    let pick = form.get_children().row_data(5).unwrap();
    tap(&ui, &pick.name);
    tap(&ui, "Book");
    pump_until("the clash explained", || form.get_clashes().row_count() > 0);
    assert_eq!(form.get_booked(), 0);
    assert_eq!(form.get_clashes().row_data(0).unwrap().what, "room");
    assert!(form
        .get_clashes()
        .row_data(0)
        .unwrap()
        .when
        .ends_with("08:00–08:45"));
    let offer = form
        .get_offers()
        .row_data(0)
        .expect("free times are offered");
    tap(&ui, &format!("Take {offer}"));
    pump_until("booked at the offer", || form.get_booked() == 1);
    let booked_at = store.call(move |s| {
        let (from, to) = ladoshka::app::clock::day_bounds(tomorrow);
        s.calendar(from, to + chrono::Duration::days(7))
            .unwrap()
            .into_iter()
            .find(|e| e.people.iter().any(|p| i64::from(pick.id) == p.child.0))
            .map(|e| e.session.starts_at)
    });
    let booked_at = booked_at.expect("the session is in the calendar");
    assert_eq!(
        booked_at
            .with_timezone(&ladoshka::app::clock::zone())
            .format("%d.%m %H:%M")
            .to_string(),
        offer.as_str()
    );
    let _ = room;
    tap(&ui, "Done");
    assert_eq!(screen(&ui), Screen::Schedule);

    // --- Move it 15 minutes later from its session screen. ---
    pump_until("the new block", || {
        (0..sched.get_blocks().row_count()).any(|i| {
            sched
                .get_blocks()
                .row_data(i)
                .unwrap()
                .names
                .contains(pick.name.as_str())
        })
    });
    let b = (0..sched.get_blocks().row_count())
        .map(|i| sched.get_blocks().row_data(i).unwrap())
        .find(|b| b.names.contains(pick.name.as_str()))
        .unwrap();
    tap(&ui, &format!("{} {}", b.time, b.names));
    pump_until("its session", || sa.get_state() == "planned");
    tap(&ui, "Move…");
    assert_eq!(screen(&ui), Screen::Booking);
    pump_until("the move form", || {
        form.get_editing() && form.get_children().row_count() == 1
    });
    tap(&ui, "15 minutes later");
    tap(&ui, "Move");
    pump_until("moved or refused", || {
        form.get_booked() > 0 || form.get_clashes().row_count() > 0
    });
    if form.get_booked() == 0 {
        let offer = form
            .get_offers()
            .row_data(0)
            .expect("a free time is offered");
        tap(&ui, &format!("Take {offer}"));
        pump_until("moved to the offer", || form.get_booked() > 0);
    }
    let moved_to = store.call(move |s| s.session(i64::from(b.id)).unwrap().session.starts_at);
    assert_ne!(moved_to, booked_at, "the session moved");
    tap(&ui, "Done");
    pump_until("back on the session", || {
        screen(&ui) == Screen::Session && sa.get_state() == "planned"
    });
    tap(&ui, "Back");
    assert_eq!(screen(&ui), Screen::Schedule);

    // --- Signing out forgets the schedule. ---
    tap(&ui, "Back");
    tap(&ui, "Sign out");
    assert_eq!(screen(&ui), Screen::PublicHome);
    assert_eq!(sched.get_blocks().row_count(), 0);
    assert_eq!(sched.get_due_steps().row_count(), 0);
    assert_eq!(sa.get_notes(), "");

    // --- Staff see the month's indicators, computed from the same records. ---
    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, "Закирова Г. И."));
    tap(&ui, "Закирова Г. И.");
    for d in "4444".chars() {
        tap(&ui, &d.to_string());
    }
    tap(&ui, "Sign in");
    pump_until("staff home", || screen(&ui) == Screen::RoleHome);
    tap(&ui, "Indicators");
    assert_eq!(screen(&ui), Screen::Indicators);
    let ind = ui.global::<ladoshka::app::IndicatorsAdapter>();
    pump_until("the indicators", || ind.get_lines().row_count() > 0);
    let line = |code: &str| {
        (0..ind.get_lines().row_count())
            .map(|i| ind.get_lines().row_data(i).unwrap())
            .find(|l| l.code == code)
            .unwrap()
    };
    // This month: the noon session was held (the no-show and the cancellation were not).
    // In English the Cyrillic section letters are Latin: С (sessions) is S, П (rental) is R.
    assert!(line("S").value.parse::<i64>().unwrap() >= 1);
    assert_eq!(line("S").label, "Sessions held");
    assert_eq!(ind.get_kinds().row_count(), 4);
    // The demo centre has rental items, so the rental block is there, as in the printed report.
    assert_eq!(line("R.1").label, "families served");
    assert!(
        line("R.3").value.parse::<i64>().unwrap() > 0,
        "items in the stock"
    );
    assert!(line("R.3.1").sub);
    // «Save to a USB stick»: no stick, a plain word; with one, the printable page of the month.
    let stick = dir.dir.path().join("stick");
    std::env::set_var("LADOSHKA_USB_DIR", &stick); // not there yet: no stick
    tap(&ui, "Save the printable report to a USB stick");
    pump_until("the answer", || !ind.get_busy());
    assert_eq!(ind.get_save_problem(), "no-stick");
    std::fs::create_dir_all(&stick).unwrap();
    tap(&ui, "Save the printable report to a USB stick");
    pump_until("the page written", || ind.get_saved() != "");
    assert_eq!(ind.get_save_problem(), "");
    let written = std::path::PathBuf::from(ind.get_saved().as_str());
    assert!(
        written.starts_with(stick.join("ladoshka").join("reports")),
        "{written:?}"
    );
    let page = std::fs::read_to_string(&written).unwrap();
    assert!(
        page.contains("<html") && page.contains("Sessions held"),
        "the printable page"
    );
    tap(&ui, "Back");
    tap(&ui, "Sign out");
    assert_eq!(
        ind.get_lines().row_count(),
        0,
        "signing out forgets the figures"
    );
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    store.call(|_| ());
}

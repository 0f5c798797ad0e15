//! Headless UI test of the check-in at the door (Slint testing backend, mock time), asserting
//! the records in the database: the right code, a double check-in, three wrong codes, a
//! walk-in, the 30-second reset in the middle of the flow, and store answers that arrive after
//! the child went home (dropped; a wrong code still counts). And what the child hears and sees
//! without reading: each step's prompt said on entering and again on 🔊, tiles in time order, a
//! wrong code that shakes and sounds, the child's own picture and no «Start again» on "thank
//! you". One test function: the testing backend can be set up once per process.

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use common::ui::{pump_until, shows, tap};
use common::TempKiosk;
use ladoshka::app::clock::local_hh_mm;
use ladoshka::app::{AppWindow, CheckInAdapter, CheckInStep, Kiosk, Navigation, Screen};
use ladoshka::crypto::pin_hash::PICTURE_CODE_ITERATIONS;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::Language;
use ladoshka::domain::{
    Avatar, ChildId, Mood, NewChild, NewFamily, NewSession, PictureCode, SessionKind, StaffId,
};
use ladoshka::platform::audio::{Sound, Speakers};
use ladoshka::platform::voice_lines::line;
use ladoshka::store::StoreWorker;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::SATURDAY_NIGHT;

struct Fixture {
    heard: std::sync::mpsc::Receiver<Sound>,
    ui: AppWindow,
    _kiosk: std::rc::Rc<Kiosk>,
    store: StoreWorker,
    _dir: TempKiosk,
    solo_time: String,
    family_time: String,
    solo_session: i64,
    family_session: i64,
    aidar: ChildId,
}

fn start() -> Fixture {
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([6; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let room = store.rooms().unwrap()[0].id;
    let now = ladoshka::platform::clock::now();
    let (solo_at, family_at) = (
        now + chrono::Duration::minutes(15),
        now + chrono::Duration::minutes(75),
    );
    let code = |p: &PinPepper, c: &[u8]| {
        PinHash::of_secret(
            PictureCode::new(c).unwrap().canonical().as_bytes(),
            p,
            PICTURE_CODE_ITERATIONS,
        )
    };
    let (solo_session, family_session, aidar) = store
        .write(|w| {
            let born = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap();
            let fam = w.insert_family(&NewFamily::new("Галиевы", "Галиева Гүзәл", None)?)?;
            let aidar = w.insert_child(&NewChild::new(
                fam,
                "Айдар",
                "Галиев",
                born,
                Avatar::Owl,
                true,
                &[],
                today,
            )?)?;
            w.set_picture_code(aidar, &code(&pepper, &[0, 1, 2]))?;
            let fam2 = w.insert_family(&NewFamily::new("Ивановы", "Иванова Ольга", None)?)?;
            let alsu = w.insert_child(&NewChild::new(
                fam2,
                "Алсу",
                "Иванова",
                born,
                Avatar::Cat,
                true,
                &[],
                today,
            )?)?;
            let bulat = w.insert_child(&NewChild::new(
                fam2,
                "Булат",
                "Иванов",
                born,
                Avatar::Frog,
                false,
                &[],
                today,
            )?)?;
            w.set_picture_code(alsu, &code(&pepper, &[3, 4, 5]))?;
            w.set_picture_code(bulat, &code(&pepper, &[6, 7, 8]))?;
            let psy = StaffId(1);
            let solo = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::IndividualPlayTherapy,
                solo_at,
                45,
                &[aidar],
            )?)?;
            let family = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::FamilyReconciliation,
                family_at,
                60,
                &[alsu, bulat],
            )?)?;
            Ok((solo, family, aidar))
        })
        .unwrap();
    // The kiosk learns its room from the store.
    let (speakers, heard) = Speakers::listening();
    let (ui, kiosk, store) =
        common::ui::start_kiosk(store, pepper, speakers, common::ui::english());
    Fixture {
        heard,
        ui,
        _kiosk: kiosk,
        store,
        _dir: dir,
        solo_time: local_hh_mm(solo_at),
        family_time: local_hh_mm(family_at),
        solo_session,
        family_session,
        aidar,
    }
}

/// What the speakers were asked to play since the last call: cues by name, recorded prompts
/// by their key, synthesised speech by its text.
fn heard(f: &Fixture) -> Vec<String> {
    f.heard
        .try_iter()
        .map(|s| match s {
            Sound::Cue(c) => format!("cue {c:?}"),
            Sound::Voice(wav) => ladoshka::platform::voice_lines::KEYS
                .iter()
                .find(|k| line(k, Language::En) == Some(wav))
                .map_or_else(|| "an unknown prompt".to_owned(), |k| format!("say {k}")),
            Sound::Speech { text, .. } => format!("speak {text}"),
        })
        .collect()
}

fn step(f: &Fixture) -> CheckInStep {
    f.ui.global::<CheckInAdapter>().get_step()
}

fn screen(f: &Fixture) -> Screen {
    f.ui.global::<Navigation>().get_screen()
}

fn open_tiles(f: &Fixture) {
    tap(&f.ui, "I'm here");
    assert_eq!(screen(f), Screen::CheckIn);
    pump_until("today's tiles", || {
        !f.ui.global::<CheckInAdapter>().get_loading()
    });
}

fn enter_code(f: &Fixture, pictures: [&str; 3]) {
    for p in pictures {
        tap(&f.ui, p);
    }
    pump_until("the code check", || {
        !f.ui.global::<CheckInAdapter>().get_busy()
    });
}

#[test]
fn check_in_flows_record_what_they_say() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let f = start();
    let a = f.ui.global::<CheckInAdapter>();

    // --- 🔊 at home says the greeting (nothing is said there by itself: nobody may be there). ---
    heard(&f);
    tap(&f.ui, "Say it again");
    assert_eq!(heard(&f), ["say home"]);

    // --- The right code, a mood, thank you; the check-in is in the database with its mood. ---
    open_tiles(&f);
    assert!(shows(&f.ui, &f.solo_time) && shows(&f.ui, &f.family_time));
    let times: Vec<String> = (0..a.get_tiles().row_count())
        .map(|i| a.get_tiles().row_data(i).unwrap().time.into())
        .collect();
    assert_eq!(
        times,
        [f.solo_time.clone(), f.family_time.clone()],
        "tiles in time order"
    );
    assert_eq!(
        heard(&f),
        ["say who"],
        "each step says its words on entering"
    );
    tap(&f.ui, "Say it again");
    assert_eq!(heard(&f), ["say who"], "and again on 🔊");
    tap(&f.ui, &f.solo_time);
    assert_eq!(step(&f), CheckInStep::Code);
    assert_eq!(a.get_chosen().name, "Айдар");
    assert_eq!(heard(&f).last().map(String::as_str), Some("say code"));
    // A wrong code: a sound and a shake (one more wrong try to shake for), gentle words.
    enter_code(&f, ["Apple", "Ball", "Star"]);
    assert_eq!(step(&f), CheckInStep::Code);
    assert_eq!(a.get_wrong_tries(), 1, "the dots shake once");
    assert!(a.get_code_wrong());
    let said = heard(&f);
    assert!(
        said.contains(&"cue Refused".to_owned()),
        "a wrong code sounds: {said:?}"
    );
    assert!(said.contains(&"say code-wrong".to_owned()), "{said:?}");
    enter_code(&f, ["Apple", "Ball", "Car"]);
    assert_eq!(step(&f), CheckInStep::Mood);
    tap(&f.ui, "Happy");
    pump_until("the check-in to be saved", || step(&f) == CheckInStep::Done);
    // "Thank you" shows the child's own picture and offers nothing to start again.
    assert_eq!(a.get_chosen().avatar, "owl");
    assert!(
        !shows(&f.ui, "Start again"),
        "no «Start again» on a success screen"
    );
    let thanks = heard(&f);
    assert!(thanks.contains(&"cue Chime".to_owned()), "{thanks:?}");
    let spoken = thanks.last().cloned().unwrap();
    assert!(spoken.starts_with("speak Thank you, Айдар!"), "{spoken}");
    tap(&f.ui, "Say it again");
    assert_eq!(
        heard(&f),
        [spoken],
        "🔊 says the thank-you again, with the name"
    );
    let (solo, aidar) = (f.solo_session, f.aidar);
    let rows = f
        .store
        .call(move |s| s.check_ins_for_session(solo).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].child, rows[0].mood), (aidar, Mood::Happy));
    assert!(f
        .store
        .call(|s| s.unsent_outbox(10_000).unwrap())
        .iter()
        .any(|r| r.entity == "check_in"));
    // A late second tap on a face (delivered after "thank you"): ignored, still one record.
    a.invoke_mood(5);
    pump_until("any stray store work", || true);
    common::ui::elapse(Duration::from_secs(7));
    assert_eq!(
        screen(&f),
        Screen::PublicHome,
        "thank you returns to the attract screen"
    );
    assert_eq!(
        a.get_chosen().name,
        "",
        "nothing of the last child stays on screen"
    );
    heard(&f);
    tap(&f.ui, "Say it again");
    assert_eq!(
        heard(&f),
        ["say home"],
        "at home 🔊 no longer says the child's name"
    );
    assert_eq!(
        f.store
            .call(move |s| s.check_ins_for_session(solo).unwrap())
            .len(),
        1
    );

    // --- A session everyone has checked in to is no longer offered. ---
    open_tiles(&f);
    assert!(
        !shows(&f.ui, &f.solo_time),
        "a checked-in session must not be offered again"
    );

    // --- Stale answers: the child goes home before the store answers; nothing comes back. ---
    a.invoke_home();
    assert_eq!(screen(&f), Screen::PublicHome);
    tap(&f.ui, "I'm here");
    a.invoke_home();
    common::ui::settle(&f.store);
    assert_eq!(screen(&f), Screen::PublicHome);
    assert_eq!(
        a.get_tiles().row_count(),
        0,
        "tiles read for a child gone home are dropped"
    );
    open_tiles(&f);
    tap(&f.ui, &f.family_time);
    tap(&f.ui, "Алсу");
    for p in ["Star", "Sun", "Whale"] {
        tap(&f.ui, p);
    }
    assert!(a.get_busy(), "the code is being checked");
    a.invoke_home();
    common::ui::settle(&f.store);
    assert_eq!(screen(&f), Screen::PublicHome);
    assert_eq!(
        step(&f),
        CheckInStep::Who,
        "the late answer does not reopen the code step"
    );
    assert!(!a.get_code_wrong() && !a.get_busy());
    assert_eq!(a.get_chosen().name, "");
    open_tiles(&f);

    // --- Three wrong codes: an adult will help; the psychologist is told; no name shown. ---
    tap(&f.ui, &f.family_time);
    assert_eq!(step(&f), CheckInStep::WhichOne);
    tap(&f.ui, "Алсу");
    assert_eq!(step(&f), CheckInStep::Code);
    // The wrong code checked after she went home counts: two more lead to an adult.
    for attempt in 2..=3 {
        enter_code(&f, ["Star", "Sun", "Whale"]);
        if attempt < 3 {
            assert_eq!(step(&f), CheckInStep::Code);
            assert!(a.get_code_wrong());
            assert_eq!(a.get_code_entered(), 0);
        }
    }
    assert_eq!(step(&f), CheckInStep::Help);
    let family = f.family_session;
    pump_until("the help notice", || {
        f.store
            .call(move |s| s.unseen_help_notices(family).unwrap())
            == 1
    });
    assert!(f
        .store
        .call(move |s| s.check_ins_for_session(family).unwrap())
        .is_empty());
    assert!(!shows(&f.ui, "Алсу"), "the help screen names nobody");
    tap(&f.ui, "Start again");
    assert_eq!(screen(&f), Screen::PublicHome);

    // --- Picking her tile again gives no new tries (else all 504 codes could be tried). ---
    open_tiles(&f);
    tap(&f.ui, &f.family_time);
    tap(&f.ui, "Алсу");
    assert_eq!(step(&f), CheckInStep::Code);
    enter_code(&f, ["Star", "Sun", "Whale"]);
    assert_eq!(
        step(&f),
        CheckInStep::Help,
        "still three wrong codes: an adult helps"
    );
    tap(&f.ui, "Start again");
    assert_eq!(screen(&f), Screen::PublicHome);

    // --- The other child of the family checks in on their own. ---
    open_tiles(&f);
    tap(&f.ui, &f.family_time);
    // Булат's family did not agree to show his name: his tile is his frog.
    tap(&f.ui, "Frog");
    enter_code(&f, ["Star", "Sun", "Whale"]);
    assert_eq!(step(&f), CheckInStep::Mood);
    // Besides the five faces: angry, scared and "I don't want to say".
    for feeling in ["Angry", "Scared", "I don't want to say"] {
        assert!(shows(&f.ui, feeling), "the mood step offers «{feeling}»");
    }
    tap(&f.ui, "Scared");
    // He runs off before "thank you": the check-in is saved, and no "thank you" follows him.
    a.invoke_home();
    common::ui::settle(&f.store);
    let saved = f
        .store
        .call(move |s| s.check_ins_for_session(family).unwrap());
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].mood,
        Mood::Scared,
        "a feeling off the scale is kept as it was said"
    );
    assert_eq!(screen(&f), Screen::PublicHome);
    assert_eq!(
        step(&f),
        CheckInStep::Who,
        "a late \"saved\" shows no thank-you"
    );

    // --- No booking: a walk-in request is recorded (a late answer after "home" shows nothing). ---
    open_tiles(&f);
    tap(&f.ui, "I have no booking");
    a.invoke_home();
    common::ui::settle(&f.store);
    assert_eq!(f.store.call(|s| s.open_walk_ins().unwrap()), 1);
    assert_eq!(
        (screen(&f), step(&f)),
        (Screen::PublicHome, CheckInStep::Who)
    );
    open_tiles(&f);
    tap(&f.ui, "I have no booking");
    pump_until("the walk-in", || step(&f) == CheckInStep::WalkIn);
    assert_eq!(f.store.call(|s| s.open_walk_ins().unwrap()), 2);
    common::ui::elapse(Duration::from_secs(13));
    assert_eq!(screen(&f), Screen::PublicHome);

    // --- 30 s without a touch in the middle of the flow: back to the start, all forgotten. ---
    open_tiles(&f);
    tap(&f.ui, &f.family_time);
    // Only Алсу is still to check in, so her tile goes straight to her code.
    assert_eq!(step(&f), CheckInStep::Code);
    assert_eq!(a.get_chosen().name, "Алсу");
    common::ui::elapse(Duration::from_secs(25));
    assert_eq!(screen(&f), Screen::CheckIn);
    tap(&f.ui, "Apple"); // a touch restarts the countdown
    assert_eq!(a.get_code_entered(), 1);
    common::ui::elapse(Duration::from_secs(25));
    assert_eq!(screen(&f), Screen::CheckIn, "a touch restarts the 30 s");
    common::ui::elapse(Duration::from_secs(6));
    assert_eq!(screen(&f), Screen::PublicHome);
    assert_eq!(a.get_code_entered(), 0);
    assert_eq!(a.get_people().row_count(), 0);
    assert_eq!(a.get_chosen().avatar, "");
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    f.store.call(|_| ());
}

//! Headless UI test of diagnostics (Slint testing backend, mock time), asserting the records:
//! a Lüscher test handed to a child in child mode; leaving child mode needs the psychologist's
//! PIN (a wrong one keeps the child mode); the administration left half-way is partial and
//! resumes at the second round; the finished result is stored with its scores and shown; a
//! child who walks away mid-way leaves a partial administration, and the kiosk goes home; a
//! store answer that arrives after the screen was left or the psychologist signed out is dropped.

mod common;

use std::time::Duration;

use common::ui::{pump_until, shows, sign_in, tap, type_pin};
use ladoshka::app::{AppWindow, ChildModeAdapter, DiagnosticsAdapter, Navigation, Screen};
use ladoshka::domain::instrument::Answer;
use ladoshka::domain::ChildId;
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::NEW_YEARS_EVE;

const COLOURS: [&str; 8] = [
    "grey",
    "dark blue",
    "blue-green",
    "orange-red",
    "yellow",
    "violet",
    "brown",
    "black",
];

fn rank(ui: &AppWindow, order: [usize; 8]) {
    let cm = ui.global::<ChildModeAdapter>();
    for (n, c) in order.iter().enumerate() {
        assert_eq!(
            cm.get_colours_left().row_count(),
            8 - n,
            "a chosen colour hides"
        );
        tap(ui, COLOURS[*c]);
    }
}

fn screen(ui: &AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

#[test]
fn a_luscher_test_in_child_mode_from_hand_over_to_result() {
    let (speakers, heard) = Speakers::listening();
    let k = common::ui::demo_kiosk(speakers, INSTANT);
    let (ui, store, _kiosk) = (&k.ui, k.store.clone(), &k.kiosk);
    sign_in(ui, "Сафина А. С.", "1111");

    tap(ui, "Diagnostics");
    assert_eq!(screen(ui), Screen::Diagnostics);
    let d = ui.global::<DiagnosticsAdapter>();
    pump_until("the children", || d.get_children().row_count() > 0);
    // «Find a child»: a few letters of a surname narrow the list; an empty field shows all.
    let all = d.get_children().row_count();
    let names = |d: &DiagnosticsAdapter| -> Vec<String> {
        (0..d.get_children().row_count())
            .map(|i| d.get_children().row_data(i).unwrap().name.to_string())
            .collect()
    };
    let surname = names(&d)[0].split(' ').nth(1).unwrap().to_owned();
    let typed: String = surname.chars().take(4).collect();
    let search = |text: &str| {
        for e in
            i_slint_backend_testing::ElementHandle::find_by_accessible_label(ui, "Find a child")
        {
            e.set_accessible_value(text);
        }
    };
    search(&typed.to_uppercase());
    let found = names(&d);
    assert!(
        !found.is_empty() && found.len() < all,
        "{all} children → {found:?}"
    );
    assert!(
        found
            .iter()
            .all(|n| n.split(' ').any(|w| w.starts_with(&typed))),
        "«{typed}» finds only names with a word starting so: {found:?}"
    );
    search("");
    assert_eq!(d.get_children().row_count(), all);
    let child = d.get_children().row_data(0).unwrap();
    let child_id = ChildId(i64::from(child.id));
    tap(ui, &child.name);
    pump_until("the instruments", || d.get_instruments().row_count() > 0);
    let ids: Vec<String> = (0..d.get_instruments().row_count())
        .map(|i| d.get_instruments().row_data(i).unwrap().id.to_string())
        .collect();
    assert!(
        ids.contains(&"luscher-8".to_string()) && ids.contains(&"family-drawing".to_string()),
        "{ids:?}"
    );

    // Hand the Lüscher test to the child: child mode, the colours, one round.
    d.invoke_give("luscher-8".into());
    pump_until("child mode", || screen(ui) == Screen::ChildMode);
    let cm = ui.global::<ChildModeAdapter>();
    assert_eq!(cm.get_kind(), "colours");
    assert!(
        cm.get_prompt().contains("colour"),
        "the question is shown: {}",
        cm.get_prompt()
    );
    let spoken: Vec<String> = heard
        .try_iter()
        .filter_map(|s| match s {
            ladoshka::platform::audio::Sound::Speech { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert!(
        spoken
            .iter()
            .any(|t| t.as_str() == cm.get_prompt().as_str()),
        "and read aloud: {spoken:?}"
    );
    assert!(
        !shows(ui, "Back") && !shows(ui, "Sign out"),
        "nothing but the instrument and the lock"
    );
    rank(ui, [3, 4, 2, 5, 1, 6, 0, 7]);
    assert_eq!(cm.get_kind(), "pause", "a rest between the two rounds");
    assert_eq!(cm.get_pause_left(), 60);
    pump_until("the first round saved", || {
        store
            .call(move |s| s.administrations_of(child_id).unwrap())
            .last()
            .is_some_and(
                |a| matches!(a.answers.get("colours"), Some(Answer::Rankings(r)) if r.len() == 1),
            )
    });

    // The child cannot leave: the lock asks for the psychologist's PIN; a wrong one stays.
    tap(ui, "Leave (for the grown-up)");
    assert!(cm.get_unlocking());
    type_pin(ui, "9999");
    pump_until("refused", || cm.get_wrong_pin());
    assert_eq!(screen(ui), Screen::ChildMode);
    type_pin(ui, "1111");
    pump_until("back to diagnostics", || screen(ui) == Screen::Diagnostics);
    let partial = store
        .call(move |s| s.partial_administration(child_id, "luscher-8").unwrap())
        .expect("kept as partial");
    assert!(partial.finished_at.is_none());

    // Resume: it goes on at the second round.
    pump_until("the partial offered", || {
        (0..d.get_instruments().row_count())
            .any(|i| d.get_instruments().row_data(i).unwrap().partial == partial.id as i32)
    });
    d.invoke_resume(partial.id as i32);
    pump_until("child mode again", || screen(ui) == Screen::ChildMode);
    assert_eq!(cm.get_kind(), "colours");
    assert_eq!(cm.get_round(), 2);
    rank(ui, [7, 0, 6, 1, 5, 2, 4, 3]);
    assert_eq!(cm.get_kind(), "thanks");
    pump_until("the result stored", || {
        store
            .call(move |s| s.administration(partial.id).unwrap())
            .is_some_and(|a| a.finished_at.is_some())
    });
    let done = store
        .call(move |s| s.administration(partial.id).unwrap())
        .unwrap();
    let outcome: serde_json::Value =
        serde_json::from_str(done.outcome.as_deref().unwrap()).unwrap();
    // The hand-computed figures of the norm, then the reversed norm (tests/instruments.rs).
    assert_eq!(outcome["indices"]["deviation"], 32.0);
    assert_eq!(outcome["indices"]["all_marks"], 12.0);
    assert_eq!(outcome["indices"]["vegetative"], 0.375);
    assert_eq!(outcome["flags"][0], "tension_marks");
    let pending = store.call(|s| s.unsent_outbox(10_000).unwrap());
    assert!(
        pending
            .iter()
            .any(|r| r.entity == "administration" && r.entity_id == partial.id),
        "the result goes to the outbox"
    );

    // The psychologist's PIN opens the result: figures, the flag, the pairs.
    tap(ui, "Leave (for the grown-up)");
    type_pin(ui, "1111");
    pump_until("the result", || d.get_open_result() == partial.id as i32);
    let lines: Vec<(String, String)> = (0..d.get_lines().row_count())
        .map(|i| d.get_lines().row_data(i).unwrap())
        .map(|l| (l.label.to_string(), l.value.to_string()))
        .collect();
    assert!(lines.iter().any(|(_, v)| v == "32"), "{lines:?}");
    assert!(
        lines.iter().any(|(_, v)| v == "0.38" || v == "0.375"),
        "{lines:?}"
    );
    assert_eq!(d.get_flags().row_count(), 1);
    assert!(d.get_pairs().contains("+ 70"), "{}", d.get_pairs());
    assert!(d.get_bands().row_count() >= 1);
    // Who opened which child's results is in the audit trail (issue 15 §1).
    common::ui::settle(&store);
    let opened = store.call(|s| s.audit_entries(20).unwrap());
    assert!(
        opened.iter().any(|e| e.event == "results_opened"
            && e.detail == format!("child={}", partial.child.0)
            && e.staff.is_some()),
        "{opened:?}"
    );
    tap(ui, "Back");
    assert_eq!(d.get_open_result(), 0);
    pump_until("the history", || d.get_history().row_count() >= 1);

    // A child who walks away half-way: the answers so far are kept; the kiosk goes home.
    d.invoke_give("ladder-shchur".into());
    pump_until("the ladder", || {
        screen(ui) == Screen::ChildMode && cm.get_kind() == "ladder"
    });
    assert_eq!(cm.get_steps(), 7);
    tap(ui, "2");
    pump_until("the next question", || {
        store
            .call(move |s| s.partial_administration(child_id, "ladder-shchur").unwrap())
            .is_some_and(|a| a.answers.get("self").is_some())
    });
    common::ui::elapse(Duration::from_secs(91));
    pump_until("home", || screen(ui) == Screen::PublicHome);
    assert!(_kiosk.signed_in().is_none());
    assert_eq!(
        cm.get_kind(),
        "",
        "nothing of the child mode is left on screen"
    );
    let ladder = store
        .call(move |s| s.partial_administration(child_id, "ladder-shchur").unwrap())
        .unwrap();
    assert_eq!(ladder.answers.get("self"), Some(&Answer::Ladder(2)));
    assert!(ladder.finished_at.is_none());

    // Stale answers: an instrument handed over just before the screen is left, or just before
    // the idle timeout signs the psychologist out, does not open child mode when the store
    // answers late, and nothing of the child comes back on the screen.
    sign_in(ui, "Сафина А. С.", "1111");
    tap(ui, "Diagnostics");
    pump_until("the children", || d.get_children().row_count() > 0);
    tap(ui, &child.name);
    pump_until("the instruments", || d.get_instruments().row_count() > 0);
    d.invoke_give("family-drawing".into());
    d.invoke_back();
    common::ui::settle(&store);
    assert_eq!(
        screen(ui),
        Screen::RoleHome,
        "a late answer opens no child mode"
    );
    tap(ui, "Diagnostics");
    pump_until("the children", || d.get_children().row_count() > 0);
    tap(ui, &child.name);
    pump_until("the instruments", || d.get_instruments().row_count() > 0);
    d.invoke_give("family-drawing".into());
    common::ui::elapse(Duration::from_secs(91));
    assert!(_kiosk.signed_in().is_none());
    common::ui::settle(&store);
    assert_eq!(
        screen(ui),
        Screen::PublicHome,
        "no child mode for nobody signed in"
    );
    assert_eq!(cm.get_kind(), "");
    // A child chosen just before the sign-out: the late lists are dropped too.
    sign_in(ui, "Сафина А. С.", "1111");
    tap(ui, "Diagnostics");
    pump_until("the children", || d.get_children().row_count() > 0);
    d.invoke_choose_child(child.id);
    common::ui::elapse(Duration::from_secs(91));
    common::ui::settle(&store);
    assert_eq!(screen(ui), Screen::PublicHome);
    assert_eq!(
        d.get_children().row_count(),
        0,
        "no child's name comes back"
    );
    assert!(!d.get_child_chosen());
    assert_eq!(d.get_history().row_count(), 0);
}

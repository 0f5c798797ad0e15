//! The process clock itself (`ladoshka::platform::clock`): fixed, advanced, started elsewhere
//! from `LADOSHKA_NOW`, and what the `ladoshka` binary says of a bad `LADOSHKA_NOW`. One test
//! function moves the clock (it is one per process); the other only reads the system clock.

mod common;

use chrono::Duration;
use ladoshka::platform::clock::{self, NowVariableError, Source};

#[test]
fn the_process_clock_is_fixed_advanced_and_started_elsewhere() {
    let monday = common::at(common::instants::MONDAY_MORNING);
    assert_eq!(clock::now(), monday);
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(clock::now(), monday, "a fixed clock stands still");
    clock::advance(std::time::Duration::from_secs(90));
    assert_eq!(clock::now(), monday + Duration::seconds(90));
    // The store's writers read the same clock.
    let k = common::TempKiosk::new();
    let mut store = k.open();
    assert_eq!(
        store.write(|w| Ok(w.now())).unwrap(),
        monday + Duration::seconds(90)
    );

    // LADOSHKA_NOW starts a running clock (builds with debug assertions, as `cargo test`'s).
    std::env::set_var(clock::NOW_VARIABLE, common::instants::NEW_YEARS_EVE);
    let eve = common::instants::instant(common::instants::NEW_YEARS_EVE);
    assert_eq!(clock::from_env(), Ok(Some(eve)));
    assert!(matches!(clock::source(), Source::Shifted(_)));
    let read = clock::now();
    assert!((read - eve).num_seconds().abs() < 5, "{read}");
    std::env::set_var(clock::NOW_VARIABLE, "31.12.2026 23:50");
    assert!(matches!(
        clock::from_env(),
        Err(NowVariableError::NotAnInstant(_))
    ));
    std::env::remove_var(clock::NOW_VARIABLE);
    assert_eq!(clock::from_env(), Ok(None));

    // The binary refuses a bad instant with what to write instead.
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(["screens"])
        .env(clock::NOW_VARIABLE, "tomorrow")
        .env("XDG_DATA_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = common::printed(&out);
    assert!(said.contains("2026-12-07T08:00:00+03:00"), "{said}");
}

/// In the moved-clock passes of `.ci/run` (`.ci/faketime-runner` sets `LADOSHKA_FAKETIME`),
/// proves the pass really runs at that instant: the system clock itself reads it.
#[test]
fn a_moved_clock_pass_really_moves_the_system_clock() {
    let Ok(when) = std::env::var("LADOSHKA_FAKETIME") else {
        return;
    };
    let at = clock::parse_instant(&when).expect("LADOSHKA_FAKETIME is an RFC 3339 instant");
    let system = chrono::Utc::now();
    assert!(
        (system - at).num_minutes().abs() < 30,
        "the system clock reads {system}, not {at}"
    );
}

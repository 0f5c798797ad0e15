//! What the staff screens' periodic looks cost the store thread (issue 24): every five seconds
//! the door watch reads today's board and the open schedule reads its day and the route steps
//! due; device and sync reads the sync status every two seconds. Timed here: each read as it
//! was done on every look before, and the look now when nothing changed — `Store::data_mark`
//! compared with the last one, and nothing read. On the demo centre plus 10,000 sessions
//! (a year of a busy room) so the reads have something to walk. p50, p99 and the worst.
//!
//! `cargo bench --bench periodic_looks` runs the full measurement (1,000 runs of each). Under
//! `cargo test` it runs a small version (20 runs) to prove it works.

#[path = "support/timing.rs"]
mod timing;
use timing::time;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ladoshka::crypto::{DbKey, PinCost, PinPepper};
use ladoshka::domain::{NewSession, SessionKind, StaffId};
use ladoshka::store::{Fresh, Store};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 1_000 } else { 20 };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    ladoshka::demo::seed_with_pin_cost(
        &mut store,
        &ladoshka::demo::generate(today),
        &PinPepper::from_bytes([1; 32]),
        today,
        PinCost::TESTS_ONLY,
    )
    .unwrap();
    let room = store.rooms().unwrap()[0].id;
    let child = store
        .sessions_between(
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 31, 0, 0, 0).unwrap(),
        )
        .unwrap()[0]
        .session
        .participants[0];
    store
        .write(|w| {
            let first = Utc.with_ymd_and_hms(2025, 11, 24, 6, 0, 0).unwrap();
            for i in 0..10_000 {
                let at = first + Duration::minutes(53 * i);
                w.insert_session(&NewSession::new(
                    room,
                    StaffId(1),
                    SessionKind::IndividualPlayTherapy,
                    at,
                    45,
                    &[child],
                )?)?;
            }
            Ok(())
        })
        .unwrap();
    // Moscow's day of `today`, as the door watch and the schedule ask for it.
    let from = Utc.with_ymd_and_hms(2026, 11, 22, 21, 0, 0).unwrap();
    let to = from + Duration::days(1);
    let now = from + Duration::hours(12);

    let door = time(runs, || {
        store.door_board(room, from, to).unwrap();
    });
    let schedule = time(runs, || {
        store.calendar(from, to).unwrap();
        for step in store.open_steps(now).unwrap() {
            store.child(step.child).unwrap();
        }
    });
    let status = time(runs, || {
        store.sync_status().unwrap();
    });
    let mark = store.data_mark().unwrap();
    let unchanged = time(runs, || {
        let look = store
            .read_if_changed(Some(mark), |s| s.door_board(room, from, to))
            .unwrap();
        assert!(matches!(look, Fresh::Unchanged));
    });

    println!("periodic looks, {runs} runs each: p50 / p99 / worst (ms)");
    for (what, (p50, p99, worst)) in [
        ("door board read (every 5 s before)", door),
        ("schedule day + steps due read (every 5 s before)", schedule),
        ("sync status read (every 2 s before)", status),
        (
            "a look when nothing changed (data_mark, nothing read)",
            unchanged,
        ),
    ] {
        println!("  {what:<55} {p50:.3} / {p99:.3} / {worst:.3}");
    }
}

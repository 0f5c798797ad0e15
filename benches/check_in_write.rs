//! The check-in write (the record, its outbox rows and the session's arrival, one committed
//! transaction, SQLCipher, WAL, synchronous=FULL) with 100,000 earlier check-ins in the
//! database: p50, p99 and the worst of 1,000 timed writes.
//!
//! `make bench` (or `cargo bench --bench check_in_write`) runs the full measurement.
//! Under `cargo test` it runs a small version (1,000 earlier, 50 timed) to prove it works.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate, TimeZone, Utc};
use ladoshka::crypto::{DbKey, PinHash, PinPepper};
use ladoshka::domain::{
    Avatar, ChildId, Mood, NewChild, NewFamily, NewRoom, NewSession, NewStaff, Pin, Role, RoomKind,
    SessionKind,
};
use ladoshka::store::Store;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (earlier, timed) = if full { (100_000, 1_000) } else { (1_000, 50) };

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 6, 0, 0).unwrap();
    let setup = Instant::now();
    // Sessions for every earlier check-in and every timed one, over 40 children.
    let (sessions, children) = store
        .write(|w| {
            let room = w.insert_room(&NewRoom::new("Игротерапия", RoomKind::PlayTherapy)?)?;
            let psy = w.insert_staff(
                &NewStaff::new("Анна", "", "Сафина", Role::Psychologist)?,
                &PinHash::with_iterations(
                    &Pin::parse("1111")?,
                    &PinPepper::from_bytes([1; 32]),
                    10,
                ),
            )?;
            let born = NaiveDate::from_ymd_opt(2018, 5, 1).unwrap();
            let mut children = Vec::new();
            for i in 0..40 {
                let fam = w.insert_family(&NewFamily::new("Валиевы", "Валиева Лилия", None)?)?;
                children.push(w.insert_child(&NewChild::new(
                    fam,
                    ["Булат", "Алсу"][i % 2],
                    "Валиевы",
                    born,
                    Avatar::Owl,
                    false,
                    &[],
                    today,
                )?)?);
            }
            let mut sessions = Vec::new();
            for i in 0..earlier + timed {
                let at = start + Days::minutes(i as i64 * 30);
                let child: ChildId = children[i % children.len()];
                sessions.push((
                    w.insert_session(&NewSession::new(
                        room,
                        psy,
                        SessionKind::IndividualPlayTherapy,
                        at,
                        30,
                        &[child],
                    )?)?,
                    child,
                ));
            }
            for (session, child) in &sessions[..earlier] {
                w.check_in(*session, *child, Mood::Happy)?;
            }
            Ok((sessions, children))
        })
        .unwrap();
    let _ = children;
    eprintln!(
        "set-up: {} sessions, {earlier} earlier check-ins, in {:.1} s",
        sessions.len(),
        setup.elapsed().as_secs_f64()
    );

    let mut times: Vec<Duration> = sessions[earlier..]
        .iter()
        .map(|(session, child)| {
            let t = Instant::now();
            store
                .write(|w| w.check_in(*session, *child, Mood::Neutral))
                .unwrap();
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "check-in write with {earlier} earlier check-ins, {timed} timed: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*times.last().unwrap())
    );
}

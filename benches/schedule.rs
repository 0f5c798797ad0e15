//! The week view and the conflict check with 100,000 sessions in the database (SQLCipher):
//! p50, p99 and the worst of the timed runs.
//!
//! - week view: `Store::calendar` for one week (every session with its children and who
//!   checked in) and `app::schedule::layout` of one room's week into blocks;
//! - conflict check: `Store::check_booking` of a session at a free time (the calendar read
//!   around it and every clash rule), and of a clashing one (which adds the search for the
//!   three nearest free times).
//!
//! `make bench` (or `cargo bench --bench schedule`) runs the full measurement. Under
//! `cargo test` it runs a small version (2,000 sessions, 20 timed runs) to prove it works.

#[path = "support/timing.rs"]
mod timing;
use timing::time;

use std::time::Instant;

use chrono::{Datelike, Duration as Span, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Moscow;
use ladoshka::app::schedule::{layout, visible_hours, Column};
use ladoshka::crypto::{DbKey, PinHash, PinPepper};
use ladoshka::domain::free_slots::WorkingHours;
use ladoshka::domain::recurrence::Repeat;
use ladoshka::domain::{
    Avatar, NewChild, NewFamily, NewRoom, NewSession, NewStaff, Pin, Role, RoomKind, SessionKind,
};
use ladoshka::store::{BookingRules, Store};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (count, runs) = if full { (100_000, 1_000) } else { (2_000, 20) };

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    // Weekdays 08:00–18:00 Moscow, three rooms side by side, 45-minute sessions every hour.
    let first_day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let setup = Instant::now();
    let (rooms, psychologists, children) = store
        .write(|w| {
            let pin =
                PinHash::with_iterations(&Pin::parse("1111")?, &PinPepper::from_bytes([1; 32]), 10);
            let rooms = [
                w.insert_room(&NewRoom::new("Игротерапия", RoomKind::PlayTherapy)?)?,
                w.insert_room(&NewRoom::new("Примирение", RoomKind::Reconciliation)?)?,
                w.insert_room(&NewRoom::new("Песочная", RoomKind::PlayTherapy)?)?,
            ];
            let psychologists = [
                w.insert_staff(
                    &NewStaff::new("Анна", "", "Сафина", Role::Psychologist)?,
                    &pin,
                )?,
                w.insert_staff(
                    &NewStaff::new("Ләйсән", "", "Хайруллина", Role::Psychologist)?,
                    &pin,
                )?,
                w.insert_staff(
                    &NewStaff::new("Дмитрий", "", "Морозов", Role::Psychologist)?,
                    &pin,
                )?,
            ];
            let born = NaiveDate::from_ymd_opt(2018, 5, 1).unwrap();
            let mut children = Vec::new();
            for i in 0..300 {
                let fam = w.insert_family(&NewFamily::new("Валиевы", "Валиева Лилия", None)?)?;
                children.push(w.insert_child(&NewChild::new(
                    fam,
                    ["Булат", "Алсу"][i % 2],
                    "Валиев",
                    born,
                    Avatar::Owl,
                    false,
                    &[],
                    today,
                )?)?);
            }
            let mut made = 0;
            let mut day = first_day;
            'days: loop {
                if day.weekday().num_days_from_monday() < 5 {
                    for hour in 8..18 {
                        for r in 0..3 {
                            let at = Moscow
                                .from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
                                .unwrap()
                                .with_timezone(&Utc);
                            let child = children[(made * 7) % children.len()];
                            w.insert_session(&NewSession::new(
                                rooms[r],
                                psychologists[r],
                                SessionKind::IndividualPlayTherapy,
                                at,
                                45,
                                &[child],
                            )?)?;
                            made += 1;
                            if made == count {
                                break 'days;
                            }
                        }
                    }
                }
                day = day.succ_opt().unwrap();
            }
            Ok((rooms, psychologists, children))
        })
        .unwrap();
    let last_day = store
        .sessions_between(
            Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap(),
        )
        .unwrap()
        .last()
        .unwrap()
        .session
        .starts_at;
    eprintln!(
        "set-up: {count} sessions from {first_day} to {}, in {:.1} s",
        last_day.date_naive(),
        setup.elapsed().as_secs_f64()
    );

    // A full week in the middle of the calendar.
    let middle = first_day + Span::days((last_day.date_naive() - first_day).num_days() / 2);
    let monday = middle - Span::days(i64::from(middle.weekday().num_days_from_monday()));
    ladoshka::app::clock::set_zone(Moscow);
    let (from, _) = ladoshka::app::clock::day_bounds(monday);
    let (_, to) = ladoshka::app::clock::day_bounds(monday + Span::days(6));
    let cols: Vec<Column> = (0..7)
        .map(|d| Column::Room(rooms[0], monday + Span::days(d)))
        .collect();
    let mut shown = 0;
    let week = time(runs, || {
        let entries = store.calendar(from, to).unwrap();
        let blocks = layout(
            &entries,
            &cols,
            visible_hours(&entries),
            true,
            Some(psychologists[0]),
        );
        shown = blocks.len();
    });
    let entries = store.calendar(from, to).unwrap().len();

    // A free time: 18:00 is after the working day's last session; the same room, psychologist, child.
    let rules = BookingRules::at(
        Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
        Moscow,
        WorkingHours {
            closes: chrono::NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            ..Default::default()
        },
    );
    let wednesday = monday + Span::days(2);
    let at = |h| {
        Moscow
            .from_local_datetime(&wednesday.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&Utc)
    };
    let free = NewSession::new(
        rooms[0],
        psychologists[0],
        SessionKind::IndividualPlayTherapy,
        at(18),
        45,
        &[children[0]],
    )
    .unwrap();
    assert!(
        store
            .check_booking(&free, &Repeat::Once, &rules)
            .unwrap()
            .is_none(),
        "18:00 is free"
    );
    let check_free = time(runs, || {
        store.check_booking(&free, &Repeat::Once, &rules).unwrap();
    });
    let clash = NewSession {
        starts_at: at(10),
        ..free.clone()
    };
    let mut offers = 0;
    let check_clash = time(runs, || {
        if let Some(ladoshka::store::Booking::Refused { offers: o, .. }) =
            store.check_booking(&clash, &Repeat::Once, &rules).unwrap()
        {
            offers = o.len();
        }
    });

    println!("week view ({entries} sessions read, {shown} blocks of one room laid out): p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms (goal: under 2 ms)", week.0, week.1, week.2);
    println!(
        "conflict check, free time: p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms (goal: under 1 ms)",
        check_free.0, check_free.1, check_free.2
    );
    println!("conflict check, clash + {offers} nearest free times: p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms", check_clash.0, check_clash.1, check_clash.2);
    println!("({count} sessions in the database, {runs} timed runs each)");
}

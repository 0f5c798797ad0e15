//! The kiosk's time-dependent behaviour at every named instant of `common::instants` (a Monday
//! morning, a Friday 17:50, a Saturday noon and night, New Year's Eve, the night a zone changed
//! its offset): what "today" is and where it begins and ends, where a refused booking offers
//! free times, and that the demo centre always has someone to check in at the door. One test
//! function, so the process clock moves from instant to instant with nothing running beside it.

mod common;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use common::instants;
use common::TempKiosk;
use ladoshka::app::clock;
use ladoshka::crypto::PinPepper;
use ladoshka::domain::free_slots::WorkingHours;
use ladoshka::domain::recurrence::Repeat;
use ladoshka::domain::{NewSession, SessionKind, StaffId};
use ladoshka::store::{Booking, BookingRules};

fn zone_of(named: &str) -> Tz {
    if named == instants::ZONE_CHANGE_NIGHT {
        instants::ZONE_CHANGE_ZONE
    } else {
        clock::DEFAULT_ZONE
    }
}

fn local(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone)
        .format("%a %Y-%m-%d %H:%M %:z")
        .to_string()
}

/// What "today" is at `now`, and its bounds.
fn today_and_its_bounds(named: &str, now: DateTime<Utc>, zone: Tz) -> NaiveDate {
    let today = clock::today();
    assert_eq!(today, now.with_timezone(&zone).date_naive(), "{named}");
    let (from, to) = clock::day_bounds(today);
    assert!(from <= now && now < to, "{named}: now inside today");
    assert_eq!(clock::local_date(from), today);
    assert_eq!(clock::local_date(to), today.succ_opt().unwrap());
    let hours = (to - from).num_hours();
    if named == instants::ZONE_CHANGE_NIGHT {
        // 02:00 +04 became 01:00 +03: the day had 25 hours, 01:00–02:00 twice.
        assert_eq!(hours, 25, "{named}");
        assert_eq!(
            clock::at_local(today, 1, 30).to_rfc3339(),
            "2020-12-26T21:30:00+00:00",
            "an hour that happens twice: the first"
        );
        assert_eq!(clock::local_hh_mm(from + Duration::hours(24)), "23:00");
    } else {
        assert_eq!(hours, 24, "{named}");
    }
    if named == instants::NEW_YEARS_EVE {
        assert_eq!(today, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        clock::advance(std::time::Duration::from_secs(20 * 60));
        assert_eq!(
            clock::today(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            "a new year"
        );
        ladoshka::platform::clock::fix(now);
    }
    today
}

/// A booking on top of another at the current quarter-hour is refused and offers only times
/// after now, on the quarter-hour, inside working hours.
fn offers_after_now(
    named: &str,
    store: &mut ladoshka::store::Store,
    now: DateTime<Utc>,
    zone: Tz,
) -> DateTime<Utc> {
    let hours = WorkingHours::default();
    let rules = BookingRules::at(now, zone, hours.clone());
    let room = store.rooms().unwrap()[0].id;
    let child = |n| ladoshka::domain::ChildId(n);
    let first = NewSession::new(
        room,
        StaffId(1),
        SessionKind::IndividualPlayTherapy,
        rules.not_before,
        45,
        &[child(1)],
    )
    .unwrap();
    store.write(|w| w.insert_session(&first)).unwrap();
    let mut second = first.clone();
    second.participants = vec![child(2)];
    let Booking::Refused { clashes, offers } = store
        .write(|w| w.book(&second, &Repeat::Once, StaffId(1), &rules))
        .unwrap()
    else {
        panic!("{named}: the same room and psychologist twice is refused");
    };
    assert!(!clashes.is_empty());
    assert_eq!(offers.len(), 3, "{named}: three free times offered");
    for o in &offers {
        let l = o.with_timezone(&zone).naive_local();
        assert!(
            *o >= now - Duration::minutes(15),
            "{named}: {} is in the past",
            local(*o, zone)
        );
        assert!(
            hours.fits(l, 45),
            "{named}: {} is outside working hours",
            local(*o, zone)
        );
        assert_eq!(l.minute() % 15, 0);
        assert!(*o - now < Duration::days(14));
    }
    offers[0]
}

#[test]
fn at_each_named_instant() {
    let pepper = PinPepper::from_bytes([3; 32]);
    for named in instants::ALL {
        let zone = zone_of(named);
        clock::set_zone(zone);
        let now = common::at(named);
        assert_eq!(clock::now(), now);
        let today = today_and_its_bounds(named, now, zone);

        // The demo centre of today's week, as `make run` seeds it.
        let k = TempKiosk::new();
        let mut store = k.open();
        let centre = ladoshka::demo::generate(today);
        ladoshka::demo::seed(&mut store, &centre, &pepper, today).unwrap();
        let monday = today - Duration::days(today.weekday().num_days_from_monday().into());
        for s in &centre.sessions {
            let day = s
                .starts_at
                .with_timezone(&ladoshka::demo::KAZAN)
                .date_naive();
            assert!(
                day >= monday && day < monday + Duration::days(5),
                "{named}: {day}"
            );
        }

        // Free times after a clash.
        let offer = offers_after_now(named, &mut store, now, zone);
        let expected = match named {
            // Working hours end at 18:00 and the weekend is closed: next Monday at 08:00.
            instants::FRIDAY_CLOSING | instants::SATURDAY_NOON | instants::SATURDAY_NIGHT => {
                Some("Mon 2026-11-30 08:00 +03:00")
            }
            // The first working hour of the new year (holidays are not modelled).
            instants::NEW_YEARS_EVE => Some("Fri 2027-01-01 08:00 +03:00"),
            // A Sunday night in Volgograd: Monday 08:00 in the zone's new offset.
            instants::ZONE_CHANGE_NIGHT => Some("Mon 2020-12-28 08:00 +03:00"),
            _ => None,
        };
        if let Some(expected) = expected {
            assert_eq!(local(offer, zone), expected, "{named}");
        }

        // Demo sessions around now: whatever the day and hour, the door has tiles, and only
        // once.
        let added = ladoshka::demo::around_now::top_up(&mut store, now).unwrap();
        let rooms = store.rooms().unwrap();
        for room in &rooms[..2] {
            let tiles = store
                .arrivals(
                    room.id,
                    now,
                    now - Duration::minutes(40),
                    now + Duration::hours(3),
                )
                .unwrap();
            assert!(
                !tiles.is_empty(),
                "{named}: tiles at the door of {}",
                room.details.name
            );
        }
        let again = ladoshka::demo::around_now::top_up(&mut store, now).unwrap();
        assert_eq!(
            again.sessions, 0,
            "{named}: nothing twice (first time {added:?})"
        );
    }
    clock::set_zone(clock::DEFAULT_ZONE);
}

//! The sides of a joint meeting arrive and leave at least a gap apart.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

fn side(a: DateTime<Utc>, l: DateTime<Utc>) -> SideTimes {
    SideTimes {
        arrives: a,
        leaves: l,
    }
}

#[test]
fn the_harmed_side_arrives_first_and_leaves_first() {
    assert_eq!(DEFAULT_STAGGER, Duration::minutes(15));
    let (harmed, caused) = staggered(at(10, 0), 60, DEFAULT_STAGGER);
    assert_eq!(harmed, side(at(9, 45), at(11, 0)));
    assert_eq!(caused, side(at(10, 0), at(11, 15)));
    assert!(apart_enough(&harmed, &caused, DEFAULT_STAGGER));
    assert_eq!(check_apart(&harmed, &caused, DEFAULT_STAGGER), Ok(()));
}

#[test]
fn staggered_times_are_apart_enough_when_the_meeting_lasts_the_gap() {
    for minutes in [15, 45, 90, 240] {
        for gap in [5, 15] {
            let gap = Duration::minutes(gap);
            let (a, b) = staggered(at(9, 0), minutes, gap);
            assert!(apart_enough(&a, &b, gap), "{minutes} min, {gap}");
            assert!(apart_enough(&b, &a, gap));
        }
    }
    // A meeting shorter than the gap: the harmed side would leave as the other arrived; the
    // check catches it.
    let gap = Duration::minutes(30);
    let (a, b) = staggered(at(9, 0), 20, gap);
    assert_eq!(
        check_apart(&a, &b, gap),
        Err(RestorativeRefusal::SidesWouldMeet {
            at: at(9, 20),
            gap_minutes: 30
        })
    );
}

#[test]
fn exactly_the_gap_is_enough_and_a_minute_less_is_not() {
    let a = side(at(9, 45), at(11, 0));
    assert!(apart_enough(
        &a,
        &side(at(10, 0), at(11, 15)),
        DEFAULT_STAGGER
    ));
    let b = side(at(9, 59), at(11, 15));
    assert!(!apart_enough(&a, &b, DEFAULT_STAGGER));
    assert_eq!(
        check_apart(&a, &b, DEFAULT_STAGGER),
        Err(RestorativeRefusal::SidesWouldMeet {
            at: at(9, 45),
            gap_minutes: 15
        })
    );
}

#[test]
fn a_manual_booking_where_the_sides_meet_in_the_corridor_is_refused() {
    let gap = DEFAULT_STAGGER;
    // Both arrive together.
    let a = side(at(10, 0), at(11, 0));
    let b = side(at(10, 0), at(11, 20));
    assert!(!apart_enough(&a, &b, gap));
    // Both leave within five minutes of each other.
    let b = side(at(9, 40), at(11, 5));
    assert_eq!(
        check_apart(&a, &b, gap),
        Err(RestorativeRefusal::SidesWouldMeet {
            at: at(11, 0),
            gap_minutes: 15
        })
    );
    assert!(!apart_enough(&b, &a, gap), "the check is symmetric");
    // One side arrives as the other leaves (separate meetings back to back).
    let a = side(at(9, 0), at(10, 0));
    let b = side(at(10, 5), at(11, 0));
    assert!(!apart_enough(&a, &b, gap));
    let b = side(at(10, 15), at(11, 0));
    assert!(apart_enough(&a, &b, gap));
}

#[test]
fn a_side_leaving_before_it_arrives_is_refused() {
    let a = side(at(11, 0), at(10, 0));
    let b = side(at(12, 0), at(13, 0));
    assert_eq!(
        check_apart(&a, &b, DEFAULT_STAGGER),
        Err(RestorativeRefusal::LeavesBeforeArriving {
            arrives: at(11, 0),
            leaves: at(10, 0)
        })
    );
    assert!(!apart_enough(&b, &a, DEFAULT_STAGGER));
}

#[test]
fn the_door_shows_the_harmed_side_until_halfway_between_the_arrivals() {
    let start = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let (harmed, other) = staggered(start, 60, DEFAULT_STAGGER);
    let at = |m: i64| start + chrono::Duration::minutes(m);
    assert!(harmed_side_at_door(&harmed, &other, at(-30)));
    assert!(harmed_side_at_door(&harmed, &other, at(-8)));
    assert!(!harmed_side_at_door(
        &harmed,
        &other,
        at(-7) + chrono::Duration::seconds(30)
    ));
    assert!(!harmed_side_at_door(&harmed, &other, at(5)));
}

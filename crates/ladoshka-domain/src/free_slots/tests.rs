//! The free-time search on hand-made calendars: each edge named.

use super::*;
use crate::{ChildId, RoomId, SessionKind, SessionState, StaffId};
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Moscow;
use chrono_tz::Tz;

/// 2026-11-23 (a Monday) at `h:m` Moscow time.
fn msk(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    to_utc(
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap(),
        Moscow,
    )
}
fn one(room: i64, psy: i64, child: i64, start: DateTime<Utc>, minutes: u32) -> NewSession {
    NewSession::new(
        RoomId(room),
        StaffId(psy),
        SessionKind::IndividualPlayTherapy,
        start,
        minutes,
        &[ChildId(child)],
    )
    .unwrap()
}
fn busy(id: i64, s: &NewSession) -> Busy {
    Busy::of(id, s, SessionState::Planned).unwrap()
}
/// `nearest_free`, checked against the grid search it replaced on the same calendar.
fn nearest_free(
    series: &[NewSession],
    busy: &[Busy],
    moving: &[i64],
    hours: &WorkingHours,
    zone: Tz,
    not_before: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let got = super::nearest_free(series, busy, moving, hours, zone, not_before, count);
    let grid =
        super::grid::nearest_free_by_grid(series, busy, moving, hours, zone, not_before, count);
    assert_eq!(got, grid, "the grid search answers otherwise");
    got
}
fn long_ago() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap()
}

#[test]
fn the_three_nearest_around_a_clash() {
    // 10:00–10:45 is taken in room 1; the wanted 10:15 clashes.
    let booked = [busy(1, &one(1, 9, 9, msk(23, 10, 0), 45))];
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 10, 15), 45)],
        &booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        3,
    );
    // 10:45 is 30 min away, 11:00 45 min; 09:15 is 60 min away (09:30 and 09:45 would run into 10:00).
    assert_eq!(got, vec![msk(23, 10, 45), msk(23, 11, 0), msk(23, 9, 15)]);
}

#[test]
fn working_hours_and_now_bound_the_search() {
    // Wanted 17:30 for 45 minutes runs past 18:00: the nearest that fit are earlier.
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 17, 30), 45)],
        &[],
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        2,
    );
    assert_eq!(got, vec![msk(23, 17, 15), msk(23, 17, 0)]);
    // ... and not before "now" (17:10): only 17:15, then the next morning.
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 17, 30), 45)],
        &[],
        &[],
        &WorkingHours::default(),
        Moscow,
        msk(23, 17, 10),
        2,
    );
    assert_eq!(got, vec![msk(23, 17, 15), msk(24, 8, 0)]);
    // Friday 17:30 → nothing on Saturday or Sunday: Monday 08:00 comes after Friday's 17:15... .
    let got = nearest_free(
        &[one(1, 1, 1, msk(27, 17, 30), 45)],
        &[],
        &[],
        &WorkingHours::default(),
        Moscow,
        msk(27, 17, 20),
        2,
    );
    assert_eq!(got, vec![msk(30, 8, 0), msk(30, 8, 15)]);
}

#[test]
fn working_hours_fit() {
    let h = WorkingHours::default();
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert!(h.fits(d.and_hms_opt(8, 0, 0).unwrap(), 45));
    assert!(h.fits(d.and_hms_opt(17, 15, 0).unwrap(), 45));
    assert!(!h.fits(d.and_hms_opt(17, 30, 0).unwrap(), 45));
    assert!(!h.fits(d.and_hms_opt(7, 45, 0).unwrap(), 30));
    let saturday = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert!(!h.fits(saturday.and_hms_opt(10, 0, 0).unwrap(), 45));
    let night = WorkingHours {
        opens: NaiveTime::MIN,
        closes: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
        days: vec![Weekday::Mon],
    };
    assert!(
        !night.fits(d.and_hms_opt(23, 30, 0).unwrap(), 60),
        "a session may not run into the next day"
    );
}

#[test]
fn a_series_moves_together_and_must_be_free_on_every_date() {
    // Weekly Mondays 10:00, three times; the second Monday is taken 10:00–11:00 by the child.
    let series: Vec<NewSession> = (0..3)
        .map(|w| one(1, 1, 1, msk(23, 10, 0) + Duration::weeks(w), 45))
        .collect();
    let booked = [busy(5, &one(2, 2, 1, msk(30, 10, 0), 60))];
    let got = nearest_free(
        &series,
        &booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        3,
    );
    // 09:15 (ends 10:00) is 45 min away; 10:45 would still meet the child on the 30th; 09:00
    // and 11:00 are both an hour away: the earlier first.
    assert_eq!(got, vec![msk(23, 9, 15), msk(23, 9, 0), msk(23, 11, 0)]);
}

#[test]
fn an_odd_wanted_time_is_offered_quarter_hours() {
    let booked = [busy(1, &one(1, 9, 9, msk(23, 10, 0), 60))];
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 10, 7), 30)],
        &booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        1,
    );
    assert_eq!(got, vec![msk(23, 9, 30)]);
    let got = nearest_free(
        &[],
        &booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        3,
    );
    assert!(got.is_empty());
}

#[test]
fn a_full_fortnight_offers_nothing() {
    // The psychologist is busy every day for three weeks.
    let booked: Vec<Busy> = (0..30)
        .map(|i| {
            let start = msk(16, 0, 0) + Duration::days(i);
            busy(
                i,
                &NewSession::new(
                    RoomId(5),
                    StaffId(1),
                    SessionKind::IndividualPlayTherapy,
                    start,
                    240,
                    &[ChildId(100 + i)],
                )
                .unwrap(),
            )
        })
        .flat_map(|b| {
            // 6 × 4 hours covers the whole day.
            (0..6).map(move |k| Busy {
                session: b.session * 10 + k,
                starts_at: b.starts_at + Duration::hours(4 * k),
                ends_at: b.ends_at + Duration::hours(4 * k),
                ..b.clone()
            })
        })
        .collect();
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 10, 0), 45)],
        &booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        3,
    );
    assert!(got.is_empty());
}

/// Room 1, psychologist 1, child 1 for 45 minutes at `start`, searched with the usual hours.
fn around(start: DateTime<Utc>, booked: &[Busy], count: usize) -> Vec<DateTime<Utc>> {
    nearest_free(
        &[one(1, 1, 1, start, 45)],
        booked,
        &[],
        &WorkingHours::default(),
        Moscow,
        long_ago(),
        count,
    )
}
fn taken(id: i64, room: i64, psy: i64, child: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Busy {
    Busy {
        session: id,
        room: RoomId(room),
        psychologist: StaffId(psy),
        children: vec![ChildId(child)],
        starts_at: from,
        ends_at: to,
    }
}

#[test]
fn a_gap_exactly_as_long_as_the_session_is_offered() {
    // 09:00–10:00 and 10:45–12:00 leave exactly 45 minutes between them.
    let booked = [
        taken(1, 1, 9, 9, msk(23, 9, 0), msk(23, 10, 0)),
        taken(2, 1, 9, 9, msk(23, 10, 45), msk(23, 12, 0)),
    ];
    assert_eq!(
        around(msk(23, 10, 15), &booked, 3),
        vec![msk(23, 10, 0), msk(23, 12, 0), msk(23, 8, 15)]
    );
    // One minute less and it is not.
    let booked = [
        taken(1, 1, 9, 9, msk(23, 9, 0), msk(23, 10, 1)),
        taken(2, 1, 9, 9, msk(23, 10, 45), msk(23, 12, 0)),
    ];
    assert_eq!(
        around(msk(23, 10, 15), &booked, 2),
        vec![msk(23, 12, 0), msk(23, 8, 15)]
    );
}

#[test]
fn overlapping_and_touching_sessions_block_as_one_stretch() {
    // The room 10:00–11:00, the psychologist elsewhere 10:30–11:30, the child 11:30–12:00
    // (touching the psychologist's end), and an unrelated session at 12:00 in another room.
    let booked = [
        taken(1, 1, 7, 7, msk(23, 10, 0), msk(23, 11, 0)),
        taken(2, 2, 1, 8, msk(23, 10, 30), msk(23, 11, 30)),
        taken(3, 3, 8, 1, msk(23, 11, 30), msk(23, 12, 0)),
        taken(4, 2, 2, 2, msk(23, 12, 0), msk(23, 13, 0)),
    ];
    // 09:15 ends as the room's session starts; 12:00 begins as the child's ends. 08:00 and
    // 12:00 are both two hours away: the earlier first.
    assert_eq!(
        around(msk(23, 10, 0), &booked, 7),
        vec![
            msk(23, 9, 15),
            msk(23, 9, 0),
            msk(23, 8, 45),
            msk(23, 8, 30),
            msk(23, 8, 15),
            msk(23, 8, 0),
            msk(23, 12, 0),
        ]
    );
    // The same stretch as one session, or as many short ones inside each other.
    let nested: Vec<Busy> = (0..6)
        .map(|i| {
            taken(
                i,
                1,
                7,
                7,
                msk(23, 10, 0) + Duration::minutes(i * 15),
                msk(23, 12, 0) - Duration::minutes(i * 5),
            )
        })
        .collect();
    assert_eq!(
        around(msk(23, 10, 0), &nested, 2),
        around(
            msk(23, 10, 0),
            &[taken(1, 1, 7, 7, msk(23, 10, 0), msk(23, 12, 0))],
            2
        )
    );
}

#[test]
fn a_day_fully_booked_sends_the_search_to_the_days_around_it() {
    // The psychologist is busy all Tuesday (the 24th) in another room.
    let booked = [
        taken(1, 3, 1, 9, msk(24, 7, 0), msk(24, 11, 0)),
        taken(2, 3, 1, 9, msk(24, 10, 30), msk(24, 14, 30)),
        taken(3, 3, 1, 9, msk(24, 14, 30), msk(24, 18, 30)),
    ];
    // Monday 17:15 is 18 h 45 min before Tuesday 12:00, Wednesday 08:00 is 20 h after.
    assert_eq!(
        around(msk(24, 12, 0), &booked, 3),
        vec![msk(23, 17, 15), msk(23, 17, 0), msk(23, 16, 45)]
    );
    assert_eq!(around(msk(24, 16, 0), &booked, 1), vec![msk(25, 8, 0)]);
}

#[test]
fn the_end_of_the_working_day_bounds_odd_lengths_too() {
    let fifty = |start| {
        nearest_free(
            &[one(1, 1, 1, start, 50)],
            &[taken(1, 1, 9, 9, msk(23, 16, 0), msk(23, 17, 0))],
            &[],
            &WorkingHours::default(),
            Moscow,
            long_ago(),
            2,
        )
    };
    // 50 minutes: 17:10 would end at closing but is off the quarter-hour; 17:00 ends 17:50.
    assert_eq!(fifty(msk(23, 16, 30)), vec![msk(23, 17, 0), msk(23, 15, 0)]);
    // A session as long as the whole day fits only at opening.
    let whole = nearest_free(
        &[one(1, 1, 1, msk(23, 9, 0), 240)],
        &[],
        &[],
        &WorkingHours {
            closes: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            ..Default::default()
        },
        Moscow,
        long_ago(),
        3,
    );
    assert_eq!(whole, vec![msk(23, 8, 0), msk(24, 8, 0), msk(25, 8, 0)]);
    // Longer than the day: nothing at all.
    let none = nearest_free(
        &[one(1, 1, 1, msk(23, 9, 0), 240)],
        &[],
        &[],
        &WorkingHours {
            closes: NaiveTime::from_hms_opt(11, 45, 0).unwrap(),
            ..Default::default()
        },
        Moscow,
        long_ago(),
        3,
    );
    assert!(none.is_empty());
}

#[test]
fn nothing_is_offered_before_now() {
    // Now is 12:07: the next quarter-hour is the first start offered, and the morning is past.
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 12, 0), 45)],
        &[taken(1, 1, 9, 9, msk(23, 12, 0), msk(23, 13, 0))],
        &[],
        &WorkingHours::default(),
        Moscow,
        msk(23, 12, 7),
        3,
    );
    assert_eq!(got, vec![msk(23, 13, 0), msk(23, 13, 15), msk(23, 13, 30)]);
    // Now after the whole window: nothing.
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 12, 0), 45)],
        &[],
        &[],
        &WorkingHours::default(),
        Moscow,
        msk(23, 12, 0) + Duration::days(15),
        3,
    );
    assert!(got.is_empty());
}

#[test]
fn around_midnight_a_session_never_runs_into_the_next_day() {
    let always = WorkingHours {
        opens: NaiveTime::MIN,
        closes: NaiveTime::from_hms_opt(23, 45, 0).unwrap(),
        days: vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ],
    };
    let got = nearest_free(
        &[one(1, 1, 1, msk(23, 23, 0), 60)],
        &[taken(1, 1, 9, 9, msk(23, 21, 30), msk(23, 23, 45))],
        &[],
        &always,
        Moscow,
        long_ago(),
        3,
    );
    // 23:00 and 23:15 on the 23rd would end after 23:45 or tomorrow; Tuesday 00:00 is an
    // hour away, 20:30 (ending as the busy session starts) two and a half.
    assert_eq!(got, vec![msk(24, 0, 0), msk(24, 0, 15), msk(24, 0, 30)]);
}

#[test]
fn a_weekend_centre_looks_across_the_week() {
    let weekend = WorkingHours {
        days: vec![Weekday::Sat, Weekday::Sun],
        ..Default::default()
    };
    // Wanted Sunday the 29th 17:15 for 45 minutes, taken: Saturday 17:15 is a day earlier,
    // the next Saturday 08:00 is 5 days later.
    let got = nearest_free(
        &[one(1, 1, 1, msk(29, 17, 15), 45)],
        &[taken(1, 1, 9, 9, msk(29, 8, 0), msk(29, 18, 0))],
        &[],
        &weekend,
        Moscow,
        long_ago(),
        2,
    );
    assert_eq!(got, vec![msk(28, 17, 15), msk(28, 17, 0)]);
}

#[test]
fn the_window_ends_a_week_back_and_two_weeks_ahead() {
    let mondays = WorkingHours {
        opens: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(11, 0, 0).unwrap(),
        days: vec![Weekday::Mon],
    };
    // The psychologist is busy on the wanted Monday (30th) and the next one.
    let booked = [
        taken(1, 5, 1, 9, msk(30, 10, 0), msk(30, 11, 0)),
        taken(
            2,
            5,
            1,
            9,
            msk(30, 10, 0) + Duration::weeks(1),
            msk(30, 11, 0) + Duration::weeks(1),
        ),
    ];
    let got = nearest_free(
        &[one(1, 1, 1, msk(30, 10, 0), 45)],
        &booked,
        &[],
        &mondays,
        Moscow,
        long_ago(),
        5,
    );
    // A week back both quarter-hours; two weeks ahead 10:00 is the last candidate (10:15 is
    // past the window).
    assert_eq!(
        got,
        vec![
            msk(23, 10, 15),
            msk(23, 10, 0),
            msk(30, 10, 0) + Duration::weeks(2)
        ]
    );
}

#[test]
fn summer_time_changes_answer_as_the_grid_does() {
    use chrono_tz::Europe::Berlin;
    let always = WorkingHours {
        opens: NaiveTime::MIN,
        closes: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
        days: vec![Weekday::Sat, Weekday::Sun, Weekday::Mon],
    };
    for (day, hour) in [(3, 29), (10, 25)]
        .iter()
        .flat_map(|(m, d)| (0..5).map(move |h| ((*m, *d), h)))
    {
        let local = NaiveDate::from_ymd_opt(2026, day.0, day.1)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap();
        let start = to_utc(local, Berlin);
        let booked = [taken(
            1,
            1,
            9,
            9,
            start - Duration::hours(2),
            start + Duration::hours(1),
        )];
        // The wrapper compares with the grid search; the search finds something.
        let got = nearest_free(
            &[one(1, 1, 1, start, 45)],
            &booked,
            &[],
            &always,
            Berlin,
            long_ago(),
            6,
        );
        assert_eq!(got.len(), 6, "{local}");
    }
}

#[test]
fn the_working_day_window_and_its_neighbours() {
    let h = WorkingHours::default();
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
    let at = |day: u32, hh: u32, mm: u32| {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(hh, mm, 0)
            .unwrap()
    };
    assert_eq!(
        h.window(45),
        Some((Duration::hours(8), Duration::minutes(17 * 60 + 15)))
    );
    assert_eq!(
        h.window(600),
        Some((Duration::hours(8), Duration::hours(8)))
    );
    assert_eq!(h.window(601), None);
    assert_eq!(
        h.next_start(d.and_hms_opt(7, 0, 0).unwrap(), 45),
        Some(at(23, 8, 0))
    );
    assert_eq!(h.next_start(at(23, 9, 10), 45), Some(at(23, 9, 10)));
    assert_eq!(h.next_start(at(23, 17, 16), 45), Some(at(24, 8, 0)));
    assert_eq!(
        h.next_start(at(27, 17, 16), 45),
        Some(at(30, 8, 0)),
        "Friday to Monday"
    );
    assert_eq!(
        h.last_start_until(at(23, 7, 59), 45),
        Some(at(20, 17, 15)),
        "Monday to Friday"
    );
    assert_eq!(h.last_start_until(at(23, 9, 10), 45), Some(at(23, 9, 10)));
    assert_eq!(h.last_start_until(at(23, 19, 0), 45), Some(at(23, 17, 15)));
    let never = WorkingHours {
        days: vec![],
        ..Default::default()
    };
    assert_eq!(never.next_start(at(23, 9, 0), 45), None);
    assert_eq!(never.last_start_until(at(23, 9, 0), 45), None);
}

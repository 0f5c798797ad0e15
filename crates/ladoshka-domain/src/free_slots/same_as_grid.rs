//! The jumping search answers exactly as the grid search it replaced, on thousands of random
//! calendars: dense and sparse, odd lengths and odd starts, series, sessions being moved,
//! "now" anywhere, working days of every shape, and zones with and without summer time.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::grid::nearest_free_by_grid;
use super::{nearest_free, WorkingHours};
use crate::conflict::Busy;
use crate::recurrence::to_utc;
use crate::session::NewSession;
use crate::{ChildId, RoomId, SessionKind, StaffId};

/// SplitMix64: a small deterministic generator, so every run tries the same calendars.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 99) < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Moscow,
    chrono_tz::Europe::Berlin,
    chrono_tz::UTC,
    chrono_tz::America::New_York,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Australia::Lord_Howe,
];

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn minutes(rng: &mut Rng) -> u32 {
    if rng.chance(70) {
        rng.range(1, 16) as u32 * 15
    } else {
        rng.range(15, 240) as u32
    }
}

fn hours(rng: &mut Rng) -> WorkingHours {
    let t = |m: i64| NaiveTime::MIN + Duration::minutes(m);
    let (opens, closes) = match rng.range(0, 4) {
        0 => (t(0), t(23 * 60 + 59)),
        1 => (t(8 * 60), t(18 * 60)),
        2 => (t(rng.range(0, 12) * 15), t(rng.range(40, 95) * 15)),
        3 => (t(rng.range(0, 1000)), t(rng.range(0, 1439))),
        _ => (
            t(rng.range(6, 12) * 60),
            t(rng.range(13, 21) * 60 + rng.range(0, 59)),
        ),
    };
    let days = match rng.range(0, 3) {
        0 => DAYS[..5].to_vec(),
        1 => DAYS.to_vec(),
        2 => DAYS.iter().copied().filter(|_| rng.chance(50)).collect(),
        _ => vec![rng.pick(&DAYS)],
    };
    WorkingHours {
        opens,
        closes,
        days,
    }
}

/// A wanted time: usually near a summer-time change of some zone, on the grid or not.
fn wanted(rng: &mut Rng, zone: Tz) -> DateTime<Utc> {
    let day = match rng.range(0, 3) {
        0 => NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
        1 => NaiveDate::from_ymd_opt(2026, 10, 25).unwrap(),
        2 => NaiveDate::from_ymd_opt(2026, 4, 5).unwrap(),
        _ => NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    } + Duration::days(rng.range(-10, 10));
    let minute = if rng.chance(70) {
        rng.range(0, 95) * 15
    } else {
        rng.range(0, 1439)
    };
    let local = day.and_time(NaiveTime::MIN) + Duration::minutes(minute);
    let mut at = to_utc(local, zone);
    if rng.chance(10) {
        at += Duration::seconds(rng.range(1, 59));
    }
    at
}

struct Case {
    series: Vec<NewSession>,
    busy: Vec<Busy>,
    moving: Vec<i64>,
    hours: WorkingHours,
    zone: Tz,
    not_before: DateTime<Utc>,
    count: usize,
}

fn case(rng: &mut Rng) -> Case {
    let zone = rng.pick(&ZONES);
    let hours = hours(rng);
    let start = wanted(rng, zone);
    let length = minutes(rng);
    let room = RoomId(rng.range(1, 3));
    let psychologist = StaffId(rng.range(1, 3));
    let children: Vec<ChildId> = (0..rng.range(1, 3))
        .map(|_| ChildId(rng.range(1, 6)))
        .collect();
    let session = |starts_at| NewSession {
        room,
        psychologist,
        kind: SessionKind::Group,
        starts_at,
        minutes: length,
        participants: children.clone(),
    };
    // Once, weekly, or a few dates at odd distances (as a moved series may be).
    let series: Vec<NewSession> = match rng.range(0, 5) {
        0..=2 => vec![session(start)],
        3 => (0..rng.range(2, 4))
            .map(|w| session(start + Duration::weeks(w)))
            .collect(),
        _ => {
            let mut at = start;
            (0..rng.range(2, 3))
                .map(|_| {
                    let s = session(at);
                    at += Duration::minutes(rng.range(60, 4 * 24 * 60));
                    s
                })
                .collect()
        }
    };
    let last = series.last().map_or(start, |s| s.starts_at);
    let density = rng.pick(&[0, 5, 30, 120, 400]);
    let busy: Vec<Busy> = (0..density)
        .map(|id| {
            let from = start - Duration::days(9);
            let span = (last + Duration::days(16) - from).num_minutes();
            let at = from
                + Duration::minutes(if rng.chance(70) {
                    rng.range(0, span / 15) * 15
                } else {
                    rng.range(0, span)
                });
            let shared = rng.chance(60);
            Busy {
                session: id,
                room: if shared && rng.chance(50) {
                    room
                } else {
                    RoomId(rng.range(1, 4))
                },
                psychologist: StaffId(rng.range(1, 4)),
                children: (0..rng.range(0, 3))
                    .map(|_| ChildId(rng.range(1, 12)))
                    .collect(),
                starts_at: at,
                ends_at: at + Duration::minutes(minutes(rng).into()),
            }
        })
        .collect();
    let moving: Vec<i64> = (0..rng.range(0, 3))
        .map(|_| rng.range(0, density.max(1)))
        .collect();
    let not_before = match rng.range(0, 3) {
        0 => Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
        1 => start - Duration::minutes(rng.range(0, 3 * 24 * 60)),
        2 => start + Duration::minutes(rng.range(0, 2 * 24 * 60)),
        _ => start - Duration::minutes(rng.range(0, 12 * 60) * 15),
    };
    let count = rng.pick(&[1, 3, 3, 5, 40]);
    Case {
        series,
        busy,
        moving,
        hours,
        zone,
        not_before,
        count,
    }
}

#[test]
fn the_jumping_search_answers_as_the_grid_does() {
    let mut rng = Rng(24);
    let (mut offered, mut empty) = (0, 0);
    for n in 0..3000 {
        let c = case(&mut rng);
        let want = nearest_free_by_grid(
            &c.series,
            &c.busy,
            &c.moving,
            &c.hours,
            c.zone,
            c.not_before,
            c.count,
        );
        let got = nearest_free(
            &c.series,
            &c.busy,
            &c.moving,
            &c.hours,
            c.zone,
            c.not_before,
            c.count,
        );
        assert_eq!(
            got,
            want,
            "case {n}: zone {:?}, hours {:?}, series {:?}, not before {}, count {}",
            c.zone,
            c.hours,
            c.series
                .iter()
                .map(|s| (s.starts_at, s.minutes))
                .collect::<Vec<_>>(),
            c.not_before,
            c.count
        );
        offered += got.len();
        empty += usize::from(got.is_empty());
    }
    // The calendars are varied enough to mean something: most offer times, some offer none.
    assert!(offered > 3000, "{offered} offers in all");
    assert!(
        (30..1500).contains(&empty),
        "{empty} cases without an offer"
    );
}

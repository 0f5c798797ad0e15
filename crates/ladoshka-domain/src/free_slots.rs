//! When a booking clashes, the kiosk offers the nearest times that fit: inside the centre's
//! working hours, on a quarter-hour, free for the room, the psychologist and every child —
//! for a series, free on every date of it.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::conflict::{Busy, Relevant};
use super::recurrence::to_utc;
use super::session::NewSession;

/// When the rooms take sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub days: Vec<Weekday>,
}

impl Default for WorkingHours {
    /// Monday to Friday, 08:00–18:00: a КЦСОН family department's usual day.
    fn default() -> Self {
        Self {
            opens: NaiveTime::from_hms_opt(8, 0, 0).expect("a real time"),
            closes: NaiveTime::from_hms_opt(18, 0, 0).expect("a real time"),
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
        }
    }
}

impl WorkingHours {
    /// Whether a session from local `start` for `minutes` lies inside the working day.
    pub fn fits(&self, start: NaiveDateTime, minutes: u32) -> bool {
        let end = start + Duration::minutes(minutes.into());
        self.days.contains(&start.weekday())
            && start.time() >= self.opens
            && end.date() == start.date()
            && end.time() <= self.closes
    }
}

/// Slots are offered on this grid.
pub const STEP_MINUTES: i64 = 15;
/// How far before and after the wanted time the search looks.
pub const LOOK_BACK_DAYS: i64 = 7;
pub const LOOK_AHEAD_DAYS: i64 = 14;

/// Up to `count` new start times for the first session of `series` (the others move by the
/// same wall-clock amount), nearest to the wanted time first, each inside `hours` in `zone`,
/// not before `not_before`, and free of every session in `busy` except those in `moving`.
pub fn nearest_free(
    series: &[NewSession],
    busy: &[Busy],
    moving: &[i64],
    hours: &WorkingHours,
    zone: Tz,
    not_before: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let Some(first) = series.first() else {
        return Vec::new();
    };
    let relevant: Vec<Relevant> = series
        .iter()
        .map(|s| Relevant::new(s, busy, moving))
        .collect();
    let local = |t: DateTime<Utc>| t.with_timezone(&zone).naive_local();
    let wanted = local(first.starts_at);
    let locals: Vec<NaiveDateTime> = series.iter().map(|s| local(s.starts_at)).collect();

    // Quarter-hours around the wanted time, nearest first (earlier before later on a tie).
    let on_grid = wanted
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(wanted);
    let base = on_grid - Duration::minutes(i64::from(on_grid.minute()) % STEP_MINUTES);
    let steps_back = LOOK_BACK_DAYS * 24 * 60 / STEP_MINUTES;
    let steps_ahead = LOOK_AHEAD_DAYS * 24 * 60 / STEP_MINUTES;
    let mut candidates: Vec<NaiveDateTime> = (-steps_back..=steps_ahead)
        .map(|i| base + Duration::minutes(i * STEP_MINUTES))
        .collect();
    candidates.sort_by_key(|c| ((*c - wanted).num_seconds().abs(), *c));

    let mut out = Vec::new();
    for candidate in candidates {
        if out.len() == count {
            break;
        }
        if candidate == wanted {
            continue;
        }
        let shift = candidate - wanted;
        let fits = series
            .iter()
            .zip(&locals)
            .zip(&relevant)
            .all(|((s, start), relevant)| {
                let moved = *start + shift;
                let from = to_utc(moved, zone);
                hours.fits(moved, s.minutes)
                    && from >= not_before
                    && relevant.is_free(from, from + Duration::minutes(s.minutes.into()))
            });
        if fits {
            out.push(to_utc(candidate, zone));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ChildId, RoomId, SessionKind, SessionState, StaffId};
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Europe::Moscow;

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
}

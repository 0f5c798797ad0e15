//! When a booking clashes, the kiosk offers the nearest times that fit: inside the centre's
//! working hours, on a quarter-hour, free for the room, the psychologist and every child —
//! for a series, free on every date of it.
//!
//! The search walks outward from the wanted time, one cursor back and one ahead, always trying
//! the nearer of the two; a candidate that does not fit tells how far the cursor may jump —
//! past the session in the way, to the next opening of the working day, past "now" — so a
//! refusal costs a step per busy stretch or closed night, not one per quarter-hour of three
//! weeks. Its answers are those of the plain grid search kept as the test oracle
//! (`grid.rs`), which `same_as_grid.rs` checks on thousands of random calendars.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday,
};
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

    /// The first and the last start of a session of `minutes` on a working day, counted from
    /// midnight; `None` when it fits on no day.
    fn window(&self, minutes: u32) -> Option<(Duration, Duration)> {
        let first = self.opens - NaiveTime::MIN;
        let last = (self.closes - NaiveTime::MIN) - Duration::minutes(minutes.into());
        (first <= last && !self.days.is_empty()).then_some((first, last))
    }

    /// The earliest start at or after `after` for a session of `minutes` that `fits`.
    fn next_start(&self, after: NaiveDateTime, minutes: u32) -> Option<NaiveDateTime> {
        let (first, last) = self.window(minutes)?;
        let day = after.date();
        let into = after - day.and_time(NaiveTime::MIN);
        (0..=7).find_map(|d| {
            let date: NaiveDate = day + Duration::days(d);
            let opens = date.and_time(NaiveTime::MIN) + first;
            (self.days.contains(&date.weekday()) && (d > 0 || into <= last))
                .then(|| after.max(opens))
        })
    }

    /// The latest start at or before `before` for a session of `minutes` that `fits`.
    fn last_start_until(&self, before: NaiveDateTime, minutes: u32) -> Option<NaiveDateTime> {
        let (first, last) = self.window(minutes)?;
        let day = before.date();
        let into = before - day.and_time(NaiveTime::MIN);
        (0..=7).find_map(|d| {
            let date: NaiveDate = day - Duration::days(d);
            let latest = date.and_time(NaiveTime::MIN) + last;
            (self.days.contains(&date.weekday()) && (d > 0 || into >= first))
                .then(|| before.min(latest))
        })
    }
}

/// Slots are offered on this grid.
pub const STEP_MINUTES: i64 = 15;
/// How far before and after the wanted time the search looks.
pub const LOOK_BACK_DAYS: i64 = 7;
pub const LOOK_AHEAD_DAYS: i64 = 14;

/// Up to `count` new start times for the first session of `series` (the others move by the
/// same wall-clock amount), nearest to the wanted time first (earlier before later on a tie),
/// each on a quarter-hour inside `hours` in `zone`, not before `not_before`, and free of every
/// session in `busy` except those in `moving`; the window is `LOOK_BACK_DAYS` before the
/// wanted time to `LOOK_AHEAD_DAYS` after it.
pub fn nearest_free(
    series: &[NewSession],
    busy: &[Busy],
    moving: &[i64],
    hours: &WorkingHours,
    zone: Tz,
    not_before: DateTime<Utc>,
    count: usize,
) -> Vec<DateTime<Utc>> {
    let Some(search) = Search::new(series, busy, moving, hours, zone, not_before) else {
        return Vec::new();
    };
    let steps_back = LOOK_BACK_DAYS * 24 * 60 / STEP_MINUTES;
    let steps_ahead = LOOK_AHEAD_DAYS * 24 * 60 / STEP_MINUTES;
    // Candidate k is `base + k` quarter-hours; the wanted time itself is never offered.
    let first_back = if search.base < search.wanted { 0 } else { -1 };
    let mut back = Some(first_back).filter(|k| *k >= -steps_back);
    let mut ahead = Some(1).filter(|k| *k <= steps_ahead);
    let mut out = Vec::new();
    while out.len() < count {
        let go_back = match (back, ahead) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(b), Some(a)) => search.distance(b) <= search.distance(a),
        };
        if go_back {
            let k = back.unwrap_or_default();
            let next = match search.miss(k) {
                None => {
                    out.push(to_utc(search.at(k), zone));
                    k - 1
                }
                Some(miss) => search.back_past(k, &miss),
            };
            back = Some(next).filter(|k| *k >= -steps_back);
        } else {
            let k = ahead.unwrap_or_default();
            let next = match search.miss(k) {
                None => {
                    out.push(to_utc(search.at(k), zone));
                    k + 1
                }
                Some(miss) => search.ahead_past(k, &miss),
            };
            ahead = Some(next).filter(|k| *k <= steps_ahead);
        }
    }
    out
}

const STEP: Duration = Duration::minutes(STEP_MINUTES);
/// The longest jump taken on the zone's offset: the offset changes at most once a day.
const DAY: Duration = Duration::days(1);

/// One session of the series as the search moves it.
struct Item {
    /// Its local start minus the wanted (first) one's.
    offset: Duration,
    minutes: u32,
    relevant: Relevant,
}

/// Why a candidate does not fit, and for which session of the series.
enum Miss {
    /// Outside the working day.
    Hours { item: usize },
    /// Before "now"; `from` is the moved session's start.
    Early { item: usize, from: DateTime<Utc> },
    /// Sessions in the way, from the earliest start to the latest end among them.
    Busy {
        item: usize,
        from: DateTime<Utc>,
        first: DateTime<Utc>,
        last: DateTime<Utc>,
    },
}

struct Search<'a> {
    items: Vec<Item>,
    hours: &'a WorkingHours,
    zone: Tz,
    not_before: DateTime<Utc>,
    wanted: NaiveDateTime,
    /// The quarter-hour at or before the wanted time: candidate 0.
    base: NaiveDateTime,
}

impl<'a> Search<'a> {
    fn new(
        series: &[NewSession],
        busy: &[Busy],
        moving: &[i64],
        hours: &'a WorkingHours,
        zone: Tz,
        not_before: DateTime<Utc>,
    ) -> Option<Self> {
        let local = |t: DateTime<Utc>| t.with_timezone(&zone).naive_local();
        let wanted = local(series.first()?.starts_at);
        let items = series
            .iter()
            .map(|s| Item {
                offset: local(s.starts_at) - wanted,
                minutes: s.minutes,
                relevant: Relevant::new(s, busy, moving),
            })
            .collect();
        let on_grid = wanted
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(wanted);
        let base = on_grid - Duration::minutes(i64::from(on_grid.minute()) % STEP_MINUTES);
        Some(Self {
            items,
            hours,
            zone,
            not_before,
            wanted,
            base,
        })
    }

    /// Local candidate `k`.
    fn at(&self, k: i64) -> NaiveDateTime {
        self.base + STEP * k as i32
    }

    /// The order candidates are offered in: nearest first, the earlier on a tie.
    fn distance(&self, k: i64) -> (i64, NaiveDateTime) {
        let c = self.at(k);
        ((c - self.wanted).num_seconds().abs(), c)
    }

    /// `None` when candidate `k` fits every session of the series.
    fn miss(&self, k: i64) -> Option<Miss> {
        let shift = self.at(k) - self.wanted;
        self.items.iter().enumerate().find_map(|(item, it)| {
            let moved = self.wanted + it.offset + shift;
            let from = to_utc(moved, self.zone);
            if !self.hours.fits(moved, it.minutes) {
                return Some(Miss::Hours { item });
            }
            if from < self.not_before {
                return Some(Miss::Early { item, from });
            }
            let to = from + Duration::minutes(it.minutes.into());
            it.relevant
                .blocking(from, to)
                .map(|(first, last)| Miss::Busy {
                    item,
                    from,
                    first,
                    last,
                })
        })
    }

    /// The first candidate after `k` that could fit, knowing why `k` does not.
    fn ahead_past(&self, k: i64, miss: &Miss) -> i64 {
        let c = self.at(k);
        let to = match *miss {
            Miss::Hours { item } => {
                let it = &self.items[item];
                match self.hours.next_start(c + it.offset, it.minutes) {
                    Some(start) => start - it.offset,
                    None => return i64::MAX,
                }
            }
            // Every start between maps before "now" or into the sessions in the way, as long
            // as the zone keeps one offset over the jump.
            Miss::Early { item, from } => {
                self.on_one_offset(c, item, (self.not_before - from).min(DAY))
            }
            Miss::Busy {
                item, from, last, ..
            } => self.on_one_offset(c, item, last - from),
        };
        self.ceil(to).max(k + 1)
    }

    /// The first candidate before `k` that could fit, knowing why `k` does not.
    fn back_past(&self, k: i64, miss: &Miss) -> i64 {
        let c = self.at(k);
        let to = match *miss {
            Miss::Hours { item } => {
                let it = &self.items[item];
                match self.hours.last_start_until(c + it.offset, it.minutes) {
                    Some(start) => start - it.offset,
                    None => return i64::MIN,
                }
            }
            // Earlier starts are earlier still (a day at a time, on one offset).
            Miss::Early { item, .. } => self.on_one_offset(c, item, -DAY),
            Miss::Busy {
                item, from, first, ..
            } => {
                let minutes = Duration::minutes(self.items[item].minutes.into());
                self.on_one_offset(c, item, -(from + minutes - first))
            }
        };
        self.floor(to).min(k - 1)
    }

    /// `c` moved by `by` if the zone's offset is the same at both ends of the jump for session
    /// `item` (so local and UTC move together all along it), else `c` itself (one step then).
    fn on_one_offset(&self, c: NaiveDateTime, item: usize, by: Duration) -> NaiveDateTime {
        let moved = c + self.items[item].offset;
        let (a, b) = (moved, moved + by);
        if by.abs() <= DAY && to_utc(b, self.zone) - to_utc(a, self.zone) == b - a {
            c + by
        } else {
            c
        }
    }

    /// The first candidate at or after local `t`.
    fn ceil(&self, t: NaiveDateTime) -> i64 {
        let (q, r) = self.steps(t);
        q + i64::from(r > 0)
    }

    /// The last candidate at or before local `t`.
    fn floor(&self, t: NaiveDateTime) -> i64 {
        self.steps(t).0
    }

    /// Whole quarter-hours from `base` to `t`, and the nanoseconds left over.
    fn steps(&self, t: NaiveDateTime) -> (i64, i64) {
        let step = STEP.num_nanoseconds().unwrap_or(i64::MAX);
        // Jumps stay within a few weeks of the wanted time: nanoseconds do not overflow.
        let d = (t - self.base).num_nanoseconds().unwrap_or(0);
        (d.div_euclid(step), d.rem_euclid(step))
    }
}

#[cfg(test)]
mod grid;
#[cfg(test)]
mod same_as_grid;
#[cfg(test)]
mod tests;

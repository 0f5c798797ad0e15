//! The search as it was first written, kept as the test oracle: every quarter-hour of the
//! window sorted by distance from the wanted time, each tried in turn. Slow (some two thousand
//! candidates sorted for every refusal) but plainly right; `nearest_free` must answer exactly
//! as it does.

use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

use super::{WorkingHours, LOOK_AHEAD_DAYS, LOOK_BACK_DAYS, STEP_MINUTES};
use crate::conflict::{Busy, Relevant};
use crate::recurrence::to_utc;
use crate::session::NewSession;

/// `nearest_free` by stepping the whole quarter-hour grid.
pub(super) fn nearest_free_by_grid(
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

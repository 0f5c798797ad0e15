//! Repeating sessions: "every week", "on Tuesdays and Thursdays", "until 25 December" or
//! "10 times". A series is planned in the kiosk's local time (a 16:00 session stays at 16:00
//! on every date, whatever the UTC offset does) and stored as UTC start times.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::DomainError;

/// A series never has more sessions than this (a school year of weekly sessions); longer
/// work is booked again.
pub const MAX_OCCURRENCES: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepeatEnd {
    /// The last date that may hold a session (inclusive).
    Until(NaiveDate),
    /// How many sessions in all, the first included.
    Times(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repeat {
    Once,
    /// Every week on `weekdays` (empty: the first session's weekday), starting at the first
    /// session's date.
    Weekly {
        weekdays: Vec<Weekday>,
        end: RepeatEnd,
    },
}

/// The UTC start of every session of the series that begins at local `first` in `zone`.
pub fn occurrences(
    first: NaiveDateTime,
    zone: Tz,
    repeat: &Repeat,
) -> Result<Vec<DateTime<Utc>>, DomainError> {
    let dates = match repeat {
        Repeat::Once => vec![first.date()],
        Repeat::Weekly { weekdays, end } => dates(first.date(), weekdays, *end)?,
    };
    Ok(dates
        .into_iter()
        .map(|d| to_utc(d.and_time(first.time()), zone))
        .collect())
}

fn dates(
    first: NaiveDate,
    weekdays: &[Weekday],
    end: RepeatEnd,
) -> Result<Vec<NaiveDate>, DomainError> {
    let days: Vec<Weekday> = if weekdays.is_empty() {
        vec![first.weekday()]
    } else {
        weekdays.to_vec()
    };
    match end {
        RepeatEnd::Times(0) => return Err(DomainError::BadRepeat("repeat at least once".into())),
        RepeatEnd::Times(n) if n as usize > MAX_OCCURRENCES => {
            return Err(DomainError::BadRepeat(format!(
                "a series has at most {MAX_OCCURRENCES} sessions, not {n}: book the rest later"
            )))
        }
        RepeatEnd::Until(last) if last < first => {
            return Err(DomainError::BadRepeat(format!(
            "the series ends on {last}, before its first session on {first}: choose a later date"
        )))
        }
        _ => {}
    }
    let mut out = Vec::new();
    let mut day = first;
    loop {
        match end {
            RepeatEnd::Times(n) if out.len() == n as usize => break,
            RepeatEnd::Until(last) if day > last => break,
            _ => {}
        }
        if days.contains(&day.weekday()) {
            if out.len() == MAX_OCCURRENCES {
                return Err(DomainError::BadRepeat(format!(
                    "this series would have more than {MAX_OCCURRENCES} sessions: choose an earlier end date"
                )));
            }
            out.push(day);
        }
        day = day
            .checked_add_days(Days::new(1))
            .ok_or_else(|| DomainError::BadRepeat("the series runs past the calendar".into()))?;
    }
    if out.is_empty() {
        return Err(DomainError::BadRepeat(
            "no chosen weekday falls before the end date: choose another day or a later end".into(),
        ));
    }
    Ok(out)
}

/// Local wall-clock time to UTC. An hour skipped by a clock change moves the session an hour
/// later; an hour that happens twice takes the first.
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => to_utc(local + chrono::Duration::hours(1), zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use chrono_tz::Europe::{Berlin, Moscow};

    fn local(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
    }
    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    #[test]
    fn once_is_one_session_in_utc() {
        // Moscow is UTC+3 all year.
        assert_eq!(
            occurrences(local(2026, 11, 23, 10), Moscow, &Repeat::Once).unwrap(),
            vec![utc(2026, 11, 23, 7)]
        );
    }

    #[test]
    fn weekly_n_times_keeps_the_weekday() {
        // 2026-11-23 is a Monday.
        let r = Repeat::Weekly {
            weekdays: vec![],
            end: RepeatEnd::Times(3),
        };
        let got = occurrences(local(2026, 11, 23, 16), Moscow, &r).unwrap();
        assert_eq!(
            got,
            vec![
                utc(2026, 11, 23, 13),
                utc(2026, 11, 30, 13),
                utc(2026, 12, 7, 13)
            ]
        );
    }

    #[test]
    fn chosen_weekdays_until_a_date_inclusive() {
        let r = Repeat::Weekly {
            weekdays: vec![Weekday::Tue, Weekday::Thu],
            end: RepeatEnd::Until(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
        };
        // Starting on Monday the 23rd: the Monday itself is not a chosen day.
        let got = occurrences(local(2026, 11, 23, 9), Moscow, &r).unwrap();
        let days: Vec<u32> = got.iter().map(|t| t.day()).collect();
        assert_eq!(days, vec![24, 26, 1, 3]);
    }

    #[test]
    fn chosen_weekdays_n_times() {
        let r = Repeat::Weekly {
            weekdays: vec![Weekday::Mon, Weekday::Wed, Weekday::Fri],
            end: RepeatEnd::Times(5),
        };
        let got = occurrences(local(2026, 11, 23, 9), Moscow, &r).unwrap();
        let days: Vec<u32> = got.iter().map(|t| t.day()).collect();
        assert_eq!(days, vec![23, 25, 27, 30, 2]);
    }

    #[test]
    fn refusals_say_why() {
        let at = local(2026, 11, 23, 9);
        let weekly = |end| Repeat::Weekly {
            weekdays: vec![],
            end,
        };
        assert!(matches!(
            occurrences(at, Moscow, &weekly(RepeatEnd::Times(0))),
            Err(DomainError::BadRepeat(_))
        ));
        assert!(occurrences(at, Moscow, &weekly(RepeatEnd::Times(60))).is_ok());
        assert!(matches!(
            occurrences(at, Moscow, &weekly(RepeatEnd::Times(61))),
            Err(DomainError::BadRepeat(_))
        ));
        let before = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert!(matches!(
            occurrences(at, Moscow, &weekly(RepeatEnd::Until(before))),
            Err(DomainError::BadRepeat(_))
        ));
        // Until the same day: one session.
        assert_eq!(
            occurrences(at, Moscow, &weekly(RepeatEnd::Until(at.date())))
                .unwrap()
                .len(),
            1
        );
        // Saturdays only, ending on Friday: nothing to book.
        let r = Repeat::Weekly {
            weekdays: vec![Weekday::Sat],
            end: RepeatEnd::Until(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
        };
        assert!(matches!(
            occurrences(at, Moscow, &r),
            Err(DomainError::BadRepeat(_))
        ));
        // Two years of weekly sessions: too many.
        let r = weekly(RepeatEnd::Until(
            NaiveDate::from_ymd_opt(2028, 11, 27).unwrap(),
        ));
        assert!(matches!(
            occurrences(at, Moscow, &r),
            Err(DomainError::BadRepeat(_))
        ));
    }

    #[test]
    fn local_time_survives_a_clock_change() {
        // Berlin leaves summer time on 2026-10-25: 16:00 local is 14:00 UTC before, 15:00 after.
        let r = Repeat::Weekly {
            weekdays: vec![],
            end: RepeatEnd::Times(2),
        };
        let got = occurrences(local(2026, 10, 18, 16), Berlin, &r).unwrap();
        assert_eq!(got, vec![utc(2026, 10, 18, 14), utc(2026, 10, 25, 15)]);
    }

    #[test]
    fn skipped_and_doubled_hours() {
        // 2026-03-29 02:30 does not exist in Berlin: the session moves to 03:30 (01:30 UTC).
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            to_utc(gap, Berlin),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap()
        );
        // 2026-10-25 02:30 happens twice: the first (00:30 UTC).
        let twice = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(
            to_utc(twice, Berlin),
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
        );
    }
}

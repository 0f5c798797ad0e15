//! The kiosk's notion of "now" and of local time. Times are stored in UTC and shown in the
//! kiosk's time zone (Europe/Moscow unless `--time-zone` / `LADOSHKA_TIME_ZONE` says
//! otherwise). A kiosk has exactly one zone, so it is set once at start for the whole process
//! instead of being passed to every label that shows a time. "Now" itself comes from
//! [`crate::platform::clock`], which tests fix at a named instant.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

pub use crate::platform::clock::{set_zone, zone, DEFAULT_ZONE};

/// How often the door board and the schedule read the store again while shown.
pub const BOARD_REFRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// A time zone named on the command line or in the configuration, e.g. `Europe/Moscow`.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().map_err(|_| format!("«{name}» is not a time zone: use an IANA name such as Europe/Moscow or Asia/Yekaterinburg"))
}

pub use crate::platform::clock::{advance, now};

/// Today in the kiosk's time zone.
pub fn today() -> NaiveDate {
    local_date(now())
}

/// The UTC instants at which local `day` begins and the next day begins.
pub fn day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |d: NaiveDate| {
        crate::domain::recurrence::to_utc(d.and_hms_opt(0, 0, 0).expect("midnight exists"), zone())
    };
    (start(day), start(day.succ_opt().unwrap_or(day)))
}

/// A local wall-clock time on `day` as UTC.
pub fn at_local(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    crate::domain::recurrence::to_utc(
        day.and_hms_opt(hour, minute, 0).expect("a real time"),
        zone(),
    )
}

/// «14:35» in the kiosk's time zone.
pub fn local_hh_mm(t: DateTime<Utc>) -> String {
    t.with_timezone(&zone()).format("%H:%M").to_string()
}

/// The local date of `t`.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&zone()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_by_name() {
        assert_eq!(
            parse_zone("Europe/Moscow").unwrap(),
            chrono_tz::Europe::Moscow
        );
        assert_eq!(
            parse_zone("Asia/Yekaterinburg").unwrap(),
            chrono_tz::Asia::Yekaterinburg
        );
        assert!(parse_zone("Moscow/Kazan")
            .unwrap_err()
            .contains("Europe/Moscow"));
    }

    #[test]
    fn moscow_days_begin_at_21_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (from, to) = day_bounds(day);
        assert_eq!(from.to_rfc3339(), "2026-11-22T21:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-11-23T21:00:00+00:00");
        assert_eq!(local_hh_mm(at_local(day, 9, 5)), "09:05");
        assert_eq!(local_date(from), day);
    }
}

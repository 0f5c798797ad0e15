//! The kiosk's notion of "now" and of local time. Times are stored in UTC and shown in the
//! kiosk's time zone: Moscow time (UTC+3, no daylight saving since 2014) until the scheduling
//! work makes the zone configurable.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub fn local_offset() -> FixedOffset {
    crate::demo::kazan_offset()
}

pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&local_offset()).date_naive()
}

/// «14:35» in the kiosk's time zone.
pub fn local_hh_mm(t: DateTime<Utc>) -> String {
    t.with_timezone(&local_offset()).format("%H:%M").to_string()
}

//! Time as the store keeps it (Unix seconds) and as a person reads it (local time with offset).

use chrono::{DateTime, Local, Utc};

/// Now, in Unix seconds.
pub fn now_unix() -> i64 {
    Utc::now().timestamp()
}

/// `2026-03-01 13:00:00 +03:00` in the machine's time zone.
pub fn show(unix: i64) -> String {
    match DateTime::<Utc>::from_timestamp(unix, 0) {
        Some(t) => t
            .with_timezone(&Local)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        None => format!("{unix} (Unix seconds)"),
    }
}

//! The kiosk's one source of "now". Everything that stamps a record or decides what "today" is
//! (the store's writers, the screens, the CLI) asks [`now`] instead of the system clock, so a
//! test can put the whole kiosk on a fixed, named instant ([`fix`]) and move it on by hand
//! ([`advance`]) together with Slint's mocked timers, and a developer build can be started "as
//! on a Monday morning" with `LADOSHKA_NOW` ([`from_env`]). A release build always runs on the
//! system clock: records a kiosk keeps must carry the real time.

use std::sync::RwLock;

use chrono::{DateTime, Duration, Utc};

/// Where "now" comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The system clock (the default, and the only source of a release build's `run`).
    System,
    /// A fixed instant that moves only when [`advance`] says so (tests).
    Fixed(DateTime<Utc>),
    /// The system clock moved by a constant: the clock runs, from another starting point.
    Shifted(Duration),
}

static SOURCE: RwLock<Source> = RwLock::new(Source::System);

/// The environment variable that starts a developer build's clock at another instant.
pub const NOW_VARIABLE: &str = "LADOSHKA_NOW";

impl Source {
    /// The time this source reads when the system clock reads `system`.
    pub fn read(self, system: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Source::System => system,
            Source::Fixed(t) => t,
            Source::Shifted(by) => system + by,
        }
    }

    /// This source moved on by `by`.
    pub fn advanced(self, by: Duration) -> Source {
        match self {
            Source::System => Source::Shifted(by),
            Source::Fixed(t) => Source::Fixed(t + by),
            Source::Shifted(d) => Source::Shifted(d + by),
        }
    }
}

/// Now, from the process's [`Source`].
pub fn now() -> DateTime<Utc> {
    source().read(Utc::now())
}

pub fn source() -> Source {
    *SOURCE.read().unwrap_or_else(|e| e.into_inner())
}

pub fn set_source(source: Source) {
    *SOURCE.write().unwrap_or_else(|e| e.into_inner()) = source;
}

/// Puts the whole process on the fixed instant `at` (tests).
pub fn fix(at: DateTime<Utc>) {
    set_source(Source::Fixed(at));
}

/// Moves a fixed clock on by `by` (a test's "time passes"); a running clock moves by itself,
/// so this shifts it as well.
pub fn advance(by: std::time::Duration) {
    let by = Duration::from_std(by).unwrap_or(Duration::MAX);
    let mut source = SOURCE.write().unwrap_or_else(|e| e.into_inner());
    *source = source.advanced(by);
}

/// Starts the clock at `at` and lets it run from there.
pub fn start_at(at: DateTime<Utc>) {
    set_source(Source::Shifted(at - Utc::now()));
}

/// Why `LADOSHKA_NOW` was not used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NowVariableError {
    #[error("{NOW_VARIABLE}=«{0}» is not an instant: write it as 2026-12-07T08:00:00+03:00 (RFC 3339, with the offset)")]
    NotAnInstant(String),
    #[error("{NOW_VARIABLE} is ignored: a release build always runs on the system clock")]
    ReleaseBuild,
}

/// Reads `LADOSHKA_NOW` (an RFC 3339 instant) and starts the clock there, in builds with debug
/// assertions only (`make run`, `cargo test`). Returns the instant it started at, `Ok(None)` if
/// the variable is not set.
pub fn from_env() -> Result<Option<DateTime<Utc>>, NowVariableError> {
    let Some(value) = std::env::var_os(NOW_VARIABLE) else {
        return Ok(None);
    };
    let value = value.to_string_lossy().into_owned();
    if value.trim().is_empty() {
        return Ok(None);
    }
    if !cfg!(debug_assertions) {
        return Err(NowVariableError::ReleaseBuild);
    }
    let at = parse_instant(&value)?;
    start_at(at);
    Ok(Some(at))
}

/// An RFC 3339 instant such as `2026-12-07T08:00:00+03:00`.
pub fn parse_instant(value: &str) -> Result<DateTime<Utc>, NowVariableError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| NowVariableError::NotAnInstant(value.to_owned()))
}

/// The zone a new kiosk uses.
pub const DEFAULT_ZONE: chrono_tz::Tz = chrono_tz::Europe::Moscow;

static ZONE: std::sync::RwLock<chrono_tz::Tz> = std::sync::RwLock::new(DEFAULT_ZONE);

/// Sets the kiosk's time zone (at start, from the configuration): one zone for the whole
/// process, read by the screens (`app::clock`) and by the store for a record's local date.
pub fn set_zone(zone: chrono_tz::Tz) {
    *ZONE.write().unwrap_or_else(|e| e.into_inner()) = zone;
}

pub fn zone() -> chrono_tz::Tz {
    *ZONE.read().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The process's source itself is tested in tests/clock.rs (its own process), so that no
    // unit test here moves the clock under another.

    #[test]
    fn a_fixed_source_stands_still_until_advanced_and_a_shifted_one_runs() {
        let monday = parse_instant("2026-12-07T08:00:00+03:00").unwrap();
        let system = parse_instant("2026-12-05T23:30:00+03:00").unwrap();
        let later = system + Duration::minutes(5);
        let fixed = Source::Fixed(monday);
        assert_eq!(fixed.read(system), monday);
        assert_eq!(
            fixed.read(later),
            monday,
            "a fixed clock does not move by itself"
        );
        assert_eq!(
            fixed.advanced(Duration::seconds(90)).read(later),
            monday + Duration::seconds(90)
        );
        let shifted = Source::Shifted(monday - system);
        assert_eq!(shifted.read(system), monday);
        assert_eq!(shifted.read(later), monday + Duration::minutes(5), "runs");
        assert_eq!(
            Source::System.advanced(Duration::hours(1)).read(system),
            system + Duration::hours(1)
        );
        assert_eq!(Source::System.read(later), later);
    }

    #[test]
    fn instants_need_an_offset() {
        assert_eq!(
            parse_instant("2026-12-31T23:59:00+03:00")
                .unwrap()
                .to_rfc3339(),
            "2026-12-31T20:59:00+00:00"
        );
        assert!(matches!(
            parse_instant("2026-12-31 23:59"),
            Err(NowVariableError::NotAnInstant(_))
        ));
    }
}

//! When the background sync tries next: every few minutes while the centre answers, and after
//! failures an exponentially longer wait with jitter (so kiosks that lost the network together
//! do not all come back at the same second), capped at an hour.

use std::time::Duration;

/// The wait between rounds while all is well.
pub const NORMAL: Duration = Duration::from_secs(5 * 60);
/// The first wait after a failure.
pub const FIRST_RETRY: Duration = Duration::from_secs(30);
/// The longest wait.
pub const MAX: Duration = Duration::from_secs(60 * 60);

/// The wait after `failures` failed rounds in a row (0: all is well), with `jitter` in [0, 1)
/// spreading it by up to ±25 %.
pub fn next_wait(failures: u32, jitter: f64) -> Duration {
    let base = if failures == 0 {
        NORMAL
    } else {
        let doubled =
            FIRST_RETRY.as_secs_f64() * 2f64.powi(failures.saturating_sub(1).min(16) as i32);
        Duration::from_secs_f64(doubled.min(MAX.as_secs_f64()))
    };
    let factor = 0.75 + 0.5 * jitter.clamp(0.0, 1.0);
    Duration::from_secs_f64((base.as_secs_f64() * factor).min(MAX.as_secs_f64()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_failures_and_stop_at_an_hour() {
        assert_eq!(next_wait(0, 0.5), NORMAL);
        assert_eq!(next_wait(1, 0.5), FIRST_RETRY);
        assert_eq!(next_wait(2, 0.5), FIRST_RETRY * 2);
        assert_eq!(next_wait(3, 0.5), FIRST_RETRY * 4);
        assert_eq!(next_wait(30, 0.5), MAX);
        assert_eq!(next_wait(30, 1.0), MAX, "never past the cap");
    }

    #[test]
    fn jitter_spreads_by_a_quarter_either_way() {
        assert_eq!(next_wait(1, 0.0), FIRST_RETRY.mul_f64(0.75));
        assert_eq!(next_wait(1, 0.999_999).as_secs(), 37);
        assert_eq!(next_wait(0, -3.0), NORMAL.mul_f64(0.75), "clamped");
    }
}

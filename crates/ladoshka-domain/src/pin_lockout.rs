//! How wrong PINs lock a person out. Five wrong PINs in a row lock that person (not the
//! kiosk: colleagues can still sign in) for a time that doubles with each lock, from five
//! minutes up to eight hours. A right PIN clears the count of wrong ones, but not the lock
//! history: the next lock after a success is as long as it would have been.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub const MAX_WRONG_PINS: u32 = 5;
const FIRST_LOCK_MINUTES: i64 = 5;
const LONGEST_LOCK_MINUTES: i64 = 8 * 60;

/// A person's recent PIN history, as stored beside their PIN hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PinAttempts {
    /// Wrong PINs since the last right one or the last lock.
    pub wrong_in_row: u32,
    /// How many times this person has been locked (sets the next lock's length).
    pub locks: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// What a PIN check comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PinCheck {
    Accepted,
    /// Wrong PIN; this many tries are left before a lock.
    Wrong {
        tries_left: u32,
    },
    /// This wrong PIN locked the person until the given time.
    LockedNow {
        until: DateTime<Utc>,
    },
    /// The person was already locked; the PIN was not even checked.
    StillLocked {
        until: DateTime<Utc>,
    },
}

/// Length of the `n`-th lock (n = 0 for the first).
pub fn lock_length(n: u32) -> Duration {
    let minutes = FIRST_LOCK_MINUTES.saturating_mul(1_i64 << n.min(20));
    Duration::minutes(minutes.min(LONGEST_LOCK_MINUTES))
}

impl PinAttempts {
    /// The lock in force at `now`, if any.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// Applies one PIN check at `now`. `pin_is_right` is only consulted when no lock is in force.
    pub fn check(
        self,
        now: DateTime<Utc>,
        pin_is_right: impl FnOnce() -> bool,
    ) -> (Self, PinCheck) {
        if let Some(until) = self.locked_at(now) {
            return (self, PinCheck::StillLocked { until });
        }
        if pin_is_right() {
            return (
                Self {
                    wrong_in_row: 0,
                    locks: self.locks,
                    locked_until: None,
                },
                PinCheck::Accepted,
            );
        }
        let wrong = self.wrong_in_row + 1;
        if wrong >= MAX_WRONG_PINS {
            let until = now + lock_length(self.locks);
            (
                Self {
                    wrong_in_row: 0,
                    locks: self.locks + 1,
                    locked_until: Some(until),
                },
                PinCheck::LockedNow { until },
            )
        } else {
            (
                Self {
                    wrong_in_row: wrong,
                    ..self
                },
                PinCheck::Wrong {
                    tries_left: MAX_WRONG_PINS - wrong,
                },
            )
        }
    }

    /// An admin lifts the lock (and its history) for a person.
    pub fn unlocked(self) -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    #[test]
    fn right_pin_is_accepted_and_clears_wrong_count() {
        let (a, r) = PinAttempts {
            wrong_in_row: 3,
            ..Default::default()
        }
        .check(t0(), || true);
        assert_eq!(r, PinCheck::Accepted);
        assert_eq!(a.wrong_in_row, 0);
    }

    #[test]
    fn five_wrong_pins_lock_for_five_minutes() {
        let mut a = PinAttempts::default();
        for left in (1..=4).rev() {
            let (next, r) = a.check(t0(), || false);
            assert_eq!(r, PinCheck::Wrong { tries_left: left });
            a = next;
        }
        let (a, r) = a.check(t0(), || false);
        assert_eq!(
            r,
            PinCheck::LockedNow {
                until: t0() + Duration::minutes(5)
            }
        );
        assert_eq!(a.locks, 1);
        assert_eq!(a.wrong_in_row, 0);
    }

    #[test]
    fn a_locked_person_is_refused_without_checking_even_the_right_pin() {
        let until = t0() + Duration::minutes(5);
        let a = PinAttempts {
            wrong_in_row: 0,
            locks: 1,
            locked_until: Some(until),
        };
        let (same, r) = a.check(t0() + Duration::minutes(4), || {
            panic!("must not check the PIN")
        });
        assert_eq!(r, PinCheck::StillLocked { until });
        assert_eq!(same, a);
        // The lock ends exactly at `until`.
        let (_, r) = a.check(until, || true);
        assert_eq!(r, PinCheck::Accepted);
    }

    #[test]
    fn locks_grow_and_are_capped_at_eight_hours() {
        let minutes: Vec<i64> = (0..10).map(|n| lock_length(n).num_minutes()).collect();
        assert_eq!(minutes, [5, 10, 20, 40, 80, 160, 320, 480, 480, 480]);
        assert_eq!(lock_length(u32::MAX).num_minutes(), 480);
    }

    #[test]
    fn second_lock_is_longer_even_after_a_success_in_between() {
        let mut a = PinAttempts::default();
        let mut now = t0();
        for _ in 0..5 {
            a = a.check(now, || false).0;
        }
        now += Duration::minutes(6);
        a = a.check(now, || true).0;
        for _ in 0..4 {
            a = a.check(now, || false).0;
        }
        let (a, r) = a.check(now, || false);
        assert_eq!(
            r,
            PinCheck::LockedNow {
                until: now + Duration::minutes(10)
            }
        );
        assert_eq!(a.locks, 2);
        assert_eq!(a.unlocked(), PinAttempts::default());
    }
}

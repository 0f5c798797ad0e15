//! The idle timeout: any staff screen left untouched for the configured time (90 s by
//! default) returns to the public home, signing the colleague out. Every widget reports a
//! touch through the `Activity` global, which restarts the countdown.

use std::time::Duration;

use slint::{Timer, TimerMode};

pub struct IdleTimer {
    timer: Timer,
    timeout: Duration,
}

impl IdleTimer {
    pub fn new(timeout: Duration) -> Self {
        Self { timer: Timer::default(), timeout }
    }

    /// Starts (or restarts) the countdown; `on_idle` runs once when it ends.
    pub fn arm(&self, on_idle: impl FnMut() + 'static) {
        self.timer.start(TimerMode::SingleShot, self.timeout, on_idle);
    }

    /// A touch: start counting again, if counting at all.
    pub fn touched(&self) {
        if self.timer.running() {
            self.timer.restart();
        }
    }

    pub fn disarm(&self) {
        self.timer.stop();
    }

    pub fn is_armed(&self) -> bool {
        self.timer.running()
    }
}

//! The idle timeout: a staff screen left untouched for the configured time (90 s by default)
//! returns to the public home, signing the colleague out; a check-in step does after 30 s.
//! Every widget reports a touch through the `Activity` global, which restarts the countdown.

use std::time::Duration;

use slint::{Timer, TimerMode};

#[derive(Default)]
pub struct IdleTimer {
    timer: Timer,
}

impl IdleTimer {
    /// Starts (or restarts) a countdown of `timeout`; `on_idle` runs once when it ends.
    pub fn arm(&self, timeout: Duration, on_idle: impl FnMut() + 'static) {
        self.timer.start(TimerMode::SingleShot, timeout, on_idle);
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

//! systemd supervision seen from the event loop: `READY=1` once the first frame is up, and the
//! watchdog ping from a `slint::Timer`, so the pings stop when the UI thread hangs and systemd
//! restarts the kiosk. Also logs the time from process start to the first frame.
//!
//! How "first frame" is known depends on the renderer. FemtoVG (and Skia) report each frame
//! through the window's rendering notifier, so READY follows the first `AfterRendering`. The
//! software renderer has no notifier (`SetRenderingNotifierError::Unsupported`); then READY is
//! sent from a timer that fires on the event loop's second turn: Slint's `linuxkms` loop runs
//! timers first and then draws, so by that turn the first frame has been drawn and handed to
//! the display. The log line says which of the two was used.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use slint::{Timer, TimerMode};

use crate::platform::service_manager;

/// Keeps the watchdog ping running; drop it and the pings stop.
pub struct Supervision {
    watchdog: Option<Timer>,
}

impl Supervision {
    /// The ping interval, when systemd asked for a watchdog.
    pub fn ping_interval(&self) -> Option<Duration> {
        self.watchdog.as_ref().map(Timer::interval)
    }
}

/// Arranges READY for `window`'s first frame and starts the watchdog ping when systemd asked
/// for one. `started` is when the process started. Call before the event loop runs.
pub fn start(window: &slint::Window, started: Instant) -> Supervision {
    let seen = Rc::new(Cell::new(false));
    let first_frame = move |how: &'static str| {
        if seen.replace(true) {
            return;
        }
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            how,
            "first frame: time from process start"
        );
        if service_manager::notify_ready() {
            tracing::info!("told systemd the kiosk is ready (READY=1)");
        }
    };
    let on_render = first_frame.clone();
    let notifier = window.set_rendering_notifier(move |state, _| {
        if matches!(state, slint::RenderingState::AfterRendering) {
            on_render("rendered (the renderer reported the frame)");
        }
    });
    if notifier.is_err() {
        // The software renderer: the second turn of the event loop comes after its first draw.
        Timer::single_shot(Duration::ZERO, move || {
            Timer::single_shot(Duration::ZERO, move || {
                first_frame("after the first event-loop turn (this renderer reports no frames)")
            })
        });
    }
    let watchdog = service_manager::watchdog_period().map(|period| {
        let every = service_manager::ping_interval(period);
        tracing::info!(
            period_ms = period.as_millis() as u64,
            every_ms = every.as_millis() as u64,
            "systemd watchdog: pinging from the UI event loop"
        );
        let timer = Timer::default();
        timer.start(TimerMode::Repeated, every, || {
            service_manager::ping_watchdog();
        });
        timer
    });
    Supervision { watchdog }
}

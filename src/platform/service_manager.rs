//! Talking to systemd (`Type=notify` units): «ready» once the kiosk shows its first frame, and
//! the watchdog ping (`WatchdogSec=`) that must keep coming while the UI is alive, so a hung UI
//! is restarted. Outside systemd (`NOTIFY_SOCKET` unset) every call here does nothing.
//! The protocol itself is the `sd-notify` crate's; this module only decides what and how often.

use std::time::Duration;

use sd_notify::NotifyState;

/// The shortest ping interval used, whatever `WATCHDOG_USEC` says.
const MIN_PING: Duration = Duration::from_millis(1);

/// Whether a service manager listens (`NOTIFY_SOCKET` is set).
pub fn supervised() -> bool {
    std::env::var_os("NOTIFY_SOCKET").is_some_and(|s| !s.is_empty())
}

/// The watchdog period systemd asks for (`WATCHDOG_USEC`, for this process's `WATCHDOG_PID`),
/// or `None` when there is no watchdog.
pub fn watchdog_period() -> Option<Duration> {
    sd_notify::watchdog_enabled().filter(|p| !p.is_zero())
}

/// How often to ping for a watchdog `period`: every half period (what sd_watchdog_enabled(3)
/// advises), so one late tick of the event loop is not yet a restart.
pub fn ping_interval(period: Duration) -> Duration {
    (period / 2).max(MIN_PING)
}

/// Tells the service manager the kiosk is up (`READY=1`). Returns whether it was sent.
pub fn notify_ready() -> bool {
    send(&[NotifyState::Ready], "READY=1")
}

/// One watchdog ping (`WATCHDOG=1`). Returns whether it was sent.
pub fn ping_watchdog() -> bool {
    send(&[NotifyState::Watchdog], "WATCHDOG=1")
}

fn send(state: &[NotifyState<'_>], what: &str) -> bool {
    if !supervised() {
        return false;
    }
    match sd_notify::notify(state) {
        Ok(()) => true,
        Err(e) => {
            // A lost ping is retried at the next tick; systemd restarts us if they all fail.
            tracing::warn!(error = %e, "cannot send {what} to the service manager (NOTIFY_SOCKET)");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pings_come_every_half_period() {
        assert_eq!(
            ping_interval(Duration::from_secs(30)),
            Duration::from_secs(15)
        );
        assert_eq!(
            ping_interval(Duration::from_micros(3_000_000)),
            Duration::from_millis(1500)
        );
        assert_eq!(ping_interval(Duration::from_micros(1)), MIN_PING);
    }

    /// The only test in this crate's unit tests that touches these variables.
    #[test]
    fn ready_and_pings_reach_the_notify_socket() {
        use std::os::unix::net::UnixDatagram;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify.sock");
        let socket = UnixDatagram::bind(&path).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        std::env::remove_var("NOTIFY_SOCKET");
        assert!(!notify_ready(), "nothing is sent outside systemd");
        std::env::set_var("NOTIFY_SOCKET", &path);
        std::env::set_var("WATCHDOG_USEC", "4000000");
        std::env::set_var("WATCHDOG_PID", std::process::id().to_string());
        assert_eq!(watchdog_period(), Some(Duration::from_secs(4)));
        assert!(notify_ready());
        assert!(ping_watchdog());
        let mut buf = [0u8; 256];
        let n = socket.recv(&mut buf).unwrap();
        assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), "READY=1\n");
        let n = socket.recv(&mut buf).unwrap();
        assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), "WATCHDOG=1\n");
        // A watchdog meant for another process is not ours.
        std::env::set_var("WATCHDOG_PID", "1");
        assert_eq!(watchdog_period(), None);
        for v in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            std::env::remove_var(v);
        }
    }
}

//! The kiosk at start-up under systemd: READY=1 reaches `NOTIFY_SOCKET` once the first frame is
//! up, and WATCHDOG=1 follows every half `WATCHDOG_USEC` for as long as the event loop turns,
//! and stops when it does not (a hung UI). One test: the testing backend starts once a process.

mod common;

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use i_slint_backend_testing::mock_elapsed_time;
use ladoshka::app::{service_notify, AppWindow};
use slint::ComponentHandle;

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;

fn received(socket: &UnixDatagram) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 256];
    while let Ok(n) = socket.recv(&mut buf) {
        out.push(String::from_utf8_lossy(&buf[..n]).into_owned());
    }
    out
}

#[test]
fn ready_after_the_first_frame_then_watchdog_pings_from_the_event_loop() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket.set_nonblocking(true).unwrap();
    std::env::set_var("NOTIFY_SOCKET", &path);
    std::env::set_var("WATCHDOG_USEC", "1000000");
    std::env::set_var("WATCHDOG_PID", std::process::id().to_string());

    let ui = AppWindow::new().unwrap();
    let supervision = service_notify::start(ui.window(), Instant::now());
    assert_eq!(
        supervision.ping_interval(),
        Some(Duration::from_millis(500))
    );
    assert!(
        received(&socket).is_empty(),
        "nothing before the event loop turns"
    );
    ui.show().unwrap();
    // The testing renderer reports no frames: READY follows the event loop's second turn.
    mock_elapsed_time(Duration::from_millis(1));
    mock_elapsed_time(Duration::from_millis(1));
    assert_eq!(received(&socket), ["READY=1\n"]);

    mock_elapsed_time(Duration::from_millis(1600));
    let pings = received(&socket);
    assert!(
        !pings.is_empty() && pings.iter().all(|m| m == "WATCHDOG=1\n"),
        "{pings:?}"
    );
    for _ in 0..4 {
        mock_elapsed_time(Duration::from_millis(500));
        assert_eq!(
            received(&socket),
            ["WATCHDOG=1\n"],
            "one ping per half period"
        );
    }
    // A hung UI: the event loop does not turn, so nothing more is sent however long it takes.
    std::thread::sleep(Duration::from_millis(1200));
    assert!(received(&socket).is_empty());
    // READY is sent once only.
    mock_elapsed_time(Duration::from_millis(500));
    assert_eq!(received(&socket), ["WATCHDOG=1\n"]);
    drop(supervision);
    mock_elapsed_time(Duration::from_millis(2000));
    assert!(
        received(&socket).is_empty(),
        "no pings once supervision is dropped"
    );
}

//! Issue 15 §3: the server against slow, silent, greedy and nosy clients, and its own failures.
//! A connection that sends nothing, an upload that stalls or trickles, are dropped after the
//! configured (here short) time; past the connection and upload limits a client gets 503 / 429;
//! an upload's header is judged before the rest is read; `GET /v1/ack` answers only a request
//! signed by the device; a failure of the centre's store is a 500 that names no file and no
//! internal error.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{connect, read_response, request, CentreExt, Client, Kiosk, Server, TestCentre};
use ladoshka_centre::http::ServeConfig;
use ladoshka_seal::{Ack, CentreKeys, PREFIX_LEN};

/// Nothing in these tests waits longer for the server than this.
const PATIENCE: Duration = Duration::from_secs(20);

fn short(config: impl FnOnce(&mut ServeConfig)) -> ServeConfig {
    let mut c = ServeConfig {
        header_timeout: Duration::from_millis(300),
        body_idle_timeout: Duration::from_millis(300),
        request_timeout: Duration::from_secs(5),
        ..ServeConfig::default()
    };
    config(&mut c);
    c
}

/// Waits (bounded) until `done` holds; panics with `what` otherwise.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "never: {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Reads until the server closes or resets the connection; what arrived, and how long it took.
fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                panic!("the server kept the connection open past {PATIENCE:?}")
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                panic!("the server kept the connection open past {PATIENCE:?}")
            }
            Err(_) => break, // reset: dropped
        }
    }
    (got, start.elapsed())
}

fn status_of(raw: &[u8]) -> Option<u16> {
    let head = std::str::from_utf8(raw.get(..12)?).ok()?;
    head.split(' ').nth(1)?.parse().ok()
}

fn post_head(srv: &Server, path: &str, len: usize) -> TcpStream {
    let mut s = connect(srv.addr);
    s.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n",
        srv.addr
    )
    .unwrap();
    s
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let c = TestCentre::new();
    let srv = c.serve_with("127.0.0.1:0", short(|_| {}));
    let mut silent = connect(srv.addr);
    silent.set_read_timeout(Some(PATIENCE)).unwrap();
    let (_, took) = read_until_closed(&mut silent);
    assert!(took < Duration::from_secs(5), "closed after {took:?}");
    until("the connection is let go", || {
        srv.limits.open_connections() == 0
    });
    // The server still serves.
    let kiosk = c.enrolled_kiosk();
    assert_eq!(srv.ack(&kiosk).highest_contiguous_seq, 0);
}

#[test]
fn an_upload_that_stalls_or_trickles_is_dropped_in_bounded_time() {
    let c = TestCentre::new();
    let mut kiosk = c.enrolled_kiosk();
    let bundle = kiosk.next(20);

    // Stalls: a few bytes, then nothing. Dropped after the body timeout (0.3 s) with 408.
    let srv = c.serve_with("127.0.0.1:0", short(|_| {}));
    let mut s = post_head(&srv, "/v1/bundles", bundle.len());
    s.write_all(&bundle[..10]).unwrap();
    let (got, took) = read_until_closed(&mut s);
    assert!(took < Duration::from_secs(5), "dropped after {took:?}");
    assert_eq!(
        status_of(&got),
        Some(408),
        "{}",
        String::from_utf8_lossy(&got)
    );
    assert!(String::from_utf8_lossy(&got).contains("stalled"));
    drop(srv);

    // Trickles: a byte every 50 ms, never pausing past the body timeout, but the whole request
    // may take only 1 s: dropped then.
    let srv = c.serve_with(
        "127.0.0.1:0",
        short(|c| c.request_timeout = Duration::from_secs(1)),
    );
    let mut s = post_head(&srv, "/v1/bundles", bundle.len());
    let mut writer = s.try_clone().unwrap();
    let stop = AtomicBool::new(false);
    let (got, took) = std::thread::scope(|scope| {
        scope.spawn(|| {
            for byte in &bundle {
                if stop.load(Ordering::Relaxed) || writer.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let read = read_until_closed(&mut s);
        stop.store(true, Ordering::Relaxed);
        read
    });
    assert!(
        took < Duration::from_secs(8),
        "a trickling upload was dropped after {took:?}"
    );
    if !got.is_empty() {
        assert_eq!(
            status_of(&got),
            Some(408),
            "{}",
            String::from_utf8_lossy(&got)
        );
    }
    assert_eq!(c.totals(), (0, 0), "nothing imported");
}

#[test]
fn past_the_connection_limit_a_client_gets_503_and_the_server_recovers() {
    let c = TestCentre::new();
    let kiosk = c.enrolled_kiosk();
    let srv = c.serve_with(
        "127.0.0.1:0",
        short(|c| {
            c.header_timeout = Duration::from_secs(30);
            c.max_connections = 2;
        }),
    );
    let one = connect(srv.addr);
    let two = connect(srv.addr);
    until("two connections open", || {
        srv.limits.open_connections() == 2
    });
    let resp = srv.ask_ack(&kiosk);
    assert_eq!(resp.status, 503, "{}", resp.text());
    assert!(
        resp.error()
            .contains("as many connections as it allows (2)"),
        "{}",
        resp.error()
    );
    drop((one, two));
    until("the connections are let go", || {
        srv.limits.open_connections() == 0
    });
    assert_eq!(srv.ack(&kiosk).highest_contiguous_seq, 0);
}

#[test]
fn past_the_upload_limit_an_upload_gets_429_and_the_next_one_goes_through() {
    let c = TestCentre::new();
    let mut kiosk = c.enrolled_kiosk();
    let srv = c.serve_with(
        "127.0.0.1:0",
        short(|c| {
            c.body_idle_timeout = Duration::from_secs(30);
            c.max_uploads = 1;
        }),
    );
    let waiting = post_head(&srv, "/v1/bundles", 1000);
    until("one upload in flight", || {
        srv.limits.uploads_in_flight() == 1
    });
    let bundle = kiosk.next(5);
    let resp = srv.upload(&bundle);
    assert_eq!(resp.status, 429, "{}", resp.text());
    assert!(
        resp.error().contains("try again in a minute"),
        "{}",
        resp.error()
    );
    assert_eq!(c.totals(), (0, 0));
    drop(waiting);
    until("the upload is let go", || {
        srv.limits.uploads_in_flight() == 0
    });
    let resp = srv.upload(&bundle);
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(c.totals(), (5, 1));
}

#[test]
fn a_bad_header_is_refused_before_the_rest_of_the_upload_is_read() {
    let c = TestCentre::new();
    let srv = c.serve();
    let enrolled = c.enrolled_kiosk();

    // Only the header's bytes are sent of a large bundle: the answer comes without the rest.
    let mut stranger = Kiosk::new(c.public_key());
    let bundle = stranger.next(2_000);
    assert!(bundle.len() > 100 * PREFIX_LEN, "{}", bundle.len());
    let mut s = post_head(&srv, "/v1/bundles", bundle.len());
    s.write_all(&bundle[..PREFIX_LEN]).unwrap();
    let resp = read_response(&mut s);
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("not enrolled"), "{}", resp.error());

    // An enrolled device's bundle sealed to another centre: refused from its header too.
    let other = CentreKeys::generate().unwrap().public_key();
    let foreign = enrolled.seal_to(&other, 1, 2_000, [0; 32]);
    let mut s = post_head(&srv, "/v1/bundles", foreign.len());
    s.write_all(&foreign[..PREFIX_LEN]).unwrap();
    let resp = read_response(&mut s);
    assert_eq!(resp.status, 400, "{}", resp.text());
    assert!(resp.error().contains("another centre"), "{}", resp.error());

    // A header that declares more than 64 MiB: 413 before anything else is read.
    let mut huge = enrolled.seal(1, 1, [0; 32])[..PREFIX_LEN].to_vec();
    huge[PREFIX_LEN - 4..].copy_from_slice(&u32::MAX.to_be_bytes());
    let mut s = post_head(&srv, "/v1/bundles", 1 << 20);
    s.write_all(&huge).unwrap();
    let resp = read_response(&mut s);
    assert_eq!(resp.status, 413, "{}", resp.text());
    assert_eq!(c.totals(), (0, 0));
}

#[test]
fn an_acknowledgement_is_given_only_to_a_request_signed_by_the_device() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    assert_eq!(srv.upload(&kiosk.next(3)).status, 200);
    let path = format!("/v1/ack?device={}", hex::encode(kiosk.device_id));
    let now = ladoshka_centre::time::now_unix();

    let unsigned = srv.get(&path);
    assert_eq!(unsigned.status, 401, "{}", unsigned.text());
    assert!(
        unsigned.error().contains("not signed"),
        "{}",
        unsigned.error()
    );
    assert!(Ack::verify(&unsigned.body, &kiosk.centre).is_err());

    // Signed by another key for this device's id.
    let mut impostor = Kiosk::new(c.public_key());
    impostor.device_id = kiosk.device_id;
    let (at, signature) = impostor.sign_ack_request(now);
    let headers = [
        ("X-Ladoshka-Signed-At", at.as_str()),
        ("X-Ladoshka-Signature", signature.as_str()),
    ];
    let resp = request(srv.addr, "GET", &path, &headers, b"");
    assert_eq!(resp.status, 401, "{}", resp.text());
    assert!(resp.error().contains("does not verify"), "{}", resp.error());

    // The device's own signature, but the time changed after signing.
    let (_, signature) = kiosk.sign_ack_request(now);
    let later = (now + 1).to_string();
    let headers = [
        ("X-Ladoshka-Signed-At", later.as_str()),
        ("X-Ladoshka-Signature", signature.as_str()),
    ];
    assert_eq!(request(srv.addr, "GET", &path, &headers, b"").status, 401);

    // Signed two hours ago (a captured request replayed): refused, with the clock named.
    let (at, signature) = kiosk.sign_ack_request(now - 2 * 3600);
    let headers = [
        ("X-Ladoshka-Signed-At", at.as_str()),
        ("X-Ladoshka-Signature", signature.as_str()),
    ];
    let resp = request(srv.addr, "GET", &path, &headers, b"");
    assert_eq!(resp.status, 401, "{}", resp.text());
    assert!(resp.error().contains("clock"), "{}", resp.error());

    // Signed by the device now: the acknowledgement.
    assert_eq!(srv.ack(&kiosk).highest_contiguous_seq, 3);
}

#[test]
fn a_failure_of_the_centres_store_is_a_500_without_paths_or_internal_words() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let bundle = kiosk.next(3);
    let token = c.token();

    // Someone breaks the store under the running centre (the file, or the PostgreSQL database).
    if let Some(pg) = &c.pg {
        pg.psql("ALTER TABLE devices RENAME TO devices_gone;");
    } else {
        let key =
            std::fs::read_to_string(c.layout.file(ladoshka_centre::layout::DB_KEY_FILE)).unwrap();
        let conn =
            rusqlite::Connection::open(c.layout.file(ladoshka_centre::layout::DB_FILE)).unwrap();
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.trim()))
            .unwrap();
        conn.execute_batch("ALTER TABLE devices RENAME TO devices_gone;")
            .unwrap();
        drop(conn);
    }

    let data_dir = c.dir.path().display().to_string();
    let answers = [
        (
            "enrol",
            srv.enrol(&Kiosk::new(c.public_key()).enrolment(&token)),
        ),
        ("ack", srv.ask_ack(&kiosk)),
        ("upload", srv.upload(&bundle)),
    ];
    for (what, resp) in answers {
        assert_eq!(resp.status, 500, "{what}: {}", resp.text());
        let error = resp.error();
        assert!(error.starts_with("the centre failed; "), "{what}: {error}");
        for secret in [
            data_dir.as_str(),
            "centre.db",
            "no such table",
            "devices",
            "sqlite",
            "SQL",
            "PostgreSQL",
            "relation",
            "/tmp/ladoshka-pg",
        ] {
            assert!(!error.contains(secret), "{what} names {secret:?}: {error}");
        }
    }
}

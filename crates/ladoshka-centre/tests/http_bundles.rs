//! `POST /v1/bundles` and `GET /v1/ack` over real HTTP, with bundles sealed by a kiosk: in order,
//! resent, replayed, with a gap, damaged, cut short, from unknown and revoked devices, sealed to
//! another centre, and too large. After every refusal nothing was imported and the server still
//! answers.

mod common;

use std::io::Write;

use common::{connect, read_response, CentreExt, Client, Kiosk, Resp, Server, TestCentre};
use ladoshka_centre::MAX_BUNDLE_LEN;
use ladoshka_seal::{parse, Ack, CentreKeys, HEADER_LEN};

fn imported(resp: &Resp, kiosk: &Kiosk, held: u64) {
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("x-ladoshka-result"), Some("imported"));
    assert_eq!(
        resp.header("content-type"),
        Some("application/octet-stream")
    );
    let ack = Ack::verify(&resp.body, &kiosk.centre).unwrap();
    assert_eq!(ack.device_id, kiosk.device_id);
    assert_eq!(ack.highest_contiguous_seq, held);
}

/// The server answers and acknowledges `held` rows for `kiosk`.
fn still_serves(srv: &Server, kiosk: &Kiosk, held: u64) {
    assert_eq!(srv.ack(kiosk).highest_contiguous_seq, held);
}

fn bundle_id_hex(bundle: &[u8]) -> String {
    hex::encode(parse(bundle, MAX_BUNDLE_LEN).unwrap().header().bundle_id)
}

#[test]
fn three_bundles_in_order_are_imported_with_every_row_exactly_once() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    for i in 1..=3 {
        let bundle = kiosk.next(10);
        imported(&srv.upload(&bundle), &kiosk, 10 * i);
    }
    assert_eq!(c.seqs(&kiosk.device_id), (1..=30).collect::<Vec<_>>());
    assert_eq!(c.totals(), (30, 3));
    let rows = c.centre.store().rows(&kiosk.device_id).unwrap();
    assert_eq!(rows[6].kind, "check_in.insert");
    let body: serde_json::Value = serde_json::from_str(&rows[6].body).unwrap();
    assert_eq!(body["child"], 7);
    assert_eq!(body["note"], "пришла с мамой");
    assert_eq!(rows[6].created_at, "2026-03-01T10:00:00+03:00");
    still_serves(&srv, &kiosk, 30);
}

#[test]
fn the_same_bundle_again_is_already_held_and_nothing_doubles() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let first = kiosk.next(5);
    imported(&srv.upload(&first), &kiosk, 5);

    let again = srv.upload(&first);
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header("x-ladoshka-result"), Some("already-held"));
    assert_eq!(
        Ack::verify(&again.body, &kiosk.centre)
            .unwrap()
            .highest_contiguous_seq,
        5
    );
    assert_eq!(c.totals(), (5, 1));

    // Still idempotent once later bundles are held: the ack names the newest position.
    imported(&srv.upload(&kiosk.next(5)), &kiosk, 10);
    let late = srv.upload(&first);
    assert_eq!(late.header("x-ladoshka-result"), Some("already-held"));
    assert_eq!(
        Ack::verify(&late.body, &kiosk.centre)
            .unwrap()
            .highest_contiguous_seq,
        10
    );
    assert_eq!(c.totals(), (10, 2));
    assert_eq!(c.seqs(&kiosk.device_id), (1..=10).collect::<Vec<_>>());
}

#[test]
fn a_different_bundle_for_rows_already_held_is_a_replay() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let first = kiosk.next(5);
    imported(&srv.upload(&first), &kiosk, 5);

    // The same rows sealed again: a different bundle (new bundle id, new ephemeral key).
    let resealed = kiosk.seal(1, 5, [0; 32]);
    let resp = srv.upload(&resealed);
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(
        resp.error().starts_with(&format!(
            "replay: rows 1–5 are already held from bundle {}",
            bundle_id_hex(&first)
        )),
        "{}",
        resp.error()
    );
    let ack = hex::decode(resp.header("x-ladoshka-ack").unwrap()).unwrap();
    assert_eq!(
        Ack::verify(&ack, &kiosk.centre)
            .unwrap()
            .highest_contiguous_seq,
        5
    );

    // Overlapping part of what is held.
    let overlapping = kiosk.seal(4, 8, kiosk.prev);
    let resp = srv.upload(&overlapping);
    assert_eq!(resp.status, 409);
    assert!(
        resp.error()
            .starts_with("replay: rows 4–5 are already held"),
        "{}",
        resp.error()
    );

    assert_eq!(c.totals(), (5, 1));
    assert_eq!(c.seqs(&kiosk.device_id), (1..=5).collect::<Vec<_>>());
    still_serves(&srv, &kiosk, 5);
}

#[test]
fn a_gap_is_refused_with_the_signed_ack_to_resume_from() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    imported(&srv.upload(&kiosk.next(3)), &kiosk, 3);
    let missing = kiosk.next(2); // rows 4–5, not sent yet
    let after = kiosk.next(2); // rows 6–7

    let resp = srv.upload(&after);
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(
        resp.error()
            .starts_with("gap: expected sequence 4 next, got 6"),
        "{}",
        resp.error()
    );
    let ack = hex::decode(resp.header("x-ladoshka-ack").expect("the ack header")).unwrap();
    let ack = Ack::verify(&ack, &kiosk.centre).unwrap();
    assert_eq!(
        (ack.device_id, ack.highest_contiguous_seq),
        (kiosk.device_id, 3)
    );
    assert_eq!(c.totals(), (3, 1));

    // The kiosk resumes from the ack: both bundles go in.
    imported(&srv.upload(&missing), &kiosk, 5);
    imported(&srv.upload(&after), &kiosk, 7);
    assert_eq!(c.seqs(&kiosk.device_id), (1..=7).collect::<Vec<_>>());
}

#[test]
fn a_bundle_that_does_not_follow_the_last_one_held_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    imported(&srv.upload(&kiosk.next(3)), &kiosk, 3);
    // Rows 4–6, but naming no previous bundle (zeros) instead of the one held.
    let unchained = kiosk.seal(4, 6, [0; 32]);
    let resp = srv.upload(&unchained);
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(resp.error().starts_with("chain:"), "{}", resp.error());
    assert!(resp.header("x-ladoshka-ack").is_some());
    assert_eq!(c.totals(), (3, 1));
    still_serves(&srv, &kiosk, 3);
}

#[test]
fn a_bundle_with_one_flipped_byte_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let good = kiosk.next(4);
    let n = good.len();
    // One position in every part: magic, version, device id, key ids, bundle id, sequence
    // numbers, previous hash, enc, ciphertext length, ciphertext, tag, signature.
    let positions = [
        0,
        5,
        10,
        25,
        33,
        40,
        60,
        68,
        80,
        110,
        137,
        150,
        n - 70,
        n - 65,
        n - 30,
        n - 1,
    ];
    for pos in positions {
        let mut damaged = good.clone();
        damaged[pos] ^= 0x01;
        let resp = srv.upload(&damaged);
        assert!(
            resp.status == 400 || resp.status == 403,
            "byte {pos}: {} {}",
            resp.status,
            resp.text()
        );
        assert!(!resp.error().is_empty());
        assert_eq!(c.totals(), (0, 0), "byte {pos}: nothing imported");
        still_serves(&srv, &kiosk, 0);
    }
    // A flipped ciphertext byte: the signature no longer verifies, nothing is decrypted.
    let mut damaged = good.clone();
    damaged[HEADER_LEN + 40] ^= 0x80;
    let resp = srv.upload(&damaged);
    assert_eq!(resp.status, 400);
    assert!(
        resp.error().contains("signature") && resp.error().contains("does not verify"),
        "{}",
        resp.error()
    );

    // The undamaged bundle still goes in.
    imported(&srv.upload(&good), &kiosk, 4);
}

#[test]
fn a_truncated_bundle_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let good = kiosk.next(4);
    for len in [
        0,
        3,
        50,
        HEADER_LEN,
        HEADER_LEN + 40,
        good.len() - 64,
        good.len() - 1,
    ] {
        let resp = srv.upload(&good[..len]);
        assert_eq!(resp.status, 400, "cut at {len}: {}", resp.text());
        assert!(
            resp.error().contains("cut short"),
            "cut at {len}: {}",
            resp.error()
        );
        assert_eq!(c.totals(), (0, 0));
        still_serves(&srv, &kiosk, 0);
    }
    imported(&srv.upload(&good), &kiosk, 4);
}

#[test]
fn a_bundle_from_an_unknown_device_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let enrolled = c.enrolled_kiosk();
    let mut stranger = Kiosk::new(c.public_key());
    let resp = srv.upload(&stranger.next(3));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("not enrolled"), "{}", resp.error());
    assert_eq!(c.totals(), (0, 0));
    let resp = srv.ask_ack(&stranger);
    assert_eq!(resp.status, 404);
    still_serves(&srv, &enrolled, 0);
}

#[test]
fn a_bundle_signed_with_another_key_for_an_enrolled_device_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = c.enrolled_kiosk();
    let mut forger = Kiosk::new(c.public_key());
    forger.device_id = kiosk.device_id;
    let resp = srv.upload(&forger.next(3));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(
        resp.error().contains("names device key"),
        "{}",
        resp.error()
    );
    assert_eq!(c.totals(), (0, 0));
    still_serves(&srv, &kiosk, 0);
}

#[test]
fn a_bundle_from_a_revoked_device_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    imported(&srv.upload(&kiosk.next(2)), &kiosk, 2);
    c.centre
        .store()
        .revoke(&kiosk.device_id, ladoshka_centre::time::now_unix())
        .unwrap();

    let resp = srv.upload(&kiosk.next(2));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("revoked"), "{}", resp.error());
    let resp = srv.ask_ack(&kiosk);
    assert_eq!(resp.status, 403);
    assert!(resp.error().contains("revoked"));
    assert_eq!(
        c.totals(),
        (2, 1),
        "what it sent before stays, nothing more"
    );

    let other = c.enrolled_kiosk();
    still_serves(&srv, &other, 0);
}

#[test]
fn a_bundle_sealed_to_another_centres_key_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = c.enrolled_kiosk();
    let elsewhere = CentreKeys::generate().unwrap().public_key();
    let resp = srv.upload(&kiosk.seal_to(&elsewhere, 1, 3, [0; 32]));
    assert_eq!(resp.status, 400, "{}", resp.text());
    assert!(
        resp.error().contains("not to this centre's key"),
        "{}",
        resp.error()
    );
    assert_eq!(c.totals(), (0, 0));
    still_serves(&srv, &kiosk, 0);
}

#[test]
fn an_oversized_body_is_refused_and_the_server_goes_on() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();

    // Declared too large: answered at once, before a byte of the body is sent.
    let mut stream = connect(srv.addr);
    write!(
        stream,
        "POST /v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: {}\r\n\r\n",
        MAX_BUNDLE_LEN + 1
    )
    .unwrap();
    let resp = read_response(&mut stream);
    assert_eq!(resp.status, 413, "{}", resp.text());
    assert!(resp.error().contains("larger than"), "{}", resp.error());

    // Not declared (chunked) and not a bundle: refused from its first bytes, before the rest is
    // read (a header that declares more than the limit is refused as 413: tests/http_limits.rs).
    let mut stream = connect(srv.addr);
    write!(
        stream,
        "POST /v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    let chunk = vec![b'L'; 4096];
    write!(stream, "{:x}\r\n", chunk.len()).unwrap();
    stream.write_all(&chunk).unwrap();
    stream.write_all(b"\r\n").unwrap();
    let resp = read_response(&mut stream);
    assert_eq!(resp.status, 400, "{}", resp.text());

    // A genuine header, then more than it declares: refused as soon as it goes past its length.
    let good = kiosk.seal(1, 3, [0; 32]);
    let mut stream = connect(srv.addr);
    write!(
        stream,
        "POST /v1/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .unwrap();
    let mut longer = good.clone();
    longer.extend_from_slice(&[0u8; 100]);
    write!(stream, "{:x}\r\n", longer.len()).unwrap();
    stream.write_all(&longer).unwrap();
    stream.write_all(b"\r\n").unwrap();
    let resp = read_response(&mut stream);
    assert_eq!(resp.status, 400, "{}", resp.text());
    assert!(
        resp.error().contains("follow the bundle's signature"),
        "{}",
        resp.error()
    );

    assert_eq!(c.totals(), (0, 0));
    still_serves(&srv, &kiosk, 0);
    imported(&srv.upload(&kiosk.next(3)), &kiosk, 3);
}

#[test]
fn ack_answers_for_enrolled_unknown_and_malformed_device_ids() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    imported(&srv.upload(&kiosk.next(7)), &kiosk, 7);
    assert_eq!(srv.ack(&kiosk).highest_contiguous_seq, 7);

    let mut unknown = Kiosk::new(c.public_key());
    unknown.device_id = [9u8; 16];
    let resp = srv.ask_ack(&unknown);
    assert_eq!(resp.status, 404);
    assert!(resp.error().contains("not enrolled"));
    for bad in ["/v1/ack?device=xyz", "/v1/ack?device=0011", "/v1/ack"] {
        let resp = srv.get(bad);
        assert_eq!(resp.status, 400, "{bad}: {}", resp.text());
        resp.error();
    }
}

#[test]
fn the_same_bundle_sent_four_times_at_once_is_imported_once() {
    let c = TestCentre::new();
    let srv = c.serve();
    let mut kiosk = c.enrolled_kiosk();
    let bundle = kiosk.next(50);
    let results: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| srv.upload(&bundle))).collect();
        handles
            .into_iter()
            .map(|h| {
                let resp = h.join().unwrap();
                assert_eq!(resp.status, 200, "{}", resp.text());
                resp.header("x-ladoshka-result").unwrap().to_string()
            })
            .collect()
    });
    assert_eq!(
        results.iter().filter(|r| *r == "imported").count(),
        1,
        "{results:?}"
    );
    assert_eq!(results.iter().filter(|r| *r == "already-held").count(), 3);
    assert_eq!(c.totals(), (50, 1));
}

//! `POST /v1/enrol` over real HTTP: good, wrong, expired and reused tokens, a second key for an
//! enrolled device, and requests that are not enrolment JSON. After every refusal the server
//! still answers and nothing was enrolled.

mod common;

use common::{CentreExt, Client, Kiosk, TestCentre};
use ladoshka_seal::EnrolmentResponse;

fn enrolled_ids(c: &TestCentre) -> Vec<[u8; 16]> {
    c.centre
        .store()
        .devices()
        .unwrap()
        .iter()
        .map(|d| d.device_id)
        .collect()
}

#[test]
fn a_good_token_enrols_the_kiosk_and_returns_the_centre_key() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = Kiosk::new(c.public_key());

    let resp = srv.enrol(&kiosk.enrolment(&c.token()));
    assert_eq!(resp.status, 200, "{}", resp.text());
    let answer: EnrolmentResponse = serde_json::from_slice(&resp.body).unwrap();
    assert_eq!(answer.centre_public_key, c.public_key());

    let devices = c.centre.store().devices().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_id, kiosk.device_id);
    assert_eq!(devices[0].public_key, Some(kiosk.identity.public_key()));
    assert_eq!(devices[0].revoked_at, None);
    assert_eq!(
        srv.ack(&kiosk).highest_contiguous_seq,
        0,
        "nothing held yet"
    );
}

#[test]
fn the_same_kiosk_repeating_its_enrolment_gets_the_same_answer() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = Kiosk::new(c.public_key());
    let token = c.token();
    assert_eq!(srv.enrol(&kiosk.enrolment(&token)).status, 200);
    // Its first answer was lost: the same request again is answered the same way.
    let again = srv.enrol(&kiosk.enrolment(&token));
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(enrolled_ids(&c), vec![kiosk.device_id]);
}

#[test]
fn a_wrong_token_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = Kiosk::new(c.public_key());
    let _issued = c.token();

    for wrong in [
        // Well formed but never issued.
        "0123-4567-89ab-cdef-0123-4567-89ab-cdef".to_string(),
        // Not a token at all.
        "let-me-in".to_string(),
        String::new(),
    ] {
        let resp = srv.enrol(&kiosk.enrolment(&wrong));
        assert_eq!(resp.status, 403, "{}", resp.text());
        assert!(
            resp.error().contains("not known at the centre"),
            "{}",
            resp.error()
        );
    }
    assert!(enrolled_ids(&c).is_empty());
    // The server goes on, and a good token still works.
    let resp = srv.enrol(&kiosk.enrolment(&c.token()));
    assert_eq!(resp.status, 200, "{}", resp.text());
}

#[test]
fn an_expired_token_is_refused() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = Kiosk::new(c.public_key());
    let expired = c.token_expiring_in(-1);

    let resp = srv.enrol(&kiosk.enrolment(&expired));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("expired"), "{}", resp.error());
    assert!(enrolled_ids(&c).is_empty());

    let resp = srv.enrol(&kiosk.enrolment(&c.token()));
    assert_eq!(resp.status, 200, "the server still serves: {}", resp.text());
}

#[test]
fn a_used_token_is_refused_for_another_kiosk() {
    let c = TestCentre::new();
    let srv = c.serve();
    let first = Kiosk::new(c.public_key());
    let second = Kiosk::new(c.public_key());
    let token = c.token();

    assert_eq!(srv.enrol(&first.enrolment(&token)).status, 200);
    let resp = srv.enrol(&second.enrolment(&token));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("already used"), "{}", resp.error());
    assert_eq!(enrolled_ids(&c), vec![first.device_id]);
    srv.ack(&first);
}

#[test]
fn another_key_for_an_enrolled_device_is_a_conflict_and_keeps_the_token() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = c.enrolled_kiosk();
    let mut impostor = Kiosk::new(c.public_key());
    impostor.device_id = kiosk.device_id;
    let token = c.token();

    let resp = srv.enrol(&impostor.enrolment(&token));
    assert_eq!(resp.status, 409, "{}", resp.text());
    assert!(
        resp.error().contains("already enrolled with another key"),
        "{}",
        resp.error()
    );
    assert_eq!(
        c.centre.store().devices().unwrap()[0].public_key,
        Some(kiosk.identity.public_key()),
        "the enrolled key is unchanged"
    );
    // Nothing was written: the token was not used up.
    let other = Kiosk::new(c.public_key());
    assert_eq!(srv.enrol(&other.enrolment(&token)).status, 200);
}

#[test]
fn a_token_cannot_enrol_a_revoked_device_id_again() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = c.enrolled_kiosk();
    c.centre
        .store()
        .revoke(&kiosk.device_id, ladoshka_centre::time::now_unix())
        .unwrap();
    // Whoever holds a fresh token, with the old key or a new one, is refused.
    let resp = srv.enrol(&kiosk.enrolment(&c.token()));
    assert_eq!(resp.status, 403, "{}", resp.text());
    assert!(resp.error().contains("was revoked"), "{}", resp.error());
    assert!(resp.error().contains("devices add"), "{}", resp.error());
    let mut thief = Kiosk::new(c.public_key());
    thief.device_id = kiosk.device_id;
    let resp = srv.enrol(&thief.enrolment(&c.token()));
    assert_eq!(resp.status, 403, "{}", resp.text());
    let device = &c.centre.store().devices().unwrap()[0];
    assert!(device.revoked_at.is_some(), "still revoked");
    assert_eq!(
        device.public_key,
        Some(kiosk.identity.public_key()),
        "key unchanged"
    );
    // The administrator brings it back by hand (`devices add`).
    c.centre
        .enrol_offline(kiosk.device_id, kiosk.identity.public_key())
        .unwrap();
    assert_eq!(c.centre.store().devices().unwrap()[0].revoked_at, None);
}

#[test]
fn a_request_that_is_not_enrolment_json_is_refused_in_json() {
    let c = TestCentre::new();
    let srv = c.serve();
    let resp = srv.post("/v1/enrol", "application/json", b"{\"token\": 1}");
    assert_eq!(resp.status, 422, "{}", resp.text());
    assert!(resp.error().contains("not the JSON a Ladoshka kiosk sends"));
    let resp = srv.post("/v1/enrol", "application/json", b"not json");
    assert_eq!(resp.status, 400, "{}", resp.text());
    let resp = srv.post("/v1/enrol", "text/plain", b"{}");
    assert_eq!(resp.status, 415, "{}", resp.text());
    resp.error();
    let resp = srv.get("/v1/elsewhere");
    assert_eq!(resp.status, 404);
    assert!(resp.error().contains("POST /v1/enrol"));
    assert!(enrolled_ids(&c).is_empty());
}

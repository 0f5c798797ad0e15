//! The `centre_enrol` harness: `POST /v1/enrol` through the router of a real centre
//! ([`crate::centre`]), every answer checked against a model built from the token the request
//! carries and what the store holds for its device id before it is sent.
//!
//! The input's first byte `b` picks the mode (`b % 8`), the rest is the body:
//!
//! - 0: the rest as it is, `content-type: application/json`;
//! - 1: the rest with no content type;
//! - 2: the rest with a wrong content type (`b / 8 % 3` picks which);
//! - 3, 4, 5: the rest as JSON; if it is an object, its `"token"` is replaced by a token the
//!   harness made: a fresh one (3), the last one that enrolled a device (4, or fresh when none
//!   has yet), or one that expired a second ago (5);
//! - 6, 7: a well-formed request built from the rest ([`Harness::built`]): a device id from a
//!   small pool (so that ids come back enrolled, with the same or the other key, or revoked), a
//!   key, a token (fresh, used, expired or the input's text), so that most inputs reach the
//!   store rather than stopping at the JSON.
//!
//! In modes 3 to 7, with `b / 8 % 2 == 1` the request's device id, if it is enrolled and
//! active (the seed kiosk aside), is revoked first.
//!
//! Each centre also has [`keys::REVOKED_KIOSK_ID`] enrolled and revoked. Devices enrolled by
//! earlier inputs stay, so an input may meet its own device id enrolled with the same or
//! another key; the model reads the store, so it predicts those answers too. The centre is
//! replaced every [`ROTATE_EVERY`] inputs.
//!
//! Checked: no 5xx and no panic; the status is exactly the model's (415 without a JSON content
//! type, 400/422 for JSON that is not an enrolment request by serde_json's own verdict, 403
//! for an unknown, used or expired token and for a revoked device, 409 for another key, 200
//! otherwise); a refusal is `{"error": "…"}`; a 200's body names the fixed centre key and the
//! store then holds the device active with the key sent; a refusal leaves the device as it was
//! and a fresh token unused (it enrols a new device afterwards); after a 200 the same token
//! with another device id gets 403 and enrols nothing, and the same request again gets 200
//! (the store's "the kiosk's first answer was lost" case) and changes nothing.

use std::sync::{Mutex, OnceLock};

use axum::http::{header, Request, StatusCode};
use bytes::Bytes;
use ladoshka_centre::token::EnrolmentToken;
use ladoshka_centre::Centre;
use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus, EnrolmentRequest, EnrolmentResponse};
use serde_json::Value;

use crate::centre::{enrol_revoked, issue_token, send, trace, Answer, Instance};
use crate::keys::{self, SEED_KIOSK_ID};
use crate::script::Cursor;

/// A new centre after this many inputs.
pub const ROTATE_EVERY: u64 = 10_000;
/// Content types that are not JSON to axum's `Json` extractor.
pub const WRONG_TYPES: [&str; 3] = ["text/plain", "application/x-www-form-urlencoded", "json"];
/// Device ids the built requests (modes 6 and 7) share, so that they meet again.
const POOL: [DeviceId; 4] = [
    *b"ladoshka-fuzz-E0",
    *b"ladoshka-fuzz-E1",
    *b"ladoshka-fuzz-E2",
    *b"ladoshka-fuzz-E3",
];
/// Device ids the harness makes for its own checks start with this; the rest is a counter.
const HARNESS_PREFIX: &[u8; 8] = b"fuzz-enr";

/// Runs one `centre_enrol` input.
pub fn run(data: &[u8]) {
    let mut harness = harness().lock().unwrap_or_else(|p| p.into_inner());
    harness.run(data);
}

/// Creates the harness (and its first centre) ahead of the first input.
pub fn warm_up() {
    let mut harness = harness().lock().unwrap_or_else(|p| p.into_inner());
    harness.instance();
}

fn harness() -> &'static Mutex<Harness> {
    static HARNESS: OnceLock<Mutex<Harness>> = OnceLock::new();
    HARNESS.get_or_init(|| {
        Mutex::new(Harness {
            runtime: crate::centre::runtime(),
            instance: None,
            centre_inputs: 0,
            devices: 0,
            used: None,
        })
    })
}

/// The token a request carries, as far as the harness knows it.
#[derive(Debug, Clone)]
enum Token {
    /// Made by the harness, unused and valid.
    Fresh(String),
    /// Made by the harness, already used to enrol `device_id`.
    Used(Used),
    /// Made by the harness, expired.
    Expired(String),
    /// The input's own: no store holds it (tokens are 128 random bits).
    Unknown,
}

#[derive(Debug, Clone)]
struct Used {
    token: String,
    device_id: DeviceId,
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    instance: Option<Instance>,
    centre_inputs: u64,
    devices: u64,
    /// The last token that enrolled a device on the current centre.
    used: Option<Used>,
}

impl Harness {
    fn instance(&mut self) -> &Instance {
        if self.centre_inputs >= ROTATE_EVERY {
            self.instance = None;
            self.centre_inputs = 0;
            self.used = None;
        }
        self.instance.get_or_insert_with(|| {
            let instance = Instance::new();
            enrol_revoked(&instance.centre);
            instance
        })
    }

    fn centre(&self) -> &Centre {
        &self.instance.as_ref().expect("a centre").centre
    }

    fn status(&self, device_id: &DeviceId) -> DeviceStatus {
        self.centre()
            .store()
            .device_status(device_id)
            .expect("the device's status")
    }

    /// A device id no store row has yet.
    fn new_device_id(&mut self) -> DeviceId {
        loop {
            self.devices += 1;
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(HARNESS_PREFIX);
            id[8..].copy_from_slice(&self.devices.to_be_bytes());
            if self.status(&id) == DeviceStatus::Unknown {
                return id;
            }
        }
    }

    fn run(&mut self, data: &[u8]) {
        self.instance();
        self.centre_inputs += 1;
        let (&b, rest) = data.split_first().unwrap_or((&0, &[]));
        let mode = b % 8;
        let revoke_first = b / 8 % 2 == 1;
        let (content_type, body, token, revoke_first) = match mode {
            0 => (
                Some("application/json"),
                rest.to_vec(),
                Token::Unknown,
                false,
            ),
            1 => (None, rest.to_vec(), Token::Unknown, false),
            2 => (
                Some(WRONG_TYPES[usize::from(b / 8) % WRONG_TYPES.len()]),
                rest.to_vec(),
                Token::Unknown,
                false,
            ),
            3..=5 => {
                let token = self.token(mode);
                let (body, token) = with_token(rest, token);
                (Some("application/json"), body, token, revoke_first)
            }
            _ => {
                let (body, token) = self.built(rest);
                (Some("application/json"), body, token, revoke_first)
            }
        };
        let request = serde_json::from_slice::<EnrolmentRequest>(&body);
        if let (true, Ok(request)) = (revoke_first, &request) {
            if request.device_id != SEED_KIOSK_ID
                && matches!(self.status(&request.device_id), DeviceStatus::Active(_))
            {
                let now = ladoshka_centre::time::now_unix();
                self.centre()
                    .store()
                    .revoke(&request.device_id, now)
                    .expect("revoking");
            }
        }
        let before = request.as_ref().ok().map(|r| self.status(&r.device_id));
        let expected = expect(content_type, &request, &token, before.as_ref());
        let answer = self.post(content_type, body.clone());
        let context = || {
            format!(
                "mode {mode}, {content_type:?}, token {token:?}, device before {before:?}, body {:?}: {} {}",
                String::from_utf8_lossy(&body),
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )
        };
        if trace() {
            eprintln!("  mode {mode}: expected {expected}, got {}", answer.status);
        }
        assert!(!answer.status.is_server_error(), "5xx: {}", context());
        assert_eq!(answer.status, expected, "{}", context());
        let Ok(request) = request else {
            assert_refusal(&answer, &context);
            if let Token::Fresh(text) = &token {
                self.still_unused(text);
            }
            return;
        };
        let after = self.status(&request.device_id);
        if answer.status != StatusCode::OK {
            assert_refusal(&answer, &context);
            assert_eq!(
                Some(after),
                before,
                "a refusal changed the device: {}",
                context()
            );
            if let Token::Fresh(text) = &token {
                self.still_unused(text);
            }
            return;
        }
        let response: EnrolmentResponse =
            serde_json::from_slice(&answer.body).expect("a 200 is an EnrolmentResponse");
        assert_eq!(response.centre_public_key, keys::fixed().centre_public);
        assert_eq!(
            after,
            DeviceStatus::Active(request.device_public_key),
            "after a 200: {}",
            context()
        );
        let text = match &token {
            Token::Fresh(t) => t.clone(),
            Token::Used(u) => u.token.clone(),
            _ => unreachable!("a 200 without a harness token: {}", context()),
        };
        // The same request again: the kiosk's first answer was lost; nothing changes.
        let again = self.post(Some("application/json"), body.clone());
        assert_eq!(
            again.status,
            StatusCode::OK,
            "the same request again: {}",
            context()
        );
        assert_eq!(self.status(&request.device_id), after);
        // The same token for another device: refused, nothing enrolled.
        let other = self.new_device_id();
        let second = EnrolmentRequest {
            token: text.clone(),
            device_id: other,
            device_public_key: request.device_public_key,
        };
        let second = self.post(
            Some("application/json"),
            serde_json::to_vec(&second).expect("a request serialises"),
        );
        assert_eq!(
            second.status,
            StatusCode::FORBIDDEN,
            "a used token for another device: {}",
            context()
        );
        assert_eq!(self.status(&other), DeviceStatus::Unknown);
        self.used = Some(Used {
            token: text,
            device_id: request.device_id,
        });
    }

    /// Modes 6 and 7: a request made from the input's bytes, every field well-formed.
    fn built(&mut self, rest: &[u8]) -> (Vec<u8>, Token) {
        let fixed = keys::fixed();
        let mut c = Cursor::new(rest);
        let choice = c.u8();
        let device_id = match choice % 6 {
            0 => SEED_KIOSK_ID,
            1 => keys::REVOKED_KIOSK_ID,
            2 => self.new_device_id(),
            3 => POOL[usize::from(c.u8()) % POOL.len()],
            4 => c.array(),
            _ => self.used.as_ref().map_or(SEED_KIOSK_ID, |u| u.device_id),
        };
        let key = match (choice / 6) % 3 {
            0 => fixed.kiosk.public_key(),
            1 => fixed.other_kiosk.public_key(),
            _ => DevicePublicKey::from_bytes(&c.array::<32>()).expect("32 bytes are a key"),
        };
        let token = match (choice / 18) % 4 {
            0 => self.token(3),
            1 => self.token(4),
            2 => self.token(5),
            _ => Token::Unknown,
        };
        let text = match &token {
            Token::Fresh(t) | Token::Expired(t) => t.clone(),
            Token::Used(u) => u.token.clone(),
            Token::Unknown => String::from_utf8_lossy(&c.bytes8()).into_owned(),
        };
        let mut request = serde_json::to_value(EnrolmentRequest {
            token: text,
            device_id,
            device_public_key: key,
        })
        .expect("a request serialises");
        if choice >= 72 {
            // Upper-case hex, which the centre reads as well.
            for field in ["device_id", "device_public_key"] {
                let upper = request[field].as_str().map(str::to_uppercase);
                request[field] = Value::from(upper);
            }
        }
        (serde_json::to_vec(&request).expect("JSON"), token)
    }

    /// The token mode 3, 4 or 5 puts into the request.
    fn token(&mut self, mode: u8) -> Token {
        let now = ladoshka_centre::time::now_unix();
        match (mode, &self.used) {
            (4, Some(used)) => Token::Used(used.clone()),
            (5, _) => {
                let token = EnrolmentToken::generate().expect("randomness for a token");
                self.centre()
                    .store()
                    .insert_token(&token.hash(), now - 3600, now - 1)
                    .expect("storing a token");
                Token::Expired(token.to_text())
            }
            _ => Token::Fresh(issue_token(self.centre()).to_text()),
        }
    }

    /// A fresh token that was refused is still unused: it enrols a new device.
    fn still_unused(&mut self, token: &str) {
        let device_id = self.new_device_id();
        let key = keys::fixed().other_kiosk.public_key();
        let request = EnrolmentRequest {
            token: token.to_string(),
            device_id,
            device_public_key: key,
        };
        let answer = self.post(
            Some("application/json"),
            serde_json::to_vec(&request).expect("a request serialises"),
        );
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "a refused request used up its token: {}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(self.status(&device_id), DeviceStatus::Active(key));
    }

    fn post(&self, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = Request::post("/v1/enrol");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(http_body_full(body))
            .expect("a well-formed request");
        let instance = self.instance.as_ref().expect("a centre");
        send(&self.runtime, &instance.router, request)
    }
}

fn http_body_full(body: Vec<u8>) -> axum::body::Body {
    axum::body::Body::from(Bytes::from(body))
}

/// The body with the token put in, if the rest is a JSON object; else the rest as it is.
fn with_token(rest: &[u8], token: Token) -> (Vec<u8>, Token) {
    let text = match &token {
        Token::Fresh(t) | Token::Expired(t) => t.clone(),
        Token::Used(u) => u.token.clone(),
        Token::Unknown => return (rest.to_vec(), Token::Unknown),
    };
    match serde_json::from_slice::<Value>(rest) {
        Ok(Value::Object(mut object)) => {
            object.insert("token".into(), Value::String(text));
            (
                serde_json::to_vec(&object).expect("a JSON object serialises"),
                token,
            )
        }
        _ => (rest.to_vec(), Token::Unknown),
    }
}

/// The status the centre must answer.
fn expect(
    content_type: Option<&str>,
    request: &Result<EnrolmentRequest, serde_json::Error>,
    token: &Token,
    before: Option<&DeviceStatus>,
) -> StatusCode {
    if content_type != Some("application/json") {
        return StatusCode::UNSUPPORTED_MEDIA_TYPE;
    }
    let request = match request {
        Ok(request) => request,
        Err(e) if e.is_data() => return StatusCode::UNPROCESSABLE_ENTITY,
        Err(_) => return StatusCode::BAD_REQUEST,
    };
    let before = before.expect("a parsed request has a device status");
    let same_key_active = *before == DeviceStatus::Active(request.device_public_key);
    match token {
        Token::Unknown | Token::Expired(_) => StatusCode::FORBIDDEN,
        Token::Used(used) => {
            if used.device_id == request.device_id && same_key_active {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            }
        }
        Token::Fresh(_) => match before {
            DeviceStatus::Unknown => StatusCode::OK,
            DeviceStatus::Active(_) if same_key_active => StatusCode::OK,
            DeviceStatus::Active(_) => StatusCode::CONFLICT,
            DeviceStatus::Revoked => StatusCode::FORBIDDEN,
        },
    }
}

/// A refusal is `{"error": "…"}` with something said.
fn assert_refusal(answer: &Answer, context: &dyn Fn() -> String) {
    let body: Value = serde_json::from_slice(&answer.body)
        .unwrap_or_else(|_| panic!("a refusal that is not JSON: {}", context()));
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "a refusal without an error: {}",
        context()
    );
}

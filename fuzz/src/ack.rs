//! The `centre_ack` harness: `GET /v1/ack?device=HEX`, signed by the device with the headers
//! `x-ladoshka-signed-at` and `x-ladoshka-signature`, through the router of a real centre
//! ([`crate::centre`]). The centre is made once per process and does not change: the seed
//! kiosk enrolled, holding rows 1–3 from one imported bundle, and
//! [`keys::REVOKED_KIOSK_ID`] revoked. Every other device id is unknown to it.
//!
//! An input decodes to a request ([`decode`]): the query, the signing time, the signature and
//! sometimes a wrong method or path. The model ([`expect`]) follows the handler's order: no
//! device id → 400; a header missing or not text, a time that is not an `i64`, a signature that
//! is not 128 hex digits → 401; an unknown device → 404; a revoked one → 403; a signature that
//! is not the seed kiosk's over exactly that device id and time → 401; a time more than the
//! allowed skew (`ServeConfig::default().ack_skew`, 1 h) from the centre's clock → 401; else
//! 200. Within [`EDGE_MARGIN`] seconds of the skew's edge either answer is taken, as the
//! centre reads its clock a moment after the harness.
//!
//! Checked: no 5xx and no panic; the status is the model's; a refusal from the handler is
//! `{"error": "…"}`; a 200's body is `ACK_LEN` bytes that `Ack::verify` accepts with the fixed
//! centre key, for the seed kiosk, at row 3 with the imported bundle's hash, issued between the
//! harness's clock readings before and after. A raw query string is not modelled: it may get
//! any answer but a 5xx, and a 200 only for the seed kiosk with its valid signature on time.

use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use ladoshka_centre::http::{ServeConfig, SIGNATURE_HEADER, SIGNED_AT_HEADER};
use ladoshka_centre::store::Via;
use ladoshka_seal::{
    bundle_hash, seal, Ack, AckRequest, DeviceSigned, BundleHeader, DeviceId, OutboxRow, ACK_LEN, FORMAT_VERSION,
    SIGNATURE_LEN,
};
use serde_json::{json, Value};

use crate::centre::{enrol_revoked, send, trace, Instance};
use crate::keys::{self, REVOKED_KIOSK_ID, SEED_KIOSK_ID};
use crate::script::Cursor;

/// A device id no harness centre knows.
pub const UNKNOWN_ID: DeviceId = *b"ladoshka-fuzz-UN";
/// Seconds either side of the skew's edge where 200 and 401 are both taken.
pub const EDGE_MARGIN: i64 = 5;
/// The rows the seed kiosk's imported bundle holds: 1 to this.
pub const HELD_THROUGH: u64 = 3;

/// Runs one `centre_ack` input.
pub fn run(data: &[u8]) {
    let mut harness = harness().lock().unwrap_or_else(|p| p.into_inner());
    harness.run(data);
}

/// Creates the centre ahead of the first input.
pub fn warm_up() {
    drop(harness().lock());
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    instance: Instance,
    /// SHA-256 of the seed kiosk's imported bundle.
    held_hash: [u8; 32],
    skew: i64,
}

fn harness() -> &'static Mutex<Harness> {
    static HARNESS: OnceLock<Mutex<Harness>> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let instance = Instance::new();
        enrol_revoked(&instance.centre);
        let held_hash = import_rows(&instance);
        Mutex::new(Harness {
            runtime: crate::centre::runtime(),
            instance,
            held_hash,
            skew: i64::try_from(ServeConfig::default().ack_skew.as_secs())
                .expect("a skew in i64 seconds"),
        })
    })
}

/// Imports rows 1–3 of the seed kiosk; returns the bundle's hash.
fn import_rows(instance: &Instance) -> [u8; 32] {
    let fixed = keys::fixed();
    let header = BundleHeader {
        format_version: FORMAT_VERSION,
        device_id: SEED_KIOSK_ID,
        device_key_id: fixed.kiosk.public_key().key_id(),
        centre_key_id: fixed.centre_public.key_id(),
        bundle_id: *b"ladoshka-ack-b01",
        first_seq: 1,
        last_seq: HELD_THROUGH,
        prev_bundle_hash: [0; 32],
    };
    let rows: Vec<OutboxRow> = (1..=HELD_THROUGH)
        .map(|seq| OutboxRow {
            seq,
            kind: "check_in.insert".into(),
            body: ladoshka_seal::raw_body(&json!({ "child": seq })),
            created_at: "2026-12-06T10:00:00+03:00".into(),
        })
        .collect();
    let payload = ladoshka_seal::encode_rows(&header, &rows).expect("rows encode");
    let bytes = seal(&header, &payload, &fixed.centre_public, &fixed.kiosk).expect("sealing");
    instance
        .centre
        .receive(&bytes, Via::Usb)
        .expect("the seed kiosk's first bundle is imported");
    bundle_hash(&bytes)
}

/// The query of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// `device=` this id in lower-case hex.
    Device(DeviceId),
    /// `device=` this id in upper-case hex with a space either side (the handler trims).
    Padded(DeviceId),
    /// `device=` these bytes, every one percent-encoded.
    Text(Vec<u8>),
    /// These bytes as the whole query string (not modelled).
    Raw(Vec<u8>),
    /// No query.
    Missing,
}

/// The `x-ladoshka-signed-at` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedAt {
    /// The harness's clock plus this many seconds (saturating).
    Offset(i64),
    /// This Unix time.
    Exact(i64),
    /// These bytes (the header is left out when they cannot be a header value).
    Text(Vec<u8>),
    Missing,
}

/// The `x-ladoshka-signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// The seed kiosk's signature over the request's device id and time (lower-case hex).
    Kiosk,
    /// The same in upper-case hex.
    KioskUpper,
    /// The seed kiosk's signature over the time plus one second.
    KioskOtherTime,
    /// The other kiosk's signature over the request.
    OtherKiosk,
    /// These 64 bytes in hex.
    Bytes([u8; SIGNATURE_LEN]),
    /// These bytes as the header.
    Text(Vec<u8>),
    Missing,
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub query: Query,
    /// 0 and 1: `GET /v1/ack`; 2: `POST /v1/ack`; 3: `GET /v1/acks`.
    pub variant: u8,
    pub signed_at: SignedAt,
    pub signature: Signature,
}

/// Any bytes are an input; a read past the end gives zeros.
pub fn decode(data: &[u8]) -> Input {
    let mut c = Cursor::new(data);
    let b = c.u8();
    let query = match b % 8 {
        0 => Query::Device(SEED_KIOSK_ID),
        1 => Query::Device(REVOKED_KIOSK_ID),
        2 => Query::Device(UNKNOWN_ID),
        3 => Query::Padded(SEED_KIOSK_ID),
        4 => Query::Text(c.bytes8()),
        5 => Query::Raw(c.bytes8()),
        6 => Query::Missing,
        _ => Query::Device(c.array()),
    };
    let variant = (b / 8) % 4;
    let t = c.u8();
    let signed_at = match t % 6 {
        0 => SignedAt::Offset(i64::from(c.u16() as i16)),
        1 => {
            // Around the edge of the allowed skew, either side of now.
            let edge = 3600 + i64::from(c.u8() as i8);
            SignedAt::Offset(if t & 0x80 == 0 { edge } else { -edge })
        }
        2 => SignedAt::Offset(c.u64() as i64),
        3 => SignedAt::Exact(c.u64() as i64),
        4 => SignedAt::Text(c.bytes8()),
        _ => SignedAt::Missing,
    };
    let signature = match c.u8() % 7 {
        0 => Signature::Kiosk,
        1 => Signature::KioskUpper,
        2 => Signature::KioskOtherTime,
        3 => Signature::OtherKiosk,
        4 => Signature::Bytes(c.array()),
        5 => Signature::Text(c.bytes8()),
        _ => Signature::Missing,
    };
    Input {
        query,
        variant,
        signed_at,
        signature,
    }
}

/// What the centre must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Status(StatusCode),
    /// At the skew's edge: 200 or 401.
    Edge,
    /// A raw query string.
    Unchecked,
}

fn percent(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("%{b:02X}")).collect()
}

impl Harness {
    fn run(&mut self, data: &[u8]) {
        let input = decode(data);
        let fixed = keys::fixed();
        // The device id the handler reads (None: a 400), or None with a raw query.
        let (query, device): (Option<String>, Option<DeviceId>) = match &input.query {
            Query::Device(id) => (Some(format!("device={}", hex::encode(id))), Some(*id)),
            Query::Padded(id) => (
                Some(format!("device=%20{}%20", hex::encode_upper(id))),
                Some(*id),
            ),
            Query::Text(bytes) => {
                let text = String::from_utf8_lossy(bytes);
                let mut id = [0u8; 16];
                let ok = hex::decode_to_slice(text.trim(), &mut id).is_ok();
                (Some(format!("device={}", percent(bytes))), ok.then_some(id))
            }
            Query::Raw(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => (Some(text.to_string()), None),
                Err(_) => return,
            },
            Query::Missing => (None, None),
        };
        let path = if input.variant == 3 {
            "/v1/acks"
        } else {
            "/v1/ack"
        };
        let uri = match &query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        let now = ladoshka_centre::time::now_unix();
        let at_value: Option<HeaderValue> = match &input.signed_at {
            SignedAt::Offset(off) => Some(HeaderValue::from(now.saturating_add(*off))),
            SignedAt::Exact(at) => Some(HeaderValue::from(*at)),
            SignedAt::Text(bytes) => HeaderValue::from_bytes(bytes).ok(),
            SignedAt::Missing => None,
        };
        let at_text = at_value
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::trim);
        let at: Option<i64> = at_text.and_then(|t| t.parse().ok());
        // What the kiosk signs: the device asked for (the seed kiosk's when the query is not
        // modelled) and the time sent (now when it is not a number).
        let request = AckRequest {
            device_id: device.unwrap_or(SEED_KIOSK_ID),
            issued_at_unix: at.unwrap_or(now),
        };
        let kiosk_sig = request.sign(&fixed.centre_public, &fixed.kiosk);
        let sig_value: Option<HeaderValue> = match &input.signature {
            Signature::Kiosk => Some(hex::encode(kiosk_sig).try_into().expect("hex")),
            Signature::KioskUpper => Some(hex::encode_upper(kiosk_sig).try_into().expect("hex")),
            Signature::KioskOtherTime => {
                let later = AckRequest {
                    issued_at_unix: request.issued_at_unix.wrapping_add(1),
                    ..request
                };
                let sig = later.sign(&fixed.centre_public, &fixed.kiosk);
                Some(hex::encode(sig).try_into().expect("hex"))
            }
            Signature::OtherKiosk => {
                let sig = request.sign(&fixed.centre_public, &fixed.other_kiosk);
                Some(hex::encode(sig).try_into().expect("hex"))
            }
            Signature::Bytes(bytes) => Some(hex::encode(bytes).try_into().expect("hex")),
            Signature::Text(bytes) => HeaderValue::from_bytes(bytes).ok(),
            Signature::Missing => None,
        };
        let sig: Option<[u8; SIGNATURE_LEN]> = sig_value
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .and_then(|t| {
                let mut out = [0u8; SIGNATURE_LEN];
                hex::decode_to_slice(t, &mut out).ok().map(|_| out)
            });
        let signed_ok = sig == Some(kiosk_sig) && request.device_id == SEED_KIOSK_ID;

        let expected = match input.variant {
            2 => Expect::Status(StatusCode::METHOD_NOT_ALLOWED),
            3 => Expect::Status(StatusCode::NOT_FOUND),
            _ if matches!(input.query, Query::Raw(_)) => Expect::Unchecked,
            _ => self.expect(device, at_text.is_some(), at, sig.is_some(), signed_ok, now),
        };

        let method = if input.variant == 2 {
            Method::POST
        } else {
            Method::GET
        };
        let mut builder = Request::builder().method(method).uri(&uri);
        if let Some(v) = &at_value {
            builder = builder.header(SIGNED_AT_HEADER, v.clone());
        }
        if let Some(v) = &sig_value {
            builder = builder.header(SIGNATURE_HEADER, v.clone());
        }
        let Ok(http_request) = builder.body(Body::empty()) else {
            // A raw query that is not a URI.
            assert!(matches!(input.query, Query::Raw(_)), "{uri:?} is not a URI");
            return;
        };
        let answer = send(&self.runtime, &self.instance.router, http_request);
        let after = ladoshka_centre::time::now_unix();
        let context = || {
            format!(
                "{input:?} {uri:?} at {at_value:?} sig {sig_value:?} (now {now}): expected \
                 {expected:?}, got {} {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )
        };
        if trace() {
            eprintln!("  expected {expected:?}, got {}", answer.status);
        }
        assert!(!answer.status.is_server_error(), "5xx: {}", context());
        match expected {
            Expect::Status(status) => assert_eq!(answer.status, status, "{}", context()),
            Expect::Edge => assert!(
                matches!(answer.status, StatusCode::OK | StatusCode::UNAUTHORIZED),
                "{}",
                context()
            ),
            Expect::Unchecked => {
                if answer.status == StatusCode::OK {
                    let on_time = at.is_some_and(|at| {
                        at.saturating_sub(now).saturating_abs() <= self.skew + EDGE_MARGIN
                    });
                    assert!(signed_ok && on_time, "a 200 for {}", context());
                }
            }
        }
        if answer.status == StatusCode::OK {
            assert_eq!(answer.body.len(), ACK_LEN, "{}", context());
            let ack = Ack::verify(&answer.body, &fixed.centre_public)
                .unwrap_or_else(|e| panic!("the ack does not verify ({e}): {}", context()));
            assert_eq!(ack.device_id, SEED_KIOSK_ID, "{}", context());
            assert_eq!(ack.highest_contiguous_seq, HELD_THROUGH);
            assert_eq!(ack.last_bundle_hash, self.held_hash);
            assert!(
                (now..=after).contains(&ack.issued_at_unix),
                "ack issued at {} outside {now}..={after}",
                ack.issued_at_unix
            );
        } else if input.variant < 2 {
            let body: Value = serde_json::from_slice(&answer.body)
                .unwrap_or_else(|_| panic!("a refusal that is not JSON: {}", context()));
            assert!(
                body["error"].as_str().is_some_and(|e| !e.is_empty()),
                "a refusal without an error: {}",
                context()
            );
        }
    }

    /// The handler's order: device id, headers, device status, signature, time.
    fn expect(
        &self,
        device: Option<DeviceId>,
        at_is_text: bool,
        at: Option<i64>,
        sig_is_hex: bool,
        signed_ok: bool,
        now: i64,
    ) -> Expect {
        let Some(device) = device else {
            return Expect::Status(StatusCode::BAD_REQUEST);
        };
        let (Some(at), true, true) = (at, at_is_text, sig_is_hex) else {
            return Expect::Status(StatusCode::UNAUTHORIZED);
        };
        if device == REVOKED_KIOSK_ID {
            return Expect::Status(StatusCode::FORBIDDEN);
        }
        if device != SEED_KIOSK_ID {
            return Expect::Status(StatusCode::NOT_FOUND);
        }
        if !signed_ok {
            return Expect::Status(StatusCode::UNAUTHORIZED);
        }
        let off = at.saturating_sub(now).saturating_abs();
        if (off - self.skew).abs() <= EDGE_MARGIN {
            Expect::Edge
        } else if off > self.skew {
            Expect::Status(StatusCode::UNAUTHORIZED)
        } else {
            Expect::Status(StatusCode::OK)
        }
    }
}

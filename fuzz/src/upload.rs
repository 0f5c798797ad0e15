//! The `centre_upload` harness: a real centre (`init` + `Centre::open` in a temporary folder,
//! SQLCipher store and all) and a reference model of what it must answer.
//!
//! Each input is a script ([`crate::script`]) run for a device enrolled afresh for that input
//! (same kiosk key, new device id), so what an input does depends on the input alone: the
//! centre's state for that device starts empty every time. The script seals bundles with the
//! kiosk's key (so they pass the signature check and reach decryption, payload decoding and
//! the import's replay/gap/chain checks), damages them, replays them, sends raw bytes, revokes
//! and re-enrols, and delivers each through `Centre::receive` or the axum router
//! (`tower::ServiceExt::oneshot`, on a current-thread runtime built once).
//!
//! Errors are expected outcomes. What must not happen, besides a panic inside the centre:
//! - a genuine bundle answered otherwise than the model says (imported, already held, replay,
//!   gap, broken chain, reused id, sequence too large, unknown/revoked device, wrong key, bad
//!   signature, another centre's key, unusable rows), or an HTTP status that disagrees;
//! - a changed bundle accepted, or refused for anything but its form or its signature/keys;
//! - a store error (500) for anything a client sent;
//! - an acknowledgement that does not verify with the centre's key or says the wrong place;
//! - rows stored that are not exactly the rows imported (checked after every input).
//!
//! The store grows with every input, so every [`ROTATE_EVERY`] inputs the centre is replaced by
//! a new one (same keys) and the old folder deleted. The centre itself, its folder and the
//! runtime are made by [`crate::centre`].

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use axum::http::{header, Method, Request, StatusCode};
use bytes::Bytes;
use ladoshka_centre::store::{Held, ImportRefusal, RevokeOutcome, Via};
use ladoshka_centre::{AckAnswer, Centre, ReceiveError, Received, MAX_BUNDLE_LEN};
use ladoshka_seal::{
    bundle_hash, parse_prefix, precheck, seal, Ack, BundleHeader, BundleId, CentrePublicKey,
    DeviceId, DeviceIdentity, OpenError, OutboxRow, ParseError, FORMAT_VERSION, PREFIX_LEN,
    SIGNATURE_LEN,
};
use serde_json::{json, Value};

use crate::centre::{enrol, send, trace, Instance};
use crate::keys::{self, Fixed, SEED_KIOSK_ID};
use crate::script::{
    decode, BundleIdChoice, Channel, Content, Damage, First, HttpVariant, Last, Op, PayloadSpec,
    Prev, SealSpec, Who,
};

/// A new centre after this many inputs.
pub const ROTATE_EVERY: u64 = 10_000;
/// Per-input device ids start with this; the rest is a counter.
const DEVICE_PREFIX: &[u8; 8] = b"fuzz-dev";

/// Runs one `centre_upload` input.
pub fn run(data: &[u8]) {
    let ops = decode(data);
    let mut harness = harness().lock().unwrap_or_else(|p| p.into_inner());
    harness.run(&ops);
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
            inputs: 0,
            centre_inputs: 0,
            devices: 0,
            bundles: 0,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// The model

/// What the centre must hold for this input's device.
struct Model {
    device_id: DeviceId,
    revoked: bool,
    held_through: u64,
    last_hash: [u8; 32],
    held_hashes: Vec<[u8; 32]>,
    used_ids: Vec<BundleId>,
    last_imported_id: Option<BundleId>,
    rows: Vec<(OutboxRow, BundleId)>,
    /// False once something the model cannot predict may have changed the device's state.
    synced: bool,
}

/// One answer, in the detail `Centre::receive` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Imported(u64),
    AlreadyHeld(u64),
    Replay(u64),
    Gap(u64),
    BrokenChain(u64),
    BundleIdReused(u64),
    SeqTooLarge,
    ImportUnknown,
    ImportRevoked,
    Unknown,
    Revoked,
    KeyMismatch,
    BadSignature,
    AnotherCentre,
    Decryption,
    Payload,
    Parse,
    Oversized,
}

impl Outcome {
    /// Refusals a damaged bundle may get: its form, its device, its keys, its signature.
    fn is_form_or_key_refusal(self) -> bool {
        matches!(
            self,
            Outcome::Parse
                | Outcome::Unknown
                | Outcome::Revoked
                | Outcome::KeyMismatch
                | Outcome::BadSignature
                | Outcome::AnotherCentre
                | Outcome::Decryption
        )
    }

    /// What the router answers: status, `x-ladoshka-result`, the acknowledged sequence number.
    fn http(self) -> Http {
        use Outcome::*;
        match self {
            Imported(held) => Http::new(StatusCode::OK, Some("imported"), Some(held)),
            AlreadyHeld(held) => Http::new(StatusCode::OK, Some("already-held"), Some(held)),
            Replay(held) | Gap(held) | BrokenChain(held) | BundleIdReused(held) => {
                Http::new(StatusCode::CONFLICT, None, Some(held))
            }
            ImportUnknown | ImportRevoked | Unknown | Revoked | KeyMismatch => {
                Http::new(StatusCode::FORBIDDEN, None, None)
            }
            SeqTooLarge | BadSignature | AnotherCentre | Decryption | Payload | Parse => {
                Http::new(StatusCode::BAD_REQUEST, None, None)
            }
            Oversized => Http::new(StatusCode::PAYLOAD_TOO_LARGE, None, None),
        }
    }
}

/// What the router answered, reduced to what can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Http {
    status: StatusCode,
    result: Option<&'static str>,
    acked: Option<u64>,
}

impl Http {
    fn new(status: StatusCode, result: Option<&'static str>, acked: Option<u64>) -> Http {
        Http {
            status,
            result,
            acked,
        }
    }
}

/// What the model says about one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Exactly(Outcome),
    /// A changed bundle: refused for its form or its keys.
    Damaged,
    /// Bytes the model does not understand: anything but a store error or a bad ack.
    Unchecked,
}

/// How a sent byte string came about, to say what the centre must answer (again, on a resend).
#[derive(Debug, Clone)]
struct Plan {
    header: BundleHeader,
    kind: PlanKind,
    /// The rows, when the plaintext is exactly the header's range.
    rows: Option<Vec<OutboxRow>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlanKind {
    Genuine,
    Unknown,
    OtherKeyInHeader,
    SignedByOther,
    OtherCentre,
    Damaged,
    Unchecked,
}

impl Model {
    fn new(device_id: DeviceId) -> Model {
        Model {
            device_id,
            revoked: false,
            held_through: 0,
            last_hash: [0; 32],
            held_hashes: Vec::new(),
            used_ids: Vec::new(),
            last_imported_id: None,
            rows: Vec::new(),
            synced: true,
        }
    }

    fn expect(&self, plan: &Plan, hash: &[u8; 32]) -> Expect {
        let h = &plan.header;
        match plan.kind {
            PlanKind::Unchecked => return Expect::Unchecked,
            PlanKind::Damaged => return Expect::Damaged,
            PlanKind::Unknown => return Expect::Exactly(Outcome::Unknown),
            _ => {}
        }
        if self.revoked {
            return Expect::Exactly(Outcome::Revoked);
        }
        let outcome = match plan.kind {
            PlanKind::OtherKeyInHeader => Outcome::KeyMismatch,
            PlanKind::SignedByOther => Outcome::BadSignature,
            PlanKind::OtherCentre => Outcome::AnotherCentre,
            _ if plan.rows.is_none() => Outcome::Payload,
            _ if h.last_seq > i64::MAX as u64 => Outcome::SeqTooLarge,
            _ if self.held_hashes.contains(hash) => Outcome::AlreadyHeld(self.held_through),
            _ if h.first_seq <= self.held_through => Outcome::Replay(self.held_through),
            _ if h.first_seq != self.held_through + 1 => Outcome::Gap(self.held_through),
            _ if h.prev_bundle_hash != self.last_hash => Outcome::BrokenChain(self.held_through),
            _ if self.used_ids.contains(&h.bundle_id) => Outcome::BundleIdReused(self.held_through),
            _ => Outcome::Imported(h.last_seq),
        };
        Expect::Exactly(outcome)
    }

    fn imported(&mut self, plan: &Plan, hash: [u8; 32]) {
        let h = &plan.header;
        self.held_through = h.last_seq;
        self.last_hash = hash;
        self.held_hashes.push(hash);
        self.used_ids.push(h.bundle_id);
        self.last_imported_id = Some(h.bundle_id);
        for row in plan.rows.iter().flatten() {
            self.rows.push((row.clone(), h.bundle_id));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

const KINDS: [&str; 6] = [
    "check_in.insert",
    "",
    "rental.return",
    "nul \u{0} inside",
    "ребёнок пришёл",
    "\u{feff}\u{10ffff}'); DROP TABLE outbox_rows; --",
];
const CREATED: [&str; 4] = ["2026-03-01T10:00:00+03:00", "", "not a date", "\u{0}"];

fn body(index: u8, seq: u64) -> Value {
    match index % 7 {
        0 => json!({ "session": 12, "child": seq, "note": "пришла с мамой" }),
        1 => Value::Null,
        2 => json!([1, 2.5, -0.0, { "a": "\u{0}", "b": [true, false] }]),
        3 => json!(u64::MAX),
        4 => json!(1e300),
        5 => {
            let mut v = json!(seq);
            for _ in 0..100 {
                v = json!([v]);
            }
            v
        }
        _ => json!({ "big": "ж".repeat(2000) }),
    }
}

fn row(content: &Content, seq: u64) -> OutboxRow {
    match content {
        Content::Table(c) => OutboxRow {
            seq,
            kind: KINDS[usize::from(*c) % KINDS.len()].into(),
            body: body(c / 6, seq),
            created_at: CREATED[usize::from(c / 42) % CREATED.len()].into(),
        },
        Content::Text(bytes) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            OutboxRow {
                seq,
                kind: text.clone(),
                body: json!({ "text": text }),
                created_at: text,
            }
        }
    }
}

/// Whether `seqs` are exactly `first..=last` in order (written apart from `check_rows`).
fn rows_match(first: u64, last: u64, seqs: &[u64]) -> bool {
    !seqs.is_empty()
        && seqs.last() == Some(&last)
        && seqs
            .iter()
            .enumerate()
            .all(|(i, &s)| first.checked_add(i as u64) == Some(s))
}

// ---------------------------------------------------------------------------------------------
// One input

struct Harness {
    runtime: tokio::runtime::Runtime,
    instance: Option<Instance>,
    /// Inputs run, in all and on the current centre.
    inputs: u64,
    centre_inputs: u64,
    devices: u64,
    bundles: u64,
}

/// The last byte string sent and how it came about.
struct Sent {
    bytes: Vec<u8>,
    plan: Plan,
}

impl Harness {
    fn instance(&mut self) -> &Instance {
        if self.centre_inputs >= ROTATE_EVERY {
            // Drop the old centre (and its folder) before making the next.
            self.instance = None;
            self.centre_inputs = 0;
        }
        self.instance.get_or_insert_with(Instance::new)
    }

    fn fresh_bundle_id(&mut self) -> BundleId {
        self.bundles += 1;
        let mut id = *b"fuzz-bnd\0\0\0\0\0\0\0\0";
        id[8..].copy_from_slice(&self.bundles.to_be_bytes());
        id
    }

    fn run(&mut self, ops: &[Op]) {
        self.instance();
        self.inputs += 1;
        self.centre_inputs += 1;
        self.devices += 1;
        let mut device_id = [0u8; 16];
        device_id[..8].copy_from_slice(DEVICE_PREFIX);
        device_id[8..].copy_from_slice(&self.devices.to_be_bytes());
        let fixed = keys::fixed();
        enrol(self.centre(), device_id, &fixed.kiosk);

        let mut model = Model::new(device_id);
        let mut last: Option<Sent> = None;
        for op in ops {
            self.step(op, &mut model, &mut last);
        }
        if model.synced {
            self.check_store(&model);
        }
    }

    fn centre(&self) -> &Arc<Centre> {
        &self.instance.as_ref().expect("a centre").centre
    }

    fn step(&mut self, op: &Op, model: &mut Model, last: &mut Option<Sent>) {
        let fixed = keys::fixed();
        let (via, sent) = match op {
            Op::Revoke => {
                let now = ladoshka_centre::time::now_unix();
                let outcome = self
                    .centre()
                    .store()
                    .revoke(&model.device_id, now)
                    .expect("revoking");
                let expected = if model.revoked {
                    RevokeOutcome::AlreadyRevoked
                } else {
                    RevokeOutcome::Revoked
                };
                assert_eq!(outcome, expected, "revoke");
                model.revoked = true;
                return;
            }
            Op::Reenrol => {
                // A revoked device comes back only by the administrator's `devices add`.
                self.centre()
                    .enrol_offline(model.device_id, fixed.kiosk.public_key())
                    .expect("the administrator enrols the device again");
                model.revoked = false;
                return;
            }
            Op::Resend { via } => {
                let Some(sent) = last.take() else { return };
                (*via, sent)
            }
            Op::Raw { via, bytes } => (
                *via,
                Sent {
                    bytes: bytes.clone(),
                    plan: unchecked_plan(),
                },
            ),
            Op::RawResigned { via, bytes } => {
                let mut bytes = bytes.clone();
                if bytes.len() >= 22 {
                    bytes[6..22].copy_from_slice(&model.device_id);
                }
                if bytes.len() >= SIGNATURE_LEN {
                    let at = bytes.len() - SIGNATURE_LEN;
                    let signature = fixed.kiosk_sign(&bytes[..at]);
                    bytes[at..].copy_from_slice(&signature);
                }
                (
                    *via,
                    Sent {
                        bytes,
                        plan: unchecked_plan(),
                    },
                )
            }
            Op::SealNext { via, rows, content } => {
                let spec = SealSpec {
                    last: Last::Rows(*rows),
                    payload: PayloadSpec::Rows(content.clone()),
                    ..SealSpec::default()
                };
                (*via, self.build(&spec, model, last.as_ref()))
            }
            Op::Payload { via, rows, bytes } => {
                let spec = SealSpec {
                    last: Last::Rows(*rows),
                    payload: PayloadSpec::Bytes(bytes.clone()),
                    ..SealSpec::default()
                };
                (*via, self.build(&spec, model, last.as_ref()))
            }
            Op::Seal { via, spec } => (*via, self.build(spec, model, last.as_ref())),
        };
        self.deliver(via, &sent, model);
        *last = Some(sent);
    }

    /// Seals the bundle `spec` describes, for this model's device.
    fn build(&mut self, spec: &SealSpec, model: &Model, last: Option<&Sent>) -> Sent {
        let fixed = keys::fixed();
        let held = model.held_through;
        let first = match spec.first {
            First::Next => held + 1,
            First::Gap(n) => held + 2 + u64::from(n),
            First::Replay(n) => held.saturating_sub(u64::from(n)).max(1),
            First::Zero => 0,
            First::Exact(n) => n,
            First::Boundary(n) => {
                const EDGES: [u64; 6] = [
                    i64::MAX as u64 - 1,
                    i64::MAX as u64,
                    i64::MAX as u64 + 1,
                    u64::MAX - 1,
                    u64::MAX,
                    1 << 53,
                ];
                EDGES[usize::from(n) % EDGES.len()]
            }
        };
        let last_seq = match spec.last {
            Last::Rows(n) => first.saturating_add(u64::from(n.max(1)) - 1),
            Last::Exact(n) => n.max(first),
        };
        let prev = match spec.prev {
            Prev::Held => model.last_hash,
            Prev::Zeros => [0; 32],
            Prev::LastSent => last.map(|s| bundle_hash(&s.bytes)).unwrap_or([0; 32]),
            Prev::Exact(h) => h,
        };
        let bundle_id = match spec.id {
            BundleIdChoice::Fresh => self.fresh_bundle_id(),
            BundleIdChoice::ReuseLast => match model.last_imported_id {
                Some(id) => id,
                None => self.fresh_bundle_id(),
            },
            BundleIdChoice::Exact(id) => id,
        };
        let (device_id, kind) = match spec.who {
            Who::Kiosk => (model.device_id, PlanKind::Genuine),
            Who::UnknownDevice(id) if id == model.device_id => (id, PlanKind::Genuine),
            // Another input's device, or the seed kiosk: their state is not modelled.
            Who::UnknownDevice(id) if id[..8] == DEVICE_PREFIX[..] || id == SEED_KIOSK_ID => {
                (id, PlanKind::Unchecked)
            }
            Who::UnknownDevice(id) => (id, PlanKind::Unknown),
            Who::OtherKeyInHeader => (model.device_id, PlanKind::OtherKeyInHeader),
            Who::SignedByOther => (model.device_id, PlanKind::SignedByOther),
            Who::OtherCentre => (model.device_id, PlanKind::OtherCentre),
            Who::SeedKiosk => (SEED_KIOSK_ID, PlanKind::Unchecked),
        };
        let (sealer, centre): (&DeviceIdentity, &CentrePublicKey) = match kind {
            PlanKind::OtherKeyInHeader => (&fixed.other_kiosk, &fixed.centre_public),
            PlanKind::OtherCentre => (&fixed.kiosk, &fixed.other_centre_public),
            _ => (&fixed.kiosk, &fixed.centre_public),
        };
        let header = BundleHeader {
            format_version: FORMAT_VERSION,
            device_id,
            device_key_id: sealer.public_key().key_id(),
            centre_key_id: centre.key_id(),
            bundle_id,
            first_seq: first,
            last_seq,
            prev_bundle_hash: prev,
        };

        let (payload, rows) = payload(&spec.payload, first, last_seq);
        let mut bytes = seal(&header, &payload, centre, sealer).expect("sealing a fuzz bundle");
        let signer_is_other = matches!(kind, PlanKind::SignedByOther | PlanKind::OtherKeyInHeader);
        if kind == PlanKind::SignedByOther {
            resign(&mut bytes, fixed, true);
        }
        let planned = bytes.clone();
        damage(&mut bytes, &spec.damage, fixed, signer_is_other);
        let kind = if bytes == planned {
            kind
        } else if kind == PlanKind::Unchecked {
            PlanKind::Unchecked
        } else {
            PlanKind::Damaged
        };
        Sent {
            bytes,
            plan: Plan { header, kind, rows },
        }
    }

    fn deliver(&mut self, via: Channel, sent: &Sent, model: &mut Model) {
        let hash = bundle_hash(&sent.bytes);
        let expect = model.expect(&sent.plan, &hash);
        let public = keys::fixed().centre_public;
        let result = match via {
            Channel::Usb | Channel::Direct => {
                let via = if via == Channel::Usb {
                    Via::Usb
                } else {
                    Via::Http
                };
                let result = self.centre().receive(&sent.bytes, via);
                let outcome = outcome(&result, &public);
                check(
                    expect,
                    outcome,
                    &format!("{via:?} receive of {:?}", sent.plan),
                );
                Some(outcome)
            }
            Channel::Router => self.post(&sent.bytes, None, expect, &sent.plan),
            Channel::RouterVariant(v) => self.post(&sent.bytes, Some(v), expect, &sent.plan),
        };
        if trace() {
            eprintln!(
                "  {via:?} {} bytes {:?} rows {:?}..={:?}: expected {expect:?}, got {result:?}",
                sent.bytes.len(),
                sent.plan.kind,
                sent.plan.header.first_seq,
                sent.plan.header.last_seq,
            );
        }
        match (expect, result) {
            (Expect::Exactly(Outcome::Imported(_)), Some(Outcome::Imported(_))) => {
                model.imported(&sent.plan, hash)
            }
            (Expect::Unchecked, Some(Outcome::Imported(_)) | None)
                if sent.bytes.get(6..22) == Some(&model.device_id[..]) =>
            {
                // Bytes the model did not plan may have changed this device's state.
                model.synced = false;
            }
            _ => {}
        }
    }

    /// `POST /v1/bundles` through the router; the outcome when it can be told from the answer
    /// (`None` for an unchecked 200, whose detail HTTP does not give).
    fn post(
        &mut self,
        bytes: &[u8],
        variant: Option<HttpVariant>,
        expect: Expect,
        plan: &Plan,
    ) -> Option<Outcome> {
        let mut method = Method::POST;
        let mut path = "/v1/bundles";
        let mut length = Some(bytes.len().to_string());
        let mut frames: VecDeque<Result<Bytes, io::Error>> =
            VecDeque::from([Ok(Bytes::copy_from_slice(bytes))]);
        // The refusal the upload gets from its first PREFIX_LEN bytes, before the rest is read.
        let early = self.header_refusal(bytes);
        // What the variant makes of the expected answer.
        let mut fixed_answer: Option<Http> = None;
        match variant {
            None => {}
            Some(HttpVariant::Chunked(n)) => {
                length = None;
                frames = bytes
                    .chunks(usize::from(n) + 1)
                    .map(|c| Ok(Bytes::copy_from_slice(c)))
                    .collect();
            }
            Some(HttpVariant::HugeLength) => {
                length = Some((MAX_BUNDLE_LEN + 1).to_string());
                fixed_answer = Some(Http::new(StatusCode::PAYLOAD_TOO_LARGE, None, None));
            }
            Some(HttpVariant::BrokenBody) => {
                frames.push_back(Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "the fuzz client broke off",
                )));
                // The whole bundle arrives before the break: a refusal from its header comes
                // first.
                fixed_answer =
                    Some(early.unwrap_or(Http::new(StatusCode::BAD_REQUEST, None, None)));
            }
            Some(HttpVariant::WrongLength(n)) => {
                length = Some(n.to_string());
                if n as usize > MAX_BUNDLE_LEN {
                    fixed_answer = Some(Http::new(StatusCode::PAYLOAD_TOO_LARGE, None, None));
                }
            }
            Some(HttpVariant::GarbageLength) => length = Some("twelve".into()),
            Some(HttpVariant::WrongPath) => {
                path = "/v1/bundle";
                fixed_answer = Some(Http::new(StatusCode::NOT_FOUND, None, None));
            }
            Some(HttpVariant::WrongMethod) => {
                method = Method::GET;
                fixed_answer = Some(Http::new(StatusCode::METHOD_NOT_ALLOWED, None, None));
            }
        }
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/octet-stream");
        if let Some(length) = length {
            request = request.header(header::CONTENT_LENGTH, length);
        }
        let request = request
            .body(Frames(frames))
            .expect("a well-formed request");
        let router = &self.instance.as_ref().expect("a centre").router;
        let answer = send(&self.runtime, router, request);
        let (status, body) = (answer.status, answer.body);
        let header_text = |name: &str| {
            answer
                .headers
                .get(name)
                .map(|v| v.to_str().expect("an ASCII header").to_string())
        };
        let result = header_text(ladoshka_centre::http::RESULT_HEADER);
        let ack_header = header_text(ladoshka_centre::http::ACK_HEADER);
        let context = || {
            format!(
                "POST ({variant:?}) of {plan:?}: {status} {result:?} {}",
                String::from_utf8_lossy(&body)
            )
        };
        assert_ne!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "a store error for a client's bytes: {}",
            context()
        );
        let public = keys::fixed().centre_public;
        let acked = match status {
            StatusCode::OK => Some(verified_ack(&body, &public, &context)),
            StatusCode::CONFLICT => {
                let hex = ack_header.unwrap_or_else(|| panic!("409 without an ack: {}", context()));
                let bytes =
                    hex::decode(hex).unwrap_or_else(|_| panic!("ack header: {}", context()));
                Some(verified_ack(&bytes, &public, &context))
            }
            _ => {
                assert!(ack_header.is_none(), "an ack header on {}", context());
                None
            }
        };
        let device = plan.header.device_id;
        if let (Some(ack), false) = (acked, plan.kind == PlanKind::Unchecked) {
            assert_eq!(
                ack.device_id,
                device,
                "ack for another device: {}",
                context()
            );
        }
        let seen = Http::new(
            status,
            result.as_deref().map(|r| match r {
                "imported" => "imported",
                "already-held" => "already-held",
                other => panic!("unknown result header {other:?}: {}", context()),
            }),
            acked.map(|a| a.highest_contiguous_seq),
        );
        if let Some(answer) = fixed_answer {
            assert_eq!(seen, answer, "{}", context());
            // Refused before the centre saw it: nothing changed.
            return Some(Outcome::Parse);
        }
        if let Some(early) = early {
            // Refused from its header: exactly that answer, whatever the rest holds.
            assert_eq!(seen, early, "refused from the header: {}", context());
            if let Expect::Exactly(outcome) = expect {
                assert_eq!(
                    outcome.http(),
                    early,
                    "the model and the header check disagree: {}",
                    context()
                );
            }
            return Some(Outcome::Parse);
        }
        match expect {
            Expect::Exactly(outcome) => {
                assert_eq!(seen, outcome.http(), "{}", context());
                Some(outcome)
            }
            Expect::Damaged => {
                assert!(
                    matches!(status, StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN),
                    "a changed bundle was not refused for its form or keys: {}",
                    context()
                );
                Some(Outcome::Parse)
            }
            Expect::Unchecked => match seen.result {
                Some("imported") => Some(Outcome::Imported(seen.acked.unwrap_or(0))),
                Some(_) => Some(Outcome::AlreadyHeld(seen.acked.unwrap_or(0))),
                None if status == StatusCode::OK => None,
                None => Some(Outcome::Parse),
            },
        }
    }

    /// What `POST /v1/bundles` answers from the first [`PREFIX_LEN`] bytes alone, before it reads
    /// the rest (`Centre::precheck`): a header that does not parse (400, or 413 when the
    /// declared length is over the limit), an unknown or revoked device or another key (403),
    /// another centre (400). Worked out with the seal crate's `parse_prefix` and `precheck` and
    /// the store's device status as they are before the upload.
    fn header_refusal(&self, bytes: &[u8]) -> Option<Http> {
        let refused = |status| Some(Http::new(status, None, None));
        let prefix = bytes.get(..PREFIX_LEN)?;
        let header = match parse_prefix(prefix, MAX_BUNDLE_LEN) {
            Ok((header, _)) => header,
            Err(ParseError::Oversized { .. }) => return refused(StatusCode::PAYLOAD_TOO_LARGE),
            Err(_) => return refused(StatusCode::BAD_REQUEST),
        };
        let status = self
            .centre()
            .store()
            .device_status(&header.device_id)
            .expect("the device's status");
        match precheck(&header, status, &keys::fixed().centre_public) {
            Ok(()) => None,
            Err(
                OpenError::UnknownDevice { .. }
                | OpenError::RevokedDevice { .. }
                | OpenError::DeviceKeyMismatch { .. },
            ) => refused(StatusCode::FORBIDDEN),
            Err(_) => refused(StatusCode::BAD_REQUEST),
        }
    }

    /// After an input: the rows stored for its device are exactly those imported, and its
    /// acknowledgement says where it stands.
    fn check_store(&self, model: &Model) {
        let centre = self.centre();
        let stored = centre
            .store()
            .rows(&model.device_id)
            .expect("reading the rows back");
        assert_eq!(
            stored.len(),
            model.rows.len(),
            "rows held for the device: {stored:?}"
        );
        for (got, (sent, bundle_id)) in stored.iter().zip(&model.rows) {
            // The centre keeps a body as the text of the `Value` it parsed from the payload
            // (`Value::to_string`); the model's text is its own `Value`'s. They agree as long as
            // serde_json reads back what it wrote, which is part of what is checked.
            let sent_body = sent.body.to_string();
            assert!(
                got.seq == sent.seq
                    && got.kind == sent.kind
                    && got.created_at == sent.created_at
                    && got.bundle_id == bundle_id[..]
                    && got.body == sent_body,
                "stored {got:?}, sent {sent:?} in bundle {}",
                hex::encode(bundle_id)
            );
        }
        match centre.ack(&model.device_id).expect("the acknowledgement") {
            AckAnswer::Revoked => assert!(model.revoked, "revoked, but the model is not"),
            AckAnswer::Unknown => panic!("an enrolled device is unknown"),
            AckAnswer::Signed(ack) => {
                assert!(!model.revoked, "signed ack for a revoked device");
                let ack = Ack::verify(&ack, &keys::fixed().centre_public).expect("a valid ack");
                assert_eq!(ack.device_id, model.device_id);
                assert_eq!(ack.highest_contiguous_seq, model.held_through);
            }
        }
    }
}


fn unchecked_plan() -> Plan {
    Plan {
        header: BundleHeader {
            format_version: FORMAT_VERSION,
            device_id: [0; 16],
            device_key_id: [0; 8],
            centre_key_id: [0; 8],
            bundle_id: [0; 16],
            first_seq: 0,
            last_seq: 0,
            prev_bundle_hash: [0; 32],
        },
        kind: PlanKind::Unchecked,
        rows: None,
    }
}

/// The plaintext for rows `first..=last`, and those rows when it is exactly that range.
fn payload(spec: &PayloadSpec, first: u64, last: u64) -> (Vec<u8>, Option<Vec<OutboxRow>>) {
    let count = last.saturating_sub(first).saturating_add(1).min(8);
    let seqs: Vec<u64> = (0..count).map_while(|k| first.checked_add(k)).collect();
    let (rows, pretty): (Vec<OutboxRow>, bool) = match spec {
        PayloadSpec::Rows(c) => (seqs.iter().map(|&s| row(c, s)).collect(), false),
        PayloadSpec::Pretty(c) => (seqs.iter().map(|&s| row(c, s)).collect(), true),
        PayloadSpec::SkipSeq(c) => (
            (0..count)
                .map_while(|k| first.checked_add(2 * k))
                .map(|s| row(c, s))
                .collect(),
            false,
        ),
        PayloadSpec::NoLast(c) => (
            seqs[..seqs.len().saturating_sub(1)]
                .iter()
                .map(|&s| row(c, s))
                .collect(),
            false,
        ),
        PayloadSpec::Empty => (Vec::new(), false),
        PayloadSpec::Bytes(bytes) => {
            let rows = serde_json::from_slice::<Vec<OutboxRow>>(bytes)
                .ok()
                .filter(|rows| {
                    rows_match(first, last, &rows.iter().map(|r| r.seq).collect::<Vec<_>>())
                });
            return (bytes.clone(), rows);
        }
    };
    let bytes = if pretty {
        serde_json::to_vec_pretty(&rows)
    } else {
        serde_json::to_vec(&rows)
    }
    .expect("rows serialise");
    let seqs: Vec<u64> = rows.iter().map(|r| r.seq).collect();
    let valid = rows_match(first, last, &seqs);
    (bytes, valid.then_some(rows))
}

/// Replaces the signature with the kiosk's (or the other kiosk's) over the rest.
fn resign(bytes: &mut [u8], fixed: &Fixed, other: bool) {
    if bytes.len() < SIGNATURE_LEN {
        return;
    }
    let at = bytes.len() - SIGNATURE_LEN;
    let signature = if other {
        fixed.other_kiosk_sign(&bytes[..at])
    } else {
        fixed.kiosk_sign(&bytes[..at])
    };
    bytes[at..].copy_from_slice(&signature);
}

fn damage(bytes: &mut Vec<u8>, damage: &Damage, fixed: &Fixed, signer_is_other: bool) {
    let len = bytes.len();
    match damage {
        Damage::None => {}
        Damage::Flip { at, mask } => bytes[usize::from(*at) % len] ^= (*mask).max(1),
        Damage::Truncate(n) => bytes.truncate(usize::from(*n) % len),
        Damage::Append(extra) => bytes.extend_from_slice(extra),
        Damage::FlipResign { at, mask } => {
            bytes[usize::from(*at) % len] ^= (*mask).max(1);
            resign(bytes, fixed, signer_is_other);
        }
        Damage::CtLength(n) => {
            if len >= 138 {
                bytes[134..138].copy_from_slice(&n.to_be_bytes());
            }
        }
    }
}

/// `receive`'s answer in the model's terms; panics on a store error or a bad acknowledgement.
fn outcome(result: &Result<Received, ReceiveError>, public: &CentrePublicKey) -> Outcome {
    match result {
        Ok(received) => {
            let ack = Ack::verify(&received.ack, public).expect("the ack of an import verifies");
            assert_eq!(
                ack.device_id, received.header.device_id,
                "ack for another device"
            );
            assert_eq!(ack.highest_contiguous_seq, received.held.held_through());
            match received.held {
                Held::Imported { held_through } => {
                    assert_eq!(held_through, received.header.last_seq);
                    Outcome::Imported(held_through)
                }
                Held::AlreadyHeld { held_through } => Outcome::AlreadyHeld(held_through),
            }
        }
        Err(ReceiveError::Parse(ladoshka_seal::ParseError::Oversized { .. })) => Outcome::Oversized,
        Err(ReceiveError::Parse(_)) => Outcome::Parse,
        Err(ReceiveError::Open(e)) => match e {
            OpenError::UnknownDevice { .. } => Outcome::Unknown,
            OpenError::RevokedDevice { .. } => Outcome::Revoked,
            OpenError::DeviceKeyMismatch { .. } => Outcome::KeyMismatch,
            OpenError::BadSignature { .. } => Outcome::BadSignature,
            OpenError::SealedToAnotherCentre { .. } => Outcome::AnotherCentre,
            OpenError::Decryption { .. } => Outcome::Decryption,
        },
        Err(ReceiveError::Payload(_)) => Outcome::Payload,
        Err(ReceiveError::Refused { refusal, ack }) => {
            let held = refusal.held_through();
            match (held, ack) {
                (Some(held), Some(ack)) => {
                    let ack = Ack::verify(&ack[..], public).expect("the ack of a refusal verifies");
                    assert_eq!(ack.highest_contiguous_seq, held, "{refusal}");
                }
                (None, None) => {}
                _ => panic!("a refusal's ack does not match its kind: {refusal}"),
            }
            match refusal {
                ImportRefusal::UnknownDevice { .. } => Outcome::ImportUnknown,
                ImportRefusal::RevokedDevice { .. } => Outcome::ImportRevoked,
                ImportRefusal::Replay { held_through, .. } => Outcome::Replay(*held_through),
                ImportRefusal::Gap { held_through, .. } => Outcome::Gap(*held_through),
                ImportRefusal::BrokenChain { held_through, .. } => {
                    Outcome::BrokenChain(*held_through)
                }
                ImportRefusal::BundleIdReused { held_through, .. } => {
                    Outcome::BundleIdReused(*held_through)
                }
                ImportRefusal::SeqTooLarge { .. } => Outcome::SeqTooLarge,
            }
        }
        Err(ReceiveError::Store(e)) => panic!("a store error for a client's bytes: {e}"),
    }
}

fn check(expect: Expect, outcome: Outcome, context: &str) {
    match expect {
        Expect::Exactly(expected) => assert_eq!(outcome, expected, "{context}"),
        Expect::Damaged => assert!(
            outcome.is_form_or_key_refusal(),
            "a changed bundle got {outcome:?}: {context}"
        ),
        Expect::Unchecked => {}
    }
}

fn verified_ack(bytes: &[u8], public: &CentrePublicKey, context: &dyn Fn() -> String) -> Ack {
    Ack::verify(bytes, public)
        .unwrap_or_else(|e| panic!("the ack does not verify ({e}): {}", context()))
}

/// A request body of given frames (data, then perhaps an error).
struct Frames(VecDeque<Result<Bytes, io::Error>>);

impl http_body::Body for Frames {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        Poll::Ready(
            self.get_mut()
                .0
                .pop_front()
                .map(|frame| frame.map(http_body::Frame::data)),
        )
    }
}

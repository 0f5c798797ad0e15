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
//! The deliveries through the router, with the model of its header-first check, are in
//! `upload/http.rs`.
//!
//! The store grows with every input, so every [`ROTATE_EVERY`] inputs the centre is replaced by
//! a new one (same keys) and the old folder deleted. The centre itself, its folder and the
//! runtime are made by [`crate::centre`].

mod bundles;
mod http;

use std::sync::{Arc, Mutex, OnceLock};

use axum::http::StatusCode;
use ladoshka_centre::store::{Held, ImportRefusal, RevokeOutcome, Via};
use ladoshka_centre::{AckAnswer, Centre, ReceiveError, Received};
use ladoshka_seal::{
    bundle_hash, Ack, BundleHeader, BundleId, CentrePublicKey, DeviceId, OpenError, OutboxRow,
    SIGNATURE_LEN,
};

use crate::centre::{enrol, trace, Instance};
use crate::keys;
use crate::script::{decode, Channel, Last, Op, PayloadSpec, SealSpec};
use bundles::unchecked_plan;

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
            // The centre keeps a body as the JSON text it arrived in (a `RawValue`, whitespace
            // and all); the model's rows were read from, or written as, that same text.
            let sent_body = sent.body.get();
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

//! How `centre_upload`'s scripts make their bundles: the rows of the harness's table, the
//! payload a spec asks for, sealing for the model's device, damage and re-signing. A part of
//! `upload`, kept apart so that neither file is too long.

use ladoshka_seal::{
    bundle_hash, seal, BundleHeader, CentrePublicKey, DeviceIdentity, OutboxRow, FORMAT_VERSION,
    SIGNATURE_LEN,
};
use serde_json::{json, Value};

use super::{Harness, Model, Plan, PlanKind, Sent, DEVICE_PREFIX};
use crate::keys::{self, Fixed, SEED_KIOSK_ID};
use crate::script::{
    BundleIdChoice, Content, Damage, First, Last, PayloadSpec, Prev, SealSpec, Who,
};

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
            body: ladoshka_seal::raw_body(&body(c / 6, seq)),
            created_at: CREATED[usize::from(c / 42) % CREATED.len()].into(),
        },
        Content::Text(bytes) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            OutboxRow {
                seq,
                kind: text.clone(),
                body: ladoshka_seal::raw_body(&json!({ "text": text })),
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

impl Harness {
    /// Seals the bundle `spec` describes, for this model's device.
    pub(super) fn build(&mut self, spec: &SealSpec, model: &Model, last: Option<&Sent>) -> Sent {
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
}

pub(super) fn unchecked_plan() -> Plan {
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
pub(super) fn payload(
    spec: &PayloadSpec,
    first: u64,
    last: u64,
) -> (Vec<u8>, Option<Vec<OutboxRow>>) {
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
pub(super) fn resign(bytes: &mut [u8], fixed: &Fixed, other: bool) {
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

pub(super) fn damage(bytes: &mut Vec<u8>, damage: &Damage, fixed: &Fixed, signer_is_other: bool) {
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

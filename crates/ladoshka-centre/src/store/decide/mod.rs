//! The exactly-once and one-token-one-kiosk rules, written once for every engine.
//!
//! An engine looks facts up inside its own transaction (with its own locks) through
//! [`ImportLookup`] and [`EnrolFacts`]; these functions decide what to answer and what to write.
//! So SQLCipher and PostgreSQL cannot drift apart on when a bundle is a replay, a gap or
//! already held, or when a token may enrol a kiosk.

use std::collections::BTreeMap;

use ladoshka_seal::{DeviceId, DevicePublicKey};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::model::{EnrolOutcome, EnrolRefusal, Held, ImportRefusal, NewBundle};
use super::StoreError;
use crate::time::show;

/// A device's row as the import needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceFacts {
    pub revoked: bool,
    pub held_through: u64,
    /// SHA-256 of the last bundle held (zeros before the first).
    pub last_hash: [u8; 32],
}

/// The questions the import asks the store, inside the import's transaction.
pub trait ImportLookup {
    fn device(&mut self, device: &DeviceId) -> Result<Option<DeviceFacts>, StoreError>;
    fn holds_hash(&mut self, device: &DeviceId, hash: &[u8; 32]) -> Result<bool, StoreError>;
    /// The id of the held bundle with the highest first sequence at or below `seq`.
    fn holder_of(&mut self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, StoreError>;
    fn bundle_id_used(
        &mut self,
        device: &DeviceId,
        bundle_id: &[u8; 16],
    ) -> Result<bool, StoreError>;
}

/// `Ok(Some(_))` when the bundle is already held, `Ok(None)` when it may be imported.
pub fn check_import(
    lookup: &mut impl ImportLookup,
    bundle: &NewBundle<'_>,
) -> Result<Result<Option<Held>, ImportRefusal>, StoreError> {
    let h = bundle.header;
    if h.last_seq > i64::MAX as u64 {
        return Ok(Err(ImportRefusal::SeqTooLarge { last: h.last_seq }));
    }
    let device = &h.device_id;
    let device_id = hex::encode(device);
    let facts = match lookup.device(device)? {
        None => return Ok(Err(ImportRefusal::UnknownDevice { device_id })),
        Some(f) if f.revoked => return Ok(Err(ImportRefusal::RevokedDevice { device_id })),
        Some(f) => f,
    };
    let held_through = facts.held_through;
    if lookup.holds_hash(device, &bundle.hash)? {
        return Ok(Ok(Some(Held::AlreadyHeld { held_through })));
    }
    if h.first_seq <= held_through {
        let holder = lookup.holder_of(device, h.first_seq)?;
        return Ok(Err(ImportRefusal::Replay {
            first: h.first_seq,
            last: h.last_seq.min(held_through),
            bundle_id: holder.map(hex::encode).unwrap_or_else(|| "unknown".into()),
            held_through,
        }));
    }
    let expected = held_through + 1;
    if h.first_seq != expected {
        return Ok(Err(ImportRefusal::Gap {
            expected,
            got: h.first_seq,
            held_through,
        }));
    }
    if h.prev_bundle_hash != facts.last_hash {
        return Ok(Err(ImportRefusal::BrokenChain {
            named: hex::encode(h.prev_bundle_hash),
            held: hex::encode(facts.last_hash),
            held_through,
        }));
    }
    if lookup.bundle_id_used(device, &h.bundle_id)? {
        return Ok(Err(ImportRefusal::BundleIdReused {
            bundle_id: hex::encode(h.bundle_id),
            held_through,
        }));
    }
    Ok(Ok(None))
}

/// A token's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFacts {
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub used_by: Option<Vec<u8>>,
}

/// An enrolled device's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledFacts {
    pub public_key: Vec<u8>,
    pub revoked: bool,
}

/// What enrolment looked up: the token and the device, each if it exists.
pub struct EnrolFacts {
    pub token: Option<TokenFacts>,
    pub device: Option<EnrolledFacts>,
}

/// What the engine does next. Every plan but `Answer` also marks the token used by the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolPlan {
    /// Answer without writing anything.
    Answer(Result<EnrolOutcome, EnrolRefusal>),
    /// Insert the device row (answer `New`).
    InsertDevice,
    /// The device is already enrolled with this key (answer `Again`).
    KeepDevice,
    /// Give the revoked device this key and clear its revocation (answer `Reactivated`).
    ReactivateDevice,
}

impl EnrolPlan {
    /// The answer once the plan is carried out.
    pub fn outcome(&self) -> Result<EnrolOutcome, EnrolRefusal> {
        match self {
            EnrolPlan::Answer(answer) => answer.clone(),
            EnrolPlan::InsertDevice => Ok(EnrolOutcome::New),
            EnrolPlan::KeepDevice => Ok(EnrolOutcome::Again),
            EnrolPlan::ReactivateDevice => Ok(EnrolOutcome::Reactivated),
        }
    }
}

/// Decides an enrolment: a valid, unused token enrols one kiosk; the same kiosk with the same
/// key and its own used token gets the same answer again; a revoked device comes back only
/// when `reactivate` says so (the administrator's `devices add`).
pub fn plan_enrol(
    facts: EnrolFacts,
    device_id: &DeviceId,
    key: &DevicePublicKey,
    now: i64,
    reactivate: bool,
) -> EnrolPlan {
    let same_key_active = matches!(&facts.device,
        Some(d) if !d.revoked && d.public_key[..] == key.as_bytes()[..]);
    let Some(token) = facts.token else {
        return EnrolPlan::Answer(Err(EnrolRefusal::UnknownToken));
    };
    if let Some(used_at) = token.used_at {
        if token.used_by.as_deref() == Some(&device_id[..]) && same_key_active {
            return EnrolPlan::Answer(Ok(EnrolOutcome::Again));
        }
        return EnrolPlan::Answer(Err(EnrolRefusal::UsedToken {
            used_at: show(used_at),
        }));
    }
    if now >= token.expires_at {
        return EnrolPlan::Answer(Err(EnrolRefusal::ExpiredToken {
            expired_at: show(token.expires_at),
        }));
    }
    match facts.device {
        None => EnrolPlan::InsertDevice,
        Some(_) if same_key_active => EnrolPlan::KeepDevice,
        Some(EnrolledFacts {
            public_key,
            revoked: false,
        }) => EnrolPlan::Answer(Err(EnrolRefusal::KeyConflict {
            device_id: hex::encode(device_id),
            enrolled_fingerprint: DevicePublicKey::from_bytes(&public_key)
                .map(|k| k.fingerprint())
                .unwrap_or_else(|_| "unreadable".into()),
        })),
        Some(_) if !reactivate => EnrolPlan::Answer(Err(EnrolRefusal::Revoked {
            device_id: hex::encode(device_id),
        })),
        Some(_) => EnrolPlan::ReactivateDevice,
    }
}

/// The record a kiosk's outbox row carries, read as `R`: every body is
/// `{"entity_id": …, "data": {"id": …, "record": {…}}}`, and `R` names the fields wanted.
pub fn record_of<R: DeserializeOwned>(body: &str) -> Result<R, serde_json::Error> {
    #[derive(Deserialize)]
    struct Body<R> {
        data: Data<R>,
    }
    #[derive(Deserialize)]
    struct Data<R> {
        record: R,
    }
    serde_json::from_str::<Body<R>>(body).map(|b| b.data.record)
}

/// What the centre needs of a kiosk's erasure row: `{"entities": {"child": [7], …}, …}`.
#[derive(Deserialize)]
struct ErasureRecord {
    entities: BTreeMap<String, Vec<i64>>,
}

/// The entities an erasure row names, by outbox entity (`child`, `family`, …). A body that
/// cannot be read is an error: the import is refused whole rather than keeping what should have
/// been erased.
pub fn erasure_targets(seq: u64, body: &str) -> Result<BTreeMap<String, Vec<i64>>, StoreError> {
    record_of::<ErasureRecord>(body)
        .map(|r| r.entities)
        .map_err(|e| {
            StoreError::Corrupt(format!(
                "erasure row {seq} cannot be read ({e}); nothing of its bundle was imported"
            ))
        })
}

/// The `entity_id` at the top of a row's body, the id an erasure names (none when the body has
/// no integer there).
pub fn entity_id(body: &str) -> Option<i64> {
    #[derive(Deserialize)]
    struct Head {
        entity_id: Option<serde_json::Value>,
    }
    // serde would also read a one-element array as the struct; only an object has the field.
    if !body.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str::<Head>(body).ok()?.entity_id?.as_i64()
}

/// The entity a row's kind is about when it is an insert, update or delete (`child.update` →
/// `child`).
pub fn entity_of_kind(kind: &str) -> Option<&str> {
    let (entity, verb) = kind.rsplit_once('.')?;
    matches!(verb, "insert" | "update" | "delete").then_some(entity)
}

#[cfg(test)]
mod tests;

//! What the store takes and answers, the same for every engine: a bundle ready to import and
//! the typed answers and refusals of import, enrolment, acknowledgement and revocation.

use ladoshka_seal::{BundleHeader, DeviceId, DevicePublicKey, OutboxRow};

/// How a bundle reached the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Http,
    Usb,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Http => "http",
            Via::Usb => "usb",
        }
    }
}

/// An opened, decoded bundle ready for the store.
#[derive(Debug, Clone, Copy)]
pub struct NewBundle<'a> {
    pub header: &'a BundleHeader,
    /// SHA-256 of the sealed bundle's bytes.
    pub hash: [u8; 32],
    pub byte_len: usize,
    pub rows: &'a [OutboxRow],
    pub received_at: i64,
    pub via: Via,
}

/// The store holds the bundle's rows (now or from before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Imported { held_through: u64 },
    AlreadyHeld { held_through: u64 },
}

impl Held {
    pub fn held_through(self) -> u64 {
        match self {
            Held::Imported { held_through } | Held::AlreadyHeld { held_through } => held_through,
        }
    }
}

/// Why a bundle that opened was not imported. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportRefusal {
    #[error("device {device_id} is not enrolled at this centre: enrol the kiosk first")]
    UnknownDevice { device_id: String },

    #[error("device {device_id} was revoked at this centre: its bundles are refused; enrol the kiosk again if it should sync")]
    RevokedDevice { device_id: String },

    #[error("replay: rows {first}–{last} are already held from bundle {bundle_id}; this is a different bundle for them, so nothing was imported (the centre holds every row up to {held_through})")]
    Replay {
        first: u64,
        last: u64,
        bundle_id: String,
        held_through: u64,
    },

    #[error("gap: expected sequence {expected} next, got {got}; send the bundles in between first (the acknowledgement says where to resume)")]
    Gap {
        expected: u64,
        got: u64,
        held_through: u64,
    },

    #[error("chain: the bundle names {named} as the bundle before it, but the last bundle held from this device is {held}: it does not follow what the centre holds, so nothing was imported")]
    BrokenChain {
        named: String,
        held: String,
        held_through: u64,
    },

    #[error("bundle id {bundle_id} was already used by another bundle from this device: the kiosk must give every bundle a new id; nothing was imported")]
    BundleIdReused {
        bundle_id: String,
        held_through: u64,
    },

    #[error("the bundle's sequence numbers reach {last}, beyond the largest the centre stores (9223372036854775807); the kiosk's outbox is broken")]
    SeqTooLarge { last: u64 },
}

impl ImportRefusal {
    /// What the centre holds, for the acknowledgement sent with the refusal.
    pub fn held_through(&self) -> Option<u64> {
        match self {
            ImportRefusal::Replay { held_through, .. }
            | ImportRefusal::Gap { held_through, .. }
            | ImportRefusal::BrokenChain { held_through, .. }
            | ImportRefusal::BundleIdReused { held_through, .. } => Some(*held_through),
            _ => None,
        }
    }
}

/// What the centre can acknowledge to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckState {
    Unknown,
    Revoked,
    /// Active, holding every row up to this sequence number (0 = none), the last bundle held
    /// having this SHA-256 (zeros = none).
    Active {
        held_through: u64,
        last_bundle_hash: [u8; 32],
    },
}

/// One line of `ladoshka-centre devices`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSummary {
    pub device_id: DeviceId,
    pub public_key: Option<DevicePublicKey>,
    pub enrolled_at: i64,
    pub revoked_at: Option<i64>,
    pub held_through: u64,
    pub last_bundle_at: Option<i64>,
    pub rows_held: u64,
}

/// What `devices revoke` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    Revoked,
    AlreadyRevoked,
    Unknown,
}

/// What enrolment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolOutcome {
    /// A new kiosk.
    New,
    /// The same kiosk with the same key asked again with the token it used (its first answer
    /// was lost): nothing changed.
    Again,
    /// A revoked kiosk enrolled again by the centre's administrator (`devices add`): active
    /// again, with the key given.
    Reactivated,
}

/// Why enrolment was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnrolRefusal {
    #[error("this enrolment token is not known at the centre: check that it was typed in full, or ask the centre for a new one (`ladoshka-centre token create`)")]
    UnknownToken,

    #[error("this enrolment token was already used ({used_at}): a token enrols one kiosk once; ask the centre for a new one")]
    UsedToken { used_at: String },

    #[error("this enrolment token expired ({expired_at}); ask the centre for a new one")]
    ExpiredToken { expired_at: String },

    #[error("device {device_id} was revoked at this centre: an enrolment token cannot enrol it again. If this kiosk should sync again, the centre's administrator compares its fingerprint and adds it by hand (`ladoshka-centre devices add {device_id} PUBLIC_KEY`)")]
    Revoked { device_id: String },

    #[error("device {device_id} is already enrolled with another key (fingerprint {enrolled_fingerprint}): if the kiosk's key was replaced, revoke the device at the centre (`ladoshka-centre devices revoke {device_id}`) and enrol it again")]
    KeyConflict {
        device_id: String,
        enrolled_fingerprint: String,
    },
}

/// One outbox row as the centre keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub seq: u64,
    pub kind: String,
    /// The row's body, as JSON text.
    pub body: String,
    pub created_at: String,
    pub bundle_id: Vec<u8>,
}

/// One erasure the centre carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureDone {
    pub device_id: Vec<u8>,
    /// The sequence number of the kiosk's erasure row.
    pub seq: u64,
    pub erased_at: i64,
    pub rows_deleted: u64,
}

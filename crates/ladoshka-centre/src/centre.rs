//! One running centre: its private keys and its store, shared by the HTTP handlers and the
//! commands. Enrolment and acknowledgements live here; receiving a bundle is in `import`.

use std::sync::{Mutex, MutexGuard};

use ladoshka_seal::{
    Ack, CentreKeys, CentrePublicKey, DeviceId, DevicePublicKey, EnrolmentRequest,
    EnrolmentResponse, ACK_LEN,
};

use crate::layout::Layout;
use crate::setup::{self, SetupError};
use crate::store::{AckState, EnrolOutcome, EnrolRefusal, Store, StoreError};
use crate::time::now_unix;
use crate::token::EnrolmentToken;

/// The largest sealed bundle accepted, over HTTP or from a file: 64 MiB.
pub const MAX_BUNDLE_LEN: usize = 64 * 1024 * 1024;

/// A centre with its keys loaded and its store open.
pub struct Centre {
    keys: CentreKeys,
    store: Mutex<Store>,
}

/// Why an enrolment was not done.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    #[error(transparent)]
    Refused(#[from] EnrolRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Randomness(#[from] crate::secrets::RandomnessFailed),
}

/// What a device may be told about where to resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckAnswer {
    Signed([u8; ACK_LEN]),
    Unknown,
    Revoked,
}

impl Centre {
    /// Opens the centre in `layout` (made by `init`).
    pub fn open(layout: &Layout) -> Result<Centre, SetupError> {
        let (keys, store) = setup::load(layout)?;
        Ok(Centre {
            keys,
            store: Mutex::new(store),
        })
    }

    pub fn keys(&self) -> &CentreKeys {
        &self.keys
    }

    pub fn public_key(&self) -> CentrePublicKey {
        self.keys.public_key()
    }

    /// The store, for one short piece of work. A panic while it was held rolled back any open
    /// transaction, so the store itself is still sound and is used on.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The signed acknowledgement that the centre holds every row of `device_id` up to
    /// `held_through`, the last of them in the bundle whose SHA-256 is `last_bundle_hash`.
    pub fn sign_ack(
        &self,
        device_id: DeviceId,
        held_through: u64,
        last_bundle_hash: [u8; 32],
    ) -> [u8; ACK_LEN] {
        Ack {
            device_id,
            highest_contiguous_seq: held_through,
            last_bundle_hash,
            issued_at_unix: now_unix(),
        }
        .sign(&self.keys)
    }

    /// Where `device_id` should resume, signed, if it is enrolled and active.
    pub fn ack(&self, device_id: &DeviceId) -> Result<AckAnswer, StoreError> {
        Ok(match self.store().ack_state(device_id)? {
            AckState::Unknown => AckAnswer::Unknown,
            AckState::Revoked => AckAnswer::Revoked,
            AckState::Active {
                held_through,
                last_bundle_hash,
            } => AckAnswer::Signed(self.sign_ack(*device_id, held_through, last_bundle_hash)),
        })
    }

    /// Enrols a kiosk with a one-time token, and logs its fingerprint for a person to compare
    /// with the kiosk's screen.
    pub fn enrol(&self, request: &EnrolmentRequest) -> Result<EnrolmentResponse, EnrolError> {
        let device_id = hex::encode(request.device_id);
        let fingerprint = request.device_public_key.fingerprint();
        let Some(token) = EnrolmentToken::parse(&request.token) else {
            tracing::warn!(device_id = %device_id, "enrolment refused: the token is not 32 hex digits");
            return Err(EnrolRefusal::UnknownToken.into());
        };
        let outcome = self.store().enrol(
            &token.hash(),
            &request.device_id,
            &request.device_public_key,
            now_unix(),
        )?;
        match outcome {
            Ok(outcome) => {
                let what = match outcome {
                    EnrolOutcome::New => "enrolled",
                    EnrolOutcome::Again => "enrolment repeated",
                    EnrolOutcome::Reactivated => "enrolled again after revocation",
                };
                tracing::info!(
                    device_id = %device_id,
                    device_fingerprint = %fingerprint,
                    centre_fingerprint = %self.public_key().fingerprint(),
                    "kiosk {what}: compare the device fingerprint with the kiosk's screen"
                );
                Ok(EnrolmentResponse {
                    centre_public_key: self.public_key(),
                })
            }
            Err(refusal) => {
                tracing::warn!(device_id = %device_id, device_fingerprint = %fingerprint, "enrolment refused: {refusal}");
                Err(refusal.into())
            }
        }
    }

    /// Enrols a kiosk whose id and public key a person brought (`devices add`): the same path
    /// as [`Centre::enrol`], with a one-time token made and used here at once.
    pub fn enrol_offline(
        &self,
        device_id: DeviceId,
        device_public_key: DevicePublicKey,
    ) -> Result<EnrolmentResponse, EnrolError> {
        let token = EnrolmentToken::generate()?;
        let now = now_unix();
        self.store().insert_token(&token.hash(), now, now + 60)?;
        self.enrol(&EnrolmentRequest {
            token: token.to_text(),
            device_id,
            device_public_key,
        })
    }
}

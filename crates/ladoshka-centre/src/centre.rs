//! One running centre: its private keys and its store, shared by the HTTP handlers and the
//! commands. Enrolment and acknowledgements live here; receiving a bundle is in `import`.

use ladoshka_seal::{
    Ack, AckRequest, CentreKeys, CentrePublicKey, DeviceId, DevicePublicKey, DeviceSigned,
    DeviceStatus, EnrolmentRequest, EnrolmentResponse, ACK_LEN, SIGNATURE_LEN,
};

use crate::layout::Layout;
use crate::setup::{self, SetupError};
use crate::store::{AckState, CentreStore, EnrolOutcome, EnrolRefusal, StoreError};
use crate::time::now_unix;
use crate::token::EnrolmentToken;

/// The largest sealed bundle accepted, over HTTP or from a file: 64 MiB.
pub const MAX_BUNDLE_LEN: usize = 64 * 1024 * 1024;

/// A centre with its keys loaded and its store open.
pub struct Centre {
    keys: CentreKeys,
    store: Box<dyn CentreStore>,
    /// The rows folded for the console's indicators, kept between requests.
    folds: crate::report::cache::FoldCache,
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

/// Why a request for an acknowledgement was not answered with one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AckAskRefusal {
    #[error("device {device_id} is not enrolled at this centre: enrol the kiosk first")]
    Unknown { device_id: String },
    #[error("device {device_id} was revoked at this centre: no acknowledgement is given to it")]
    Revoked { device_id: String },
    #[error("the request's signature does not verify with the key enrolled for device {device_id}: only the device itself may ask for its acknowledgement")]
    BadSignature { device_id: String },
    #[error("the request was signed at a time {off} s away from the centre's clock (at most {allowed} s allowed): set the kiosk's clock right and sync again")]
    Skew { off: i64, allowed: i64 },
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
            store,
            folds: Default::default(),
        })
    }

    pub fn keys(&self) -> &CentreKeys {
        &self.keys
    }

    pub fn public_key(&self) -> CentrePublicKey {
        self.keys.public_key()
    }

    /// The store (either engine). Call it from a blocking thread, never from an async task.
    pub fn store(&self) -> &dyn CentreStore {
        self.store.as_ref()
    }

    /// The indicators report for `req`, folding only the rows that arrived since the last one
    /// (the CLI's `report indicators` folds every row each time and gives the same text).
    pub fn indicators(
        &self,
        req: &crate::report::Request,
    ) -> Result<crate::report::Made, crate::report::ReportError> {
        self.folds.indicators(self.store(), req)
    }

    /// Folds the rows held now into the kept fold (at `serve`'s start); returns how many.
    pub fn warm_indicators(&self) -> Result<u64, crate::report::ReportError> {
        self.folds.warm(self.store())
    }

    /// The figures of [`Centre::indicators`], for the console's page; of one КЦСОН's kiosks
    /// when `unit` names one (as `devices place` or the token set it).
    pub fn figures(
        &self,
        req: &crate::report::Request,
        unit: Option<&str>,
    ) -> Result<crate::report::Figures, crate::report::ReportError> {
        let Some(unit) = unit else {
            return self.folds.figures(self.store(), req);
        };
        let kiosks = self.store().kiosks_in(unit)?;
        self.folds
            .figures_of(self.store(), req, &|id| kiosks.contains(id))
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

    /// Checks the first [`ladoshka_seal::PREFIX_LEN`] bytes of an upload (header and declared
    /// length) before the rest is read: the device known, active and with the key the header
    /// names, the bundle sealed to this centre, not longer than `max_len`. Returns its length.
    pub fn precheck(
        &self,
        prefix: &[u8],
        max_len: usize,
    ) -> Result<usize, crate::import::ReceiveError> {
        let (header, total) = ladoshka_seal::parse_prefix(prefix, max_len)?;
        let status = self.store().device_status(&header.device_id)?;
        ladoshka_seal::precheck(&header, status, &self.public_key())?;
        Ok(total)
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

    /// The acknowledgement for a device that asked for it with a signed [`AckRequest`]: only
    /// the device's own key, a time within `max_skew_secs` of the centre's clock, and an
    /// enrolled, active device get one.
    pub fn signed_ack(
        &self,
        request: &AckRequest,
        signature: &[u8; SIGNATURE_LEN],
        max_skew_secs: i64,
    ) -> Result<Result<[u8; ACK_LEN], AckAskRefusal>, StoreError> {
        let key_id = self.public_key().key_id();
        let checked = self.check_signed(
            &request.device_id,
            request.issued_at_unix,
            max_skew_secs,
            |key| request.verify(&key_id, key, signature),
        )?;
        if let Err(refusal) = checked {
            return Ok(Err(refusal));
        }
        let device_id = hex::encode(request.device_id);
        Ok(match self.ack(&request.device_id)? {
            AckAnswer::Signed(ack) => Ok(ack),
            AckAnswer::Revoked => Err(AckAskRefusal::Revoked { device_id }),
            AckAnswer::Unknown => Err(AckAskRefusal::Unknown { device_id }),
        })
    }

    /// Checks a request a kiosk signed with its device key at `issued_at`: the device enrolled
    /// and active, `verify` true with its key, the time within `max_skew_secs` of the centre's
    /// clock.
    pub fn check_signed(
        &self,
        device: &DeviceId,
        issued_at: i64,
        max_skew_secs: i64,
        verify: impl FnOnce(&DevicePublicKey) -> bool,
    ) -> Result<Result<(), AckAskRefusal>, StoreError> {
        let device_id = hex::encode(device);
        let key = match self.store().device_status(device)? {
            DeviceStatus::Unknown => return Ok(Err(AckAskRefusal::Unknown { device_id })),
            DeviceStatus::Revoked => return Ok(Err(AckAskRefusal::Revoked { device_id })),
            DeviceStatus::Active(key) => key,
        };
        if !verify(&key) {
            return Ok(Err(AckAskRefusal::BadSignature { device_id }));
        }
        let off = issued_at.saturating_sub(now_unix());
        if off.saturating_abs() > max_skew_secs {
            return Ok(Err(AckAskRefusal::Skew {
                off,
                allowed: max_skew_secs,
            }));
        }
        Ok(Ok(()))
    }

    /// Enrols a kiosk with a one-time token, and logs its fingerprint for a person to compare
    /// with the kiosk's screen. A revoked device id is refused: a token alone never brings it
    /// back (the administrator's `devices add` does).
    pub fn enrol(&self, request: &EnrolmentRequest) -> Result<EnrolmentResponse, EnrolError> {
        self.enrol_inner(request, false)
    }

    fn enrol_inner(
        &self,
        request: &EnrolmentRequest,
        reactivate: bool,
    ) -> Result<EnrolmentResponse, EnrolError> {
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
            reactivate,
        )?;
        match outcome {
            Ok(outcome) => {
                if outcome != EnrolOutcome::Again {
                    // The КЦСОН and room the token was made for, if any.
                    self.store()
                        .place_from_token(&request.device_id, &token.hash())?;
                }
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
    /// as [`Centre::enrol`], with a one-time token made and used here at once. Being the
    /// administrator's own act, it also enrols again a device that was revoked.
    pub fn enrol_offline(
        &self,
        device_id: DeviceId,
        device_public_key: DevicePublicKey,
    ) -> Result<EnrolmentResponse, EnrolError> {
        let token = EnrolmentToken::generate()?;
        let now = now_unix();
        self.store().insert_token(&token.hash(), now, now + 60)?;
        self.enrol_inner(
            &EnrolmentRequest {
                token: token.to_text(),
                device_id,
                device_public_key,
            },
            true,
        )
    }
}

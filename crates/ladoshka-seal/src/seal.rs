//! Sealing on the kiosk: encrypt to the centre's public key, then sign with the device key.
//!
//! The kiosk holds only the centre's *public* key, so it cannot open what it seals: the only
//! function that decrypts, [`crate::open()`], takes the centre's private [`CentreKeys`], and
//! nothing builds those from a [`CentrePublicKey`].
//!
//! [`CentreKeys`]: crate::CentreKeys

use crate::bundle::write_unsigned;
use crate::header::{BundleHeader, FORMAT_VERSION};
use crate::keys::{CentrePublicKey, DeviceIdentity, KeyId};
use crate::rng::{seeded_rng, RandomnessError};
use crate::suite::{self, TAG_LEN};

/// HPKE `info`: binds every bundle's key schedule to this protocol and version.
pub const HPKE_INFO: &[u8] = b"ladoshka bundle v1";

/// Why a bundle could not be sealed. Nothing was written; the outbox rows are still pending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error(
        "the header names device key {header} but this device's key is {actual}: \
         build the header with BundleHeader::new from the device's own public key"
    )]
    DeviceKeyIdMismatch { header: String, actual: String },

    #[error(
        "the header names centre key {header} but the bundle is being sealed to key {actual}: \
         build the header with BundleHeader::new from the centre key the kiosk is enrolled with"
    )]
    CentreKeyIdMismatch { header: String, actual: String },

    #[error(
        "the header's first sequence number {first} is after its last {last}: \
         a bundle carries a non-empty range of outbox rows"
    )]
    FirstAfterLast { first: u64, last: u64 },

    #[error("the header has format version {found}, but this build writes only version {known}")]
    UnknownVersion { found: u16, known: u16 },

    #[error(
        "the payload is {len} bytes, too large for one bundle (at most 4 GiB less 16 bytes): \
         seal fewer outbox rows per bundle"
    )]
    PayloadTooLarge { len: usize },

    #[error(transparent)]
    Randomness(#[from] RandomnessError),

    #[error(
        "HPKE could not encrypt to the centre's key ({reason}): the centre public key the kiosk \
         holds is unusable; enrol the kiosk again and compare the fingerprints"
    )]
    Encryption { reason: String },
}

fn hex_id(id: &KeyId) -> String {
    hex::encode(id)
}

/// Seals `payload` to `centre` under `header`, signed by `device`: the bundle's bytes.
///
/// The header must name this device's key and this centre's key ([`BundleHeader::new`] does).
pub fn seal(
    header: &BundleHeader,
    payload: &[u8],
    centre: &CentrePublicKey,
    device: &DeviceIdentity,
) -> Result<Vec<u8>, SealError> {
    if header.format_version != FORMAT_VERSION {
        return Err(SealError::UnknownVersion {
            found: header.format_version,
            known: FORMAT_VERSION,
        });
    }
    if header.first_seq > header.last_seq {
        return Err(SealError::FirstAfterLast {
            first: header.first_seq,
            last: header.last_seq,
        });
    }
    let device_key_id = device.public_key().key_id();
    if header.device_key_id != device_key_id {
        return Err(SealError::DeviceKeyIdMismatch {
            header: hex_id(&header.device_key_id),
            actual: hex_id(&device_key_id),
        });
    }
    if header.centre_key_id != centre.key_id() {
        return Err(SealError::CentreKeyIdMismatch {
            header: hex_id(&header.centre_key_id),
            actual: hex_id(&centre.key_id()),
        });
    }
    if payload.len() > u32::MAX as usize - TAG_LEN {
        return Err(SealError::PayloadTooLarge { len: payload.len() });
    }

    let header_bytes = header.encode();
    let recipient = centre.hpke_public().map_err(|e| SealError::Encryption {
        reason: e.to_string(),
    })?;
    let mut rng = seeded_rng()?;
    let (enc, ciphertext) = suite::seal(&recipient, HPKE_INFO, &header_bytes, payload, &mut rng)
        .map_err(|e| SealError::Encryption {
            reason: e.to_string(),
        })?;
    let mut bundle = write_unsigned(&header_bytes, &enc, &ciphertext)
        .ok_or(SealError::PayloadTooLarge { len: payload.len() })?;
    let signature = device.sign(&bundle);
    bundle.extend_from_slice(&signature);
    Ok(bundle)
}

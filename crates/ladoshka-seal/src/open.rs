//! Opening on the centre: know the device, check its signature, then decrypt.
//!
//! The order is the point. A bundle from a device the centre does not know, or has revoked, or
//! whose header names another key than the one enrolled for that device, is refused before
//! anything else; the device's signature over the whole bundle is checked before the centre's
//! private key touches any of it; only then is the centre key id compared and the ciphertext
//! decrypted, with the header as associated data.

use crate::bundle::ParsedBundle;
use crate::header::{BundleHeader, DeviceId};
use crate::keys::{CentreKeys, CentrePublicKey, DevicePublicKey};
use crate::seal::HPKE_INFO;
use crate::suite;

/// What the centre knows of the device a bundle claims to come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceStatus {
    /// Enrolled, with this public key.
    Active(DevicePublicKey),
    /// Was enrolled; its bundles are no longer accepted.
    Revoked,
    /// Never enrolled here.
    Unknown,
}

/// Why a well-formed bundle was refused. Nothing from it may be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error(
        "the bundle comes from device {device_id}, which is not enrolled at this centre: \
         enrol the kiosk first, then send the bundle again"
    )]
    UnknownDevice { device_id: String },

    #[error(
        "the bundle comes from device {device_id}, which was revoked at this centre: \
         its bundles are refused; enrol the kiosk again if it should sync"
    )]
    RevokedDevice { device_id: String },

    #[error(
        "the bundle from device {device_id} names device key {header_key_id}, but the key \
         enrolled for that device is {known_key_id}: the kiosk's key changed or the bundle is \
         forged; enrol the kiosk again if its key was replaced"
    )]
    DeviceKeyMismatch {
        device_id: String,
        header_key_id: String,
        known_key_id: String,
    },

    #[error(
        "the signature of the bundle from device {device_id} does not verify with that device's \
         key: the bundle was altered or was not made by that device; nothing was decrypted"
    )]
    BadSignature { device_id: String },

    #[error(
        "the bundle was sealed to centre key {found}, not to this centre's key {ours}: \
         the kiosk is enrolled with another centre (or an old key); enrol it here again"
    )]
    SealedToAnotherCentre { found: String, ours: String },

    #[error(
        "the bundle from device {device_id} is signed by it but cannot be decrypted with this \
         centre's key: it was sealed wrongly on the kiosk; keep it and report it"
    )]
    Decryption { device_id: String },
}

/// What can be checked of a bundle from its header alone, before the rest of it is read: the
/// device is known and active, the header names the key enrolled for it, and the bundle is
/// sealed to `centre`. The signature covers the whole bundle, so [`open`] checks it when the
/// bundle is whole (and repeats these checks).
pub fn precheck(
    header: &BundleHeader,
    status: DeviceStatus,
    centre: &CentrePublicKey,
) -> Result<(), OpenError> {
    let device_id = hex::encode(header.device_id);
    let device_key = match status {
        DeviceStatus::Active(key) => key,
        DeviceStatus::Revoked => return Err(OpenError::RevokedDevice { device_id }),
        DeviceStatus::Unknown => return Err(OpenError::UnknownDevice { device_id }),
    };
    if header.device_key_id != device_key.key_id() {
        return Err(OpenError::DeviceKeyMismatch {
            device_id,
            header_key_id: hex::encode(header.device_key_id),
            known_key_id: hex::encode(device_key.key_id()),
        });
    }
    let ours = centre.key_id();
    if header.centre_key_id != ours {
        return Err(OpenError::SealedToAnotherCentre {
            found: hex::encode(header.centre_key_id),
            ours: hex::encode(ours),
        });
    }
    Ok(())
}

/// Verifies and decrypts a parsed bundle: its header and payload.
///
/// `lookup` is asked about the header's device id once, before anything is verified.
pub fn open<F>(
    parsed: &ParsedBundle<'_>,
    lookup: F,
    centre: &CentreKeys,
) -> Result<(BundleHeader, Vec<u8>), OpenError>
where
    F: FnOnce(&DeviceId) -> DeviceStatus,
{
    let header = *parsed.header();
    let device_id = hex::encode(header.device_id);
    let device_key = match lookup(&header.device_id) {
        DeviceStatus::Active(key) => key,
        DeviceStatus::Revoked => return Err(OpenError::RevokedDevice { device_id }),
        DeviceStatus::Unknown => return Err(OpenError::UnknownDevice { device_id }),
    };
    if header.device_key_id != device_key.key_id() {
        return Err(OpenError::DeviceKeyMismatch {
            device_id,
            header_key_id: hex::encode(header.device_key_id),
            known_key_id: hex::encode(device_key.key_id()),
        });
    }
    if !device_key.verify(parsed.signed_bytes(), parsed.signature()) {
        return Err(OpenError::BadSignature { device_id });
    }
    let ours = centre.public_key().key_id();
    if header.centre_key_id != ours {
        return Err(OpenError::SealedToAnotherCentre {
            found: hex::encode(header.centre_key_id),
            ours: hex::encode(ours),
        });
    }
    let payload = suite::open(
        centre.hpke_private(),
        parsed.enc(),
        HPKE_INFO,
        parsed.header_bytes(),
        parsed.ciphertext(),
    )
    .map_err(|_| OpenError::Decryption { device_id })?;
    Ok((header, payload))
}

//! Opening on the kiosk: check the form, the centre, its signature, the device and the serial,
//! and only then decrypt.
//!
//! The order is the point. Nothing unsigned, altered or meant for another centre reaches the
//! kiosk's private key. The device id and the serial are compared after the signature, so that
//! "for another kiosk", "older" and "already applied" are said only of packages the centre
//! really made: a changed byte anywhere past the centre key id is a bad signature.

use super::{ConfigPackage, ConfigRefusal, CONFIG_HPKE_INFO};
use crate::header::DeviceId;
use crate::keys::{CentrePublicKey, DeviceKemKeys, SIGNATURE_LEN};
use crate::suite;

/// A package that passed every check, decrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenedConfig {
    pub serial: u64,
    pub issued_at_unix: i64,
    /// The centre's configuration, as it wrote it (JSON); this crate does not read it.
    pub payload: Vec<u8>,
}

impl std::fmt::Debug for OpenedConfig {
    // The payload holds personal data (staff, families): keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedConfig")
            .field("serial", &self.serial)
            .field("issued_at_unix", &self.issued_at_unix)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

impl ConfigPackage<'_> {
    /// Verifies and decrypts a package for this kiosk (`device_id`, holding `kem`), from the
    /// centre it is enrolled with (`centre`), when it runs configuration `applied_serial` (0 for
    /// none). A package of that very serial is [`ConfigRefusal::AlreadyApplied`]: nothing to do.
    pub fn open(
        bytes: &[u8],
        centre: &CentrePublicKey,
        device_id: &DeviceId,
        kem: &DeviceKemKeys,
        applied_serial: u64,
    ) -> Result<OpenedConfig, ConfigRefusal> {
        let package = ConfigPackage::parse(bytes)?;
        let header = *package.header();
        let ours = centre.key_id();
        if header.centre_key_id != ours {
            return Err(ConfigRefusal::OtherCentre {
                found: hex::encode(header.centre_key_id),
                ours: hex::encode(ours),
            });
        }
        if package.signature == [0u8; SIGNATURE_LEN] {
            return Err(ConfigRefusal::Unsigned);
        }
        if !centre.verify(package.signed_bytes(), &package.signature) {
            return Err(ConfigRefusal::BadSignature);
        }
        if header.device_id != *device_id {
            return Err(ConfigRefusal::OtherDevice {
                found: hex::encode(header.device_id),
                ours: hex::encode(device_id),
            });
        }
        if header.serial < applied_serial {
            return Err(ConfigRefusal::Older {
                serial: header.serial,
                applied: applied_serial,
            });
        }
        if header.serial == applied_serial {
            return Err(ConfigRefusal::AlreadyApplied {
                serial: header.serial,
            });
        }
        let payload = suite::open(
            kem.hpke_private(),
            &package.enc,
            CONFIG_HPKE_INFO,
            package.header_bytes(),
            package.ciphertext,
        )
        .map_err(|_| ConfigRefusal::Decryption)?;
        Ok(OpenedConfig {
            serial: header.serial,
            issued_at_unix: header.issued_at_unix,
            payload,
        })
    }
}

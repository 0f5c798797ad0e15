//! The kiosk's signed request for its configuration package (`GET /v1/config?device=…&have=N`).
//!
//! A package holds personal data sealed to the kiosk; only the kiosk itself may ask for it, and
//! what it says it runs (`have`) is what the centre shows in its console as applied. The kiosk
//! signs, with its Ed25519 key, 46 bytes:
//!
//! ```text
//! "LDSG" ‖ version (u16) ‖ centre key id (8) ‖ device id (16) ‖ serial it runs (u64)
//!        ‖ issued at, Unix seconds (i64)
//! ```
//!
//! As for [`crate::AckRequest`]: the centre key id keeps a request for one centre from being
//! replayed at another, and the time bounds how long a captured one can be replayed at this one.
//! The magic is not the plan's `LDSK`, which the centre's key file already starts with.

use crate::header::DeviceId;
use crate::keys::{CentrePublicKey, DeviceIdentity, DevicePublicKey, KeyId, SIGNATURE_LEN};

const MAGIC: [u8; 4] = *b"LDSG";
const VERSION: u16 = 1;
const SIGNED_LEN: usize = 4 + 2 + 8 + 16 + 8 + 8;

/// A device's request for its configuration package, before or after signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigRequest {
    pub device_id: DeviceId,
    /// The configuration serial the kiosk runs (0 for none).
    pub have_serial: u64,
    pub issued_at_unix: i64,
}

impl ConfigRequest {
    fn signed_part(&self, centre_key_id: &KeyId) -> [u8; SIGNED_LEN] {
        let mut out = [0u8; SIGNED_LEN];
        out[..4].copy_from_slice(&MAGIC);
        out[4..6].copy_from_slice(&VERSION.to_be_bytes());
        out[6..14].copy_from_slice(centre_key_id);
        out[14..30].copy_from_slice(&self.device_id);
        out[30..38].copy_from_slice(&self.have_serial.to_be_bytes());
        out[38..46].copy_from_slice(&self.issued_at_unix.to_be_bytes());
        out
    }

    /// The device's signature of this request to `centre`.
    pub fn sign(&self, centre: &CentrePublicKey, device: &DeviceIdentity) -> [u8; SIGNATURE_LEN] {
        device.sign(&self.signed_part(&centre.key_id()))
    }

    /// Whether `signature` is `device`'s signature of this request to the centre `centre_key_id`.
    pub fn verify(
        &self,
        centre_key_id: &KeyId,
        device: &DevicePublicKey,
        signature: &[u8; SIGNATURE_LEN],
    ) -> bool {
        device.verify(&self.signed_part(centre_key_id), signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ack_request::AckRequest;
    use crate::keys::CentreKeys;

    fn request() -> ConfigRequest {
        ConfigRequest {
            device_id: [3; 16],
            have_serial: 7,
            issued_at_unix: 1_780_000_000,
        }
    }

    #[test]
    fn only_the_device_signs_a_request_for_this_centre_this_serial_and_this_time() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let other_centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let stranger = DeviceIdentity::generate().unwrap();
        let request = request();
        let signature = request.sign(&centre, &device);
        assert!(request.verify(&centre.key_id(), &device.public_key(), &signature));
        assert!(!request.verify(&other_centre.key_id(), &device.public_key(), &signature));
        assert!(!request.verify(&centre.key_id(), &stranger.public_key(), &signature));
        let changed = [
            ConfigRequest {
                issued_at_unix: request.issued_at_unix + 1,
                ..request
            },
            ConfigRequest {
                device_id: [4; 16],
                ..request
            },
            ConfigRequest {
                have_serial: 8,
                ..request
            },
        ];
        for other in changed {
            assert!(!other.verify(&centre.key_id(), &device.public_key(), &signature));
        }
    }

    #[test]
    fn a_flipped_bit_anywhere_in_the_signature_is_refused() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let signature = request().sign(&centre, &device);
        for i in 0..SIGNATURE_LEN {
            let mut bad = signature;
            bad[i] ^= 1;
            assert!(
                !request().verify(&centre.key_id(), &device.public_key(), &bad),
                "byte {i}"
            );
        }
        assert!(!request().verify(&centre.key_id(), &device.public_key(), &[0; SIGNATURE_LEN]));
    }

    #[test]
    fn an_ack_request_is_not_a_config_request() {
        // The same device, centre and time: the magic keeps one from passing for the other.
        let centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let ack = AckRequest {
            device_id: [3; 16],
            issued_at_unix: 1_780_000_000,
        };
        let signature = ack.sign(&centre, &device);
        assert!(!request().verify(&centre.key_id(), &device.public_key(), &signature));
    }
}

//! The kiosk's signed request for its acknowledgement (`GET /v1/ack`).
//!
//! An acknowledgement tells where a device's chain stands at the centre; only the device itself
//! may ask. The kiosk signs, with its Ed25519 key, 38 bytes:
//!
//! ```text
//! "LDSQ" ‖ version (u16) ‖ centre key id (8) ‖ device id (16) ‖ issued at, Unix seconds (i64)
//! ```
//!
//! The centre key id keeps a request for one centre from being replayed at another; the time
//! bounds how long a captured request can be replayed at this one (the centre allows a skew).

use crate::header::DeviceId;
use crate::keys::{CentrePublicKey, DeviceIdentity, DevicePublicKey, KeyId, SIGNATURE_LEN};

const MAGIC: [u8; 4] = *b"LDSQ";
const VERSION: u16 = 1;
const SIGNED_LEN: usize = 4 + 2 + 8 + 16 + 8;

/// A device's request for its acknowledgement, before or after signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckRequest {
    pub device_id: DeviceId,
    pub issued_at_unix: i64,
}

impl AckRequest {
    fn signed_part(&self, centre_key_id: &KeyId) -> [u8; SIGNED_LEN] {
        let mut out = [0u8; SIGNED_LEN];
        out[..4].copy_from_slice(&MAGIC);
        out[4..6].copy_from_slice(&VERSION.to_be_bytes());
        out[6..14].copy_from_slice(centre_key_id);
        out[14..30].copy_from_slice(&self.device_id);
        out[30..38].copy_from_slice(&self.issued_at_unix.to_be_bytes());
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
    use crate::keys::CentreKeys;

    #[test]
    fn only_the_device_signs_a_request_for_this_centre_and_this_time() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let other_centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let stranger = DeviceIdentity::generate().unwrap();
        let request = AckRequest {
            device_id: [3; 16],
            issued_at_unix: 1_780_000_000,
        };
        let signature = request.sign(&centre, &device);
        assert!(request.verify(&centre.key_id(), &device.public_key(), &signature));
        assert!(!request.verify(&other_centre.key_id(), &device.public_key(), &signature));
        assert!(!request.verify(&centre.key_id(), &stranger.public_key(), &signature));
        let later = AckRequest {
            issued_at_unix: request.issued_at_unix + 1,
            ..request
        };
        assert!(!later.verify(&centre.key_id(), &device.public_key(), &signature));
        let other_device = AckRequest {
            device_id: [4; 16],
            ..request
        };
        assert!(!other_device.verify(&centre.key_id(), &device.public_key(), &signature));
    }
}

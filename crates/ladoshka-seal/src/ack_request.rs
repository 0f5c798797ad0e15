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

use crate::device_signed::DeviceSigned;
use crate::header::DeviceId;

/// A device's request for its acknowledgement, before or after signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckRequest {
    pub device_id: DeviceId,
    pub issued_at_unix: i64,
}

impl DeviceSigned for AckRequest {
    const MAGIC: [u8; 4] = *b"LDSQ";

    fn device(&self) -> &DeviceId {
        &self.device_id
    }

    fn fields(&self) -> Vec<u8> {
        self.issued_at_unix.to_be_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{CentreKeys, DeviceIdentity};

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

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

use crate::device_signed::DeviceSigned;
use crate::header::DeviceId;

/// A device's request for its configuration package, before or after signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigRequest {
    pub device_id: DeviceId,
    /// The configuration serial the kiosk runs (0 for none).
    pub have_serial: u64,
    pub issued_at_unix: i64,
}

impl DeviceSigned for ConfigRequest {
    const MAGIC: [u8; 4] = *b"LDSG";

    fn device(&self) -> &DeviceId {
        &self.device_id
    }

    fn fields(&self) -> Vec<u8> {
        [
            self.have_serial.to_be_bytes(),
            self.issued_at_unix.to_be_bytes(),
        ]
        .concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ack_request::AckRequest;
    use crate::keys::{CentreKeys, DeviceIdentity, SIGNATURE_LEN};

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

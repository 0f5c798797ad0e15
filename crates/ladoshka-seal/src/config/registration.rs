//! The kiosk's signed registration of its KEM key (`POST /v1/device-kem`).
//!
//! A kiosk enrolled before configuration packages existed has told the centre only its Ed25519
//! key. It registers its X25519 KEM key ([`DeviceKemPublicKey`]) once, signed with that Ed25519
//! key, so the centre knows the key is the kiosk's own and not one an attacker would like the
//! packages sealed to. The kiosk signs 70 bytes:
//!
//! ```text
//! "LDSR" ‖ version (u16) ‖ centre key id (8) ‖ device id (16) ‖ KEM public key (32)
//!        ‖ issued at, Unix seconds (i64)
//! ```
//!
//! The same shape and replay bounds as [`crate::AckRequest`].

use crate::device_signed::DeviceSigned;
use crate::header::DeviceId;
use crate::keys::DeviceKemPublicKey;

/// A device's registration of its KEM key, before or after signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceKemRegistration {
    pub device_id: DeviceId,
    pub kem_public_key: DeviceKemPublicKey,
    pub issued_at_unix: i64,
}

impl DeviceSigned for DeviceKemRegistration {
    const MAGIC: [u8; 4] = *b"LDSR";

    fn device(&self) -> &DeviceId {
        &self.device_id
    }

    fn fields(&self) -> Vec<u8> {
        [
            &self.kem_public_key.as_bytes()[..],
            &self.issued_at_unix.to_be_bytes(),
        ]
        .concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigRequest;
    use crate::keys::{
        CentreKeys, DeviceIdentity, DeviceKemKeys, SIGNATURE_LEN, X25519_PUBLIC_LEN,
    };

    fn registration(kem: &DeviceKemKeys) -> DeviceKemRegistration {
        DeviceKemRegistration {
            device_id: [5; 16],
            kem_public_key: kem.public_key(),
            issued_at_unix: 1_780_000_000,
        }
    }

    #[test]
    fn only_the_device_registers_its_own_kem_key_with_this_centre() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let other_centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let stranger = DeviceIdentity::generate().unwrap();
        let kem = DeviceKemKeys::generate().unwrap();
        let attackers_kem = DeviceKemKeys::generate().unwrap();
        let registration = registration(&kem);
        let signature = registration.sign(&centre, &device);
        assert!(registration.verify(&centre.key_id(), &device.public_key(), &signature));
        assert!(!registration.verify(&other_centre.key_id(), &device.public_key(), &signature));
        assert!(!registration.verify(&centre.key_id(), &stranger.public_key(), &signature));
        let changed = [
            DeviceKemRegistration {
                kem_public_key: attackers_kem.public_key(),
                ..registration
            },
            DeviceKemRegistration {
                device_id: [6; 16],
                ..registration
            },
            DeviceKemRegistration {
                issued_at_unix: registration.issued_at_unix - 1,
                ..registration
            },
        ];
        for other in changed {
            assert!(!other.verify(&centre.key_id(), &device.public_key(), &signature));
        }
    }

    #[test]
    fn a_flipped_bit_anywhere_in_the_signature_or_the_key_is_refused() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let kem = DeviceKemKeys::generate().unwrap();
        let registration = registration(&kem);
        let signature = registration.sign(&centre, &device);
        for i in 0..SIGNATURE_LEN {
            let mut bad = signature;
            bad[i] ^= 0x80;
            assert!(
                !registration.verify(&centre.key_id(), &device.public_key(), &bad),
                "signature byte {i}"
            );
        }
        for i in 0..X25519_PUBLIC_LEN {
            let mut key = *kem.public_key().as_bytes();
            key[i] ^= 1;
            let other = DeviceKemRegistration {
                kem_public_key: DeviceKemPublicKey::from_bytes(&key).unwrap(),
                ..registration
            };
            assert!(
                !other.verify(&centre.key_id(), &device.public_key(), &signature),
                "key byte {i}"
            );
        }
    }

    #[test]
    fn a_config_request_is_not_a_registration() {
        let centre = CentreKeys::generate().unwrap().public_key();
        let device = DeviceIdentity::generate().unwrap();
        let kem = DeviceKemKeys::generate().unwrap();
        let request = ConfigRequest {
            device_id: [5; 16],
            have_serial: 0,
            issued_at_unix: 1_780_000_000,
        };
        let signature = request.sign(&centre, &device);
        assert!(!registration(&kem).verify(&centre.key_id(), &device.public_key(), &signature));
    }
}

//! The kiosk's KEM key pair: the X25519 key the centre seals configuration packages to.
//!
//! Bundles go up sealed to the centre's key; configuration packages come down sealed to this one
//! (the same HPKE suite, `suite.rs`), because they carry personal data (the staff roster, the
//! КЦСОН's families) and also travel on a USB stick. The private half never leaves the kiosk:
//! its 32 bytes ([`DeviceKemKeys::to_bytes`]) are kept inside the kiosk's encrypted database. The
//! public half, [`DeviceKemPublicKey`], reaches the centre in a signed
//! [`crate::DeviceKemRegistration`].

use std::fmt;

use hpke::Serializable;
use zeroize::{Zeroize, Zeroizing};

use super::{fingerprint_of, from_hex_exact, KeyError, X25519_PUBLIC_LEN};
use crate::rng;
use crate::suite;

/// Length of a [`DeviceKemKeys`] in its byte form: the X25519 private key.
pub const DEVICE_KEM_PRIVATE_LEN: usize = 32;

/// The kiosk's X25519 key pair for configuration packages. Only the kiosk holds it.
pub struct DeviceKemKeys {
    private: suite::PrivateKey,
    public: DeviceKemPublicKey,
}

impl DeviceKemKeys {
    /// A new key pair from the system's random generator.
    pub fn generate() -> Result<Self, KeyError> {
        // RFC 9180 §7.1.3: DeriveKeyPair from 32 random bytes; the bytes come from ring.
        let ikm = rng::random_bytes::<32>()?;
        let (private, _) = suite::derive_keypair(ikm.as_ref());
        Ok(Self::from_private(private))
    }

    /// The private key's 32 bytes, to keep inside the kiosk's encrypted database.
    pub fn to_bytes(&self) -> Zeroizing<[u8; DEVICE_KEM_PRIVATE_LEN]> {
        let mut encoded = self.private.to_bytes();
        let mut out = Zeroizing::new([0u8; DEVICE_KEM_PRIVATE_LEN]);
        out.copy_from_slice(&encoded);
        encoded.as_mut_slice().zeroize();
        out
    }

    /// Reads back what [`DeviceKemKeys::to_bytes`] gave; refuses any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let wrong_length = KeyError::WrongLength {
            what: "device KEM private key",
            expected: DEVICE_KEM_PRIVATE_LEN,
            found: bytes.len(),
        };
        if bytes.len() != DEVICE_KEM_PRIVATE_LEN {
            return Err(wrong_length);
        }
        let private = suite::private_from_bytes(bytes).map_err(|_| wrong_length)?;
        Ok(Self::from_private(private))
    }

    fn from_private(private: suite::PrivateKey) -> Self {
        let mut public = [0u8; X25519_PUBLIC_LEN];
        public.copy_from_slice(&suite::public_of(&private).to_bytes());
        Self {
            private,
            public: DeviceKemPublicKey(public),
        }
    }

    /// The public half, registered with the centre.
    pub fn public_key(&self) -> DeviceKemPublicKey {
        self.public
    }

    pub(crate) fn hpke_private(&self) -> &suite::PrivateKey {
        &self.private
    }
}

impl fmt::Debug for DeviceKemKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKemKeys")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// A kiosk's X25519 public key, as the centre keeps it to seal configuration packages to.
/// In JSON it is 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceKemPublicKey([u8; X25519_PUBLIC_LEN]);

impl DeviceKemPublicKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        bytes
            .try_into()
            .map(Self)
            .map_err(|_| KeyError::WrongLength {
                what: "device KEM public key",
                expected: X25519_PUBLIC_LEN,
                found: bytes.len(),
            })
    }

    pub fn as_bytes(&self) -> &[u8; X25519_PUBLIC_LEN] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        from_hex_exact("device KEM public key", text).map(Self)
    }

    /// All 256 bits of SHA-256 of the key, in groups of four hex digits.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.0)
    }

    pub(crate) fn hpke_public(&self) -> Result<suite::PublicKey, hpke::HpkeError> {
        <suite::PublicKey as hpke::Deserializable>::from_bytes(&self.0)
    }
}

impl fmt::Debug for DeviceKemPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKemPublicKey({})", self.to_hex())
    }
}

impl TryFrom<String> for DeviceKemPublicKey {
    type Error = KeyError;
    fn try_from(text: String) -> Result<Self, KeyError> {
        Self::from_hex(&text)
    }
}

impl From<DeviceKemPublicKey> for String {
    fn from(key: DeviceKemPublicKey) -> String {
        key.to_hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kem_keys_survive_their_bytes_and_differ() {
        let keys = DeviceKemKeys::generate().unwrap();
        let again = DeviceKemKeys::from_bytes(keys.to_bytes().as_ref()).unwrap();
        assert_eq!(keys.public_key(), again.public_key());
        assert_eq!(*keys.to_bytes(), *again.to_bytes());
        assert_ne!(
            keys.public_key(),
            DeviceKemKeys::generate().unwrap().public_key()
        );
        assert!(!format!("{keys:?}").contains(&hex::encode(*keys.to_bytes())));
    }

    #[test]
    fn kem_keys_of_the_wrong_length_are_refused() {
        let bytes = DeviceKemKeys::generate().unwrap().to_bytes();
        for len in [0, 31, 33] {
            let mut b = bytes.to_vec();
            b.resize(len, 0);
            assert_eq!(
                DeviceKemKeys::from_bytes(&b).unwrap_err(),
                KeyError::WrongLength {
                    what: "device KEM private key",
                    expected: 32,
                    found: len
                }
            );
        }
    }

    #[test]
    fn kem_public_key_round_trips_through_bytes_hex_and_json() {
        let public = DeviceKemKeys::generate().unwrap().public_key();
        assert_eq!(
            DeviceKemPublicKey::from_bytes(public.as_bytes()),
            Ok(public)
        );
        assert_eq!(DeviceKemPublicKey::from_hex(&public.to_hex()), Ok(public));
        let json = serde_json::to_string(&public).unwrap();
        assert_eq!(json, format!("\"{}\"", public.to_hex()));
        assert_eq!(
            serde_json::from_str::<DeviceKemPublicKey>(&json).unwrap(),
            public
        );
        assert_eq!(public.fingerprint().split(' ').count(), 16);
        assert!(DeviceKemPublicKey::from_bytes(&[0; 31]).is_err());
        assert!(matches!(
            DeviceKemPublicKey::from_hex("zz"),
            Err(KeyError::BadHex { .. })
        ));
        assert!(matches!(
            DeviceKemPublicKey::from_hex(&"ab".repeat(33)),
            Err(KeyError::WrongLength { found: 33, .. })
        ));
        assert!(serde_json::from_str::<DeviceKemPublicKey>("\"1234\"").is_err());
    }
}

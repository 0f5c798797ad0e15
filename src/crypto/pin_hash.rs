//! PIN hashes: PBKDF2-HMAC-SHA256 (ring) over an HMAC of the PIN with the device pepper, with
//! a random salt per person. A PIN has only 10⁴–10⁸ values, so the pepper — kept outside the
//! database, beside the key — is what stops a copied database from being searched offline.
//! The stored text names its algorithm and iteration count, so the count can rise later.

use std::num::NonZeroU32;

use ring::{hmac, pbkdf2};

use crate::domain::Pin;

/// Iterations for new hashes: about 50 ms on a kiosk mini-PC, done on the store worker.
pub const ITERATIONS: u32 = 60_000;
/// Iterations for picture codes: checked while a child waits, so lighter than a PIN's.
pub const PICTURE_CODE_ITERATIONS: u32 = 20_000;
const PREFIX: &str = "pbkdf2-sha256";

/// A device-wide secret mixed into every PIN hash.
#[derive(Clone)]
pub struct PinPepper([u8; 32]);

impl PinPepper {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Derives the pepper from the database key (HKDF-SHA256), for kiosks whose credential
    /// directory holds no separate `pin-pepper`.
    pub fn derive_from(key: &super::DbKey) -> Self {
        struct Len;
        impl ring::hkdf::KeyType for Len {
            fn len(&self) -> usize {
                32
            }
        }
        let salt = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"ladoshka");
        let prk = salt.extract(key.as_bytes());
        let mut out = [0u8; 32];
        prk.expand(&[b"pin-pepper/v1"], Len)
            .and_then(|okm| okm.fill(&mut out))
            .expect("HKDF output of 32 bytes is always valid");
        Self(out)
    }

    fn mix(&self, secret: &[u8]) -> hmac::Tag {
        hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &self.0), secret)
    }
}

impl std::fmt::Debug for PinPepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinPepper(hidden)")
    }
}

/// The stored form: `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinHash(String);

impl PinHash {
    pub fn new(pin: &Pin, pepper: &PinPepper) -> Self {
        Self::with_iterations(pin, pepper, ITERATIONS)
    }

    pub fn with_iterations(pin: &Pin, pepper: &PinPepper, iterations: u32) -> Self {
        Self::of_secret(pin.digits().as_bytes(), pepper, iterations)
    }

    /// The same scheme for any small secret (a child's picture code).
    pub fn of_secret(secret: &[u8], pepper: &PinPepper, iterations: u32) -> Self {
        let salt: [u8; 16] = super::random_bytes();
        let mut out = [0u8; 32];
        let n = NonZeroU32::new(iterations.max(1)).expect("at least one iteration");
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            n,
            &salt,
            pepper.mix(secret).as_ref(),
            &mut out,
        );
        Self(format!(
            "{PREFIX}${iterations}${}${}",
            hex::encode(salt),
            hex::encode(out)
        ))
    }

    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks a typed PIN in constant time. A stored hash in an unknown form never matches.
    pub fn verify(&self, pin: &Pin, pepper: &PinPepper) -> bool {
        self.verify_secret(pin.digits().as_bytes(), pepper)
    }

    /// Checks any small secret hashed with [`PinHash::of_secret`].
    pub fn verify_secret(&self, secret: &[u8], pepper: &PinPepper) -> bool {
        let mut parts = self.0.split('$');
        let (Some(PREFIX), Some(iter), Some(salt), Some(hash), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return false;
        };
        let (Some(iter), Ok(salt), Ok(hash)) = (
            iter.parse().ok().and_then(NonZeroU32::new),
            hex::decode(salt),
            hex::decode(hash),
        ) else {
            return false;
        };
        pbkdf2::verify(
            pbkdf2::PBKDF2_HMAC_SHA256,
            iter,
            &salt,
            pepper.mix(secret).as_ref(),
            &hash,
        )
        .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pepper(b: u8) -> PinPepper {
        PinPepper::from_bytes([b; 32])
    }

    #[test]
    fn right_pin_verifies_wrong_pin_and_wrong_pepper_do_not() {
        let pin = Pin::parse("2468").unwrap();
        let h = PinHash::with_iterations(&pin, &pepper(1), 1000);
        assert!(h.verify(&pin, &pepper(1)));
        assert!(!h.verify(&Pin::parse("2469").unwrap(), &pepper(1)));
        assert!(!h.verify(&pin, &pepper(2)));
    }

    #[test]
    fn salts_differ_so_equal_pins_hash_differently() {
        let pin = Pin::parse("1111").unwrap();
        let (a, b) = (
            PinHash::with_iterations(&pin, &pepper(1), 10),
            PinHash::with_iterations(&pin, &pepper(1), 10),
        );
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("pbkdf2-sha256$10$"));
        assert!(!a.as_str().contains("1111"));
    }

    #[test]
    fn malformed_stored_hashes_never_match() {
        let pin = Pin::parse("1234").unwrap();
        for stored in [
            "",
            "1234",
            "pbkdf2-sha256$0$00$00",
            "pbkdf2-sha256$x$00$00",
            "md5$1$00$00",
            "pbkdf2-sha256$1$zz$00",
            "pbkdf2-sha256$1$00$00$extra",
        ] {
            assert!(
                !PinHash::from_stored(stored.into()).verify(&pin, &pepper(1)),
                "{stored}"
            );
        }
    }

    #[test]
    fn derived_pepper_is_stable_per_key_and_differs_between_keys() {
        let k1 = super::super::DbKey::from_bytes([7; 32]);
        let k2 = super::super::DbKey::from_bytes([8; 32]);
        let pin = Pin::parse("1234").unwrap();
        let h = PinHash::with_iterations(&pin, &PinPepper::derive_from(&k1), 100);
        assert!(h.verify(&pin, &PinPepper::derive_from(&k1)));
        assert!(!h.verify(&pin, &PinPepper::derive_from(&k2)));
    }
}

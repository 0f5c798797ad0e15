//! PIN hashes over an HMAC of the PIN with the device pepper, with a random salt per person. A
//! PIN has only 10⁴–10⁸ values, so the pepper — kept outside the database, beside the key — is
//! what stops a copied database from being searched offline; the hash's cost is what slows a
//! search by someone who has both.
//!
//! Staff PINs are hashed with Argon2id ([`PinCost::STAFF`], the `argon2` crate), memory-hard so
//! a search cannot be spread over a GPU's thousands of cores as cheaply as PBKDF2's; the stored
//! text is the PHC string, which names its parameters, so the cost can rise later. Older
//! hashes (`pbkdf2-sha256$<iterations>$…`, 60,000 iterations before) still verify, and a
//! successful sign-in replaces them ([`PinHash::check`] → [`PinMatch::Right`] with the new
//! hash). Children's picture codes stay PBKDF2 ([`PICTURE_CODE_ITERATIONS`]): a child waits for
//! them at the door.

use std::num::NonZeroU32;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use ring::{hmac, pbkdf2};

use crate::domain::Pin;

/// Iterations of the PBKDF2 staff PIN hashes written before Argon2id (they still verify).
pub const ITERATIONS: u32 = 60_000;
/// Iterations for picture codes: checked while a child waits, so lighter than a PIN's.
pub const PICTURE_CODE_ITERATIONS: u32 = 20_000;
const PREFIX: &str = "pbkdf2-sha256";
/// The most memory a stored Argon2 hash may ask for (1 GiB): a hash asking for more is refused
/// rather than run.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;

/// How costly a new staff PIN hash is: Argon2id's memory (KiB) and passes, one lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinCost {
    memory_kib: u32,
    passes: u32,
}

impl PinCost {
    /// Every kiosk's staff PINs: Argon2id, 64 MiB, 3 passes, 1 lane (RFC 9106's second
    /// recommended set, with one lane as the kiosk checks one PIN at a time). Measured in
    /// `docs/PERFORMANCE.md` (`benches/pin_sign_in.rs`): well under the 1 s a sign-in may take.
    pub const STAFF: PinCost = PinCost {
        memory_kib: 64 * 1024,
        passes: 3,
    };

    /// **Tests only**: Argon2id at its smallest (64 KiB, 1 pass), so a test suite that seeds and
    /// signs in hundreds of times stays fast. Nothing in the kiosk or its command line uses it;
    /// a test asks for it by name (`KioskConfig::pin_cost`, `demo::seed_with_pin_cost`).
    pub const TESTS_ONLY: PinCost = PinCost {
        memory_kib: 64,
        passes: 1,
    };

    fn params(self) -> Params {
        Params::new(self.memory_kib, self.passes, 1, Some(32))
            .expect("the PIN cost's Argon2 parameters are within Argon2's limits")
    }
}

impl Default for PinCost {
    fn default() -> Self {
        Self::STAFF
    }
}

/// What checking a typed PIN against a stored hash found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinMatch {
    Wrong,
    /// The PIN is right; `rehashed` is the same PIN hashed at today's cost when the stored hash
    /// was of an older kind or cost (store it in place of the old one).
    Right {
        rehashed: Option<PinHash>,
    },
}

impl From<bool> for PinMatch {
    /// A bare verdict: right (nothing to rehash) or wrong.
    fn from(right: bool) -> Self {
        if right {
            PinMatch::Right { rehashed: None }
        } else {
            PinMatch::Wrong
        }
    }
}

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

/// The stored form: an Argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=1$<salt>$<hash>`), or
/// the older `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>` (staff PINs before Argon2id,
/// and picture codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinHash(String);

impl PinHash {
    /// A staff PIN hashed at [`PinCost::STAFF`].
    pub fn new(pin: &Pin, pepper: &PinPepper) -> Self {
        Self::with_cost(pin, pepper, PinCost::STAFF)
    }

    /// A staff PIN hashed with Argon2id at `cost`.
    pub fn with_cost(pin: &Pin, pepper: &PinPepper, cost: PinCost) -> Self {
        let salt = SaltString::encode_b64(&super::random_bytes::<16>())
            .expect("16 bytes are a valid Argon2 salt");
        let hash = argon2(cost.params())
            .hash_password(pepper.mix(pin.digits().as_bytes()).as_ref(), &salt)
            .expect("Argon2id hashes any input with valid parameters");
        Self(hash.to_string())
    }

    /// A PBKDF2 hash at `iterations`: the older form of staff PINs (tests of old databases,
    /// and cheap fixtures).
    pub fn with_iterations(pin: &Pin, pepper: &PinPepper, iterations: u32) -> Self {
        Self::of_secret(pin.digits().as_bytes(), pepper, iterations)
    }

    /// The PBKDF2 scheme for any small secret (a child's picture code).
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

    /// Checks a typed staff PIN and, when it is right but the stored hash is not Argon2id at
    /// `cost`, hashes it again at `cost` (to be stored in place of the old one).
    pub fn check(&self, pin: &Pin, pepper: &PinPepper, cost: PinCost) -> PinMatch {
        if !self.verify(pin, pepper) {
            return PinMatch::Wrong;
        }
        let rehashed = self
            .needs_rehash(cost)
            .then(|| Self::with_cost(pin, pepper, cost));
        PinMatch::Right { rehashed }
    }

    /// Whether this hash is of another kind or cost than Argon2id at `cost`.
    pub fn needs_rehash(&self, cost: PinCost) -> bool {
        let Ok(parsed) = PasswordHash::new(&self.0) else {
            return true;
        };
        let Ok(params) = Params::try_from(&parsed) else {
            return true;
        };
        parsed.algorithm != Algorithm::Argon2id.ident()
            || parsed.version != Some(Version::V0x13 as u32)
            || (params.m_cost(), params.t_cost(), params.p_cost())
                != (cost.memory_kib, cost.passes, 1)
    }

    /// Checks a colleague's starting code against the hash the centre sent in its roster (an
    /// Argon2id PHC string of the code's digits, with no pepper: the centre has none of this
    /// kiosk's).
    pub fn verify_starting_code(&self, code: &Pin) -> bool {
        self.0.starts_with("$argon2id$") && verify_argon2(&self.0, code.digits().as_bytes())
    }

    /// Checks any small secret hashed with [`PinHash::of_secret`] or [`PinHash::with_cost`].
    pub fn verify_secret(&self, secret: &[u8], pepper: &PinPepper) -> bool {
        if self.0.starts_with('$') {
            return verify_argon2(&self.0, pepper.mix(secret).as_ref());
        }
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

fn argon2(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Verifies an Argon2id PHC string with the parameters it names (none over
/// [`MAX_MEMORY_KIB`]); any other Argon2 variant or a malformed string never matches.
fn verify_argon2(stored: &str, password: &[u8]) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if parsed.algorithm != Algorithm::Argon2id.ident() || params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    argon2(params).verify_password(password, &parsed).is_ok()
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
    fn an_argon2id_hash_verifies_and_names_its_cost() {
        let pin = Pin::parse("2468").unwrap();
        let h = PinHash::with_cost(&pin, &pepper(1), PinCost::TESTS_ONLY);
        assert!(
            h.as_str().starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
            "{}",
            h.as_str()
        );
        assert!(h.verify(&pin, &pepper(1)));
        assert!(!h.verify(&Pin::parse("2469").unwrap(), &pepper(1)));
        assert!(
            !h.verify(&pin, &pepper(2)),
            "the pepper is part of the hash"
        );
        assert!(!h.needs_rehash(PinCost::TESTS_ONLY));
        assert!(
            h.needs_rehash(PinCost::STAFF),
            "a cheaper hash is rehashed at the staff cost"
        );
        assert_eq!(
            h.check(&pin, &pepper(1), PinCost::TESTS_ONLY),
            PinMatch::Right { rehashed: None }
        );
    }

    #[test]
    fn a_legacy_pbkdf2_hash_verifies_and_is_rehashed_with_argon2id() {
        let pin = Pin::parse("1357").unwrap();
        let old = PinHash::with_iterations(&pin, &pepper(1), ITERATIONS);
        assert!(old.needs_rehash(PinCost::TESTS_ONLY));
        let PinMatch::Right {
            rehashed: Some(new),
        } = old.check(&pin, &pepper(1), PinCost::TESTS_ONLY)
        else {
            panic!("a right PIN on an old hash is rehashed");
        };
        assert!(new.as_str().starts_with("$argon2id$"));
        assert!(new.verify(&pin, &pepper(1)));
        assert_eq!(
            old.check(
                &Pin::parse("1358").unwrap(),
                &pepper(1),
                PinCost::TESTS_ONLY
            ),
            PinMatch::Wrong,
            "a wrong PIN is refused and nothing is rehashed"
        );
    }

    #[test]
    fn argon2_hashes_of_another_variant_or_too_costly_never_match() {
        let pin = Pin::parse("2468").unwrap();
        let h = PinHash::with_cost(&pin, &pepper(1), PinCost::TESTS_ONLY);
        let argon2i = h.as_str().replace("$argon2id$", "$argon2i$");
        let huge = h.as_str().replace("m=64,", "m=4194304,");
        for stored in [argon2i, huge, "$argon2id$v=19$m=64,t=1,p=1$$".to_string()] {
            assert!(
                !PinHash::from_stored(stored.clone()).verify(&pin, &pepper(1)),
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

//! Console passwords: Argon2id in PHC form (`$argon2id$v=19$m=65536,t=3,p=1$…`), the same
//! cost as the kiosk's staff PINs. A cheaper cost exists for tests only and can be chosen from
//! the library alone; a hash carries its own cost, so verifying needs none.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::secrets::RandomnessFailed;

/// Argon2id's memory (KiB), passes and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    memory_kib: u32,
    passes: u32,
}

impl PasswordCost {
    /// What `ladoshka-centre user add` uses: m = 64 MiB, t = 3, p = 1.
    pub const STANDARD: PasswordCost = PasswordCost {
        memory_kib: 64 * 1024,
        passes: 3,
    };

    /// For tests only, so a test suite signs in quickly; never offered on the command line.
    #[doc(hidden)]
    pub const TESTS_ONLY: PasswordCost = PasswordCost {
        memory_kib: 64,
        passes: 1,
    };

    /// A cost of `memory_kib` KiB and `passes` passes, one lane.
    pub const fn new(memory_kib: u32, passes: u32) -> Self {
        Self { memory_kib, passes }
    }

    fn hasher(self) -> Argon2<'static> {
        let params = Params::new(self.memory_kib, self.passes, 1, Some(32))
            .expect("the console's Argon2 parameters are within Argon2's limits");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }
}

/// Hashes `password` with a fresh random salt.
pub fn hash(password: &str, cost: PasswordCost) -> Result<String, RandomnessFailed> {
    let salt_bytes = super::guard::random32()?;
    let salt = SaltString::encode_b64(&salt_bytes[..16]).map_err(|_| RandomnessFailed)?;
    Ok(cost
        .hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id hashes any input with valid parameters")
        .to_string())
}

/// Whether `password` matches `stored` (false too when `stored` is not a hash).
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("верный пароль", PasswordCost::TESTS_ONLY).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{h}");
        assert!(verify("верный пароль", &h));
        assert!(!verify("неверный", &h));
        assert!(!verify("x", "not a hash"));
        assert_ne!(h, hash("верный пароль", PasswordCost::TESTS_ONLY).unwrap());
    }
}

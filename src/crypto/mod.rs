//! Cryptography with ring (and Argon2id for staff PINs): the database key's format, PIN hashing
//! with a device pepper, and
//! randomness. Sealing bundles for the centre (HPKE) joins this module with the sync work.

pub mod db_key;
pub mod pin_hash;

pub use db_key::{DbKey, DbKeyError};
pub use pin_hash::{PinCost, PinHash, PinMatch, PinPepper};

/// Fills `out` with bytes from the operating system's secure generator.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    use ring::rand::SecureRandom;
    let mut out = [0u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut out)
        .expect("the operating system's random generator failed");
    out
}

//! Randomness, all of it from ring's `SystemRandom`.
//!
//! ring draws every random byte here: keys, ids, and the seed of the generator handed to hpke for
//! the ephemeral X25519 key of each bundle. hpke wants an infallible `rand_core` generator, while
//! the operating system's source can fail; so the fallible part (drawing a 256-bit seed) happens
//! first and is reported as an error, and hpke then gets [`SeededRng`], a ChaCha20 generator
//! from a well-kept crate (no generator of our own), which cannot fail.

use chacha20::rand_core::SeedableRng;
use chacha20::ChaCha20Rng;
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// The operating system's random number generator failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the operating system's random number generator failed; nothing was created or sealed: \
     check the kiosk's kernel entropy source (getrandom) and try again"
)]
pub struct RandomnessError;

/// `N` bytes from the operating system's generator.
pub(crate) fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>, RandomnessError> {
    let mut out = Zeroizing::new([0u8; N]);
    SystemRandom::new()
        .fill(out.as_mut())
        .map_err(|_| RandomnessError)?;
    Ok(out)
}

/// A fresh random 16-byte id, for a device or a bundle.
pub fn random_id() -> Result<[u8; 16], RandomnessError> {
    random_bytes::<16>().map(|b| *b)
}

/// The generator handed to hpke: ChaCha20 (RustCrypto's `chacha20`, the generator behind
/// `rand`'s `StdRng`), seeded with 256 bits from the operating system; it wipes its state when
/// dropped.
pub(crate) type SeededRng = ChaCha20Rng;

/// A [`SeededRng`] with a fresh seed from the system (the one step that can fail).
pub(crate) fn seeded_rng() -> Result<SeededRng, RandomnessError> {
    Ok(ChaCha20Rng::from_seed(*random_bytes::<32>()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hpke::rand_core::Rng;

    #[test]
    fn two_generators_do_not_repeat_each_other_or_themselves() {
        let mut a = seeded_rng().unwrap();
        let mut b = seeded_rng().unwrap();
        let (mut x, mut y, mut z) = ([0u8; 70], [0u8; 70], [0u8; 70]);
        a.fill_bytes(&mut x);
        a.fill_bytes(&mut y);
        b.fill_bytes(&mut z);
        assert_ne!(x, y);
        assert_ne!(x, z);
        assert_ne!(a.next_u64(), a.next_u64());
    }

    #[test]
    fn ids_differ() {
        assert_ne!(random_id().unwrap(), random_id().unwrap());
    }
}

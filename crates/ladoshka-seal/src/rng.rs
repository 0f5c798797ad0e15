//! Randomness, all of it from ring's `SystemRandom`.
//!
//! ring draws every random byte here: keys, ids, and the seed of the generator handed to hpke for
//! the ephemeral X25519 key of each bundle. hpke wants an infallible `rand_core` generator, while
//! the operating system's source can fail; so the fallible part (drawing a 256-bit seed) happens
//! first and is reported as an error, and hpke then gets [`SeededRng`], which expands that seed
//! with SHA-256 in counter mode and cannot fail.

use std::convert::Infallible;

use hpke::rand_core::{TryCryptoRng, TryRng};
use ring::digest;
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

/// SHA-256 in counter mode over a secret seed drawn from the system; only ever given to hpke.
pub(crate) struct SeededRng {
    seed: Zeroizing<[u8; 32]>,
    counter: u64,
}

const RNG_CONTEXT: &[u8] = b"ladoshka-seal rng v1\0";

impl SeededRng {
    pub(crate) fn from_system() -> Result<Self, RandomnessError> {
        Ok(Self {
            seed: random_bytes::<32>()?,
            counter: 0,
        })
    }

    fn next_block(&mut self) -> Zeroizing<[u8; 32]> {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(RNG_CONTEXT);
        ctx.update(self.seed.as_ref());
        ctx.update(&self.counter.to_be_bytes());
        // 2^64 blocks are never reached; wrapping keeps this total without a panic path.
        self.counter = self.counter.wrapping_add(1);
        let mut block = Zeroizing::new([0u8; 32]);
        block.copy_from_slice(ctx.finish().as_ref());
        block
    }
}

impl TryRng for SeededRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let block = self.next_block();
        Ok(u32::from_le_bytes([block[0], block[1], block[2], block[3]]))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0u8; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            let block = self.next_block();
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

impl TryCryptoRng for SeededRng {}

#[cfg(test)]
mod tests {
    use super::*;
    use hpke::rand_core::Rng;

    #[test]
    fn two_generators_do_not_repeat_each_other_or_themselves() {
        let mut a = SeededRng::from_system().unwrap();
        let mut b = SeededRng::from_system().unwrap();
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

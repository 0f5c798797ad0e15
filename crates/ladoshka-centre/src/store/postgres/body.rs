//! The row bodies as PostgreSQL keeps them: ChaCha20-Poly1305 under a key derived from the
//! centre's database key (`db.key`), which never reaches the server. A body is
//! `nonce (12) ‖ ciphertext ‖ tag (16)`, bound to its device and sequence number, so a body
//! moved to another row does not open.
//!
//! Encrypting here rather than with pgcrypto keeps the key out of every SQL statement (and so
//! out of `pg_stat_activity` and the server's logs); what the server sees of a row is its
//! device, sequence number, kind, entity id and time.

use ring::aead::{Aad, LessSafeKey, Nonce, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

use crate::secrets::DbKey;
use crate::store::StoreError;

/// HKDF purpose of the body key (a new purpose is a new key).
const PURPOSE: &[u8] = b"postgres row body v1";

/// The key of the bodies of one centre.
pub struct BodyKey {
    key: LessSafeKey,
    random: SystemRandom,
}

impl BodyKey {
    pub fn new(db_key: &DbKey) -> Self {
        Self {
            key: LessSafeKey::new(db_key.derive(PURPOSE, &CHACHA20_POLY1305)),
            random: SystemRandom::new(),
        }
    }

    /// Encrypts the body of row `seq` from `device`.
    pub fn seal(&self, device: &[u8], seq: i64, body: &str) -> Result<Vec<u8>, StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce).map_err(|_| {
            StoreError::Corrupt("the operating system's random number generator failed".into())
        })?;
        let mut out = Vec::with_capacity(NONCE_LEN + body.len() + 16);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(body.as_bytes());
        let (head, text) = out.split_at_mut(NONCE_LEN);
        let tag = self
            .key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad(device, seq)),
                text,
            )
            .map_err(|_| StoreError::Corrupt("a row body could not be encrypted".into()))?;
        let _ = head;
        out.extend_from_slice(tag.as_ref());
        Ok(out)
    }

    /// Decrypts what [`BodyKey::seal`] made for the same device and sequence number.
    pub fn open(&self, device: &[u8], seq: i64, sealed: &[u8]) -> Result<String, StoreError> {
        if sealed.len() < NONCE_LEN + 16 {
            return Err(StoreError::Corrupt(format!(
                "the body of row {seq} is {} bytes, too short to be an encrypted body",
                sealed.len()
            )));
        }
        let (nonce, text) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| StoreError::BodyKey)?;
        let mut text = text.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(aad(device, seq)), &mut text)
            .map_err(|_| StoreError::BodyKey)?;
        String::from_utf8(plain.to_vec())
            .map_err(|_| StoreError::Corrupt(format!("the body of row {seq} is not UTF-8 text")))
    }
}

fn aad(device: &[u8], seq: i64) -> Vec<u8> {
    let mut aad = device.to_vec();
    aad.extend_from_slice(&seq.to_be_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> BodyKey {
        BodyKey::new(&DbKey::generate().expect("a key"))
    }

    #[test]
    fn a_body_opens_only_for_its_row_and_key() {
        let k = key();
        let sealed = k.seal(&[1; 16], 5, r#"{"name":"Алия"}"#).unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("Алия"));
        assert_eq!(k.open(&[1; 16], 5, &sealed).unwrap(), r#"{"name":"Алия"}"#);
        assert!(matches!(
            k.open(&[1; 16], 6, &sealed),
            Err(StoreError::BodyKey)
        ));
        assert!(matches!(
            k.open(&[2; 16], 5, &sealed),
            Err(StoreError::BodyKey)
        ));
        assert!(matches!(
            key().open(&[1; 16], 5, &sealed),
            Err(StoreError::BodyKey)
        ));
        let mut flipped = sealed.clone();
        flipped[14] ^= 1;
        assert!(matches!(
            k.open(&[1; 16], 5, &flipped),
            Err(StoreError::BodyKey)
        ));
        assert!(matches!(
            k.open(&[1; 16], 5, &sealed[..20]),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn the_same_body_twice_is_sealed_differently() {
        let k = key();
        assert_ne!(
            k.seal(&[1; 16], 5, "{}").unwrap(),
            k.seal(&[1; 16], 5, "{}").unwrap()
        );
    }
}

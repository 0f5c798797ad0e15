//! The one HPKE cipher suite Ladoshka uses, in one place.
//!
//! RFC 9180 base mode with DHKEM(X25519, HKDF-SHA256) (kem_id 0x0020), HKDF-SHA256
//! (kdf_id 0x0001) and ChaCha20-Poly1305 (aead_id 0x0003). This is the only module that calls
//! the `hpke` crate; `tests/rfc9180_vectors.rs` checks these very types against the RFC's test
//! vectors (Appendix A.2.1).

use hpke::{Deserializable, OpModeR, OpModeS, Serializable};

use crate::rng::SeededRng;

/// The KEM: DHKEM(X25519, HKDF-SHA256).
pub type Kem = hpke::kem::X25519HkdfSha256;
/// The KDF of the key schedule: HKDF-SHA256.
pub type Kdf = hpke::kdf::HkdfSha256;
/// The AEAD: ChaCha20-Poly1305.
pub type Aead = hpke::aead::ChaCha20Poly1305;

/// Length of the encapsulated key (`enc`), an X25519 public key.
pub const ENC_LEN: usize = 32;
/// Length of ChaCha20-Poly1305's authentication tag, appended to every ciphertext.
pub const TAG_LEN: usize = 16;

pub(crate) type PrivateKey = <Kem as hpke::Kem>::PrivateKey;
pub(crate) type PublicKey = <Kem as hpke::Kem>::PublicKey;

/// Encrypts `plaintext` to `recipient` (single shot, sequence number 0): `(enc, ciphertext)`.
pub(crate) fn seal(
    recipient: &PublicKey,
    info: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    rng: &mut SeededRng,
) -> Result<([u8; ENC_LEN], Vec<u8>), hpke::HpkeError> {
    let (enc, mut ctx) =
        hpke::setup_sender_with_rng::<Aead, Kdf, Kem>(&OpModeS::Base, recipient, info, rng)?;
    let ciphertext = ctx.seal(plaintext, aad)?;
    let mut enc_bytes = [0u8; ENC_LEN];
    enc_bytes.copy_from_slice(&enc.to_bytes());
    Ok((enc_bytes, ciphertext))
}

/// Decrypts what [`seal`] made, with the recipient's private key.
pub(crate) fn open(
    recipient: &PrivateKey,
    enc: &[u8; ENC_LEN],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, hpke::HpkeError> {
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(enc)?;
    let mut ctx = hpke::setup_receiver::<Aead, Kdf, Kem>(&OpModeR::Base, recipient, &enc, info)?;
    ctx.open(ciphertext, aad)
}

/// A key pair from 32 bytes of input keying material (RFC 9180 §7.1.3, DeriveKeyPair).
pub(crate) fn derive_keypair(ikm: &[u8]) -> (PrivateKey, PublicKey) {
    <Kem as hpke::Kem>::derive_keypair(ikm)
}

/// A private key from its 32 bytes (clamped, as RFC 9180 asks); any 32 bytes are a key.
pub(crate) fn private_from_bytes(bytes: &[u8]) -> Result<PrivateKey, hpke::HpkeError> {
    PrivateKey::from_bytes(bytes)
}

/// The public half of `private`.
pub(crate) fn public_of(private: &PrivateKey) -> PublicKey {
    <Kem as hpke::Kem>::sk_to_pk(private)
}

/// Like [`seal`], for a format whose associated data includes `enc` itself: `aad_of` is given
/// the encapsulated key once it is known and returns the associated data, which comes back with
/// the ciphertext: `(aad, ciphertext)`.
pub(crate) fn seal_binding_enc(
    recipient: &PublicKey,
    info: &[u8],
    aad_of: impl FnOnce(&[u8; ENC_LEN]) -> Vec<u8>,
    plaintext: &[u8],
    rng: &mut SeededRng,
) -> Result<(Vec<u8>, Vec<u8>), hpke::HpkeError> {
    let (enc, mut ctx) =
        hpke::setup_sender_with_rng::<Aead, Kdf, Kem>(&OpModeS::Base, recipient, info, rng)?;
    let mut enc_bytes = [0u8; ENC_LEN];
    enc_bytes.copy_from_slice(&enc.to_bytes());
    let aad = aad_of(&enc_bytes);
    let ciphertext = ctx.seal(plaintext, &aad)?;
    Ok((aad, ciphertext))
}

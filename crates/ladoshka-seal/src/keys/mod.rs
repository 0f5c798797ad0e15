//! The keys of both ends of sealed sync, their file forms, key ids and fingerprints.
//!
//! - The kiosk has a [`DeviceIdentity`]: an Ed25519 key pair (ring) that signs its bundles. Its
//!   PKCS#8 bytes are kept inside the kiosk's encrypted database. It also has
//!   [`DeviceKemKeys`]: an X25519 key pair that the centre's configuration packages are sealed
//!   to (`kem.rs`).
//! - The centre has [`CentreKeys`]: an X25519 key pair that bundles are sealed to (HPKE) and an
//!   Ed25519 key pair that signs acknowledgements. The private part lives in a key file (or a
//!   systemd credential); the public part, [`CentrePublicKey`], is what a kiosk is given.
//! - A key id is the first 8 bytes of SHA-256 of the public key bytes; a fingerprint is the same
//!   digest in hex, in groups of four, for a person to compare on two screens.

use std::fmt;

use hpke::{Deserializable, Serializable};
use ring::digest;
use ring::signature::{self, Ed25519KeyPair, KeyPair};
use zeroize::{Zeroize, Zeroizing};

use crate::rng::{self, RandomnessError};
use crate::suite;
use crate::wire::Reader;

mod kem;

pub use kem::{DeviceKemKeys, DeviceKemPublicKey, DEVICE_KEM_PRIVATE_LEN};

/// First 8 bytes of SHA-256 of a public key's bytes; names a key in headers and acknowledgements.
pub type KeyId = [u8; 8];

/// Length of an Ed25519 public key.
pub const ED25519_PUBLIC_LEN: usize = 32;
/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// Length of an X25519 public key.
pub const X25519_PUBLIC_LEN: usize = 32;

const PUBLIC_MAGIC: [u8; 4] = *b"LDSP";
const PUBLIC_VERSION: u16 = 1;
/// Length of a [`CentrePublicKey`] in its byte form.
pub const CENTRE_PUBLIC_KEY_LEN: usize = 4 + 2 + X25519_PUBLIC_LEN + ED25519_PUBLIC_LEN;

const KEY_FILE_MAGIC: [u8; 4] = *b"LDSK";
const KEY_FILE_VERSION: u16 = 1;
const X25519_PRIVATE_LEN: usize = 32;

/// Why a key could not be made, read or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Randomness(#[from] RandomnessError),

    #[error(
        "the {what} is not a usable Ed25519 PKCS#8 key ({reason}): it is damaged or is not a \
         Ladoshka key; restore it from its backup, or make a new one and enrol again"
    )]
    Ed25519Rejected { what: &'static str, reason: String },

    #[error(
        "the {what} is {found} bytes long, expected {expected}: it is damaged or cut short; \
         copy it again from its source"
    )]
    WrongLength {
        what: &'static str,
        expected: usize,
        found: usize,
    },

    #[error(
        "this is not a Ladoshka {what} (it does not start with {expected:?}); \
         check that the right file was given"
    )]
    BadMagic {
        what: &'static str,
        expected: &'static str,
    },

    #[error(
        "{what} format version {found} is not known to this build (it reads version {known}); \
         update Ladoshka on this side"
    )]
    UnknownVersion {
        what: &'static str,
        found: u16,
        known: u16,
    },

    #[error("the {what} is not valid hexadecimal text ({reason}); copy it again from its source")]
    BadHex { what: &'static str, reason: String },
}

/// `SHA-256(bytes)[..8]`.
pub fn key_id_of(public_key_bytes: &[u8]) -> KeyId {
    let digest = digest::digest(&digest::SHA256, public_key_bytes);
    let mut id = [0u8; 8];
    id.copy_from_slice(&digest.as_ref()[..8]);
    id
}

/// The whole SHA-256 of the public key bytes in hex, in 16 groups of four:
/// `ab12 cd34 … (16 groups)`. The first four groups are the key id.
pub fn fingerprint_of(public_key_bytes: &[u8]) -> String {
    group_hex(digest::digest(&digest::SHA256, public_key_bytes).as_ref())
}

/// The first 64 bits of [`fingerprint_of`] (the key id), `ab12 cd34 ef56 7890`: short enough
/// to read aloud; the full fingerprint is the one to compare where the screen has room.
pub fn short_fingerprint_of(public_key_bytes: &[u8]) -> String {
    group_hex(&key_id_of(public_key_bytes))
}

/// Whether `typed` names `fingerprint` (see [`CentrePublicKey::matches_fingerprint`]).
pub fn fingerprint_matches(fingerprint: &str, typed: &str) -> bool {
    let digits: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | ':'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let full: String = fingerprint.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() >= 16 && digits.chars().all(|c| c.is_ascii_hexdigit()) && full.starts_with(&digits)
}

/// Hex in groups of four digits, separated by spaces.
pub fn group_hex(bytes: &[u8]) -> String {
    let hex = hex::encode(bytes);
    let groups: Vec<&str> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    groups.join(" ")
}

fn ed25519_pair(what: &'static str, pkcs8: &[u8]) -> Result<Ed25519KeyPair, KeyError> {
    Ed25519KeyPair::from_pkcs8(pkcs8).map_err(|e| KeyError::Ed25519Rejected {
        what,
        reason: e.to_string(),
    })
}

fn new_ed25519_pkcs8() -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let doc = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
        .map_err(|_| RandomnessError)?;
    Ok(Zeroizing::new(doc.as_ref().to_vec()))
}

fn verify_ed25519(public: &[u8; 32], message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
    signature::UnparsedPublicKey::new(&signature::ED25519, public)
        .verify(message, signature)
        .is_ok()
}

fn sign_ed25519(pair: &Ed25519KeyPair, message: &[u8]) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    out.copy_from_slice(pair.sign(message).as_ref());
    out
}

fn public_of(pair: &Ed25519KeyPair) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(pair.public_key().as_ref());
    out
}

fn from_hex_exact<const N: usize>(what: &'static str, text: &str) -> Result<[u8; N], KeyError> {
    let bytes = hex::decode(text.trim()).map_err(|e| KeyError::BadHex {
        what,
        reason: e.to_string(),
    })?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| KeyError::WrongLength {
            what,
            expected: N,
            found: bytes.len(),
        })
}

// ---------------------------------------------------------------------------------------------
// The kiosk

/// The kiosk's signing key (Ed25519). Only the kiosk holds it; it never leaves the kiosk.
pub struct DeviceIdentity {
    pkcs8: Zeroizing<Vec<u8>>,
    pair: Ed25519KeyPair,
}

impl DeviceIdentity {
    /// A new key pair from the system's random generator.
    pub fn generate() -> Result<Self, KeyError> {
        Self::from_pkcs8(&new_ed25519_pkcs8()?)
    }

    /// Reads back what [`DeviceIdentity::pkcs8`] gave (PKCS#8 v2, as ring writes it).
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, KeyError> {
        let pair = ed25519_pair("device key", pkcs8)?;
        Ok(Self {
            pkcs8: Zeroizing::new(pkcs8.to_vec()),
            pair,
        })
    }

    /// The private key as PKCS#8 bytes, to keep inside the kiosk's encrypted database.
    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The public half, given to the centre at enrolment.
    pub fn public_key(&self) -> DevicePublicKey {
        DevicePublicKey(public_of(&self.pair))
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        sign_ed25519(&self.pair, message)
    }
}

impl fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceIdentity")
            .field("key_id", &hex::encode(self.public_key().key_id()))
            .finish_non_exhaustive()
    }
}

/// A kiosk's Ed25519 public key, as the centre keeps it for each enrolled device.
/// In JSON it is 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DevicePublicKey([u8; ED25519_PUBLIC_LEN]);

impl DevicePublicKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        bytes
            .try_into()
            .map(Self)
            .map_err(|_| KeyError::WrongLength {
                what: "device public key",
                expected: ED25519_PUBLIC_LEN,
                found: bytes.len(),
            })
    }

    pub fn as_bytes(&self) -> &[u8; ED25519_PUBLIC_LEN] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        from_hex_exact("device public key", text).map(Self)
    }

    pub fn key_id(&self) -> KeyId {
        key_id_of(&self.0)
    }

    /// All 256 bits, in groups of four hex digits.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.0)
    }

    /// The first 64 bits, `ab12 cd34 ef56 7890`.
    pub fn short_fingerprint(&self) -> String {
        short_fingerprint_of(&self.0)
    }

    /// Whether `signature` is this key's signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
        verify_ed25519(&self.0, message, signature)
    }
}

impl fmt::Debug for DevicePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DevicePublicKey({})", self.to_hex())
    }
}

impl TryFrom<String> for DevicePublicKey {
    type Error = KeyError;
    fn try_from(text: String) -> Result<Self, KeyError> {
        Self::from_hex(&text)
    }
}

impl From<DevicePublicKey> for String {
    fn from(key: DevicePublicKey) -> String {
        key.to_hex()
    }
}

// ---------------------------------------------------------------------------------------------
// The centre

/// The centre's private keys: X25519 for opening bundles, Ed25519 for signing acknowledgements.
/// Only the centre holds them. There is no way to make one from a [`CentrePublicKey`].
pub struct CentreKeys {
    hpke_private: suite::PrivateKey,
    hpke_public: suite::PublicKey,
    signing_pkcs8: Zeroizing<Vec<u8>>,
    signing: Ed25519KeyPair,
}

impl CentreKeys {
    /// New key pairs from the system's random generator.
    pub fn generate() -> Result<Self, KeyError> {
        // RFC 9180 §7.1.3: DeriveKeyPair from 32 random bytes; the bytes come from ring.
        let ikm = rng::random_bytes::<32>()?;
        let (hpke_private, hpke_public) = <suite::Kem as hpke::Kem>::derive_keypair(ikm.as_ref());
        let signing_pkcs8 = new_ed25519_pkcs8()?;
        let signing = ed25519_pair("centre signing key", &signing_pkcs8)?;
        Ok(Self {
            hpke_private,
            hpke_public,
            signing_pkcs8,
            signing,
        })
    }

    /// The key file: `"LDSK"`, version (u16), the X25519 private key (32 bytes), the length of
    /// the Ed25519 PKCS#8 document (u16) and the document. Keep it readable by the receiver only.
    pub fn to_key_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut x25519 = self.hpke_private.to_bytes();
        let mut out = Zeroizing::new(Vec::with_capacity(
            4 + 2 + X25519_PRIVATE_LEN + 2 + self.signing_pkcs8.len(),
        ));
        out.extend_from_slice(&KEY_FILE_MAGIC);
        out.extend_from_slice(&KEY_FILE_VERSION.to_be_bytes());
        out.extend_from_slice(&x25519);
        x25519.as_mut_slice().zeroize();
        // A PKCS#8 document of an Ed25519 key is under 100 bytes.
        let len = u16::try_from(self.signing_pkcs8.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&self.signing_pkcs8);
        out
    }

    /// Reads a key file written by [`CentreKeys::to_key_file_bytes`]; refuses anything else.
    pub fn from_key_file_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        const WHAT: &str = "centre key file";
        let short = |expected| KeyError::WrongLength {
            what: WHAT,
            expected,
            found: bytes.len(),
        };
        let mut r = Reader::new(bytes);
        let magic: [u8; 4] = r.array().ok_or(short(4))?;
        if magic != KEY_FILE_MAGIC {
            return Err(KeyError::BadMagic {
                what: WHAT,
                expected: "LDSK",
            });
        }
        let version = r.u16().ok_or(short(6))?;
        if version != KEY_FILE_VERSION {
            return Err(KeyError::UnknownVersion {
                what: WHAT,
                found: version,
                known: KEY_FILE_VERSION,
            });
        }
        let x25519 = r
            .take(X25519_PRIVATE_LEN)
            .ok_or(short(6 + X25519_PRIVATE_LEN))?;
        let pkcs8_len = usize::from(r.u16().ok_or(short(8 + X25519_PRIVATE_LEN))?);
        let expected = 8 + X25519_PRIVATE_LEN + pkcs8_len;
        if bytes.len() != expected {
            return Err(short(expected));
        }
        let pkcs8 = r.take(pkcs8_len).ok_or(short(expected))?;
        let hpke_private = suite::PrivateKey::from_bytes(x25519).map_err(|_| short(expected))?;
        let hpke_public = <suite::Kem as hpke::Kem>::sk_to_pk(&hpke_private);
        let signing = ed25519_pair("centre signing key", pkcs8)?;
        Ok(Self {
            hpke_private,
            hpke_public,
            signing_pkcs8: Zeroizing::new(pkcs8.to_vec()),
            signing,
        })
    }

    /// The public half, to give to kiosks (enrolment or a key file).
    pub fn public_key(&self) -> CentrePublicKey {
        let mut x25519 = [0u8; X25519_PUBLIC_LEN];
        x25519.copy_from_slice(&self.hpke_public.to_bytes());
        CentrePublicKey {
            x25519,
            ed25519: public_of(&self.signing),
        }
    }

    pub(crate) fn hpke_private(&self) -> &suite::PrivateKey {
        &self.hpke_private
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        sign_ed25519(&self.signing, message)
    }
}

impl fmt::Debug for CentreKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CentreKeys")
            .field("key_id", &hex::encode(self.public_key().key_id()))
            .finish_non_exhaustive()
    }
}

/// What a kiosk knows of its centre: the X25519 key it seals bundles to and the Ed25519 key
/// that signs acknowledgements. Byte form: `"LDSP"`, version (u16), X25519 public key (32),
/// Ed25519 public key (32); in JSON, that form in hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CentrePublicKey {
    x25519: [u8; X25519_PUBLIC_LEN],
    ed25519: [u8; ED25519_PUBLIC_LEN],
}

impl CentrePublicKey {
    pub fn to_bytes(&self) -> [u8; CENTRE_PUBLIC_KEY_LEN] {
        let mut out = [0u8; CENTRE_PUBLIC_KEY_LEN];
        out[..4].copy_from_slice(&PUBLIC_MAGIC);
        out[4..6].copy_from_slice(&PUBLIC_VERSION.to_be_bytes());
        out[6..38].copy_from_slice(&self.x25519);
        out[38..].copy_from_slice(&self.ed25519);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        const WHAT: &str = "centre public key";
        let wrong_length = KeyError::WrongLength {
            what: WHAT,
            expected: CENTRE_PUBLIC_KEY_LEN,
            found: bytes.len(),
        };
        let mut r = Reader::new(bytes);
        let magic: [u8; 4] = r.array().ok_or(wrong_length.clone())?;
        if magic != PUBLIC_MAGIC {
            return Err(KeyError::BadMagic {
                what: WHAT,
                expected: "LDSP",
            });
        }
        let version = r.u16().ok_or(wrong_length.clone())?;
        if version != PUBLIC_VERSION {
            return Err(KeyError::UnknownVersion {
                what: WHAT,
                found: version,
                known: PUBLIC_VERSION,
            });
        }
        if bytes.len() != CENTRE_PUBLIC_KEY_LEN {
            return Err(wrong_length);
        }
        let x25519 = r.array().ok_or(wrong_length.clone())?;
        let ed25519 = r.array().ok_or(wrong_length)?;
        Ok(Self { x25519, ed25519 })
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.to_bytes())
    }

    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let bytes: [u8; CENTRE_PUBLIC_KEY_LEN] = from_hex_exact("centre public key", text)?;
        Self::from_bytes(&bytes)
    }

    /// The 64 bytes the key id and fingerprint are computed over: X25519 key ‖ Ed25519 key.
    pub fn key_bytes(&self) -> [u8; X25519_PUBLIC_LEN + ED25519_PUBLIC_LEN] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.x25519);
        out[32..].copy_from_slice(&self.ed25519);
        out
    }

    pub fn key_id(&self) -> KeyId {
        key_id_of(&self.key_bytes())
    }

    /// All 256 bits, in groups of four hex digits.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.key_bytes())
    }

    /// The first 64 bits, `ab12 cd34 ef56 7890`.
    pub fn short_fingerprint(&self) -> String {
        short_fingerprint_of(&self.key_bytes())
    }

    /// Whether `typed` is this key's fingerprint as a person copied it: the full one or at least
    /// its first 16 hex digits (the short fingerprint), with any spaces, dashes or colons, in
    /// either case.
    pub fn matches_fingerprint(&self, typed: &str) -> bool {
        fingerprint_matches(&self.fingerprint(), typed)
    }

    pub fn x25519(&self) -> &[u8; X25519_PUBLIC_LEN] {
        &self.x25519
    }

    pub fn ed25519(&self) -> &[u8; ED25519_PUBLIC_LEN] {
        &self.ed25519
    }

    pub(crate) fn hpke_public(&self) -> Result<suite::PublicKey, hpke::HpkeError> {
        suite::PublicKey::from_bytes(&self.x25519)
    }

    /// Whether `signature` is the centre's signature of `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8; SIGNATURE_LEN]) -> bool {
        verify_ed25519(&self.ed25519, message, signature)
    }
}

impl fmt::Debug for CentrePublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CentrePublicKey({})", self.to_hex())
    }
}

impl TryFrom<String> for CentrePublicKey {
    type Error = KeyError;
    fn try_from(text: String) -> Result<Self, KeyError> {
        Self::from_hex(&text)
    }
}

impl From<CentrePublicKey> for String {
    fn from(key: CentrePublicKey) -> String {
        key.to_hex()
    }
}

#[cfg(test)]
mod tests;

//! The centre's configuration package for one kiosk: encrypted to the kiosk, signed by the centre.
//!
//! Bundles carry a kiosk's rows up; a configuration package carries the centre's settings down
//! (instrument definitions, route templates, rental kinds, the legal name, the staff roster,
//! revocations, erasure orders, the КЦСОН's family roster). It holds personal data and may travel
//! on a USB stick, so its payload is sealed with HPKE to the kiosk's own X25519 key
//! ([`crate::DeviceKemPublicKey`]) and the whole package is signed by the centre's Ed25519 key:
//!
//! ```text
//! "LDSC" ‖ version (u16) ‖ centre key id (8) ‖ device id (16) ‖ serial (u64)
//!        ‖ issued at, Unix seconds (i64) ‖ enc (32) ‖ ciphertext length (u32)
//!        ‖ ciphertext ‖ signature (64)
//! ```
//!
//! The first [`CONFIG_HEADER_LEN`] bytes are the header, which is also the AEAD's associated
//! data; the signature covers every byte before it. The payload is opaque here (the centre puts
//! JSON in it). [`ConfigPackage::open`] checks the form, the centre, the signature, the device and
//! the serial before the kiosk's private key touches anything (see `open.rs`).

mod open;
mod refusal;
mod registration;
mod request;
mod seal;
#[cfg(test)]
mod tests;

pub use open::OpenedConfig;
pub use refusal::{ConfigError, ConfigRefusal};
pub use registration::DeviceKemRegistration;
pub use request::ConfigRequest;

use crate::header::DeviceId;
use crate::keys::{KeyId, SIGNATURE_LEN};
use crate::suite::{ENC_LEN, TAG_LEN};
use crate::wire::Reader;

/// The magic bytes a configuration package starts with.
pub const CONFIG_MAGIC: [u8; 4] = *b"LDSC";
/// The only configuration package format version this build writes and reads.
pub const CONFIG_FORMAT_VERSION: u16 = 1;
/// HPKE `info`: binds every package's key schedule to this protocol and version, apart from
/// bundles' (`ladoshka bundle v1`).
pub const CONFIG_HPKE_INFO: &[u8] = b"ladoshka config v1";
/// Length of the header, from the magic to the ciphertext length: the associated data.
pub const CONFIG_HEADER_LEN: usize = 4 + 2 + 8 + 16 + 8 + 8 + ENC_LEN + 4;
/// The largest payload a package may carry: 16 MiB.
pub const MAX_CONFIG_PAYLOAD: usize = 16 << 20;
/// The largest package a kiosk reads: the largest payload, its tag, header and signature.
pub const MAX_CONFIG_PACKAGE_LEN: usize =
    CONFIG_HEADER_LEN + MAX_CONFIG_PAYLOAD + TAG_LEN + SIGNATURE_LEN;

/// What a package says about itself, readable before anything is verified or decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConfigHeader {
    pub format_version: u16,
    /// [`crate::CentrePublicKey::key_id`] of the centre that signed it.
    pub centre_key_id: KeyId,
    /// The kiosk it is sealed to.
    pub device_id: DeviceId,
    /// The centre's configuration serial; a kiosk applies only a higher one than it runs.
    pub serial: u64,
    pub issued_at_unix: i64,
    /// Length of the ciphertext: the payload and its 16-byte tag.
    pub ciphertext_len: u32,
}

impl ConfigHeader {
    /// The whole package's length as its header declares it.
    pub fn package_len(&self) -> usize {
        self.ciphertext_len_usize()
            .saturating_add(CONFIG_HEADER_LEN + SIGNATURE_LEN)
    }

    // A u32 always fits in usize on the 32- and 64-bit targets Ladoshka runs on; saturate anyway.
    fn ciphertext_len_usize(&self) -> usize {
        usize::try_from(self.ciphertext_len).unwrap_or(usize::MAX)
    }

    /// The header's bytes, with `enc`: the associated data and the start of the signed bytes.
    pub(crate) fn encode(&self, enc: &[u8; ENC_LEN]) -> Vec<u8> {
        let mut out = Vec::with_capacity(CONFIG_HEADER_LEN);
        out.extend_from_slice(&CONFIG_MAGIC);
        out.extend_from_slice(&self.format_version.to_be_bytes());
        out.extend_from_slice(&self.centre_key_id);
        out.extend_from_slice(&self.device_id);
        out.extend_from_slice(&self.serial.to_be_bytes());
        out.extend_from_slice(&self.issued_at_unix.to_be_bytes());
        out.extend_from_slice(enc);
        out.extend_from_slice(&self.ciphertext_len.to_be_bytes());
        out
    }
}

/// A package whose form is right; nothing in it is verified yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPackage<'a> {
    header: ConfigHeader,
    bytes: &'a [u8],
    enc: [u8; ENC_LEN],
    ciphertext: &'a [u8],
    signature: [u8; SIGNATURE_LEN],
}

impl<'a> ConfigPackage<'a> {
    /// Reads the header from the first [`CONFIG_HEADER_LEN`] bytes, ignoring whatever follows,
    /// and verifies nothing: enough for a USB import to pick the package of this device out of a
    /// folder (and to know, from [`ConfigHeader::package_len`], how much more to read).
    pub fn peek(bytes: &[u8]) -> Result<ConfigHeader, ConfigRefusal> {
        read_header(&mut Reader::new(bytes)).map(|(header, _)| header)
    }

    /// Checks the form of a whole package: at most [`MAX_CONFIG_PACKAGE_LEN`] bytes, exactly as
    /// long as its header says. Verifies nothing; never panics.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ConfigRefusal> {
        if bytes.len() > MAX_CONFIG_PACKAGE_LEN {
            return Err(ConfigRefusal::TooLarge {
                len: bytes.len(),
                max: MAX_CONFIG_PACKAGE_LEN,
            });
        }
        let mut r = Reader::new(bytes);
        let (header, enc) = read_header(&mut r)?;
        let ciphertext = field_slice(&mut r, "ciphertext", header.ciphertext_len_usize())?;
        let signature: [u8; SIGNATURE_LEN] = field(&mut r, "signature")?;
        match r.remaining() {
            0 => Ok(Self {
                header,
                bytes,
                enc,
                ciphertext,
                signature,
            }),
            count => Err(ConfigRefusal::TrailingBytes { count }),
        }
    }

    /// The header as read; unverified until [`ConfigPackage::open`] succeeds.
    pub fn header(&self) -> &ConfigHeader {
        &self.header
    }

    /// The header's bytes: the AEAD's associated data.
    pub(crate) fn header_bytes(&self) -> &'a [u8] {
        &self.bytes[..CONFIG_HEADER_LEN]
    }

    /// Everything the signature covers: all bytes before it.
    pub(crate) fn signed_bytes(&self) -> &'a [u8] {
        &self.bytes[..self.bytes.len() - SIGNATURE_LEN]
    }
}

fn field<const N: usize>(
    r: &mut Reader<'_>,
    field: &'static str,
) -> Result<[u8; N], ConfigRefusal> {
    let available = r.remaining();
    r.array().ok_or(ConfigRefusal::Truncated {
        field,
        needed: N,
        available,
    })
}

fn field_slice<'a>(
    r: &mut Reader<'a>,
    field: &'static str,
    n: usize,
) -> Result<&'a [u8], ConfigRefusal> {
    let available = r.remaining();
    r.take(n).ok_or(ConfigRefusal::Truncated {
        field,
        needed: n,
        available,
    })
}

/// Reads the header strictly: magic, then version, then the fields; refuses a ciphertext
/// shorter than its tag or longer than the largest payload allows, before any of it is read.
fn read_header(r: &mut Reader<'_>) -> Result<(ConfigHeader, [u8; ENC_LEN]), ConfigRefusal> {
    let magic: [u8; 4] = field(r, "magic")?;
    if magic != CONFIG_MAGIC {
        return Err(ConfigRefusal::BadMagic { found: magic });
    }
    let format_version = u16::from_be_bytes(field(r, "format version")?);
    if format_version != CONFIG_FORMAT_VERSION {
        return Err(ConfigRefusal::UnknownVersion {
            found: format_version,
            known: CONFIG_FORMAT_VERSION,
        });
    }
    let centre_key_id = field(r, "centre key id")?;
    let device_id = field(r, "device id")?;
    let serial = u64::from_be_bytes(field(r, "serial")?);
    let issued_at_unix = i64::from_be_bytes(field(r, "issue time")?);
    let enc = field(r, "encapsulated key")?;
    let ciphertext_len = u32::from_be_bytes(field(r, "ciphertext length")?);
    let header = ConfigHeader {
        format_version,
        centre_key_id,
        device_id,
        serial,
        issued_at_unix,
        ciphertext_len,
    };
    if header.ciphertext_len_usize() < TAG_LEN {
        return Err(ConfigRefusal::CiphertextTooShort {
            len: header.ciphertext_len_usize(),
        });
    }
    if header.package_len() > MAX_CONFIG_PACKAGE_LEN {
        return Err(ConfigRefusal::TooLarge {
            len: header.package_len(),
            max: MAX_CONFIG_PACKAGE_LEN,
        });
    }
    Ok((header, enc))
}

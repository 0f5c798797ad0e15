//! The sealed bundle on the wire, and its strict parser.
//!
//! ```text
//! header (102) ‖ enc (32) ‖ ciphertext length (u32, big-endian) ‖ ciphertext ‖ signature (64)
//! ```
//!
//! The signature is Ed25519 over every byte before it. [`parse`] checks only the form; it
//! verifies nothing and decrypts nothing (that is [`crate::open()`]). It refuses an oversized
//! input before reading any of it, and never panics, whatever the bytes.

use ring::digest;

use crate::header::{BundleHeader, HEADER_LEN};
use crate::keys::SIGNATURE_LEN;
use crate::suite::{ENC_LEN, TAG_LEN};
use crate::wire::{ParseError, Reader};

/// Length of the ciphertext length field.
pub const LENGTH_LEN: usize = 4;
/// The shortest possible bundle: an empty payload still has its 16-byte tag.
pub const MIN_BUNDLE_LEN: usize = HEADER_LEN + ENC_LEN + LENGTH_LEN + TAG_LEN + SIGNATURE_LEN;
/// Bytes a bundle has besides its ciphertext.
pub const OVERHEAD_LEN: usize = HEADER_LEN + ENC_LEN + LENGTH_LEN + SIGNATURE_LEN;

/// How many leading bytes [`parse_prefix`] needs: header, `enc` and the ciphertext length.
pub const PREFIX_LEN: usize = HEADER_LEN + ENC_LEN + LENGTH_LEN;

/// Reads the first [`PREFIX_LEN`] bytes of a bundle still arriving: its header and the whole
/// bundle's length as the length field declares it (refused when over `max_len`). The centre
/// checks the header with [`crate::precheck`] before it reads, or keeps, any more of an upload.
pub fn parse_prefix(bytes: &[u8], max_len: usize) -> Result<(BundleHeader, usize), ParseError> {
    let mut r = Reader::new(bytes);
    let header = BundleHeader::read(&mut r)?;
    let _enc: [u8; ENC_LEN] = r.field("encapsulated key")?;
    let declared = u32::from_be_bytes(r.field("ciphertext length")?);
    let ct_len = usize::try_from(declared).unwrap_or(usize::MAX);
    if ct_len < TAG_LEN {
        return Err(ParseError::CiphertextTooShort { len: ct_len });
    }
    let total = ct_len.saturating_add(OVERHEAD_LEN);
    if total > max_len {
        return Err(ParseError::Oversized {
            len: total,
            max: max_len,
        });
    }
    Ok((header, total))
}

/// A bundle whose form is right; nothing in it is verified yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedBundle<'a> {
    header: BundleHeader,
    bytes: &'a [u8],
    enc: [u8; ENC_LEN],
    ciphertext: &'a [u8],
    signature: [u8; SIGNATURE_LEN],
}

impl<'a> ParsedBundle<'a> {
    /// The header as read; unverified until [`crate::open()`] succeeds.
    pub fn header(&self) -> &BundleHeader {
        &self.header
    }

    /// The whole bundle's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The header's bytes: the AEAD's associated data.
    pub fn header_bytes(&self) -> &'a [u8] {
        &self.bytes[..HEADER_LEN]
    }

    /// Everything the signature covers: all bytes before it.
    pub fn signed_bytes(&self) -> &'a [u8] {
        &self.bytes[..self.bytes.len() - SIGNATURE_LEN]
    }

    pub fn enc(&self) -> &[u8; ENC_LEN] {
        &self.enc
    }

    pub fn ciphertext(&self) -> &'a [u8] {
        self.ciphertext
    }

    pub fn signature(&self) -> &[u8; SIGNATURE_LEN] {
        &self.signature
    }

    /// SHA-256 of the whole bundle: what the next bundle's `prev_bundle_hash` holds.
    pub fn hash(&self) -> [u8; 32] {
        bundle_hash(self.bytes)
    }
}

/// SHA-256 of a sealed bundle's bytes.
pub fn bundle_hash(bundle: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, bundle).as_ref());
    out
}

/// Checks the form of a sealed bundle of at most `max_len` bytes.
pub fn parse(bytes: &[u8], max_len: usize) -> Result<ParsedBundle<'_>, ParseError> {
    if bytes.len() > max_len {
        return Err(ParseError::Oversized {
            len: bytes.len(),
            max: max_len,
        });
    }
    let mut r = Reader::new(bytes);
    let header = BundleHeader::read(&mut r)?;
    let enc: [u8; ENC_LEN] = r.field("encapsulated key")?;
    let declared = u32::from_be_bytes(r.field("ciphertext length")?);
    // A u32 always fits in usize on the 32- and 64-bit targets Ladoshka runs on; saturate anyway.
    let ct_len = usize::try_from(declared).unwrap_or(usize::MAX);
    if ct_len < TAG_LEN {
        return Err(ParseError::CiphertextTooShort { len: ct_len });
    }
    let ciphertext = r.field_slice("ciphertext", ct_len)?;
    let signature: [u8; SIGNATURE_LEN] = r.field("signature")?;
    match r.remaining() {
        0 => Ok(ParsedBundle {
            header,
            bytes,
            enc,
            ciphertext,
            signature,
        }),
        count => Err(ParseError::TrailingBytes { count }),
    }
}

/// Writes the unsigned part of a bundle, `header ‖ enc ‖ length ‖ ciphertext`, leaving room for
/// the signature. `None` when the ciphertext is too long for its u32 length field.
pub(crate) fn write_unsigned(
    header: &[u8; HEADER_LEN],
    enc: &[u8; ENC_LEN],
    ciphertext: &[u8],
) -> Option<Vec<u8>> {
    let len = u32::try_from(ciphertext.len()).ok()?;
    let mut out = Vec::with_capacity(OVERHEAD_LEN + ciphertext.len());
    out.extend_from_slice(header);
    out.extend_from_slice(enc);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(ciphertext);
    Some(out)
}

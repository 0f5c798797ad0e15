//! The bundle header: who sealed which rows to whom, in a canonical binary form.
//!
//! The header's bytes are both the AEAD's associated data and under the device's signature, so
//! its encoding must be exactly one byte string per header: fixed-width big-endian fields, no
//! optional parts, no padding. Layout (102 bytes):
//!
//! | offset | length | field |
//! | --- | --- | --- |
//! | 0 | 4 | magic `"LDSB"` |
//! | 4 | 2 | format version (1) |
//! | 6 | 16 | device id |
//! | 22 | 8 | device key id |
//! | 30 | 8 | centre key id |
//! | 38 | 16 | bundle id |
//! | 54 | 8 | first sequence number |
//! | 62 | 8 | last sequence number |
//! | 70 | 32 | SHA-256 of the previous bundle (zeros for the first) |

use crate::keys::{CentrePublicKey, DevicePublicKey, KeyId};
use crate::wire::{ParseError, Reader};

/// The magic bytes a bundle starts with.
pub const MAGIC: [u8; 4] = *b"LDSB";
/// The only format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// Length of an encoded header.
pub const HEADER_LEN: usize = 4 + 2 + 16 + 8 + 8 + 16 + 8 + 8 + 32;

/// A kiosk's id, chosen at random when it is first set up.
pub type DeviceId = [u8; 16];
/// A bundle's id, chosen at random when it is sealed.
pub type BundleId = [u8; 16];

/// What a bundle says about itself, readable before anything is verified or decrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BundleHeader {
    pub format_version: u16,
    pub device_id: DeviceId,
    pub device_key_id: KeyId,
    pub centre_key_id: KeyId,
    pub bundle_id: BundleId,
    pub first_seq: u64,
    pub last_seq: u64,
    pub prev_bundle_hash: [u8; 32],
}

impl BundleHeader {
    /// A header of the current format version for rows `first_seq..=last_seq`, with the key ids
    /// taken from the keys themselves. Refuses `first_seq > last_seq`.
    pub fn new(
        device_id: DeviceId,
        bundle_id: BundleId,
        first_seq: u64,
        last_seq: u64,
        prev_bundle_hash: [u8; 32],
        device: &DevicePublicKey,
        centre: &CentrePublicKey,
    ) -> Result<Self, ParseError> {
        if first_seq > last_seq {
            return Err(ParseError::FirstAfterLast {
                first: first_seq,
                last: last_seq,
            });
        }
        Ok(Self {
            format_version: FORMAT_VERSION,
            device_id,
            device_key_id: device.key_id(),
            centre_key_id: centre.key_id(),
            bundle_id,
            first_seq,
            last_seq,
            prev_bundle_hash,
        })
    }

    /// The canonical bytes (see the module's table).
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            out[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(&MAGIC);
        put(&self.format_version.to_be_bytes());
        put(&self.device_id);
        put(&self.device_key_id);
        put(&self.centre_key_id);
        put(&self.bundle_id);
        put(&self.first_seq.to_be_bytes());
        put(&self.last_seq.to_be_bytes());
        put(&self.prev_bundle_hash);
        out
    }

    /// Reads exactly [`HEADER_LEN`] bytes and refuses a header this build does not accept.
    pub fn decode(bytes: &[u8]) -> Result<Self, ParseError> {
        let mut r = Reader::new(bytes);
        let header = Self::read(&mut r)?;
        match r.remaining() {
            0 => Ok(header),
            count => Err(ParseError::TrailingBytes { count }),
        }
    }

    /// Reads a header from the front of `r`.
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, ParseError> {
        let magic: [u8; 4] = r.field("magic")?;
        if magic != MAGIC {
            return Err(ParseError::BadMagic { found: magic });
        }
        let format_version = u16::from_be_bytes(r.field("format version")?);
        if format_version != FORMAT_VERSION {
            return Err(ParseError::UnknownVersion {
                found: format_version,
                known: FORMAT_VERSION,
            });
        }
        let header = Self {
            format_version,
            device_id: r.field("device id")?,
            device_key_id: r.field("device key id")?,
            centre_key_id: r.field("centre key id")?,
            bundle_id: r.field("bundle id")?,
            first_seq: u64::from_be_bytes(r.field("first sequence number")?),
            last_seq: u64::from_be_bytes(r.field("last sequence number")?),
            prev_bundle_hash: r.field("previous bundle hash")?,
        };
        if header.first_seq > header.last_seq {
            return Err(ParseError::FirstAfterLast {
                first: header.first_seq,
                last: header.last_seq,
            });
        }
        Ok(header)
    }

    /// How many outbox rows the bundle carries (`last_seq - first_seq + 1`), saturating.
    pub fn row_count(&self) -> u64 {
        self.last_seq
            .saturating_sub(self.first_seq)
            .saturating_add(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BundleHeader {
        BundleHeader {
            format_version: FORMAT_VERSION,
            device_id: [1; 16],
            device_key_id: [2; 8],
            centre_key_id: [3; 8],
            bundle_id: [4; 16],
            first_seq: 0x0102_0304_0506_0708,
            last_seq: 0x0102_0304_0506_0709,
            prev_bundle_hash: [5; 32],
        }
    }

    #[test]
    fn encoding_is_fixed_width_big_endian() {
        let bytes = sample().encode();
        assert_eq!(HEADER_LEN, 102);
        assert_eq!(&bytes[..4], b"LDSB");
        assert_eq!(&bytes[4..6], &[0, 1]);
        assert_eq!(&bytes[6..22], &[1; 16]);
        assert_eq!(&bytes[22..30], &[2; 8]);
        assert_eq!(&bytes[30..38], &[3; 8]);
        assert_eq!(&bytes[38..54], &[4; 16]);
        assert_eq!(&bytes[54..62], &[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(&bytes[62..70], &[1, 2, 3, 4, 5, 6, 7, 9]);
        assert_eq!(&bytes[70..], &[5; 32]);
        assert_eq!(BundleHeader::decode(&bytes).unwrap(), sample());
    }

    #[test]
    fn decode_refuses_each_kind_of_bad_header() {
        let good = sample().encode();
        for len in 0..HEADER_LEN {
            assert!(
                matches!(
                    BundleHeader::decode(&good[..len]),
                    Err(ParseError::Truncated { .. })
                ),
                "cut at {len}"
            );
        }
        let mut b = good;
        b[0] = b'X';
        assert_eq!(
            BundleHeader::decode(&b),
            Err(ParseError::BadMagic { found: *b"XDSB" })
        );
        let mut b = good;
        b[5] = 2;
        assert_eq!(
            BundleHeader::decode(&b),
            Err(ParseError::UnknownVersion { found: 2, known: 1 })
        );
        let mut h = sample();
        h.first_seq = h.last_seq + 1;
        assert!(matches!(
            BundleHeader::decode(&h.encode()),
            Err(ParseError::FirstAfterLast { .. })
        ));
        let mut longer = good.to_vec();
        longer.push(0);
        assert_eq!(
            BundleHeader::decode(&longer),
            Err(ParseError::TrailingBytes { count: 1 })
        );
    }

    #[test]
    fn row_count_saturates() {
        let mut h = sample();
        assert_eq!(h.row_count(), 2);
        h.first_seq = 0;
        h.last_seq = u64::MAX;
        assert_eq!(h.row_count(), u64::MAX);
    }
}

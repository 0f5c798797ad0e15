//! The centre's signed acknowledgement: "I hold every row of this device up to here, and the
//! last bundle I hold is the one with this hash".
//!
//! The kiosk keeps each sealed bundle until an acknowledgement it has verified covers it, and
//! takes it only when the hash is that of its own bundle ending at that sequence number: a kiosk
//! restored from an old copy of its database has different rows under the same numbers, and an
//! acknowledgement of the centre's chain must not mark them delivered. Byte form (142 bytes,
//! version 2), signed by the centre's Ed25519 key over everything before the signature:
//!
//! ```text
//! "LDSA" ‖ version (u16) ‖ centre key id (8) ‖ device id (16)
//!        ‖ highest contiguous seq (u64) ‖ SHA-256 of the last bundle held (32)
//!        ‖ issued at, Unix seconds (i64) ‖ signature (64)
//! ```
//!
//! `highest_contiguous_seq` is 0 and the hash all zeros while the centre holds no row of the
//! device (sequence numbers start at 1). Version 1 (110 bytes, no hash) is refused: it does not
//! say which chain it acknowledges.

use crate::header::DeviceId;
use crate::keys::{CentreKeys, CentrePublicKey, SIGNATURE_LEN};
use crate::wire::Reader;

const ACK_MAGIC: [u8; 4] = *b"LDSA";
/// The acknowledgement format this build writes and reads.
pub const ACK_VERSION: u16 = 2;
const SIGNED_LEN: usize = 4 + 2 + 8 + 16 + 8 + 32 + 8;
/// Length of a signed acknowledgement.
pub const ACK_LEN: usize = SIGNED_LEN + SIGNATURE_LEN;

/// What the centre acknowledges to one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ack {
    pub device_id: DeviceId,
    pub highest_contiguous_seq: u64,
    /// SHA-256 of the last bundle the centre holds from the device (the one ending at
    /// `highest_contiguous_seq`); zeros when it holds none.
    pub last_bundle_hash: [u8; 32],
    pub issued_at_unix: i64,
}

/// Why an acknowledgement was not accepted; the kiosk keeps its bundles and asks again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AckError {
    #[error(
        "the acknowledgement is {found} bytes, expected {expected}: \
         it was cut short or is something else; sync again"
    )]
    WrongLength { found: usize, expected: usize },

    #[error("this is not a Ladoshka acknowledgement (it does not start with \"LDSA\")")]
    BadMagic,

    #[error(
        "acknowledgement version {found} is not known to this build (it reads version {known}): \
         update whichever of the kiosk (ladoshka) and the centre (ladoshka-centre) is older"
    )]
    UnknownVersion { found: u16, known: u16 },

    #[error(
        "the acknowledgement was signed by centre key {found}, not by the centre this kiosk is \
         enrolled with ({ours}): it comes from another centre; check the sync address"
    )]
    OtherCentre { found: String, ours: String },

    #[error(
        "the acknowledgement's signature does not verify with the centre's key: it was altered \
         or forged; the bundles are kept and will be sent again"
    )]
    BadSignature,
}

impl Ack {
    fn signed_part(&self, centre_key_id: &[u8; 8]) -> [u8; SIGNED_LEN] {
        let mut out = [0u8; SIGNED_LEN];
        out[..4].copy_from_slice(&ACK_MAGIC);
        out[4..6].copy_from_slice(&ACK_VERSION.to_be_bytes());
        out[6..14].copy_from_slice(centre_key_id);
        out[14..30].copy_from_slice(&self.device_id);
        out[30..38].copy_from_slice(&self.highest_contiguous_seq.to_be_bytes());
        out[38..70].copy_from_slice(&self.last_bundle_hash);
        out[70..78].copy_from_slice(&self.issued_at_unix.to_be_bytes());
        out
    }

    /// The signed acknowledgement's bytes.
    pub fn sign(&self, centre: &CentreKeys) -> [u8; ACK_LEN] {
        let signed = self.signed_part(&centre.public_key().key_id());
        let mut out = [0u8; ACK_LEN];
        out[..SIGNED_LEN].copy_from_slice(&signed);
        out[SIGNED_LEN..].copy_from_slice(&centre.sign(&signed));
        out
    }

    /// Checks an acknowledgement against the centre's public key and reads it.
    /// The caller still checks that `device_id` is its own.
    pub fn verify(bytes: &[u8], centre: &CentrePublicKey) -> Result<Ack, AckError> {
        let wrong_length = AckError::WrongLength {
            found: bytes.len(),
            expected: ACK_LEN,
        };
        // Magic and version first, so an acknowledgement of another version says so.
        let mut r = Reader::new(bytes);
        let magic: [u8; 4] = r.array().ok_or(wrong_length.clone())?;
        if magic != ACK_MAGIC {
            return Err(AckError::BadMagic);
        }
        let version = r.u16().ok_or(wrong_length.clone())?;
        if version != ACK_VERSION {
            return Err(AckError::UnknownVersion {
                found: version,
                known: ACK_VERSION,
            });
        }
        if bytes.len() != ACK_LEN {
            return Err(wrong_length);
        }
        let key_id: [u8; 8] = r.array().ok_or(wrong_length.clone())?;
        let ours = centre.key_id();
        if key_id != ours {
            return Err(AckError::OtherCentre {
                found: hex::encode(key_id),
                ours: hex::encode(ours),
            });
        }
        let ack = Ack {
            device_id: r.array().ok_or(wrong_length.clone())?,
            highest_contiguous_seq: r.u64().ok_or(wrong_length.clone())?,
            last_bundle_hash: r.array().ok_or(wrong_length.clone())?,
            issued_at_unix: r.i64().ok_or(wrong_length.clone())?,
        };
        let signature: [u8; SIGNATURE_LEN] = r.array().ok_or(wrong_length)?;
        if !centre.verify(&bytes[..SIGNED_LEN], &signature) {
            return Err(AckError::BadSignature);
        }
        Ok(ack)
    }
}

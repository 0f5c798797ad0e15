//! The `kiosk_ack` harness: the kiosk's decision on an acknowledgement,
//! `ladoshka_seal::check_ack` (what the kiosk's `Store::apply_ack` calls), and `Ack::verify` and
//! `Ack::sign` under it. No centre and no store: the kiosk is the seed kiosk
//! ([`keys::SEED_KIOSK_ID`]) with a fixed chain, bundles ending at rows 10, 20 and 30
//! ([`chain`]).
//!
//! Every input is used twice:
//!
//! 1. As it is, as the bytes of an acknowledgement. The verdict must follow from what
//!    `Ack::verify` says of the bytes and from the chain ([`verdict`]). Bytes that verify must
//!    be exactly what `Ack::sign` with the fixed centre key writes for what they say: Ed25519 in
//!    ring is deterministic, so any other signature that verifies would be a malleability.
//! 2. Decoded ([`decode`]) into an acknowledgement's fields (device id, sequence number, hash,
//!    time), signed by the fixed centre or the other one, then perhaps damaged (a byte flipped,
//!    cut, lengthened, version 1). The verdict must be the model's exactly: the `AckError` the
//!    damage makes ([`unverified`]), else other device, never sealed, other chain, or taken.
//!
//! In both, the chain (`ours`) must be asked only for a verified acknowledgement of this
//! device with a sequence number above 0, and at most once; when the input says so, it fails,
//! and its error must come back as it is.

use std::cell::Cell;

use ladoshka_seal::{
    check_ack, Ack, AckError, AckMismatch, CentreKeys, DeviceId, ACK_LEN, ACK_VERSION,
};

use crate::keys::{self, SEED_KIOSK_ID};
use crate::script::Cursor;

/// A device that is not this kiosk.
pub const OTHER_DEVICE: DeviceId = *b"ladoshka-fuzz-K2";
/// Where this kiosk's bundles end.
pub const CHAIN_ENDS: [u64; 3] = [10, 20, 30];

/// The hash of this kiosk's bundle ending at `seq`, if one does.
pub fn chain(seq: u64) -> Option<[u8; 32]> {
    CHAIN_ENDS.contains(&seq).then(|| [0xC0 | seq as u8; 32])
}

/// The other centre's keys, read once.
pub fn other_centre() -> &'static CentreKeys {
    static OTHER: std::sync::OnceLock<CentreKeys> = std::sync::OnceLock::new();
    OTHER.get_or_init(|| {
        CentreKeys::from_key_file_bytes(keys::OTHER_CENTRE_KEY_FILE)
            .expect("fuzz/keys/other-centre.key is a valid centre key file")
    })
}

/// What is done to the signed bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    None,
    /// XOR the byte at `at % 142` with `mask` (1 when 0).
    Flip {
        at: u8,
        mask: u8,
    },
    /// Keep the first `n % 142` bytes.
    Truncate(u8),
    /// Append these bytes (one 0 when empty).
    Extend(Vec<u8>),
    /// Version 1 in place of 2.
    Version1,
}

/// An acknowledgement built from an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub ack: Ack,
    pub other_centre: bool,
    pub damage: Damage,
    /// The chain fails when asked.
    pub chain_fails: bool,
}

/// Any bytes are an input; a read past the end gives zeros.
pub fn decode(data: &[u8]) -> Built {
    let mut c = Cursor::new(data);
    let device_id = match c.u8() % 3 {
        0 => SEED_KIOSK_ID,
        1 => OTHER_DEVICE,
        _ => c.array(),
    };
    let seq = match c.u8() % 6 {
        0 => 0,
        k @ 1..=3 => CHAIN_ENDS[usize::from(k - 1)],
        4 => u64::from(c.u8()),
        _ => c.u64(),
    };
    let right = chain(seq).unwrap_or([0; 32]);
    let hash = match c.u8() % 3 {
        0 => right,
        1 => {
            let mut h = right;
            h[0] ^= 1;
            h
        }
        _ => c.array(),
    };
    let issued_at_unix = c.u64() as i64;
    let flags = c.u8();
    let other_centre = flags % 4 == 3;
    let chain_fails = (flags / 4) % 8 == 7;
    let damage = match c.u8() % 6 {
        0 | 1 => Damage::None,
        2 => Damage::Flip {
            at: c.u8(),
            mask: c.u8(),
        },
        3 => Damage::Truncate(c.u8()),
        4 => Damage::Extend(c.bytes8()),
        _ => Damage::Version1,
    };
    Built {
        ack: Ack {
            device_id,
            highest_contiguous_seq: seq,
            last_bundle_hash: hash,
            issued_at_unix,
        },
        other_centre,
        damage,
        chain_fails,
    }
}

/// The bytes an input's [`Built`] makes.
pub fn bytes(built: &Built) -> Vec<u8> {
    let signer = if built.other_centre {
        other_centre()
    } else {
        &keys::fixed().centre
    };
    let mut bytes = built.ack.sign(signer).to_vec();
    match &built.damage {
        Damage::None => {}
        Damage::Flip { at, mask } => bytes[usize::from(*at) % ACK_LEN] ^= (*mask).max(1),
        Damage::Truncate(n) => bytes.truncate(usize::from(*n) % ACK_LEN),
        Damage::Extend(extra) if extra.is_empty() => bytes.push(0),
        Damage::Extend(extra) => bytes.extend_from_slice(extra),
        Damage::Version1 => bytes[5] = 1,
    }
    bytes
}

/// Why `bytes` do not verify, in `Ack::verify`'s order, when they are not exactly what the
/// fixed centre signed (`genuine`).
pub fn unverified(bytes: &[u8], genuine: bool) -> Option<AckError> {
    let wrong_length = AckError::WrongLength {
        found: bytes.len(),
        expected: ACK_LEN,
    };
    if bytes.len() < 4 {
        return Some(wrong_length);
    }
    if bytes[..4] != *b"LDSA" {
        return Some(AckError::BadMagic);
    }
    if bytes.len() < 6 {
        return Some(wrong_length);
    }
    let version = u16::from_be_bytes([bytes[4], bytes[5]]);
    if version != ACK_VERSION {
        return Some(AckError::UnknownVersion {
            found: version,
            known: ACK_VERSION,
        });
    }
    if bytes.len() != ACK_LEN {
        return Some(wrong_length);
    }
    let ours = keys::fixed().centre_public.key_id();
    if bytes[6..14] != ours {
        return Some(AckError::OtherCentre {
            found: hex::encode(&bytes[6..14]),
            ours: hex::encode(ours),
        });
    }
    (!genuine).then_some(AckError::BadSignature)
}

/// The verdict on an acknowledgement `Ack::verify` read as `verified`.
pub fn verdict(verified: Result<Ack, AckError>) -> Result<Ack, AckMismatch> {
    let ack = verified.map_err(AckMismatch::Unverified)?;
    if ack.device_id != SEED_KIOSK_ID {
        return Err(AckMismatch::OtherDevice {
            theirs: ack.device_id,
            ours: SEED_KIOSK_ID,
        });
    }
    let seq = ack.highest_contiguous_seq;
    if seq == 0 {
        return Ok(ack);
    }
    match chain(seq) {
        None => Err(AckMismatch::NeverSealed { seq }),
        Some(ours) if ours != ack.last_bundle_hash => Err(AckMismatch::OtherChain {
            seq,
            centres: ack.last_bundle_hash,
            ours,
        }),
        Some(_) => Ok(ack),
    }
}

/// `check_ack` on `bytes` for the seed kiosk, with the chain counting its calls (and failing
/// when `fails`); `Err(())` is the chain's error passed through.
fn checked(bytes: &[u8], fails: bool) -> (Result<Result<Ack, AckMismatch>, ()>, Option<u64>) {
    let asked = Cell::new(None);
    let result = check_ack(bytes, &keys::fixed().centre_public, &SEED_KIOSK_ID, |seq| {
        assert!(asked.get().is_none(), "the chain was asked twice");
        asked.set(Some(seq));
        if fails {
            Err(())
        } else {
            Ok(chain(seq))
        }
    });
    (result, asked.get())
}

/// What the chain must be asked, given `Ack::verify`'s reading.
fn must_ask(verified: &Result<Ack, AckError>) -> Option<u64> {
    match verified {
        Ok(ack) if ack.device_id == SEED_KIOSK_ID && ack.highest_contiguous_seq > 0 => {
            Some(ack.highest_contiguous_seq)
        }
        _ => None,
    }
}

/// Runs one `kiosk_ack` input.
pub fn run(data: &[u8]) {
    let fixed = keys::fixed();

    // 1. The bytes as they are.
    let verified = Ack::verify(data, &fixed.centre_public);
    if let Ok(ack) = &verified {
        assert_eq!(
            data,
            &ack.sign(&fixed.centre)[..],
            "bytes that verify are not what the centre's key signs for {ack:?}"
        );
    }
    let (result, asked) = checked(data, false);
    assert_eq!(
        asked,
        must_ask(&verified),
        "the chain asked for {verified:?}"
    );
    assert_eq!(
        result,
        Ok(verdict(verified.clone())),
        "check_ack of the input's bytes"
    );
    let (failing, _) = checked(data, true);
    if asked.is_some() {
        assert_eq!(failing, Err(()), "the chain's error was not passed through");
    } else {
        assert_eq!(failing, result);
    }

    // 2. An acknowledgement built from the input.
    let built = decode(data);
    let bytes = bytes(&built);
    let genuine = !built.other_centre && built.damage == Damage::None;
    let expected_verify = match unverified(&bytes, genuine) {
        Some(e) => Err(e),
        None => Ok(built.ack),
    };
    let verified = Ack::verify(&bytes, &fixed.centre_public);
    assert_eq!(verified, expected_verify, "Ack::verify of {built:?}");
    let (result, asked) = checked(&bytes, built.chain_fails);
    assert_eq!(
        asked,
        must_ask(&expected_verify),
        "the chain asked for {built:?}"
    );
    let expected = if asked.is_some() && built.chain_fails {
        Err(())
    } else {
        Ok(verdict(expected_verify))
    };
    assert_eq!(result, expected, "check_ack of {built:?}");
}

//! The entry point for a fuzzer (`cargo fuzz`): every parser of outside bytes in this crate, fed
//! the same input, and a seal → damage → open round trip over it.
//!
//! None of it may panic on any input. The only `assert!`s are the round trip's properties: a
//! sealed bundle opens to its payload, and a bundle with one byte changed does not open. They
//! fire only on a bug in this crate, which is what a fuzzer is for.

use std::sync::OnceLock;

use crate::ack::Ack;
use crate::bundle::parse;
use crate::header::{BundleHeader, DeviceId};
use crate::keys::{CentreKeys, CentrePublicKey, DeviceIdentity};
use crate::open::{open, DeviceStatus};
use crate::payload::decode_rows;
use crate::seal::seal;

/// The size limit the fuzz entry point parses with.
pub const FUZZ_MAX_LEN: usize = 1 << 20;

struct FuzzKeys {
    centre: CentreKeys,
    device: DeviceIdentity,
    device_id: DeviceId,
}

const REVOKED: DeviceId = [0xff; 16];

fn keys() -> Option<&'static FuzzKeys> {
    static KEYS: OnceLock<Option<FuzzKeys>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Some(FuzzKeys {
            centre: CentreKeys::generate().ok()?,
            device: DeviceIdentity::generate().ok()?,
            device_id: [0x42; 16],
        })
    })
    .as_ref()
}

fn status(keys: &FuzzKeys, id: &DeviceId) -> DeviceStatus {
    if *id == keys.device_id {
        DeviceStatus::Active(keys.device.public_key())
    } else if *id == REVOKED {
        DeviceStatus::Revoked
    } else {
        DeviceStatus::Unknown
    }
}

/// Feeds `bytes` to every parser; must return normally whatever the bytes.
pub fn fuzz_parse_and_open(bytes: &[u8]) {
    let Some(keys) = keys() else { return };
    let centre_public = keys.centre.public_key();

    // The bytes as a bundle from outside.
    if let Ok(parsed) = parse(bytes, FUZZ_MAX_LEN) {
        let _ = parsed.hash();
        if let Ok((header, payload)) = open(&parsed, |id| status(keys, id), &keys.centre) {
            let _ = decode_rows(&header, &payload);
        }
    }

    // The bytes as every other thing this crate reads.
    let _ = Ack::verify(bytes, &centre_public);
    let _ = BundleHeader::decode(bytes);
    let _ = crate::bundle::parse_prefix(bytes, FUZZ_MAX_LEN);
    let _ = CentrePublicKey::from_bytes(bytes);
    let _ = CentreKeys::from_key_file_bytes(bytes);
    let _ = DeviceIdentity::from_pkcs8(bytes);
    let _ = std::str::from_utf8(bytes).map(CentrePublicKey::from_hex);

    // The bytes as a payload: sealed, it opens to itself; with one byte changed, it does not.
    let device_public = keys.device.public_key();
    let Ok(header) = BundleHeader::new(
        keys.device_id,
        [7; 16],
        1,
        3,
        [0; 32],
        &device_public,
        &centre_public,
    ) else {
        return;
    };
    let _ = decode_rows(&header, bytes);
    let Ok(bundle) = seal(&header, bytes, &centre_public, &keys.device) else {
        return;
    };
    let opened = parse(&bundle, usize::MAX)
        .ok()
        .and_then(|p| open(&p, |id| status(keys, id), &keys.centre).ok());
    assert_eq!(
        opened,
        Some((header, bytes.to_vec())),
        "a sealed bundle must open to its payload"
    );

    let at = bytes.iter().fold(0usize, |acc, &b| {
        acc.wrapping_mul(31).wrapping_add(b.into())
    });
    let mut damaged = bundle;
    let index = at % damaged.len();
    damaged[index] ^= bytes.first().copied().unwrap_or(1).max(1);
    let refused = match parse(&damaged, usize::MAX) {
        Err(_) => true,
        Ok(p) => open(&p, |id| status(keys, id), &keys.centre).is_err(),
    };
    assert!(
        refused,
        "a bundle with byte {index} changed must be refused"
    );
}

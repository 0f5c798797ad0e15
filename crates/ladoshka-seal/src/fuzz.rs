//! The entry point for a fuzzer (`cargo fuzz`): every parser of outside bytes in this crate, fed
//! the same input, and seal → damage → open round trips over it, as a bundle and as a
//! configuration package.
//!
//! None of it may panic on any input. The only `assert!`s are the round trips' properties: a
//! sealed bundle or package opens to its payload, and one with a byte changed does not open. They
//! fire only on a bug in this crate, which is what a fuzzer is for.

use std::sync::OnceLock;

use crate::ack::Ack;
use crate::bundle::parse;
use crate::config::ConfigPackage;
use crate::header::{BundleHeader, DeviceId};
use crate::keys::{CentreKeys, CentrePublicKey, DeviceIdentity, DeviceKemKeys};
use crate::open::{open, DeviceStatus};
use crate::payload::decode_rows;
use crate::seal::seal;

/// The size limit the fuzz entry point parses with.
pub const FUZZ_MAX_LEN: usize = 1 << 20;

struct FuzzKeys {
    centre: CentreKeys,
    device: DeviceIdentity,
    device_id: DeviceId,
    kem: DeviceKemKeys,
}

const REVOKED: DeviceId = [0xff; 16];

fn keys() -> Option<&'static FuzzKeys> {
    static KEYS: OnceLock<Option<FuzzKeys>> = OnceLock::new();
    KEYS.get_or_init(|| {
        Some(FuzzKeys {
            centre: CentreKeys::generate().ok()?,
            device: DeviceIdentity::generate().ok()?,
            device_id: [0x42; 16],
            kem: DeviceKemKeys::generate().ok()?,
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
    let _ = ConfigPackage::peek(bytes);
    let _ = ConfigPackage::open(bytes, &centre_public, &keys.device_id, &keys.kem, 0);
    let _ = DeviceKemKeys::from_bytes(bytes);
    config_round_trip(keys, bytes);

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

/// The bytes as a configuration payload: sealed, the package opens to them; with one byte
/// changed, it does not.
fn config_round_trip(keys: &FuzzKeys, bytes: &[u8]) {
    let centre_public = keys.centre.public_key();
    let open = |package: &[u8]| {
        ConfigPackage::open(package, &centre_public, &keys.device_id, &keys.kem, 1)
            .ok()
            .map(|opened| opened.payload)
    };
    let Ok(package) = ConfigPackage::seal(
        &keys.centre,
        keys.device_id,
        &keys.kem.public_key(),
        2,
        0,
        bytes,
    ) else {
        return;
    };
    assert_eq!(
        open(&package),
        Some(bytes.to_vec()),
        "a sealed configuration package must open to its payload"
    );
    let mut damaged = package;
    let index = bytes.len().wrapping_mul(7) % damaged.len();
    damaged[index] ^= bytes.last().copied().unwrap_or(1).max(1);
    assert_eq!(
        open(&damaged),
        None,
        "a configuration package with byte {index} changed must be refused"
    );
}

//! Fixed keys for fuzzing only, kept in `fuzz/keys/` (made once with `CentreKeys::generate` and
//! `DeviceIdentity::generate`). They protect nothing: they exist so that a bundle the seed
//! generator sealed still verifies and decrypts when a fuzzer process reads it later.

use std::sync::OnceLock;

use ladoshka_seal::{CentreKeys, CentrePublicKey, DeviceId, DeviceIdentity, SIGNATURE_LEN};
use ring::signature::{Ed25519KeyPair, KeyPair};

/// The centre's key file (`CentreKeys::to_key_file_bytes`), given to `init` as the
/// `centre-key` credential.
pub const CENTRE_KEY_FILE: &[u8] = include_bytes!("../keys/centre.key");
/// Another centre, for bundles sealed to the wrong one.
pub const OTHER_CENTRE_KEY_FILE: &[u8] = include_bytes!("../keys/other-centre.key");
/// The kiosk's Ed25519 key (PKCS#8 v2, as ring writes it).
pub const KIOSK_PKCS8: &[u8] = include_bytes!("../keys/kiosk.pk8");
/// Another kiosk's key, for bundles signed by the wrong device.
pub const OTHER_KIOSK_PKCS8: &[u8] = include_bytes!("../keys/other-kiosk.pk8");

/// The device id the seeds' ready-made bundles carry; every harness centre enrols it with
/// [`KIOSK_PKCS8`]'s key.
pub const SEED_KIOSK_ID: DeviceId = *b"ladoshka-fuzz-K1";
/// A device id `bundle_parse`'s lookup calls revoked.
pub const REVOKED_KIOSK_ID: DeviceId = *b"ladoshka-fuzz-RV";

/// The keys, read once.
pub struct Fixed {
    pub centre: CentreKeys,
    pub centre_public: CentrePublicKey,
    pub other_centre_public: CentrePublicKey,
    pub kiosk: DeviceIdentity,
    pub other_kiosk: DeviceIdentity,
    kiosk_pair: Ed25519KeyPair,
    other_kiosk_pair: Ed25519KeyPair,
}

impl Fixed {
    /// The kiosk's signature over `message` (what `seal` appends; Ed25519 is deterministic).
    pub fn kiosk_sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        sign(&self.kiosk_pair, message)
    }

    /// The other kiosk's signature over `message`.
    pub fn other_kiosk_sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        sign(&self.other_kiosk_pair, message)
    }
}

fn sign(pair: &Ed25519KeyPair, message: &[u8]) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    out.copy_from_slice(pair.sign(message).as_ref());
    out
}

fn pair(pkcs8: &[u8]) -> Ed25519KeyPair {
    Ed25519KeyPair::from_pkcs8(pkcs8).expect("fuzz/keys holds a valid Ed25519 PKCS#8 key")
}

/// The fixed keys (panics if the files in `fuzz/keys/` are damaged).
pub fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let centre = CentreKeys::from_key_file_bytes(CENTRE_KEY_FILE)
            .expect("fuzz/keys/centre.key is a valid centre key file");
        let other_centre = CentreKeys::from_key_file_bytes(OTHER_CENTRE_KEY_FILE)
            .expect("fuzz/keys/other-centre.key is a valid centre key file");
        let kiosk = DeviceIdentity::from_pkcs8(KIOSK_PKCS8).expect("fuzz/keys/kiosk.pk8");
        let other_kiosk =
            DeviceIdentity::from_pkcs8(OTHER_KIOSK_PKCS8).expect("fuzz/keys/other-kiosk.pk8");
        let kiosk_pair = pair(KIOSK_PKCS8);
        let other_kiosk_pair = pair(OTHER_KIOSK_PKCS8);
        assert_eq!(
            kiosk_pair.public_key().as_ref(),
            kiosk.public_key().as_bytes()
        );
        Fixed {
            centre_public: centre.public_key(),
            other_centre_public: other_centre.public_key(),
            centre,
            kiosk,
            other_kiosk,
            kiosk_pair,
            other_kiosk_pair,
        }
    })
}

//! Sealing on the centre: encrypt to the kiosk's KEM key, then sign with the centre's key.
//!
//! It lives in this crate because the centre's signing key never leaves [`CentreKeys`]: signing
//! is `pub(crate)`, so every signed format is made here.

use super::{
    ConfigError, ConfigHeader, ConfigPackage, CONFIG_FORMAT_VERSION, CONFIG_HPKE_INFO,
    MAX_CONFIG_PAYLOAD,
};
use crate::header::DeviceId;
use crate::keys::{CentreKeys, DeviceKemPublicKey, SIGNATURE_LEN};
use crate::rng::seeded_rng;
use crate::suite::{self, TAG_LEN};

impl ConfigPackage<'_> {
    /// Seals `payload` for the kiosk `device_id`, whose registered KEM key is `device_kem`, as
    /// configuration `serial` issued at `issued_at_unix`, signed by `centre`: the package's bytes.
    /// A payload over [`MAX_CONFIG_PAYLOAD`] is refused before anything is encrypted.
    pub fn seal(
        centre: &CentreKeys,
        device_id: DeviceId,
        device_kem: &DeviceKemPublicKey,
        serial: u64,
        issued_at_unix: i64,
        payload: &[u8],
    ) -> Result<Vec<u8>, ConfigError> {
        let too_large = ConfigError::PayloadTooLarge {
            len: payload.len(),
            max: MAX_CONFIG_PAYLOAD,
        };
        if payload.len() > MAX_CONFIG_PAYLOAD {
            return Err(too_large);
        }
        let ciphertext_len = u32::try_from(payload.len() + TAG_LEN).map_err(|_| too_large)?;
        let header = ConfigHeader {
            format_version: CONFIG_FORMAT_VERSION,
            centre_key_id: centre.public_key().key_id(),
            device_id,
            serial,
            issued_at_unix,
            ciphertext_len,
        };
        let encryption = |e: hpke::HpkeError| ConfigError::Encryption {
            reason: e.to_string(),
        };
        let recipient = device_kem.hpke_public().map_err(encryption)?;
        let mut rng = seeded_rng()?;
        let (mut package, ciphertext) = suite::seal_binding_enc(
            &recipient,
            CONFIG_HPKE_INFO,
            |enc| header.encode(enc),
            payload,
            &mut rng,
        )
        .map_err(encryption)?;
        package.reserve_exact(ciphertext.len() + SIGNATURE_LEN);
        package.extend_from_slice(&ciphertext);
        let signature = centre.sign(&package);
        package.extend_from_slice(&signature);
        Ok(package)
    }
}

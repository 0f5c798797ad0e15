//! What a kiosk signs when it asks its centre for something only the kiosk itself may have (its
//! acknowledgement, its configuration package, a new key of its own): one shape for every such
//! request,
//!
//! ```text
//! magic (4) ‖ version (u16) ‖ centre key id (8) ‖ device id (16) ‖ the request's own fields
//! ```
//!
//! signed with the device's Ed25519 key. The centre key id keeps a request for one centre from
//! being replayed at another; the time each request carries bounds how long a captured one can
//! be replayed at this one (the centre allows a skew).

use crate::header::DeviceId;
use crate::keys::{CentrePublicKey, DeviceIdentity, DevicePublicKey, KeyId, SIGNATURE_LEN};

/// A request a device signs for its centre.
pub trait DeviceSigned {
    /// The request's magic bytes (different for each kind of request).
    const MAGIC: [u8; 4];
    /// The version of its form.
    const VERSION: u16 = 1;

    /// The device the request is for.
    fn device(&self) -> &DeviceId;

    /// The request's own fields, in order, after the device id.
    fn fields(&self) -> Vec<u8>;

    /// The bytes signed for the centre `centre_key_id`.
    fn signed_part(&self, centre_key_id: &KeyId) -> Vec<u8> {
        let fields = self.fields();
        let mut out = Vec::with_capacity(4 + 2 + 8 + 16 + fields.len());
        out.extend_from_slice(&Self::MAGIC);
        out.extend_from_slice(&Self::VERSION.to_be_bytes());
        out.extend_from_slice(centre_key_id);
        out.extend_from_slice(self.device());
        out.extend_from_slice(&fields);
        out
    }

    /// The device's signature of this request to `centre`.
    fn sign(&self, centre: &CentrePublicKey, device: &DeviceIdentity) -> [u8; SIGNATURE_LEN] {
        device.sign(&self.signed_part(&centre.key_id()))
    }

    /// Whether `signature` is `device`'s signature of this request to the centre `centre_key_id`.
    fn verify(
        &self,
        centre_key_id: &KeyId,
        device: &DevicePublicKey,
        signature: &[u8; SIGNATURE_LEN],
    ) -> bool {
        device.verify(&self.signed_part(centre_key_id), signature)
    }
}

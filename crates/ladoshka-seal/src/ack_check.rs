//! The kiosk's decision on an acknowledgement it received: the centre's signature, this
//! device, and this device's own chain. Kept here, beside the format, so that it is one pure
//! function the kiosk's store calls and the `kiosk_ack` fuzz target drives (`fuzz/`).

use crate::ack::{Ack, AckError};
use crate::header::DeviceId;
use crate::keys::CentrePublicKey;

/// Why an acknowledgement does not cover anything on this kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckMismatch {
    /// Not a verified acknowledgement from this centre.
    Unverified(AckError),
    /// Signed by the centre, for another device.
    OtherDevice { theirs: DeviceId, ours: DeviceId },
    /// The centre names a sequence number no bundle of this kiosk ends at.
    NeverSealed { seq: u64 },
    /// The kiosk's bundle ending there has another hash: another history of this device.
    OtherChain {
        seq: u64,
        centres: [u8; 32],
        ours: [u8; 32],
    },
}

/// Checks `bytes` as the centre's acknowledgement for device `own`. `ours(seq)` gives the hash
/// of this kiosk's bundle ending at row `seq` (`None` when none does); it is asked only for a
/// verified acknowledgement of this device with `seq > 0`, and its error is passed through.
/// An acknowledgement of 0 (the centre holds nothing yet) covers nothing and is always taken.
pub fn check_ack<E>(
    bytes: &[u8],
    centre: &CentrePublicKey,
    own: &DeviceId,
    ours: impl FnOnce(u64) -> Result<Option<[u8; 32]>, E>,
) -> Result<Result<Ack, AckMismatch>, E> {
    let ack = match Ack::verify(bytes, centre) {
        Ok(ack) => ack,
        Err(e) => return Ok(Err(AckMismatch::Unverified(e))),
    };
    if ack.device_id != *own {
        return Ok(Err(AckMismatch::OtherDevice {
            theirs: ack.device_id,
            ours: *own,
        }));
    }
    let seq = ack.highest_contiguous_seq;
    if seq == 0 {
        return Ok(Ok(ack));
    }
    Ok(match ours(seq)? {
        None => Err(AckMismatch::NeverSealed { seq }),
        Some(hash) if hash != ack.last_bundle_hash => Err(AckMismatch::OtherChain {
            seq,
            centres: ack.last_bundle_hash,
            ours: hash,
        }),
        Some(_) => Ok(ack),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::CentreKeys;
    use std::convert::Infallible;

    const OWN: DeviceId = *b"kiosk-number-one";

    fn ack(device_id: DeviceId, seq: u64, hash: [u8; 32]) -> Ack {
        Ack {
            device_id,
            highest_contiguous_seq: seq,
            last_bundle_hash: hash,
            issued_at_unix: 1_800_000_000,
        }
    }

    /// The kiosk's chain: bundles ending at rows 10 and 20.
    fn chain(seq: u64) -> Result<Option<[u8; 32]>, Infallible> {
        Ok(match seq {
            10 => Some([10; 32]),
            20 => Some([20; 32]),
            _ => None,
        })
    }

    #[test]
    fn only_a_signed_acknowledgement_of_this_kiosks_own_chain_is_taken() {
        let centre = CentreKeys::generate().unwrap();
        let public = centre.public_key();
        let check = |a: Ack| check_ack(&a.sign(&centre), &public, &OWN, chain).unwrap();
        assert_eq!(check(ack(OWN, 20, [20; 32])), Ok(ack(OWN, 20, [20; 32])));
        assert_eq!(check(ack(OWN, 0, [0; 32])), Ok(ack(OWN, 0, [0; 32])));
        assert_eq!(
            check(ack(OWN, 15, [20; 32])),
            Err(AckMismatch::NeverSealed { seq: 15 })
        );
        assert_eq!(
            check(ack(OWN, 10, [20; 32])),
            Err(AckMismatch::OtherChain {
                seq: 10,
                centres: [20; 32],
                ours: [10; 32]
            })
        );
        let other = *b"kiosk-number-two";
        assert_eq!(
            check(ack(other, 10, [10; 32])),
            Err(AckMismatch::OtherDevice {
                theirs: other,
                ours: OWN
            })
        );
        // Another centre's acknowledgement, and one with a changed byte, are not verified.
        let stranger = CentreKeys::generate().unwrap();
        let foreign = ack(OWN, 10, [10; 32]).sign(&stranger);
        assert!(matches!(
            check_ack(&foreign, &public, &OWN, chain).unwrap(),
            Err(AckMismatch::Unverified(AckError::OtherCentre { .. }))
        ));
        let mut changed = ack(OWN, 10, [10; 32]).sign(&centre);
        changed[40] ^= 1;
        assert_eq!(
            check_ack(&changed, &public, &OWN, chain).unwrap(),
            Err(AckMismatch::Unverified(AckError::BadSignature))
        );
    }

    #[test]
    fn the_chain_is_asked_only_for_a_verified_acknowledgement_of_this_device() {
        let centre = CentreKeys::generate().unwrap();
        let public = centre.public_key();
        let never = |_| -> Result<Option<[u8; 32]>, ()> { panic!("the chain was asked") };
        assert!(check_ack(&[0; 10], &public, &OWN, never).unwrap().is_err());
        let zero = ack(OWN, 0, [0; 32]).sign(&centre);
        assert!(check_ack(&zero, &public, &OWN, never).unwrap().is_ok());
        let failing = |_| -> Result<Option<[u8; 32]>, &str> { Err("disk") };
        let some = ack(OWN, 10, [10; 32]).sign(&centre);
        assert_eq!(check_ack(&some, &public, &OWN, failing), Err("disk"));
    }
}

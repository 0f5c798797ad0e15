//! Receiving one sealed bundle, the same for an upload and for a file from a USB stick:
//! `parse` (with the size limit), then `open` (the device known and active, its signature
//! checked before anything is decrypted), then `decode_rows`, then the import in one transaction.

use ladoshka_seal::{
    decode_rows, open, parse, BundleHeader, OpenError, ParseError, PayloadError, ACK_LEN,
};

use crate::centre::{AckAnswer, Centre, MAX_BUNDLE_LEN};
use crate::store::{Held, ImportRefusal, NewBundle, StoreError, Via};
use crate::time::now_unix;

/// A bundle the centre now holds.
#[derive(Debug, Clone)]
pub struct Received {
    pub header: BundleHeader,
    pub held: Held,
    /// The signed acknowledgement to send back.
    pub ack: [u8; ACK_LEN],
}

/// Why a bundle was refused. Nothing from it was imported.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    #[error(transparent)]
    Parse(#[from] ParseError),

    #[error(transparent)]
    Open(#[from] OpenError),

    #[error("the bundle opened but its rows are unusable: {0}")]
    Payload(#[from] PayloadError),

    /// A replay, a gap, a broken chain… `ack` says where the device should resume, when it is
    /// enrolled and active.
    #[error("{refusal}")]
    Refused {
        refusal: ImportRefusal,
        ack: Option<Box<[u8; ACK_LEN]>>,
    },

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Centre {
    /// Receives one sealed bundle's bytes (at most [`MAX_BUNDLE_LEN`]).
    pub fn receive(&self, bytes: &[u8], via: Via) -> Result<Received, ReceiveError> {
        let result = self.receive_inner(bytes, via);
        match &result {
            Ok(r) => tracing::info!(
                device_id = %hex::encode(r.header.device_id),
                bundle_id = %hex::encode(r.header.bundle_id),
                first = r.header.first_seq,
                last = r.header.last_seq,
                via = ?via,
                "bundle {}",
                match r.held {
                    Held::Imported { .. } => "imported",
                    Held::AlreadyHeld { .. } => "already held",
                }
            ),
            Err(e) => tracing::warn!(via = ?via, len = bytes.len(), "bundle refused: {e}"),
        }
        result
    }

    fn receive_inner(&self, bytes: &[u8], via: Via) -> Result<Received, ReceiveError> {
        let parsed = parse(bytes, MAX_BUNDLE_LEN)?;
        let status = self.store().device_status(&parsed.header().device_id)?;
        let (header, payload) = open(&parsed, |_| status, self.keys())?;
        let rows = decode_rows(&header, &payload)?;
        let bundle = NewBundle {
            header: &header,
            hash: parsed.hash(),
            byte_len: bytes.len(),
            rows: &rows,
            received_at: now_unix(),
            via,
        };
        let imported = self.store().import(&bundle)?;
        match imported {
            Ok(held) => {
                if matches!(held, Held::Imported { .. }) {
                    if let Err(e) = self.store().clear_refusal(&header.device_id) {
                        tracing::warn!("could not clear the kiosk's last refusal: {e}");
                    }
                }
                let ack = match self.ack(&header.device_id)? {
                    AckAnswer::Signed(ack) => ack,
                    // Revoked between the import and here: the import stands, as its own
                    // position says.
                    _ => self.sign_ack(header.device_id, held.held_through(), bundle.hash),
                };
                Ok(Received { header, held, ack })
            }
            Err(refusal) => {
                // Kept for the devices list and the console: a kiosk that has to fill a gap.
                if let Err(e) = self.store().note_refusal(
                    &header.device_id,
                    &refusal.to_string(),
                    bundle.received_at,
                ) {
                    tracing::warn!("could not note the refusal: {e}");
                }
                let ack = match refusal.held_through() {
                    Some(_) => match self.ack(&header.device_id)? {
                        AckAnswer::Signed(ack) => Some(Box::new(ack)),
                        _ => None,
                    },
                    None => None,
                };
                Err(ReceiveError::Refused { refusal, ack })
            }
        }
    }
}

//! One sync round: seal the outbox rows no bundle holds yet, ask the centre what it holds (it
//! may have imported bundles from a USB stick), send every bundle not yet acknowledged in
//! order, and take each signed acknowledgement. A failure stops the round, is recorded in plain
//! words, and leaves every bundle kept for the next round.

use super::http::{CentreClient, HttpError};
use crate::store::{AckRefusal, Store, StoreError, BUNDLE_ROWS};

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sealed: usize,
    pub sent: usize,
    /// The highest sequence number the centre acknowledged.
    pub acked_seq: u64,
    /// Bundles still waiting after the round.
    pub pending: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Http(#[from] HttpError),
    /// The centre's acknowledgement was not taken: not verified, for another device, or for
    /// another chain than this kiosk's (a kiosk restored from an old copy). Nothing was marked.
    #[error("{0}")]
    Ack(AckRefusal),
    /// The centre's key fingerprint was never confirmed on this kiosk: nothing is sealed to it.
    #[error("the centre's key fingerprint has not been confirmed on this kiosk, so nothing is sealed or sent to it. Compare it with the fingerprint the centre printed (`ladoshka-centre init`, `token create` or `devices add`): {fingerprint}. If they are the same, confirm with `ladoshka enrol --fingerprint FINGERPRINT`; if not, do not sync and enrol again")]
    Unconfirmed { fingerprint: String },
    #[error("this kiosk was enrolled offline (a centre key file, no address): export to a USB stick with `ladoshka sync --to-dir DIR`, or enrol again with --centre URL")]
    NoAddress,
}

impl SyncError {
    /// The kind of failure, for the admin screen's words.
    pub fn kind(&self) -> &'static str {
        match self {
            SyncError::Http(HttpError::Unreachable { .. }) => "unreachable",
            SyncError::Http(HttpError::Refused { .. }) => "refused",
            SyncError::NoAddress => "no_address",
            SyncError::Unconfirmed { .. } => "unconfirmed",
            SyncError::Ack(AckRefusal::NeverSealed { .. } | AckRefusal::OtherChain { .. }) => {
                "ack_mismatch"
            }
            SyncError::Ack(_) => "ack_invalid",
            SyncError::Store(StoreError::Invalid(m)) if m.contains("not enrolled") => {
                "not_enrolled"
            }
            SyncError::Store(_) => "local",
        }
    }
}

/// Runs one round against the enrolled centre's address. The failure is recorded in the store
/// (for the admin screen) as well as returned.
pub fn sync_round(store: &mut Store) -> Result<RoundReport, SyncError> {
    let result = round(store);
    if let Err(e) = &result {
        if let Err(record) = store.record_sync_failure(e.kind(), &e.to_string()) {
            tracing::error!("cannot record the sync failure: {record}");
        }
    }
    result
}

/// Takes an acknowledgement, or stops the round with why it was not taken.
fn take(store: &mut Store, ack: &[u8]) -> Result<u64, SyncError> {
    store.apply_ack(ack)?.map_err(SyncError::Ack)
}

fn round(store: &mut Store) -> Result<RoundReport, SyncError> {
    let centre = store.centre()?.ok_or_else(|| {
        StoreError::Invalid(
            "this kiosk is not enrolled with a centre: run `ladoshka enrol --centre URL --token TOKEN`"
                .into(),
        )
    })?;
    if !centre.confirmed {
        return Err(SyncError::Unconfirmed {
            fingerprint: centre.public_key.fingerprint(),
        });
    }
    let url = centre.url.clone().ok_or(SyncError::NoAddress)?;
    let client = CentreClient::new(&url);
    let identity = store.sync_identity()?;
    let mut report = RoundReport::default();
    // Sealed first: what is recorded is kept sealed whether or not the centre answers.
    report.sealed = store.seal_pending(BUNDLE_ROWS)?;
    // What the centre holds already (bundles imported from a stick are acknowledged here).
    match client.ack(&identity.device_id, &identity.key, &centre.public_key) {
        Ok(ack) => report.acked_seq = take(store, &ack)?,
        Err(HttpError::Refused { status: 404, .. }) => {}
        Err(e) => return Err(e.into()),
    }
    for bundle in store.pending_bundles()? {
        if bundle.last_seq <= report.acked_seq {
            continue;
        }
        match client.send_bundle(&bundle.bytes) {
            Ok(ack) => {
                store.mark_bundle_sent(bundle.id, None)?;
                report.acked_seq = take(store, &ack)?;
                report.sent += 1;
            }
            Err(HttpError::Refused {
                ack: Some(ack),
                status,
                message,
            }) => {
                // The centre says where it is (a gap or a replay): take that, and stop unless
                // it already covers this bundle.
                report.acked_seq = take(store, &ack)?;
                if report.acked_seq < bundle.last_seq {
                    return Err(HttpError::Refused {
                        status,
                        message,
                        ack: None,
                    }
                    .into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    report.pending = store.pending_bundles()?.len();
    Ok(report)
}

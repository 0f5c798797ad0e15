//! One sync round: seal the outbox rows no bundle holds yet, ask the centre what it holds (it
//! may have imported bundles from a USB stick), send every bundle not yet acknowledged in
//! order, and take each signed acknowledgement. A failure stops the round, is recorded in plain
//! words, and leaves every bundle kept for the next round.
//!
//! The work is pipelined: the courier thread (`courier`) talks to the centre while this thread
//! seals the next bundle and takes the acknowledgements that came back, each bundle committed
//! before it is handed over and each acknowledgement checked before anything is marked.

use std::collections::VecDeque;

use super::courier::{Answer, Courier};
use super::http::{CentreClient, HttpError};
use crate::store::{AckRefusal, PendingBundle, Store, StoreError, SyncIdentity, BUNDLE_ROWS};

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sealed: usize,
    pub sent: usize,
    /// The highest sequence number the centre acknowledged.
    pub acked_seq: u64,
    /// Bundles still waiting after the round.
    pub pending: usize,
    /// The centre's configuration, asked for after the bundles went.
    pub config: Option<super::config::ConfigTaken>,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    // Transparent: `{:#}` would otherwise say the same words twice (the error, then its source).
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
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
            SyncError::Http(HttpError::Trust(_)) => "trust",
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
    let SyncIdentity { device_id, key } = store.sync_identity()?;
    // Bundles sealed by an earlier round and not acknowledged go first, oldest first.
    let waiting = store.pending_bundles()?;
    // The centre is asked what it holds (bundles imported from a stick are acknowledged here)
    // while the kiosk seals.
    let centre_key = centre.public_key;
    let courier = Courier::start(CentreClient::new(&url), move |client| {
        client.ack(&device_id, &key, &centre_key)
    })
    .map_err(|e| HttpError::Unreachable {
        url: url.clone(),
        reason: format!("the sync thread cannot start its sending thread: {e}"),
    })?;
    let mut round = Round {
        courier,
        url: url.clone(),
        report: RoundReport::default(),
        to_send: waiting.into(),
        holds_known: false,
        in_flight: 0,
        failure: None,
    };
    // Sealed first and in full: what is recorded is kept sealed whether or not the centre
    // answers, so sealing goes on after a failure and the round reports the failure after it.
    let mut sealing = true;
    loop {
        if sealing {
            match store.seal_next(BUNDLE_ROWS)? {
                Some(bundle) => {
                    round.report.sealed += 1;
                    round.to_send.push_back(bundle);
                }
                None => sealing = false,
            }
        }
        let answer = if sealing || !round.waits() {
            round.courier.answer_now()
        } else {
            match round.courier.wait_answer() {
                Some(answer) => Some(answer),
                None => {
                    let url = round.url.clone();
                    round.fail(
                        HttpError::Unreachable {
                            url,
                            reason: "the sending thread stopped without an answer".into(),
                        }
                        .into(),
                    );
                    None
                }
            }
        };
        if let Some(answer) = answer {
            round.take(store, answer)?;
        }
        round.hand_over();
        if !sealing && !round.waits() {
            break;
        }
    }
    drop(round.courier);
    if let Some(failure) = round.failure {
        return Err(failure);
    }
    let mut report = round.report;
    report.pending = store.pending_bundle_count()?;
    // The centre's configuration, once what was recorded here went: a failure here is logged
    // and the sync still counts as done.
    match super::config::take_from_centre(store, &CentreClient::new(&url), &centre_key) {
        Ok(taken) => report.config = Some(taken),
        Err(e) => tracing::warn!("the centre's configuration could not be asked for: {e}"),
    }
    Ok(report)
}

/// What one round is waiting for, and how far it got.
struct Round {
    courier: Courier,
    url: String,
    report: RoundReport,
    /// Sealed bundles not handed to the courier yet, in order.
    to_send: VecDeque<PendingBundle>,
    /// Whether the centre's answer to "what do you hold" was taken: bundles are handed over
    /// only after it, so what the centre holds already is not sent again.
    holds_known: bool,
    /// Bundles handed over whose answer has not come back.
    in_flight: usize,
    /// The first failure: nothing more is sent or taken after it.
    failure: Option<SyncError>,
}

impl Round {
    /// Whether an answer from the centre is still to come and still wanted.
    fn waits(&self) -> bool {
        self.failure.is_none() && (!self.holds_known || self.in_flight > 0)
    }

    fn fail(&mut self, e: SyncError) {
        if self.failure.is_none() {
            self.failure = Some(e);
            self.courier.stop();
        }
    }

    /// Hands every sealed bundle the centre does not hold yet to the courier.
    fn hand_over(&mut self) {
        if !self.holds_known || self.failure.is_some() {
            return;
        }
        while let Some(bundle) = self.to_send.pop_front() {
            if bundle.last_seq > self.report.acked_seq {
                self.courier.carry(bundle);
                self.in_flight += 1;
            }
        }
    }

    /// Takes one answer from the centre (a failure stops the round).
    fn take(&mut self, store: &mut Store, answer: Answer) -> Result<(), StoreError> {
        if self.failure.is_some() {
            return Ok(());
        }
        match answer {
            Answer::Holds(result) => {
                self.holds_known = true;
                match result {
                    // Checked first, so the bundles after what the centre holds go out while
                    // the acknowledgement is recorded (one commit off the round's path).
                    Ok(ack) => match store.verify_ack(&ack)? {
                        Ok(seq) => {
                            self.report.acked_seq = seq;
                            self.hand_over();
                            self.taken(store.apply_ack(&ack)?);
                        }
                        Err(refusal) => self.fail(SyncError::Ack(refusal)),
                    },
                    Err(HttpError::Refused { status: 404, .. }) => {}
                    Err(e) => self.fail(e.into()),
                }
            }
            Answer::Delivery {
                id,
                last_seq,
                result,
            } => {
                self.in_flight -= 1;
                match result {
                    Ok(ack) => {
                        if self.taken(store.apply_delivery_ack(id, &ack)?) {
                            self.report.sent += 1;
                        }
                    }
                    Err(HttpError::Refused {
                        ack: Some(ack),
                        status,
                        message,
                    }) => {
                        // The centre says where it is (a gap or a replay): take that, and stop
                        // unless it already covers this bundle.
                        if self.taken(store.apply_ack(&ack)?) && self.report.acked_seq < last_seq {
                            self.fail(
                                HttpError::Refused {
                                    status,
                                    message,
                                    ack: None,
                                }
                                .into(),
                            );
                        }
                    }
                    Err(e) => self.fail(e.into()),
                }
            }
        }
        Ok(())
    }

    /// Records an acknowledgement taken, or stops the round with why it was not; `true` when
    /// taken.
    fn taken(&mut self, outcome: Result<u64, AckRefusal>) -> bool {
        match outcome {
            Ok(seq) => {
                self.report.acked_seq = seq;
                true
            }
            Err(refusal) => {
                self.fail(SyncError::Ack(refusal));
                false
            }
        }
    }
}

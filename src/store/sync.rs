//! The kiosk's side of sealed sync, as the store keeps it: the device's signing identity, the
//! centre it is enrolled with, the bundles sealed from the outbox and kept until the centre's
//! signed acknowledgement covers them, and the state the admin screen shows.
//!
//! The sealing itself is in `sealing.rs`. Nothing here writes to the outbox (sync's own
//! bookkeeping is not a record to ship).

use chrono::{DateTime, Utc};
use ladoshka_seal::{
    check_ack, random_id, AckError, AckMismatch, CentrePublicKey, DeviceId, DeviceIdentity,
};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{ts, Store, StoreError};

/// Why the kiosk did not take an acknowledgement. Nothing was marked delivered or purged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AckRefusal {
    #[error("the centre's acknowledgement was not accepted: {0}. Nothing was marked as delivered")]
    Unverified(AckError),

    #[error("the acknowledgement is for device {theirs}, not this kiosk ({ours}): nothing was marked as delivered")]
    OtherDevice { theirs: String, ours: String },

    #[error("the centre says it holds this kiosk's rows up to {seq}, but this kiosk never sealed a bundle ending at row {seq} (it has sealed up to row {sealed_up_to}): the centre holds a different history of this device, most likely because this kiosk's database was restored from an older copy after it had sent more. Nothing was marked as delivered and every record stays on this kiosk; tell the centre's administrator, who must decide how this device continues")]
    NeverSealed { seq: u64, sealed_up_to: u64 },

    #[error("the centre says it holds this kiosk's rows up to {seq}, but its last bundle ({centres}) is not the bundle this kiosk sealed ending at row {seq} ({ours}): the centre holds a different history of this device, most likely because this kiosk's database was restored from an older copy after it had sent more. Nothing was marked as delivered and every record stays on this kiosk; tell the centre's administrator, who must decide how this device continues")]
    OtherChain {
        seq: u64,
        centres: String,
        ours: String,
    },
}

/// How many outbox rows one bundle carries at most.
pub const BUNDLE_ROWS: usize = 5_000;

/// This kiosk's identity for sync: its id and its Ed25519 key.
pub struct SyncIdentity {
    pub device_id: DeviceId,
    pub key: DeviceIdentity,
}

/// The centre this kiosk is enrolled with.
#[derive(Debug, Clone)]
pub struct CentreLink {
    /// Where to send bundles; `None` after an offline enrolment (a USB stick only).
    pub url: Option<String>,
    pub public_key: CentrePublicKey,
    pub enrolled_at: DateTime<Utc>,
    /// Whether a person confirmed the centre key's fingerprint on this kiosk; nothing is sealed
    /// to the key before.
    pub confirmed: bool,
}

/// A sealed bundle not yet covered by an acknowledgement.
#[derive(Debug, Clone)]
pub struct PendingBundle {
    pub id: i64,
    pub first_seq: u64,
    pub last_seq: u64,
    pub bytes: Vec<u8>,
    pub exported_to: Option<String>,
}

/// What the admin screen and `ladoshka device-info` show.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncStatus {
    pub device_id: String,
    pub fingerprint: String,
    pub centre_url: Option<String>,
    pub centre_fingerprint: Option<String>,
    /// Whether the centre's fingerprint was confirmed here (false when not enrolled).
    pub centre_confirmed: bool,
    pub enrolled_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// `unreachable`, `refused`, `not_enrolled`, `no_address`, `local`, `ack_mismatch`,
    /// `ack_invalid` or `unconfirmed`.
    pub last_error_kind: Option<String>,
    pub failures: u32,
    /// The highest sequence number the centre has acknowledged.
    pub acked_seq: u64,
    /// Outbox rows the centre has not acknowledged yet.
    pub pending_rows: u64,
    /// Sealed bundles waiting for an acknowledgement.
    pub pending_bundles: u64,
    /// The centre's configuration this kiosk runs.
    pub config: super::CentreConfigState,
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad time «{s}»: {e}")))
}

pub(super) fn sync_error(what: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(what.to_string())
}

/// Checks an acknowledgement against this kiosk: the centre's signature, this device, and this
/// kiosk's own chain (the hash it names is that of the bundle sealed here ending at its row).
/// Reads only.
fn verify(
    conn: &rusqlite::Connection,
    ack_bytes: &[u8],
    centre: &CentrePublicKey,
    device_id: &DeviceId,
) -> Result<Result<u64, AckRefusal>, StoreError> {
    let checked = check_ack(ack_bytes, centre, device_id, |seq| {
        let hash: Option<Vec<u8>> = conn
            .query_row(
                "SELECT hash FROM sync_bundles WHERE last_seq = ?1",
                [seq as i64],
                |r| r.get(0),
            )
            .optional()?;
        // A stored hash of another length matches no acknowledgement.
        Ok::<_, StoreError>(hash.map(|h| <[u8; 32]>::try_from(&h[..]).unwrap_or([0xff; 32])))
    })?;
    Ok(match checked {
        Ok(ack) => Ok(ack.highest_contiguous_seq),
        Err(AckMismatch::Unverified(e)) => Err(AckRefusal::Unverified(e)),
        Err(AckMismatch::OtherDevice { theirs, ours }) => Err(AckRefusal::OtherDevice {
            theirs: hex::encode(theirs),
            ours: hex::encode(ours),
        }),
        Err(AckMismatch::NeverSealed { seq }) => {
            let sealed_up_to: i64 = conn.query_row(
                "SELECT coalesce(max(last_seq), 0) FROM sync_bundles",
                [],
                |r| r.get(0),
            )?;
            Err(AckRefusal::NeverSealed {
                seq,
                sealed_up_to: sealed_up_to as u64,
            })
        }
        Err(AckMismatch::OtherChain { seq, centres, ours }) => Err(AckRefusal::OtherChain {
            seq,
            centres: hex::encode(centres),
            ours: hex::encode(ours),
        }),
    })
}

/// Makes the device's sync identity when the database has none (its first start).
pub(super) fn ensure_identity(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_identity WHERE id = 1)",
        [],
        |r| r.get(0),
    )?;
    if exists {
        return Ok(());
    }
    let key = DeviceIdentity::generate().map_err(sync_error)?;
    let device_id = random_id().map_err(sync_error)?;
    conn.execute(
        "INSERT INTO sync_identity (id, device_id, key_pkcs8, created_at) VALUES (1, ?1, ?2, ?3)",
        params![
            device_id.as_slice(),
            key.pkcs8(),
            ts(crate::platform::clock::now())
        ],
    )?;
    tracing::info!(
        device = %hex::encode(device_id),
        fingerprint = %key.public_key().short_fingerprint(),
        "new sync identity"
    );
    Ok(())
}

impl Store {
    /// The device's sync id and signing key (made at its first start).
    pub fn sync_identity(&self) -> Result<SyncIdentity, StoreError> {
        let (id, pkcs8): (Vec<u8>, Vec<u8>) = self.conn.query_row(
            "SELECT device_id, key_pkcs8 FROM sync_identity WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let device_id: DeviceId = id
            .try_into()
            .map_err(|_| StoreError::Corrupt("the sync device id is not 16 bytes".into()))?;
        let key = DeviceIdentity::from_pkcs8(&pkcs8)
            .map_err(|e| StoreError::Corrupt(format!("the device's signing key: {e}")))?;
        Ok(SyncIdentity { device_id, key })
    }

    /// The centre this kiosk is enrolled with, if any.
    pub fn centre(&self) -> Result<Option<CentreLink>, StoreError> {
        type Row = (Option<String>, Vec<u8>, String, Option<String>);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT url, public_key, enrolled_at, confirmed_at FROM sync_centre WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(url, key, at, confirmed_at)| {
            Ok(CentreLink {
                url,
                public_key: CentrePublicKey::from_bytes(&key)
                    .map_err(|e| StoreError::Corrupt(format!("the centre's public key: {e}")))?,
                enrolled_at: parse_ts(&at)?,
                confirmed: confirmed_at.is_some(),
            })
        })
        .transpose()
    }

    pub(super) fn enrolled(&self) -> Result<CentreLink, StoreError> {
        self.centre()?.ok_or_else(|| {
            sync_error(
                "this kiosk is not enrolled with a centre: run `ladoshka enrol --centre URL --token TOKEN` (or `--centre-key FILE`)",
            )
        })
    }

    /// Records the centre this kiosk sends to, not yet confirmed (a confirmation of the same key
    /// stays). Refused when it is already enrolled with a different centre while sealed bundles
    /// still wait for that centre's acknowledgement.
    pub fn record_enrolment(
        &mut self,
        url: Option<&str>,
        centre: &CentrePublicKey,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<Vec<u8>> = tx
            .query_row("SELECT public_key FROM sync_centre WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        let waiting: i64 = tx.query_row(
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        if current.is_some_and(|c| c != centre.to_bytes()) && waiting > 0 {
            return Err(sync_error(format!(
                "{waiting} sealed bundle(s) still wait for the current centre's acknowledgement: sync them first, then enrol with another centre"
            )));
        }
        tx.execute(
            "INSERT INTO sync_centre (id, url, public_key, enrolled_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET url = excluded.url, public_key = excluded.public_key,
                 enrolled_at = excluded.enrolled_at,
                 confirmed_at = CASE WHEN sync_centre.public_key = excluded.public_key
                                     THEN sync_centre.confirmed_at END",
            params![
                url,
                centre.to_bytes().as_slice(),
                ts(crate::platform::clock::now())
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Confirms the enrolled centre's key with the fingerprint a person typed (in full, or at
    /// least its first 16 hex digits): `true` and recorded when it matches, `false` and nothing
    /// changed when it does not.
    pub fn confirm_centre(&mut self, typed: &str) -> Result<bool, StoreError> {
        let centre = self.enrolled()?;
        if !centre.public_key.matches_fingerprint(typed) {
            return Ok(false);
        }
        self.conn.execute(
            "UPDATE sync_centre SET confirmed_at = coalesce(confirmed_at, ?1) WHERE id = 1",
            [ts(crate::platform::clock::now())],
        )?;
        Ok(true)
    }

    /// Takes the centre's signed acknowledgement: checks the centre's signature, that it is for
    /// this device, and that it acknowledges this kiosk's own chain (the hash it names is that of
    /// this kiosk's bundle ending at the acknowledged row). Only then is every bundle and outbox
    /// row it covers done, in one transaction: a bundle's sealed bytes and the outbox rows'
    /// payloads are dropped (the centre holds them); the rows' sequence numbers and the bundles'
    /// hashes stay for the chain. Returns the sequence number acknowledged, or why nothing was
    /// marked (then nothing changed).
    pub fn apply_ack(&mut self, ack_bytes: &[u8]) -> Result<Result<u64, AckRefusal>, StoreError> {
        self.take_ack(ack_bytes, None)
    }

    /// What [`Store::apply_ack`] would take from `ack_bytes` (the sequence number, or why
    /// not), without marking anything: lets the round send on while the acknowledgement is
    /// recorded.
    pub fn verify_ack(&self, ack_bytes: &[u8]) -> Result<Result<u64, AckRefusal>, StoreError> {
        let centre = self.enrolled()?;
        let identity = self.sync_identity()?;
        verify(
            &self.conn,
            ack_bytes,
            &centre.public_key,
            &identity.device_id,
        )
    }

    /// Notes that bundle `sent` reached the centre and takes the acknowledgement the centre
    /// answered it with, as [`Store::apply_ack`] does, in the same transaction: one commit per
    /// bundle sent instead of two. The bundle is noted as sent even when the acknowledgement is
    /// refused (the centre did answer).
    pub fn apply_delivery_ack(
        &mut self,
        sent: i64,
        ack_bytes: &[u8],
    ) -> Result<Result<u64, AckRefusal>, StoreError> {
        self.take_ack(ack_bytes, Some(sent))
    }

    fn take_ack(
        &mut self,
        ack_bytes: &[u8],
        sent: Option<i64>,
    ) -> Result<Result<u64, AckRefusal>, StoreError> {
        let centre = self.enrolled()?;
        let identity = self.sync_identity()?;
        let now = ts(crate::platform::clock::now());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(id) = sent {
            tx.execute(
                "UPDATE sync_bundles SET sent_at = coalesce(sent_at, ?2) WHERE id = ?1",
                params![id, now],
            )?;
        }
        let outcome = verify(&tx, ack_bytes, &centre.public_key, &identity.device_id)?;
        let seq = match outcome {
            Ok(seq) => seq,
            Err(refusal) => {
                // Nothing is marked delivered; only the sending, if any, is kept.
                tx.commit()?;
                return Ok(Err(refusal));
            }
        };
        tx.execute(
            "UPDATE sync_bundles SET acked_at = coalesce(acked_at, ?2), bytes = x''
             WHERE last_seq <= ?1 AND (acked_at IS NULL OR length(bytes) > 0)",
            params![seq as i64, now],
        )?;
        // The rows newly covered lose their payloads: one range of the outbox's rowid, from
        // the acknowledgement before (the rows up to it were emptied then).
        tx.execute(
            "UPDATE outbox SET payload = ''
             WHERE seq > (SELECT acked_seq FROM sync_state WHERE id = 1) AND seq <= ?1
               AND payload <> ''",
            [seq as i64],
        )?;
        tx.execute(
            "UPDATE sync_state SET acked_seq = max(acked_seq, ?1), last_success_at = ?2,
                 last_attempt_at = ?2, last_error = NULL, last_error_kind = NULL, failures = 0
             WHERE id = 1",
            params![seq as i64, now],
        )?;
        tx.commit()?;
        Ok(Ok(seq))
    }

    /// Records a failed attempt, its kind (`unreachable`, `refused`, `not_enrolled`,
    /// `no_address`, `local`) and its words (the admin screen shows both); returns how many
    /// attempts in a row have failed.
    pub fn record_sync_failure(&mut self, kind: &str, error: &str) -> Result<u32, StoreError> {
        Ok(self.conn.query_row(
            "UPDATE sync_state SET last_error = ?1, last_error_kind = ?2, last_attempt_at = ?3,
                 failures = failures + 1
             WHERE id = 1 RETURNING failures",
            params![error, kind, ts(crate::platform::clock::now())],
            |r| r.get(0),
        )?)
    }

    /// Everything the admin screen shows about sync.
    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let identity = self.sync_identity()?;
        let centre = self.centre()?;
        type Row = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            u32,
        );
        let (acked, success, attempt, error, error_kind, failures): Row = self.conn.query_row(
            "SELECT acked_seq, last_success_at, last_attempt_at, last_error, last_error_kind,
                 failures
             FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
        let pending_rows: i64 =
            self.conn
                .query_row("SELECT count(*) FROM outbox WHERE seq > ?1", [acked], |r| {
                    r.get(0)
                })?;
        let pending_bundles: i64 = self.conn.query_row(
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(SyncStatus {
            device_id: hex::encode(identity.device_id),
            fingerprint: identity.key.public_key().fingerprint(),
            centre_url: centre.as_ref().and_then(|c| c.url.clone()),
            centre_fingerprint: centre.as_ref().map(|c| c.public_key.fingerprint()),
            centre_confirmed: centre.as_ref().is_some_and(|c| c.confirmed),
            enrolled_at: centre.as_ref().map(|c| c.enrolled_at),
            last_success_at: success.as_deref().map(parse_ts).transpose()?,
            last_attempt_at: attempt.as_deref().map(parse_ts).transpose()?,
            last_error: error,
            last_error_kind: error_kind,
            failures,
            acked_seq: acked as u64,
            pending_rows: pending_rows as u64,
            pending_bundles: pending_bundles as u64,
            config: self.centre_config()?,
        })
    }
}

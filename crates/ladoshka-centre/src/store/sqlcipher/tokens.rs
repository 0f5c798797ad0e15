//! Enrolment tokens in the store, and enrolment itself: a valid token is used up in the same
//! transaction that writes the device row, so one token enrols at most one kiosk.

use ladoshka_seal::{DeviceId, DevicePublicKey};
use rusqlite::{params, OptionalExtension};

use super::Db;
use crate::store::decide::{plan_enrol, EnrolFacts, EnrolPlan, EnrolledFacts, TokenFacts};
use crate::store::{EnrolOutcome, EnrolRefusal, StoreError};

impl Db {
    /// Keeps a new token's SHA-256 and expiry (Unix seconds).
    pub(super) fn insert_token(
        &mut self,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO tokens (token_hash, created_at, expires_at) VALUES (?1, ?2, ?3)",
            params![&token_hash[..], now, expires_at],
        )?;
        Ok(())
    }

    /// Enrols `device_id` with `key` if `token_hash` names a valid, unused token, marking the
    /// token used in the same transaction. A revoked device is enrolled again only when
    /// `reactivate` says so (the administrator's `devices add`), never with a token alone.
    pub(super) fn enrol(
        &mut self,
        token_hash: &[u8; 32],
        device_id: &DeviceId,
        key: &DevicePublicKey,
        now: i64,
        reactivate: bool,
    ) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError> {
        let tx = self.conn.transaction()?;
        let token = tx
            .query_row(
                "SELECT expires_at, used_at, used_by FROM tokens WHERE token_hash = ?1",
                [&token_hash[..]],
                |r| {
                    Ok(TokenFacts {
                        expires_at: r.get(0)?,
                        used_at: r.get(1)?,
                        used_by: r.get(2)?,
                    })
                },
            )
            .optional()?;
        let device = tx
            .query_row(
                "SELECT public_key, revoked_at FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| {
                    Ok(EnrolledFacts {
                        public_key: r.get(0)?,
                        revoked: r.get::<_, Option<i64>>(1)?.is_some(),
                    })
                },
            )
            .optional()?;
        let plan = plan_enrol(
            EnrolFacts { token, device },
            device_id,
            key,
            now,
            reactivate,
        );
        match plan {
            EnrolPlan::Answer(answer) => return Ok(answer),
            EnrolPlan::KeepDevice => {}
            EnrolPlan::InsertDevice => {
                tx.execute(
                    "INSERT INTO devices (device_id, public_key, enrolled_at) VALUES (?1, ?2, ?3)",
                    params![&device_id[..], &key.as_bytes()[..], now],
                )?;
            }
            EnrolPlan::ReactivateDevice => {
                tx.execute(
                    "UPDATE devices SET public_key = ?2, enrolled_at = ?3, revoked_at = NULL
                     WHERE device_id = ?1",
                    params![&device_id[..], &key.as_bytes()[..], now],
                )?;
            }
        }
        tx.execute(
            "UPDATE tokens SET used_at = ?2, used_by = ?3 WHERE token_hash = ?1",
            params![&token_hash[..], now, &device_id[..]],
        )?;
        tx.commit()?;
        Ok(plan.outcome())
    }
}

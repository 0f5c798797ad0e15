//! Enrolment tokens in the store, and enrolment itself: a valid token is used up in the same
//! transaction that writes the device row, so one token enrols at most one kiosk.

use ladoshka_seal::{DeviceId, DevicePublicKey};
use rusqlite::{params, OptionalExtension};

use super::{Store, StoreError};
use crate::time::show;

/// What enrolment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolOutcome {
    /// A new kiosk.
    New,
    /// The same kiosk with the same key asked again with the token it used (its first answer
    /// was lost): nothing changed.
    Again,
    /// A revoked kiosk enrolled again by the centre's administrator (`devices add`): active
    /// again, with the key given.
    Reactivated,
}

/// Why enrolment was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnrolRefusal {
    #[error("this enrolment token is not known at the centre: check that it was typed in full, or ask the centre for a new one (`ladoshka-centre token create`)")]
    UnknownToken,

    #[error("this enrolment token was already used ({used_at}): a token enrols one kiosk once; ask the centre for a new one")]
    UsedToken { used_at: String },

    #[error("this enrolment token expired ({expired_at}); ask the centre for a new one")]
    ExpiredToken { expired_at: String },

    #[error("device {device_id} was revoked at this centre: an enrolment token cannot enrol it again. If this kiosk should sync again, the centre's administrator compares its fingerprint and adds it by hand (`ladoshka-centre devices add {device_id} PUBLIC_KEY`)")]
    Revoked { device_id: String },

    #[error("device {device_id} is already enrolled with another key (fingerprint {enrolled_fingerprint}): if the kiosk's key was replaced, revoke the device at the centre (`ladoshka-centre devices revoke {device_id}`) and enrol it again")]
    KeyConflict {
        device_id: String,
        enrolled_fingerprint: String,
    },
}

impl Store {
    /// Keeps a new token's SHA-256 and expiry (Unix seconds).
    pub fn insert_token(
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
    pub fn enrol(
        &mut self,
        token_hash: &[u8; 32],
        device_id: &DeviceId,
        key: &DevicePublicKey,
        now: i64,
        reactivate: bool,
    ) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError> {
        let tx = self.conn.transaction()?;
        let token: Option<(i64, Option<i64>, Option<Vec<u8>>)> = tx
            .query_row(
                "SELECT expires_at, used_at, used_by FROM tokens WHERE token_hash = ?1",
                [&token_hash[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let device: Option<(Vec<u8>, Option<i64>)> = tx
            .query_row(
                "SELECT public_key, revoked_at FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let same_key_active = matches!(&device, Some((k, None)) if k[..] == key.as_bytes()[..]);

        let Some((expires_at, used_at, used_by)) = token else {
            return Ok(Err(EnrolRefusal::UnknownToken));
        };
        if let Some(used_at) = used_at {
            // The same kiosk repeating its enrolment with its own token gets the same answer.
            if used_by.as_deref() == Some(&device_id[..]) && same_key_active {
                return Ok(Ok(EnrolOutcome::Again));
            }
            return Ok(Err(EnrolRefusal::UsedToken {
                used_at: show(used_at),
            }));
        }
        if now >= expires_at {
            return Ok(Err(EnrolRefusal::ExpiredToken {
                expired_at: show(expires_at),
            }));
        }

        let outcome = match device {
            None => {
                tx.execute(
                    "INSERT INTO devices (device_id, public_key, enrolled_at) VALUES (?1, ?2, ?3)",
                    params![&device_id[..], &key.as_bytes()[..], now],
                )?;
                EnrolOutcome::New
            }
            Some((_, None)) if same_key_active => EnrolOutcome::Again,
            Some((enrolled, None)) => {
                let enrolled_fingerprint = DevicePublicKey::from_bytes(&enrolled)
                    .map(|k| k.fingerprint())
                    .unwrap_or_else(|_| "unreadable".into());
                return Ok(Err(EnrolRefusal::KeyConflict {
                    device_id: hex::encode(device_id),
                    enrolled_fingerprint,
                }));
            }
            Some((_, Some(_))) if !reactivate => {
                return Ok(Err(EnrolRefusal::Revoked {
                    device_id: hex::encode(device_id),
                }));
            }
            Some((_, Some(_))) => {
                tx.execute(
                    "UPDATE devices SET public_key = ?2, enrolled_at = ?3, revoked_at = NULL
                     WHERE device_id = ?1",
                    params![&device_id[..], &key.as_bytes()[..], now],
                )?;
                EnrolOutcome::Reactivated
            }
        };
        tx.execute(
            "UPDATE tokens SET used_at = ?2, used_by = ?3 WHERE token_hash = ?1",
            params![&token_hash[..], now, &device_id[..]],
        )?;
        tx.commit()?;
        Ok(Ok(outcome))
    }
}

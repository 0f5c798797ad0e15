//! The enrolled kiosks as the store knows them: the status `open` asks for, what an
//! acknowledgement says, the `devices` listing and revocation.

use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus};
use rusqlite::{params, OptionalExtension};

use super::Db;
use crate::store::{
    hash_from, seq_from_sql, status_from, AckState, DeviceSummary, RevokeOutcome, StoreError,
};

impl Db {
    /// The device lookup for [`ladoshka_seal::open`].
    pub(super) fn device_status(&self, device_id: &DeviceId) -> Result<DeviceStatus, StoreError> {
        let row: Option<(Vec<u8>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT public_key, revoked_at FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(DeviceStatus::Unknown),
            Some((key, revoked_at)) => status_from(&key, revoked_at.is_some()),
        }
    }

    /// Where a device stands, for its acknowledgement.
    pub(super) fn ack_state(&self, device_id: &DeviceId) -> Result<AckState, StoreError> {
        type Row = (Option<i64>, i64, Option<Vec<u8>>);
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT revoked_at, held_through, last_bundle_hash FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(match row {
            None => AckState::Unknown,
            Some((Some(_), _, _)) => AckState::Revoked,
            Some((None, held, hash)) => AckState::Active {
                held_through: seq_from_sql(held),
                last_bundle_hash: hash_from(device_id, hash.as_deref())?,
            },
        })
    }

    /// Every enrolled device, oldest enrolment first.
    pub(super) fn devices(&self) -> Result<Vec<DeviceSummary>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.device_id, d.public_key, d.enrolled_at, d.revoked_at, d.held_through,
                    d.last_bundle_at,
                    (SELECT count(*) FROM outbox_rows r WHERE r.device_id = d.device_id)
             FROM devices d ORDER BY d.enrolled_at, d.device_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: Vec<u8> = r.get(0)?;
            let key: Vec<u8> = r.get(1)?;
            let mut device_id = [0u8; 16];
            if id.len() == 16 {
                device_id.copy_from_slice(&id);
            }
            Ok(DeviceSummary {
                device_id,
                public_key: DevicePublicKey::from_bytes(&key).ok(),
                enrolled_at: r.get(2)?,
                revoked_at: r.get(3)?,
                held_through: seq_from_sql(r.get(4)?),
                last_bundle_at: r.get(5)?,
                rows_held: seq_from_sql(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks a device revoked: its bundles are refused from now on; what it sent stays.
    pub(super) fn revoke(
        &mut self,
        device_id: &DeviceId,
        now: i64,
    ) -> Result<RevokeOutcome, StoreError> {
        let tx = self.conn.transaction()?;
        let revoked_at: Option<Option<i64>> = tx
            .query_row(
                "SELECT revoked_at FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| r.get(0),
            )
            .optional()?;
        let outcome = match revoked_at {
            None => RevokeOutcome::Unknown,
            Some(Some(_)) => RevokeOutcome::AlreadyRevoked,
            Some(None) => {
                tx.execute(
                    "UPDATE devices SET revoked_at = ?2 WHERE device_id = ?1",
                    params![&device_id[..], now],
                )?;
                RevokeOutcome::Revoked
            }
        };
        tx.commit()?;
        Ok(outcome)
    }
}

//! The enrolled kiosks as the store knows them: the status `open` asks for, what an
//! acknowledgement says, the `devices` listing and revocation.

use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus};
use rusqlite::{params, OptionalExtension};

use super::{seq_from_sql, Store, StoreError};

/// What the centre can acknowledge to a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckState {
    Unknown,
    Revoked,
    /// Active, holding every row up to this sequence number (0 = none), the last bundle held
    /// having this SHA-256 (zeros = none).
    Active {
        held_through: u64,
        last_bundle_hash: [u8; 32],
    },
}

/// One line of `ladoshka-centre devices`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSummary {
    pub device_id: DeviceId,
    pub public_key: Option<DevicePublicKey>,
    pub enrolled_at: i64,
    pub revoked_at: Option<i64>,
    pub held_through: u64,
    pub last_bundle_at: Option<i64>,
    pub rows_held: u64,
}

/// What `devices revoke` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeOutcome {
    Revoked,
    AlreadyRevoked,
    Unknown,
}

impl Store {
    /// The device lookup for [`ladoshka_seal::open`].
    pub fn device_status(&self, device_id: &DeviceId) -> Result<DeviceStatus, StoreError> {
        let row: Option<(Vec<u8>, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT public_key, revoked_at FROM devices WHERE device_id = ?1",
                [&device_id[..]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            None => DeviceStatus::Unknown,
            Some((_, Some(_))) => DeviceStatus::Revoked,
            Some((key, None)) => match DevicePublicKey::from_bytes(&key) {
                Ok(key) => DeviceStatus::Active(key),
                // The schema's CHECK keeps this from happening; refuse rather than guess.
                Err(e) => return Err(StoreError::Corrupt(e.to_string())),
            },
        })
    }

    /// Where a device stands, for its acknowledgement.
    pub fn ack_state(&self, device_id: &DeviceId) -> Result<AckState, StoreError> {
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
                last_bundle_hash: match hash {
                    None => [0; 32],
                    Some(h) => h.as_slice().try_into().map_err(|_| {
                        StoreError::Corrupt(format!(
                            "the last bundle hash of device {} is {} bytes, not 32",
                            hex::encode(device_id),
                            h.len()
                        ))
                    })?,
                },
            },
        })
    }

    /// Every enrolled device, oldest enrolment first.
    pub fn devices(&self) -> Result<Vec<DeviceSummary>, StoreError> {
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
    pub fn revoke(&mut self, device_id: &DeviceId, now: i64) -> Result<RevokeOutcome, StoreError> {
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

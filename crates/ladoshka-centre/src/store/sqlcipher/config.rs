//! The configuration channel's tables in the SQLCipher file.

use ladoshka_seal::DeviceId;
use rusqlite::{params, OptionalExtension};

use super::SqlcipherStore;
use crate::store::config::{kem_from, ConfigStore, DeviceConfigState, PublishedConfig};
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, StoreError};

impl ConfigStore for SqlcipherStore {
    fn publish_config(&self, payload: &[u8], now: i64) -> Result<u64, StoreError> {
        let mut db = self.db();
        let tx = db.conn.transaction()?;
        let serial: i64 = tx.query_row(
            "INSERT INTO config_versions (serial, published_at, payload)
             SELECT coalesce(max(serial), 0) + 1, ?1, ?2 FROM config_versions RETURNING serial",
            params![now, payload],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(seq_from_sql(serial))
    }

    fn latest_config(&self) -> Result<Option<PublishedConfig>, StoreError> {
        Ok(self
            .db()
            .conn
            .query_row(
                "SELECT serial, published_at, payload FROM config_versions
                 ORDER BY serial DESC LIMIT 1",
                [],
                |r| {
                    Ok(PublishedConfig {
                        serial: seq_from_sql(r.get(0)?),
                        published_at: r.get(1)?,
                        payload: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn register_kem(&self, device: &DeviceId, key: &[u8; 32], now: i64) -> Result<(), StoreError> {
        self.db().conn.execute(
            "INSERT INTO device_config (device_id, kem_public_key, kem_registered_at)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (device_id) DO UPDATE SET kem_public_key = ?2, kem_registered_at = ?3",
            params![&device[..], &key[..], now],
        )?;
        Ok(())
    }

    fn note_config_have(&self, device: &DeviceId, have: u64, now: i64) -> Result<(), StoreError> {
        self.db().conn.execute(
            "INSERT INTO device_config (device_id, have_serial, asked_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (device_id) DO UPDATE SET have_serial = ?2, asked_at = ?3",
            params![&device[..], seq_to_sql(have), now],
        )?;
        Ok(())
    }

    fn config_states(&self) -> Result<Vec<DeviceConfigState>, StoreError> {
        let db = self.db();
        let mut stmt = db.conn.prepare(
            "SELECT d.device_id, c.kem_public_key, c.have_serial, c.asked_at
             FROM devices d LEFT JOIN device_config c ON c.device_id = d.device_id
             ORDER BY d.enrolled_at, d.device_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Vec<u8>>(0)?,
                r.get::<_, Option<Vec<u8>>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let mut states = Vec::new();
        for row in rows {
            let (id, kem, have, asked_at) = row?;
            states.push(DeviceConfigState {
                device_id: device_id_from(&id)?,
                kem_public_key: kem_from(kem.as_deref())?,
                have_serial: have.map(seq_from_sql),
                asked_at,
            });
        }
        Ok(states)
    }
}

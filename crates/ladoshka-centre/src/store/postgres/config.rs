//! The configuration channel's tables in PostgreSQL. A published configuration is encrypted
//! like the row bodies (it may name staff); publishing locks the table, so two centre workers
//! publishing at once get two serials, one after the other.

use ladoshka_seal::DeviceId;

use super::PostgresStore;
use crate::store::config::{kem_from, ConfigStore, DeviceConfigState, PublishedConfig};
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, StoreError};

/// What a configuration's encryption is bound to besides its serial.
pub(super) const CONFIG_AAD: &[u8] = b"config version";

impl ConfigStore for PostgresStore {
    fn publish_config(&self, payload: &[u8], now: i64) -> Result<u64, StoreError> {
        let text = std::str::from_utf8(payload)
            .map_err(|_| StoreError::Corrupt("a configuration is not UTF-8 text".into()))?;
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.batch_execute("LOCK TABLE config_versions IN EXCLUSIVE MODE")?;
        let serial: i64 = tx
            .query_one(
                "SELECT coalesce(max(serial), 0) + 1 FROM config_versions",
                &[],
            )?
            .get(0);
        let sealed = self.body.seal(CONFIG_AAD, serial, text)?;
        tx.execute(
            "INSERT INTO config_versions (serial, published_at, payload) VALUES ($1, $2, $3)",
            &[&serial, &now, &sealed],
        )?;
        tx.commit()?;
        Ok(seq_from_sql(serial))
    }

    fn latest_config(&self) -> Result<Option<PublishedConfig>, StoreError> {
        let Some(r) = self.conn()?.query_opt(
            "SELECT serial, published_at, payload FROM config_versions
             ORDER BY serial DESC LIMIT 1",
            &[],
        )?
        else {
            return Ok(None);
        };
        let serial: i64 = r.get(0);
        Ok(Some(PublishedConfig {
            serial: seq_from_sql(serial),
            published_at: r.get(1),
            payload: self
                .body
                .open(CONFIG_AAD, serial, r.get::<_, &[u8]>(2))?
                .into_bytes(),
        }))
    }

    fn register_kem(&self, device: &DeviceId, key: &[u8; 32], now: i64) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO device_config (device_id, kem_public_key, kem_registered_at)
             VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET kem_public_key = $2, kem_registered_at = $3",
            &[&&device[..], &&key[..], &now],
        )?;
        Ok(())
    }

    fn note_config_have(&self, device: &DeviceId, have: u64, now: i64) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO device_config (device_id, have_serial, asked_at) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET have_serial = $2, asked_at = $3",
            &[&&device[..], &seq_to_sql(have), &now],
        )?;
        Ok(())
    }

    fn config_states(&self) -> Result<Vec<DeviceConfigState>, StoreError> {
        self.conn()?
            .query(
                "SELECT d.device_id, c.kem_public_key, c.have_serial, c.asked_at
                 FROM devices d LEFT JOIN device_config c ON c.device_id = d.device_id
                 ORDER BY d.enrolled_at, d.device_id",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(DeviceConfigState {
                    device_id: device_id_from(r.get::<_, &[u8]>(0))?,
                    kem_public_key: kem_from(r.get::<_, Option<&[u8]>>(1))?,
                    have_serial: r.get::<_, Option<i64>>(2).map(seq_from_sql),
                    asked_at: r.get(3),
                })
            })
            .collect()
    }
}

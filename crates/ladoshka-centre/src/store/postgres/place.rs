//! Places and refusals in PostgreSQL.

use ladoshka_seal::DeviceId;

use super::PostgresStore;
use crate::store::place::{DevicePlace, PlaceStore};
use crate::store::{device_id_from, StoreError};

impl PlaceStore for PostgresStore {
    fn set_token_place(
        &self,
        token_hash: &[u8; 32],
        unit: Option<&str>,
        room: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO token_places (token_hash, unit, room) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash) DO UPDATE SET unit = $2, room = $3",
            &[&&token_hash[..], &unit, &room],
        )?;
        Ok(())
    }

    fn place_from_token(&self, device: &DeviceId, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO device_places (device_id, unit, room)
             SELECT $1, unit, room FROM token_places WHERE token_hash = $2
             ON CONFLICT (device_id) DO UPDATE SET unit = excluded.unit, room = excluded.room",
            &[&&device[..], &&token_hash[..]],
        )?;
        Ok(())
    }

    fn set_device_place(
        &self,
        device: &DeviceId,
        unit: Option<&str>,
        room: Option<&str>,
        _now: i64,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO device_places (device_id, unit, room) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET unit = $2, room = $3",
            &[&&device[..], &unit, &room],
        )?;
        Ok(())
    }

    fn note_refusal(&self, device: &DeviceId, why: &str, at: i64) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO device_places (device_id, refusal, refused_at)
             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM devices WHERE device_id = $1)
             ON CONFLICT (device_id) DO UPDATE SET refusal = $2, refused_at = $3",
            &[&&device[..], &why, &at],
        )?;
        Ok(())
    }

    fn clear_refusal(&self, device: &DeviceId) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE device_places SET refusal = NULL, refused_at = NULL
             WHERE device_id = $1 AND refusal IS NOT NULL",
            &[&&device[..]],
        )?;
        Ok(())
    }

    fn places(&self) -> Result<Vec<DevicePlace>, StoreError> {
        self.conn()?
            .query(
                "SELECT d.device_id, p.unit, p.room,
                        p.refusal, p.refused_at
                 FROM devices d LEFT JOIN device_places p ON p.device_id = d.device_id
                 ORDER BY d.enrolled_at, d.device_id",
                &[],
            )?
            .iter()
            .map(|r| {
                Ok(DevicePlace {
                    device_id: device_id_from(r.get::<_, &[u8]>(0))?,
                    unit: r.get(1),
                    room: r.get(2),
                    refusal: r.get(3),
                    refused_at: r.get(4),
                })
            })
            .collect()
    }
}

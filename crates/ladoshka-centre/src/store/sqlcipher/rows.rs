//! Reading back what was imported: the rows a device sent, every row for the reports, and how
//! many bundles brought them.

use ladoshka_seal::DeviceId;

use super::Db;
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, StoreError, StoredRow};

impl Db {
    /// Every row held from `device_id`, in sequence order.
    pub(super) fn rows(&self, device_id: &DeviceId) -> Result<Vec<StoredRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, kind, body, created_at, bundle_id FROM outbox_rows
             WHERE device_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([&device_id[..]], |r| {
            Ok(StoredRow {
                seq: seq_from_sql(r.get(0)?),
                kind: r.get(1)?,
                body: r.get(2)?,
                created_at: r.get(3)?,
                bundle_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `each` with every row held, device by device, each device's rows in sequence
    /// order, without holding them all in memory.
    pub(super) fn each_row(
        &self,
        each: &mut dyn FnMut(&DeviceId, &StoredRow),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT device_id, seq, kind, body, created_at, bundle_id FROM outbox_rows
             ORDER BY device_id, seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: Vec<u8> = r.get(0)?;
            let device = device_id_from(&id)?;
            let row = StoredRow {
                seq: seq_from_sql(r.get(1)?),
                kind: r.get(2)?,
                body: r.get(3)?,
                created_at: r.get(4)?,
                bundle_id: r.get(5)?,
            };
            each(&device, &row);
        }
        Ok(())
    }

    /// The rows of `device_id` after sequence number `after`, in order.
    pub(super) fn each_row_after(
        &self,
        device_id: &DeviceId,
        after: u64,
        each: &mut dyn FnMut(&StoredRow),
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, kind, body, created_at, bundle_id FROM outbox_rows
             WHERE device_id = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let mut rows = stmt.query(rusqlite::params![&device_id[..], seq_to_sql(after)])?;
        while let Some(r) = rows.next()? {
            each(&StoredRow {
                seq: seq_from_sql(r.get(0)?),
                kind: r.get(1)?,
                body: r.get(2)?,
                created_at: r.get(3)?,
                bundle_id: r.get(4)?,
            });
        }
        Ok(())
    }

    /// How many rows and bundles the centre holds altogether.
    pub(super) fn totals(&self) -> Result<(u64, u64), StoreError> {
        let rows: i64 = self
            .conn
            .query_row("SELECT count(*) FROM outbox_rows", [], |r| r.get(0))?;
        let bundles: i64 = self
            .conn
            .query_row("SELECT count(*) FROM bundles", [], |r| r.get(0))?;
        Ok((seq_from_sql(rows), seq_from_sql(bundles)))
    }
}

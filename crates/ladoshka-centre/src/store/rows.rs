//! Reading back what was imported: the rows a device sent and how many bundles brought them.
//! The reports will read through here; today the tests and `devices` do.

use ladoshka_seal::DeviceId;

use super::{seq_from_sql, Store, StoreError};

/// One outbox row as the centre keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRow {
    pub seq: u64,
    pub kind: String,
    /// The row's body, as JSON text.
    pub body: String,
    pub created_at: String,
    pub bundle_id: Vec<u8>,
}

impl Store {
    /// Every row held from `device_id`, in sequence order.
    pub fn rows(&self, device_id: &DeviceId) -> Result<Vec<StoredRow>, StoreError> {
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

    /// How many rows and bundles the centre holds altogether.
    pub fn totals(&self) -> Result<(u64, u64), StoreError> {
        let rows: i64 = self
            .conn
            .query_row("SELECT count(*) FROM outbox_rows", [], |r| r.get(0))?;
        let bundles: i64 = self
            .conn
            .query_row("SELECT count(*) FROM bundles", [], |r| r.get(0))?;
        Ok((seq_from_sql(rows), seq_from_sql(bundles)))
    }
}

//! The erasure orders' table in the SQLCipher file: placing an order together with the
//! configuration version that carries it, and marking it carried out when the kiosk's erasure
//! row for it is imported.

use ladoshka_seal::DeviceId;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::SqlcipherStore;
use crate::store::erasure_order::{order_of, ErasureOrderRecord, ErasureOrderStore, OrderDone};
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, StoreError};

/// Marks the order the erasure row `seq` (its `body`) from `device` answers as carried out,
/// inside the import's transaction. An order of another kiosk, or one answered already, is left
/// as it is.
pub(super) fn mark_done(
    tx: &Transaction<'_>,
    device: &[u8],
    seq: u64,
    body: &str,
    now: i64,
    deleted: u64,
) -> Result<(), StoreError> {
    let Some(order) = order_of(body) else {
        return Ok(());
    };
    tx.execute(
        "UPDATE erasure_orders SET done_seq = ?3, done_at = ?4, rows_deleted = ?5
         WHERE order_no = ?1 AND device_id = ?2 AND done_seq IS NULL",
        params![
            seq_to_sql(order),
            device,
            seq_to_sql(seq),
            now,
            seq_to_sql(deleted)
        ],
    )?;
    Ok(())
}

impl ErasureOrderStore for SqlcipherStore {
    fn place_erasure_order(
        &self,
        device: &DeviceId,
        family: i64,
        enrolled_at: i64,
        reason: Option<&str>,
        empty_config: &[u8],
        now: i64,
    ) -> Result<ErasureOrderRecord, StoreError> {
        let mut db = self.db();
        let tx = db
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<Vec<u8>> = tx
            .query_row(
                "SELECT payload FROM config_versions ORDER BY serial DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let serial: i64 = tx.query_row(
            "INSERT INTO config_versions (serial, published_at, payload)
             SELECT coalesce(max(serial), 0) + 1, ?1, ?2 FROM config_versions RETURNING serial",
            params![now, last.as_deref().unwrap_or(empty_config)],
            |r| r.get(0),
        )?;
        let order: i64 = tx.query_row(
            "INSERT INTO erasure_orders (order_no, device_id, family_id, enrolled_at, reason, ordered_at, serial)
             SELECT coalesce(max(order_no), 0) + 1, ?1, ?2, ?3, ?4, ?5, ?6 FROM erasure_orders
             RETURNING order_no",
            params![&device[..], family, enrolled_at, reason, now, serial],
            |r| r.get(0),
        )?;
        let have: Option<i64> = tx
            .query_row(
                "SELECT have_serial FROM device_config WHERE device_id = ?1",
                [&device[..]],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        tx.commit()?;
        Ok(ErasureOrderRecord {
            order: seq_from_sql(order),
            device_id: *device,
            family,
            enrolled_at,
            reason: reason.map(str::to_owned),
            ordered_at: now,
            serial: seq_from_sql(serial),
            have_serial: have.map(seq_from_sql),
            done: None,
        })
    }

    fn erasure_orders(&self) -> Result<Vec<ErasureOrderRecord>, StoreError> {
        let db = self.db();
        let mut stmt = db.conn.prepare(
            "SELECT o.order_no, o.device_id, o.family_id, o.enrolled_at, o.reason, o.ordered_at, o.serial,
                    c.have_serial, o.done_seq, o.done_at, o.rows_deleted
             FROM erasure_orders o LEFT JOIN device_config c ON c.device_id = o.device_id
             ORDER BY o.order_no",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ),
                (
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                ),
                r.get::<_, Option<i64>>(7)?,
                (
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, Option<i64>>(9)?,
                    r.get::<_, Option<i64>>(10)?,
                ),
            ))
        })?;
        let mut orders = Vec::new();
        for row in rows {
            let ((order, device, family, enrolled_at), (reason, ordered_at, serial), have, done) =
                row?;
            orders.push(ErasureOrderRecord {
                order: seq_from_sql(order),
                device_id: device_id_from(&device)?,
                family,
                enrolled_at,
                reason,
                ordered_at,
                serial: seq_from_sql(serial),
                have_serial: have.map(seq_from_sql),
                done: match done {
                    (Some(seq), Some(at), Some(rows)) => Some(OrderDone {
                        seq: seq_from_sql(seq),
                        at,
                        rows_deleted: seq_from_sql(rows),
                    }),
                    _ => None,
                },
            });
        }
        Ok(orders)
    }
}

//! The erasure orders' table in PostgreSQL: placing an order together with the configuration
//! version that carries it (under the same lock as publishing, so two centre workers get two
//! serials), and marking it carried out when the kiosk's erasure row for it is imported. The
//! reason is sealed like the row bodies.

use ladoshka_seal::DeviceId;
use r2d2_postgres::postgres::Transaction;

use super::config::CONFIG_AAD;
use super::PostgresStore;
use crate::store::erasure_order::{ErasureOrderRecord, ErasureOrderStore, OrderDone};
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, StoreError};

/// What an order's reason is sealed to besides its number.
const REASON_AAD: &[u8] = b"erasure order reason";

/// Marks `order` (read from the erasure row `seq` of `device`) carried out, inside the import's
/// transaction. An order of another kiosk, or one answered already, is left as it is.
pub(super) fn mark_done(
    tx: &mut Transaction<'_>,
    device: &[u8],
    seq: u64,
    order: Option<u64>,
    now: i64,
    deleted: i64,
) -> Result<(), StoreError> {
    let Some(order) = order else { return Ok(()) };
    tx.execute(
        "UPDATE erasure_orders SET done_seq = $3, done_at = $4, rows_deleted = $5
         WHERE order_no = $1 AND device_id = $2 AND done_seq IS NULL",
        &[
            &seq_to_sql(order),
            &device,
            &seq_to_sql(seq),
            &now,
            &deleted,
        ],
    )?;
    Ok(())
}

impl ErasureOrderStore for PostgresStore {
    fn place_erasure_order(
        &self,
        device: &DeviceId,
        family: i64,
        enrolled_at: i64,
        reason: Option<&str>,
        empty_config: &[u8],
        now: i64,
    ) -> Result<ErasureOrderRecord, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.batch_execute(
            "LOCK TABLE config_versions IN EXCLUSIVE MODE;
             LOCK TABLE erasure_orders IN EXCLUSIVE MODE;",
        )?;
        let last = tx.query_opt(
            "SELECT serial, payload FROM config_versions ORDER BY serial DESC LIMIT 1",
            &[],
        )?;
        let payload = match last {
            Some(r) => self.body.open(CONFIG_AAD, r.get(0), r.get::<_, &[u8]>(1))?,
            None => String::from_utf8(empty_config.to_vec())
                .map_err(|_| StoreError::Corrupt("a configuration is not UTF-8 text".into()))?,
        };
        let serial: i64 = tx
            .query_one(
                "SELECT coalesce(max(serial), 0) + 1 FROM config_versions",
                &[],
            )?
            .get(0);
        let sealed = self.body.seal(CONFIG_AAD, serial, &payload)?;
        tx.execute(
            "INSERT INTO config_versions (serial, published_at, payload) VALUES ($1, $2, $3)",
            &[&serial, &now, &sealed],
        )?;
        let order: i64 = tx
            .query_one(
                "SELECT coalesce(max(order_no), 0) + 1 FROM erasure_orders",
                &[],
            )?
            .get(0);
        let sealed_reason = reason
            .map(|r| self.body.seal(REASON_AAD, order, r))
            .transpose()?;
        tx.execute(
            "INSERT INTO erasure_orders (order_no, device_id, family_id, enrolled_at, reason, ordered_at, serial)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[&order, &&device[..], &family, &enrolled_at, &sealed_reason, &now, &serial],
        )?;
        let have: Option<i64> = tx
            .query_opt(
                "SELECT have_serial FROM device_config WHERE device_id = $1",
                &[&&device[..]],
            )?
            .and_then(|r| r.get(0));
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
        self.conn()?
            .query(
                "SELECT o.order_no, o.device_id, o.family_id, o.enrolled_at, o.reason, o.ordered_at, o.serial,
                        c.have_serial, o.done_seq, o.done_at, o.rows_deleted
                 FROM erasure_orders o LEFT JOIN device_config c ON c.device_id = o.device_id
                 ORDER BY o.order_no",
                &[],
            )?
            .iter()
            .map(|r| {
                let order: i64 = r.get(0);
                let done = match (r.get::<_, Option<i64>>(8), r.get::<_, Option<i64>>(9), r.get::<_, Option<i64>>(10)) {
                    (Some(seq), Some(at), Some(rows)) => Some(OrderDone {
                        seq: seq_from_sql(seq),
                        at,
                        rows_deleted: seq_from_sql(rows),
                    }),
                    _ => None,
                };
                Ok(ErasureOrderRecord {
                    order: seq_from_sql(order),
                    device_id: device_id_from(r.get::<_, &[u8]>(1))?,
                    family: r.get(2),
                    enrolled_at: r.get(3),
                    reason: r
                        .get::<_, Option<&[u8]>>(4)
                        .map(|sealed| self.body.open(REASON_AAD, order, sealed))
                        .transpose()?,
                    ordered_at: r.get(5),
                    serial: seq_from_sql(r.get(6)),
                    have_serial: r.get::<_, Option<i64>>(7).map(seq_from_sql),
                    done,
                })
            })
            .collect()
    }
}

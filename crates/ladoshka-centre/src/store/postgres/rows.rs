//! Reading back from PostgreSQL: rows (decrypted, streamed without holding them all), totals
//! and the erasures carried out.

use ladoshka_seal::DeviceId;
use r2d2_postgres::postgres::types::ToSql;
use r2d2_postgres::postgres::Client;

use super::body::BodyKey;
use crate::store::{device_id_from, seq_from_sql, seq_to_sql, ErasureDone, StoreError, StoredRow};

/// Calls `each` with every row held (from `only` after its sequence number when given), device
/// by device, each device's rows in sequence order.
pub(super) fn each(
    client: &mut Client,
    key: &BodyKey,
    only: Option<(&DeviceId, u64)>,
    each: &mut dyn FnMut(&DeviceId, &StoredRow),
) -> Result<(), StoreError> {
    let only = only.map(|(d, after)| (d.to_vec(), seq_to_sql(after)));
    let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match &only {
        Some((device, after)) => (
            "SELECT device_id, seq, kind, body, created_at, bundle_id FROM outbox_rows
             WHERE device_id = $1 AND seq > $2 ORDER BY seq",
            vec![device, after],
        ),
        None => (
            "SELECT device_id, seq, kind, body, created_at, bundle_id FROM outbox_rows
             ORDER BY device_id, seq",
            vec![],
        ),
    };
    // A portal inside a transaction fetches the rows in batches.
    let mut tx = client.transaction()?;
    let portal = tx.bind(sql, &params)?;
    loop {
        let batch = tx.query_portal(&portal, 2000)?;
        if batch.is_empty() {
            break;
        }
        for r in &batch {
            let device = device_id_from(r.get::<_, &[u8]>(0))?;
            let seq: i64 = r.get(1);
            let row = StoredRow {
                seq: seq_from_sql(seq),
                kind: r.get(2),
                body: key.open(&device, seq, r.get::<_, &[u8]>(3))?,
                created_at: r.get(4),
                bundle_id: r.get(5),
            };
            each(&device, &row);
        }
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn totals(client: &mut Client) -> Result<(u64, u64), StoreError> {
    let r = client.query_one(
        "SELECT (SELECT count(*) FROM outbox_rows), (SELECT count(*) FROM bundles)",
        &[],
    )?;
    Ok((seq_from_sql(r.get(0)), seq_from_sql(r.get(1))))
}

pub(super) fn erasures(client: &mut Client) -> Result<Vec<ErasureDone>, StoreError> {
    Ok(client
        .query(
            "SELECT device_id, seq, erased_at, rows_deleted FROM erasures
             ORDER BY erased_at, device_id, seq",
            &[],
        )?
        .iter()
        .map(|r| ErasureDone {
            device_id: r.get(0),
            seq: seq_from_sql(r.get(1)),
            erased_at: r.get(2),
            rows_deleted: seq_from_sql(r.get(3)),
        })
        .collect())
}

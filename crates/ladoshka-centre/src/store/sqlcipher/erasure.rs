//! Erasing at the centre what a kiosk erased (152-ФЗ, art. 21). A kiosk that erases a family or
//! a child sends an `erasure.insert` row naming, by outbox entity, the ids whose rows it deleted
//! (ids and a date, no name). Importing that row deletes every row held from that device for
//! those ids, in the same transaction as the import, and records that it did
//! ([`crate::store::CentreStore::erasures`]); the import then vacuums the file and truncates the write-ahead log
//! ([`super::SqlcipherStore::scrub`]), and with `secure_delete` on no page keeps the erased bytes.
//!
//! The rows of an erased family that are still in a sealed bundle on its way (a USB stick, say)
//! arrive before the erasure row (their sequence numbers are lower), so they are erased too.

use rusqlite::{params, Transaction};

use super::Db;
use crate::store::decide::erasure_targets;
use crate::store::{seq_from_sql, seq_to_sql, ErasureDone, StoreError};

/// The table of erasures carried out; made on opening a store from before it existed.
pub(super) const TABLE: &str = "CREATE TABLE IF NOT EXISTS erasures (
    device_id     BLOB NOT NULL,
    seq           INTEGER NOT NULL,
    erased_at     INTEGER NOT NULL,
    rows_deleted  INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;";

/// Carries out the erasure row `seq` (its `body`) from `device` inside `tx`; returns how many
/// rows went. A body that cannot be read is an error: the import is refused whole rather than
/// keeping what should have been erased.
pub(super) fn apply(
    tx: &Transaction<'_>,
    device: &[u8],
    seq: u64,
    body: &str,
    now: i64,
) -> Result<u64, StoreError> {
    let targets = erasure_targets(seq, body)?;
    let mut delete = tx.prepare_cached(
        "DELETE FROM outbox_rows WHERE device_id = ?1 AND seq < ?2
           AND kind IN (?3 || '.insert', ?3 || '.update', ?3 || '.delete')
           AND json_extract(body, '$.entity_id') = ?4",
    )?;
    let mut deleted = 0;
    for (entity, ids) in &targets {
        for id in ids {
            deleted += delete.execute(params![device, seq_to_sql(seq), entity, id])? as u64;
        }
    }
    tx.execute(
        "INSERT OR IGNORE INTO erasures (device_id, seq, erased_at, rows_deleted) VALUES (?1, ?2, ?3, ?4)",
        params![device, seq_to_sql(seq), now, deleted as i64],
    )?;
    super::erasure_order::mark_done(tx, device, seq, body, now, deleted)?;
    Ok(deleted)
}

impl Db {
    /// Every erasure carried out, oldest first.
    pub(super) fn erasures(&self) -> Result<Vec<ErasureDone>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT device_id, seq, erased_at, rows_deleted FROM erasures ORDER BY erased_at, device_id, seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ErasureDone {
                device_id: r.get(0)?,
                seq: seq_from_sql(r.get(1)?),
                erased_at: r.get(2)?,
                rows_deleted: seq_from_sql(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Rewrites the file without its freed pages and truncates the write-ahead log; `false`
    /// when a reader kept part of the log (it goes at the next checkpoint).
    pub(super) fn scrub(&self) -> Result<bool, StoreError> {
        self.conn.execute_batch("VACUUM;")?;
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }
}

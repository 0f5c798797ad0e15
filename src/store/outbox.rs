//! The outbox: every change also becomes a row here, in the same transaction, numbered with
//! a per-device sequence that never goes back. The sync work ships contiguous ranges of it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;

use super::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Insert,
    Update,
    Delete,
}

impl Op {
    fn key(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }
}

#[derive(Serialize)]
struct Payload<'a, T: Serialize> {
    id: i64,
    record: &'a T,
}

/// Appends one outbox row inside `tx` and returns its sequence number.
pub(crate) fn append<T: Serialize>(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    entity: &str,
    entity_id: i64,
    op: Op,
    record: &T,
) -> Result<i64, StoreError> {
    let (seq, device_id): (i64, String) = tx.query_row(
        "UPDATE device SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, device_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let payload = serde_json::to_string(&Payload {
        id: entity_id,
        record,
    })
    .map_err(|e| StoreError::Invalid(format!("cannot serialise {entity} for the outbox: {e}")))?;
    tx.execute(
        "INSERT INTO outbox (seq, device_id, at, entity, entity_id, op, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, device_id, now.to_rfc3339(), entity, entity_id, op.key(), payload],
    )?;
    Ok(seq)
}

/// One outbox row as the sync work will read it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub seq: i64,
    pub device_id: String,
    pub entity: String,
    pub entity_id: i64,
    pub op: String,
    pub payload: String,
}

impl super::Store {
    /// Rows the centre has not acknowledged yet (after `sync_state.acked_seq`), oldest first.
    pub fn unsent_outbox(&self, limit: usize) -> Result<Vec<OutboxRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, device_id, entity, entity_id, op, payload FROM outbox
             WHERE seq > (SELECT acked_seq FROM sync_state WHERE id = 1) ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(OutboxRow {
                seq: r.get(0)?,
                device_id: r.get(1)?,
                entity: r.get(2)?,
                entity_id: r.get(3)?,
                op: r.get(4)?,
                payload: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many rows the centre has not acknowledged yet.
    pub fn unsent_outbox_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE seq > (SELECT acked_seq FROM sync_state WHERE id = 1)",
            [],
            |r| r.get(0),
        )?)
    }
}

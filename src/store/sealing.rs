//! Sealing: the outbox rows no bundle holds yet, sealed into bundles (HPKE to the centre's key,
//! signed by the device) one transaction each, and the bundles kept until the centre's
//! acknowledgement covers them. A sealed bundle is committed before anything sends it, so after a
//! crash the same bundle goes again, never a different one for the same rows. The enrolment and
//! the acknowledgements are in `sync.rs`.

use ladoshka_seal::{bundle_hash, encode_rows, random_id, seal, BundleHeader, OutboxRow};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::sync::{sync_error, PendingBundle};
use super::{ts, Store, StoreError};

/// A row's body on the wire, `{"data":PAYLOAD,"entity_id":ID}`, written around the stored
/// payload's JSON text without parsing it into a tree (the keys in the order a `serde_json`
/// map of them had). The payload is checked to be one JSON value, so a damaged payload stops
/// sealing here rather than making a bundle the centre cannot read.
fn row_body(
    seq: i64,
    entity_id: i64,
    payload: &str,
) -> Result<Box<serde_json::value::RawValue>, StoreError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        data: &'a serde_json::value::RawValue,
        entity_id: i64,
    }
    let data: &serde_json::value::RawValue = serde_json::from_str(payload)
        .map_err(|e| StoreError::Corrupt(format!("outbox row {seq} is not JSON: {e}")))?;
    serde_json::value::to_raw_value(&Body { data, entity_id })
        .map_err(|e| StoreError::Corrupt(format!("outbox row {seq}: {e}")))
}

impl Store {
    /// Seals the outbox rows no bundle holds yet into bundles of at most `max_rows`, each in
    /// its own transaction; returns how many bundles it made.
    pub fn seal_pending(&mut self, max_rows: usize) -> Result<usize, StoreError> {
        let mut made = 0;
        while let Some(bundle) = self.seal_next(max_rows)? {
            made += 1;
            if ((bundle.last_seq - bundle.first_seq) as usize) + 1 < max_rows {
                break;
            }
        }
        Ok(made)
    }

    /// Seals the next at most `max_rows` outbox rows no bundle holds yet into one bundle, in
    /// one transaction, and returns it as committed (its bytes included, so the round sends it
    /// without reading it back); `None` when every row is sealed already.
    pub fn seal_next(&mut self, max_rows: usize) -> Result<Option<PendingBundle>, StoreError> {
        let centre = self.enrolled()?;
        let identity = self.sync_identity()?;
        let device_public = identity.key.public_key();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<(i64, Vec<u8>)> = tx
            .query_row(
                "SELECT last_seq, hash FROM sync_bundles ORDER BY last_seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (after, prev_hash) = match last {
            Some((seq, hash)) => (
                seq,
                <[u8; 32]>::try_from(hash.as_slice())
                    .map_err(|_| StoreError::Corrupt("a bundle hash is not 32 bytes".into()))?,
            ),
            None => (0, [0u8; 32]),
        };
        let rows = {
            let mut stmt = tx.prepare_cached(
                "SELECT seq, at, entity, entity_id, op, payload FROM outbox
                 WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![after, max_rows as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            rows.map(|row| {
                let (seq, at, entity, entity_id, op, payload) = row?;
                Ok(OutboxRow {
                    seq: seq as u64,
                    kind: format!("{entity}.{op}"),
                    body: row_body(seq, entity_id, &payload)?,
                    created_at: at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?
        };
        let (Some(first), Some(last_row)) = (rows.first(), rows.last()) else {
            return Ok(None);
        };
        let (first_seq, last_seq) = (first.seq, last_row.seq);
        let header = BundleHeader::new(
            identity.device_id,
            random_id().map_err(sync_error)?,
            first_seq,
            last_seq,
            prev_hash,
            &device_public,
            &centre.public_key,
        )
        .map_err(sync_error)?;
        let payload = encode_rows(&header, &rows).map_err(|e| {
            StoreError::Corrupt(format!(
                "the outbox rows {first_seq}–{last_seq} do not follow each other: {e}"
            ))
        })?;
        let bytes =
            seal(&header, &payload, &centre.public_key, &identity.key).map_err(sync_error)?;
        tx.execute(
            "INSERT INTO sync_bundles (bundle_id, first_seq, last_seq, hash, bytes, sealed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                header.bundle_id.as_slice(),
                first_seq as i64,
                last_seq as i64,
                bundle_hash(&bytes).as_slice(),
                bytes,
                ts(crate::platform::clock::now())
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Some(PendingBundle {
            id,
            first_seq,
            last_seq,
            bytes,
            exported_to: None,
        }))
    }

    /// The sealed bundles the centre has not acknowledged, oldest first.
    pub fn pending_bundles(&self) -> Result<Vec<PendingBundle>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, first_seq, last_seq, bytes, exported_to FROM sync_bundles
             WHERE acked_at IS NULL ORDER BY first_seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PendingBundle {
                id: r.get(0)?,
                first_seq: r.get::<_, i64>(1)? as u64,
                last_seq: r.get::<_, i64>(2)? as u64,
                bytes: r.get(3)?,
                exported_to: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many sealed bundles wait for the centre's acknowledgement (their bytes not read).
    pub fn pending_bundle_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Notes that bundle `id` was handed to the centre (sent, or written to `exported_to`).
    pub fn mark_bundle_sent(
        &mut self,
        id: i64,
        exported_to: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sync_bundles SET sent_at = coalesce(sent_at, ?2),
                 exported_to = coalesce(?3, exported_to) WHERE id = ?1",
            params![id, ts(crate::platform::clock::now()), exported_to],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::row_body;
    use serde_json::{json, Value};

    #[test]
    fn a_rows_body_is_the_stored_payload_with_its_entity_id() {
        let payload = r#"{"id":7,"record":{"name":"ХОД-000007","state":"available","n":[1,2.5]}}"#;
        let body = row_body(3, 7, payload).unwrap();
        assert_eq!(
            body.get(),
            format!(r#"{{"data":{payload},"entity_id":7}}"#),
            "the stored text, not parsed and written again"
        );
        // The same JSON the kiosk sent when it built the body as a `Value`.
        let parsed: Value = serde_json::from_str(body.get()).unwrap();
        let data: Value = serde_json::from_str(payload).unwrap();
        assert_eq!(parsed, json!({ "entity_id": 7, "data": data }));
        assert_eq!(
            row_body(3, 7, "{}").unwrap().get(),
            r#"{"data":{},"entity_id":7}"#
        );
    }

    #[test]
    fn a_payload_that_is_not_one_json_value_stops_sealing() {
        for bad in ["", "{", "1,\"entity_id\":5", "{} {}"] {
            assert!(row_body(3, 7, bad).is_err(), "{bad:?}");
        }
    }
}

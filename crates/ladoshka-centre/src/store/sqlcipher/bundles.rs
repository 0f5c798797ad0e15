//! Importing one opened bundle into the SQLCipher file: its rows, its bundle row and the
//! device's new position, in one transaction, exactly once (the rules are in
//! [`crate::store::decide::check_import`]; the mutex around the connection serialises imports).

use ladoshka_seal::DeviceId;
use rusqlite::{params, OptionalExtension, Transaction};

use super::Db;
use crate::store::decide::{check_import, DeviceFacts, ImportLookup};
use crate::store::{
    hash_from, seq_from_sql, seq_to_sql, Held, ImportRefusal, NewBundle, StoreError,
};

impl Db {
    /// Imports `bundle` in one transaction, or says why not (having written nothing).
    pub(super) fn import(
        &mut self,
        bundle: &NewBundle<'_>,
    ) -> Result<Result<Held, ImportRefusal>, StoreError> {
        let tx = self.conn.transaction()?;
        match check_import(&mut Lookup(&tx), bundle)? {
            Ok(Some(held)) => Ok(Ok(held)),
            Err(refusal) => Ok(Err(refusal)),
            Ok(None) => {
                let erased = write(&tx, bundle)?;
                tx.commit()?;
                if erased {
                    // An erasure was carried out: no page or log frame keeps the erased rows.
                    if !self.scrub()? {
                        tracing::warn!("after an erasure the write-ahead log could not be truncated (a reader): it goes at the next checkpoint");
                    }
                }
                Ok(Ok(Held::Imported {
                    held_through: bundle.header.last_seq,
                }))
            }
        }
    }
}

/// The import's questions, asked inside its transaction.
struct Lookup<'a, 'c>(&'a Transaction<'c>);

impl ImportLookup for Lookup<'_, '_> {
    fn device(&mut self, device: &DeviceId) -> Result<Option<DeviceFacts>, StoreError> {
        let row: Option<(Option<i64>, i64, Option<Vec<u8>>)> = self
            .0
            .prepare_cached(
                "SELECT revoked_at, held_through, last_bundle_hash FROM devices WHERE device_id = ?1",
            )?
            .query_row([&device[..]], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        row.map(|(revoked_at, held, hash)| {
            Ok(DeviceFacts {
                revoked: revoked_at.is_some(),
                held_through: seq_from_sql(held),
                last_hash: hash_from(device, hash.as_deref())?,
            })
        })
        .transpose()
    }

    fn holds_hash(&mut self, device: &DeviceId, hash: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT 1 FROM bundles WHERE device_id = ?1 AND hash = ?2")?
            .query_row(params![&device[..], &hash[..]], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some())
    }

    fn holder_of(&mut self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .0
            .query_row(
                "SELECT bundle_id FROM bundles WHERE device_id = ?1 AND first_seq <= ?2
                 ORDER BY first_seq DESC LIMIT 1",
                params![&device[..], seq_to_sql(seq)],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn bundle_id_used(
        &mut self,
        device: &DeviceId,
        bundle_id: &[u8; 16],
    ) -> Result<bool, StoreError> {
        Ok(self
            .0
            .prepare_cached("SELECT 1 FROM bundles WHERE device_id = ?1 AND bundle_id = ?2")?
            .query_row(params![&device[..], &bundle_id[..]], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some())
    }
}

/// Writes the bundle; `true` when one of its rows was an erasure, carried out here.
fn write(tx: &Transaction<'_>, bundle: &NewBundle<'_>) -> Result<bool, StoreError> {
    let h = bundle.header;
    let device = &h.device_id[..];
    tx.prepare_cached(
        "INSERT INTO bundles (device_id, bundle_id, first_seq, last_seq, hash, prev_hash,
                              byte_len, received_at, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        device,
        &h.bundle_id[..],
        seq_to_sql(h.first_seq),
        seq_to_sql(h.last_seq),
        &bundle.hash[..],
        &h.prev_bundle_hash[..],
        i64::try_from(bundle.byte_len).unwrap_or(i64::MAX),
        bundle.received_at,
        bundle.via.as_str(),
    ])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO outbox_rows (device_id, seq, kind, body, created_at, bundle_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut erased = false;
    for row in bundle.rows {
        insert.execute(params![
            device,
            seq_to_sql(row.seq),
            row.kind,
            row.body.get(),
            row.created_at,
            &h.bundle_id[..],
        ])?;
        if row.kind == "erasure.insert" {
            super::erasure::apply(tx, device, row.seq, row.body.get(), bundle.received_at)?;
            erased = true;
        }
    }
    tx.prepare_cached(
        "UPDATE devices SET held_through = ?2, last_bundle_hash = ?3, last_bundle_at = ?4
         WHERE device_id = ?1",
    )?
    .execute(params![
        device,
        seq_to_sql(h.last_seq),
        &bundle.hash[..],
        bundle.received_at
    ])?;
    Ok(erased)
}

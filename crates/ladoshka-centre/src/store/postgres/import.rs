//! Importing one opened bundle into PostgreSQL, exactly once whichever server receives it: the
//! device's row is locked first, then [`check_import`] decides with what is committed, then
//! the bundle, its rows (one statement for all of them) and the device's new position are
//! written in the same transaction. Erasures it brings are carried out in it too.

use ladoshka_seal::DeviceId;
use r2d2_postgres::postgres::error::SqlState;
use r2d2_postgres::postgres::{Client, Transaction};

use super::body::BodyKey;
use crate::store::decide::{
    check_import, entity_id, entity_of_kind, erasure_targets, DeviceFacts, ImportLookup,
};
use crate::store::erasure_order::order_of;
use crate::store::{
    hash_from, seq_from_sql, seq_to_sql, Held, ImportRefusal, NewBundle, StoreError,
};

pub(super) fn import(
    client: &mut Client,
    body: &BodyKey,
    bundle: &NewBundle<'_>,
) -> Result<Result<Held, ImportRefusal>, StoreError> {
    // The device lock makes a second server wait and then see the first one's import; the
    // unique constraints are the last word should anything else write at the same moment.
    let mut attempt = 0;
    loop {
        match import_once(client, body, bundle) {
            Err(StoreError::Postgres(e))
                if e.code() == Some(&SqlState::UNIQUE_VIOLATION) && attempt < 2 =>
            {
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn import_once(
    client: &mut Client,
    body: &BodyKey,
    bundle: &NewBundle<'_>,
) -> Result<Result<Held, ImportRefusal>, StoreError> {
    let mut tx = client.transaction()?;
    let decision = check_import(&mut Lookup(&mut tx), bundle)?;
    match decision {
        Ok(Some(held)) => Ok(Ok(held)),
        Err(refusal) => Ok(Err(refusal)),
        Ok(None) => {
            let erased = write(&mut tx, body, bundle)?;
            tx.commit()?;
            if erased {
                // Dead row versions go; their bodies were ciphertext under a key the server
                // never had. VACUUM cannot run inside a transaction, so it runs after.
                if let Err(e) = client.batch_execute("VACUUM outbox_rows") {
                    tracing::warn!(error = %e, "after an erasure VACUUM outbox_rows failed: autovacuum will clear the dead rows later");
                }
            }
            Ok(Ok(Held::Imported {
                held_through: bundle.header.last_seq,
            }))
        }
    }
}

/// The import's questions, asked inside its transaction (the first one locks the device).
struct Lookup<'a, 'c>(&'a mut Transaction<'c>);

impl ImportLookup for Lookup<'_, '_> {
    fn device(&mut self, device: &DeviceId) -> Result<Option<DeviceFacts>, StoreError> {
        self.0
            .query_opt(
                "SELECT revoked_at, held_through, last_bundle_hash FROM devices
                 WHERE device_id = $1 FOR UPDATE",
                &[&&device[..]],
            )?
            .map(|r| {
                Ok(DeviceFacts {
                    revoked: r.get::<_, Option<i64>>(0).is_some(),
                    held_through: seq_from_sql(r.get(1)),
                    last_hash: hash_from(device, r.get::<_, Option<&[u8]>>(2))?,
                })
            })
            .transpose()
    }

    fn holds_hash(&mut self, device: &DeviceId, hash: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(self
            .0
            .query_opt(
                "SELECT 1 FROM bundles WHERE device_id = $1 AND hash = $2",
                &[&&device[..], &&hash[..]],
            )?
            .is_some())
    }

    fn holder_of(&mut self, device: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .0
            .query_opt(
                "SELECT bundle_id FROM bundles WHERE device_id = $1 AND first_seq <= $2
                 ORDER BY first_seq DESC LIMIT 1",
                &[&&device[..], &seq_to_sql(seq)],
            )?
            .map(|r| r.get(0)))
    }

    fn bundle_id_used(
        &mut self,
        device: &DeviceId,
        bundle_id: &[u8; 16],
    ) -> Result<bool, StoreError> {
        Ok(self
            .0
            .query_opt(
                "SELECT 1 FROM bundles WHERE device_id = $1 AND bundle_id = $2",
                &[&&device[..], &&bundle_id[..]],
            )?
            .is_some())
    }
}

/// Writes the bundle; `true` when one of its rows was an erasure, carried out here.
fn write(
    tx: &mut Transaction<'_>,
    key: &BodyKey,
    bundle: &NewBundle<'_>,
) -> Result<bool, StoreError> {
    let h = bundle.header;
    let device = &h.device_id[..];
    let bundle_id = &h.bundle_id[..];
    tx.execute(
        "INSERT INTO bundles (device_id, bundle_id, first_seq, last_seq, hash, prev_hash,
                              byte_len, received_at, via)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &device,
            &bundle_id,
            &seq_to_sql(h.first_seq),
            &seq_to_sql(h.last_seq),
            &&bundle.hash[..],
            &&h.prev_bundle_hash[..],
            &i64::try_from(bundle.byte_len).unwrap_or(i64::MAX),
            &bundle.received_at,
            &bundle.via.as_str(),
        ],
    )?;
    let n = bundle.rows.len();
    let (mut seqs, mut kinds, mut entities, mut ids, mut bodies, mut times) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut erasures = Vec::new();
    for row in bundle.rows {
        let seq = seq_to_sql(row.seq);
        let text = row.body.get();
        let entity = entity_of_kind(&row.kind);
        seqs.push(seq);
        kinds.push(row.kind.as_str());
        ids.push(entity.and_then(|_| entity_id(text)));
        entities.push(entity);
        bodies.push(key.seal(device, seq, text)?);
        times.push(row.created_at.as_str());
        if row.kind == "erasure.insert" {
            erasures.push((row.seq, erasure_targets(row.seq, text)?, order_of(text)));
        }
    }
    tx.execute(
        "INSERT INTO outbox_rows (device_id, seq, kind, entity, entity_id, body, created_at, bundle_id)
         SELECT $1, t.seq, t.kind, t.entity, t.entity_id, t.body, t.created_at, $2
         FROM UNNEST($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bytea[], $8::text[])
              AS t(seq, kind, entity, entity_id, body, created_at)",
        &[&device, &bundle_id, &seqs, &kinds, &entities, &ids, &bodies, &times],
    )?;
    for (seq, targets, order) in &erasures {
        let mut deleted: i64 = 0;
        for (entity, ids) in targets {
            deleted += tx
                .execute(
                    "DELETE FROM outbox_rows WHERE device_id = $1 AND seq < $2
                       AND entity = $3 AND entity_id = ANY($4)",
                    &[&device, &seq_to_sql(*seq), entity, ids],
                )?
                .try_into()
                .unwrap_or(i64::MAX);
        }
        tx.execute(
            "INSERT INTO erasures (device_id, seq, erased_at, rows_deleted) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            &[&device, &seq_to_sql(*seq), &bundle.received_at, &deleted],
        )?;
        super::erasure_order::mark_done(tx, device, *seq, *order, bundle.received_at, deleted)?;
    }
    tx.execute(
        "UPDATE devices SET held_through = $2, last_bundle_hash = $3, last_bundle_at = $4
         WHERE device_id = $1",
        &[
            &device,
            &seq_to_sql(h.last_seq),
            &&bundle.hash[..],
            &bundle.received_at,
        ],
    )?;
    Ok(!erasures.is_empty())
}

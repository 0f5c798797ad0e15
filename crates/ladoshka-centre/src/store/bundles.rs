//! Importing one opened bundle: its rows, its bundle row and the device's new position, in one
//! transaction, exactly once.
//!
//! A device's rows are held contiguously from sequence 1: a bundle is imported only when it
//! starts right after the highest sequence held and names the last imported bundle's hash as its
//! predecessor. The same bundle again is recognised by its hash and answered as already held;
//! any other bundle for rows already held is a replay, and one that skips rows is a gap.

use ladoshka_seal::{BundleHeader, OutboxRow};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{seq_from_sql, seq_to_sql, Store, StoreError};

/// How a bundle reached the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Http,
    Usb,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Http => "http",
            Via::Usb => "usb",
        }
    }
}

/// An opened, decoded bundle ready for the store.
#[derive(Debug, Clone, Copy)]
pub struct NewBundle<'a> {
    pub header: &'a BundleHeader,
    /// SHA-256 of the sealed bundle's bytes.
    pub hash: [u8; 32],
    pub byte_len: usize,
    pub rows: &'a [OutboxRow],
    pub received_at: i64,
    pub via: Via,
}

/// The store holds the bundle's rows (now or from before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Imported { held_through: u64 },
    AlreadyHeld { held_through: u64 },
}

impl Held {
    pub fn held_through(self) -> u64 {
        match self {
            Held::Imported { held_through } | Held::AlreadyHeld { held_through } => held_through,
        }
    }
}

/// Why a bundle that opened was not imported. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportRefusal {
    #[error("device {device_id} is not enrolled at this centre: enrol the kiosk first")]
    UnknownDevice { device_id: String },

    #[error("device {device_id} was revoked at this centre: its bundles are refused; enrol the kiosk again if it should sync")]
    RevokedDevice { device_id: String },

    #[error("replay: rows {first}–{last} are already held from bundle {bundle_id}; this is a different bundle for them, so nothing was imported (the centre holds every row up to {held_through})")]
    Replay {
        first: u64,
        last: u64,
        bundle_id: String,
        held_through: u64,
    },

    #[error("gap: expected sequence {expected} next, got {got}; send the bundles in between first (the acknowledgement says where to resume)")]
    Gap {
        expected: u64,
        got: u64,
        held_through: u64,
    },

    #[error("chain: the bundle names {named} as the bundle before it, but the last bundle held from this device is {held}: it does not follow what the centre holds, so nothing was imported")]
    BrokenChain {
        named: String,
        held: String,
        held_through: u64,
    },

    #[error("bundle id {bundle_id} was already used by another bundle from this device: the kiosk must give every bundle a new id; nothing was imported")]
    BundleIdReused {
        bundle_id: String,
        held_through: u64,
    },

    #[error("the bundle's sequence numbers reach {last}, beyond the largest the centre stores (9223372036854775807); the kiosk's outbox is broken")]
    SeqTooLarge { last: u64 },
}

impl ImportRefusal {
    /// What the centre holds, for the acknowledgement sent with the refusal.
    pub fn held_through(&self) -> Option<u64> {
        match self {
            ImportRefusal::Replay { held_through, .. }
            | ImportRefusal::Gap { held_through, .. }
            | ImportRefusal::BrokenChain { held_through, .. }
            | ImportRefusal::BundleIdReused { held_through, .. } => Some(*held_through),
            _ => None,
        }
    }
}

impl Store {
    /// Imports `bundle` in one transaction, or says why not (having written nothing).
    pub fn import(
        &mut self,
        bundle: &NewBundle<'_>,
    ) -> Result<Result<Held, ImportRefusal>, StoreError> {
        let h = bundle.header;
        if h.last_seq > i64::MAX as u64 {
            return Ok(Err(ImportRefusal::SeqTooLarge { last: h.last_seq }));
        }
        let tx = self.conn.transaction()?;
        match check(&tx, bundle)? {
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
                    held_through: h.last_seq,
                }))
            }
        }
    }
}

/// `Ok(Some(_))` when the bundle is already held, `Ok(None)` when it may be imported.
fn check(
    tx: &Transaction<'_>,
    bundle: &NewBundle<'_>,
) -> Result<Result<Option<Held>, ImportRefusal>, StoreError> {
    let h = bundle.header;
    let device = &h.device_id[..];
    let device_hex = hex::encode(h.device_id);
    let row: Option<(Option<i64>, i64, Option<Vec<u8>>)> = tx
        .prepare_cached(
            "SELECT revoked_at, held_through, last_bundle_hash FROM devices WHERE device_id = ?1",
        )?
        .query_row([device], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (last_hash, held_through) = match row {
        None => {
            return Ok(Err(ImportRefusal::UnknownDevice {
                device_id: device_hex,
            }))
        }
        Some((Some(_), _, _)) => {
            return Ok(Err(ImportRefusal::RevokedDevice {
                device_id: device_hex,
            }))
        }
        Some((None, held, hash)) => (hash.unwrap_or_else(|| vec![0; 32]), seq_from_sql(held)),
    };

    let same: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM bundles WHERE device_id = ?1 AND hash = ?2")?
        .query_row(params![device, &bundle.hash[..]], |r| r.get(0))
        .optional()?;
    if same.is_some() {
        return Ok(Ok(Some(Held::AlreadyHeld { held_through })));
    }

    if h.first_seq <= held_through {
        let holder: Option<Vec<u8>> = tx
            .query_row(
                "SELECT bundle_id FROM bundles WHERE device_id = ?1 AND first_seq <= ?2
                 ORDER BY first_seq DESC LIMIT 1",
                params![device, seq_to_sql(h.first_seq)],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(Err(ImportRefusal::Replay {
            first: h.first_seq,
            last: h.last_seq.min(held_through),
            bundle_id: holder.map(hex::encode).unwrap_or_else(|| "unknown".into()),
            held_through,
        }));
    }
    let expected = held_through + 1;
    if h.first_seq != expected {
        return Ok(Err(ImportRefusal::Gap {
            expected,
            got: h.first_seq,
            held_through,
        }));
    }
    if h.prev_bundle_hash[..] != last_hash[..] {
        return Ok(Err(ImportRefusal::BrokenChain {
            named: hex::encode(h.prev_bundle_hash),
            held: hex::encode(&last_hash),
            held_through,
        }));
    }
    let id_used: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM bundles WHERE device_id = ?1 AND bundle_id = ?2")?
        .query_row(params![device, &h.bundle_id[..]], |r| r.get(0))
        .optional()?;
    if id_used.is_some() {
        return Ok(Err(ImportRefusal::BundleIdReused {
            bundle_id: hex::encode(h.bundle_id),
            held_through,
        }));
    }
    Ok(Ok(None))
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

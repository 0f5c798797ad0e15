//! The embedded engine: one SQLCipher database (`centre.db`) holding the enrolment tokens, the
//! enrolled kiosks, every bundle imported and every outbox row those carried.
//!
//! It is keyed with a raw 32-byte key (no passphrase derivation), kept apart from the database
//! in `db.key` or a systemd credential. One [`SqlcipherStore`] is one connection behind a mutex,
//! which also makes every import and enrolment run one after another.

mod bundles;
mod config;
mod console;
mod devices;
mod erasure;
mod erasure_order;
mod gate;
mod place;
mod rows;
mod tokens;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use zeroize::Zeroizing;

use super::StoreError;
use crate::secrets::DbKey;

pub use gate::ready_sqlcipher;

/// The schema this build writes and reads (SQLite's `user_version`): the last migration's.
pub const SCHEMA_VERSION: u32 = super::last_version(MIGRATIONS);
const SCHEMA: &str = include_str!("schema.sql");

/// The changes after schema version 1, each `(version, SQL)`, in order. A store of an older
/// version gets the missing ones when it is opened, in one transaction.
const MIGRATIONS: &[(u32, &str)] = &[
    (2, include_str!("0002_console.sql")),
    (3, include_str!("0003_config.sql")),
    (4, include_str!("0004_places.sql")),
    (5, include_str!("0005_erasure_orders.sql")),
];

/// One keyed connection to `centre.db`, behind a mutex.
pub struct SqlcipherStore {
    db: Mutex<Db>,
    path: PathBuf,
}

/// The connection itself, for one piece of work at a time.
pub(super) struct Db {
    conn: Connection,
}

impl SqlcipherStore {
    /// Creates a new store at `path` (which must not exist) for the centre key `centre_key_id`.
    pub fn create(path: &Path, key: &DbKey, centre_key_id: &[u8; 8]) -> Result<Self, StoreError> {
        Ok(Self::wrap(Db::create(path, key, centre_key_id)?, path))
    }

    /// Opens the existing store at `path`.
    pub fn open(path: &Path, key: &DbKey) -> Result<Self, StoreError> {
        Ok(Self::wrap(Db::open(path, key)?, path))
    }

    fn wrap(db: Db, path: &Path) -> Self {
        Self {
            db: Mutex::new(db),
            path: path.to_path_buf(),
        }
    }

    /// The connection, for one short piece of work. A panic while it was held rolled back any
    /// open transaction, so the store itself is still sound and is used on.
    fn db(&self) -> MutexGuard<'_, Db> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Rewrites the file without its freed pages and truncates the write-ahead log; `false`
    /// when a reader kept part of the log (it goes at the next checkpoint).
    pub fn scrub(&self) -> Result<bool, StoreError> {
        self.db().scrub()
    }
}

impl Db {
    /// Creates a new store at `path` (which must not exist) for the centre key `centre_key_id`.
    pub fn create(path: &Path, key: &DbKey, centre_key_id: &[u8; 8]) -> Result<Db, StoreError> {
        let mut store = Self::open_inner(path, key, true)?;
        let tx = store.conn.transaction()?;
        tx.execute_batch(SCHEMA)?;
        for (_, sql) in MIGRATIONS {
            tx.execute_batch(sql)?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('centre_key_id', ?1)",
            [hex::encode(centre_key_id)],
        )?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(store)
    }

    /// Opens the existing store at `path`.
    pub fn open(path: &Path, key: &DbKey) -> Result<Db, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let mut store = Self::open_inner(path, key, false)?;
        let version: u32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < 1 {
            return Err(StoreError::Corrupt(format!(
                "schema version {version}, expected {SCHEMA_VERSION}: it was never finished by `init`"
            )));
        }
        if version < SCHEMA_VERSION {
            let tx = store
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
                tx.execute_batch(sql)?;
                tx.pragma_update(None, "user_version", v)?;
            }
            tx.commit()?;
            tracing::info!(
                from = version,
                to = SCHEMA_VERSION,
                "the centre's store was migrated"
            );
        }
        Ok(store)
    }

    fn open_inner(path: &Path, key: &DbKey, create: bool) -> Result<Db, StoreError> {
        ready_sqlcipher();
        let shown = path.display().to_string();
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        // SQLCipher would print its own low-level line for a wrong key; ours says it better.
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        let pragma = Zeroizing::new(format!(
            "PRAGMA key = {};",
            key.sqlcipher_literal().as_str()
        ));
        conn.execute_batch(&pragma)?;
        let version: Option<String> = conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .optional()?;
        if version.is_none_or(|v| v.is_empty()) {
            return Err(StoreError::NoCipher);
        }
        // The first read is where SQLCipher finds out whether the key fits.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey {
                path: shown.clone(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Sqlite(e),
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Temporary tables stay in memory: no plain temp files on disk.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted rows are overwritten, not left in free pages (erasures, 152-ФЗ).
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // The erasures table came after schema version 1; it is made where it is missing.
        conn.execute_batch(erasure::TABLE)?;
        Ok(Db { conn })
    }

    fn centre_key_id(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'centre_key_id'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl super::CentreStore for SqlcipherStore {
    fn describe(&self) -> String {
        format!("SQLCipher file {}", self.path.display())
    }

    fn centre_key_id(&self) -> Result<Option<String>, StoreError> {
        self.db().centre_key_id()
    }

    fn insert_token(
        &self,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.db().insert_token(token_hash, now, expires_at)
    }

    fn enrol(
        &self,
        token_hash: &[u8; 32],
        device_id: &ladoshka_seal::DeviceId,
        key: &ladoshka_seal::DevicePublicKey,
        now: i64,
        reactivate: bool,
    ) -> Result<Result<super::EnrolOutcome, super::EnrolRefusal>, StoreError> {
        self.db().enrol(token_hash, device_id, key, now, reactivate)
    }

    fn device_status(
        &self,
        device_id: &ladoshka_seal::DeviceId,
    ) -> Result<ladoshka_seal::DeviceStatus, StoreError> {
        self.db().device_status(device_id)
    }

    fn ack_state(
        &self,
        device_id: &ladoshka_seal::DeviceId,
    ) -> Result<super::AckState, StoreError> {
        self.db().ack_state(device_id)
    }

    fn devices(&self) -> Result<Vec<super::DeviceSummary>, StoreError> {
        self.db().devices()
    }

    fn positions(&self) -> Result<Vec<(ladoshka_seal::DeviceId, u64)>, StoreError> {
        let db = self.db();
        let mut stmt = db
            .conn
            .prepare_cached("SELECT device_id, held_through FROM devices")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, held) = row?;
            out.push((super::device_id_from(&id)?, super::seq_from_sql(held)));
        }
        Ok(out)
    }

    fn erasure_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .db()
            .conn
            .query_row("SELECT count(*) FROM erasures", [], |r| r.get(0))?;
        Ok(super::seq_from_sql(n))
    }

    fn revoke(
        &self,
        device_id: &ladoshka_seal::DeviceId,
        now: i64,
    ) -> Result<super::RevokeOutcome, StoreError> {
        self.db().revoke(device_id, now)
    }

    fn import(
        &self,
        bundle: &super::NewBundle<'_>,
    ) -> Result<Result<super::Held, super::ImportRefusal>, StoreError> {
        self.db().import(bundle)
    }

    fn rows(
        &self,
        device_id: &ladoshka_seal::DeviceId,
    ) -> Result<Vec<super::StoredRow>, StoreError> {
        self.db().rows(device_id)
    }

    fn each_row(
        &self,
        each: &mut dyn FnMut(&ladoshka_seal::DeviceId, &super::StoredRow),
    ) -> Result<(), StoreError> {
        self.db().each_row(each)
    }

    fn each_row_after(
        &self,
        device_id: &ladoshka_seal::DeviceId,
        after: u64,
        each: &mut dyn FnMut(&super::StoredRow),
    ) -> Result<(), StoreError> {
        self.db().each_row_after(device_id, after, each)
    }

    fn totals(&self) -> Result<(u64, u64), StoreError> {
        self.db().totals()
    }

    fn erasures(&self) -> Result<Vec<super::ErasureDone>, StoreError> {
        self.db().erasures()
    }
}

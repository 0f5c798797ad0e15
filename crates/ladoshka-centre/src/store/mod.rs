//! The centre's encrypted store: one SQLCipher database (`centre.db`) holding the enrolment
//! tokens, the enrolled kiosks, every bundle imported and every outbox row those carried.
//!
//! It is keyed with a raw 32-byte key (no passphrase derivation), kept apart from the database
//! in `db.key` or a systemd credential. One [`Store`] is one connection; the server shares it
//! behind a mutex, which also makes every import and enrolment run one after another.

mod bundles;
mod devices;
mod erasure;
mod gate;
mod rows;
mod tokens;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};
use zeroize::Zeroizing;

use crate::secrets::DbKey;

pub use bundles::{Held, ImportRefusal, NewBundle, Via};
pub use devices::{AckState, DeviceSummary, RevokeOutcome};
pub use erasure::ErasureDone;
pub use gate::ready_sqlcipher;
pub use rows::StoredRow;
pub use tokens::{EnrolOutcome, EnrolRefusal};

/// The schema this build writes and reads (SQLite's `user_version`).
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA: &str = include_str!("schema.sql");

/// Why the store could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the centre's store {path} could not be opened ({reason}); check that the file exists and that this user may read and write it and its folder")]
    Open { path: String, reason: String },

    #[error("the centre's store {path} does not exist: run `ladoshka-centre init` first, or give the right --data-dir")]
    Missing { path: String },

    #[error("the database key does not open {path}: the key (db.key or the db-key credential) is not the one this store was created with; restore the right key")]
    WrongKey { path: String },

    #[error("this SQLite has no SQLCipher encryption (PRAGMA cipher_version is empty); refusing to store anything unencrypted: rebuild with rusqlite's bundled-sqlcipher feature")]
    NoCipher,

    #[error("the centre's store has schema version {found}, newer than this build knows ({known}): update ladoshka-centre")]
    TooNew { found: u32, known: u32 },

    #[error("the centre's store is damaged ({0}): restore it from a backup")]
    Corrupt(String),

    #[error(
        "the centre's store failed: {0}; try again, and if it persists check the disk and the log"
    )]
    Sqlite(#[from] rusqlite::Error),
}

/// One keyed connection to `centre.db`.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Creates a new store at `path` (which must not exist) for the centre key `centre_key_id`.
    pub fn create(path: &Path, key: &DbKey, centre_key_id: &[u8; 8]) -> Result<Store, StoreError> {
        let mut store = Self::open_inner(path, key, true)?;
        let tx = store.conn.transaction()?;
        tx.execute_batch(SCHEMA)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('centre_key_id', ?1)",
            [hex::encode(centre_key_id)],
        )?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(store)
    }

    /// Opens the existing store at `path`.
    pub fn open(path: &Path, key: &DbKey) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let store = Self::open_inner(path, key, false)?;
        let version: u32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::Corrupt(format!(
                "schema version {version}, expected {SCHEMA_VERSION}: it was never finished by `init`"
            )));
        }
        Ok(store)
    }

    fn open_inner(path: &Path, key: &DbKey, create: bool) -> Result<Store, StoreError> {
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
        Ok(Store { conn })
    }

    /// The centre key id this store was created for (hex), to check against the key loaded.
    pub fn centre_key_id(&self) -> Result<Option<String>, StoreError> {
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

/// A sequence number as SQLite stores it. The import refuses sequence numbers above
/// `i64::MAX` before anything is written, so this never saturates for stored rows.
fn seq_to_sql(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// A stored sequence number (never negative: only [`seq_to_sql`] values are written).
fn seq_from_sql(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

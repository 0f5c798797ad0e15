//! Opening the database: the key first, then proof that SQLCipher is really there and that the
//! key opens the file, then the durability settings, then migrations. An existing file is
//! never re-created: a wrong key stops here, before anything is written.

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{migrations, Store, StoreError};
use crate::crypto::DbKey;

/// 64 MiB of page cache: SQLCipher decrypts every page it reads, so the default 2 MiB makes
/// bulk work several times slower.
const CACHE_KIB: i64 = 64 * 1024;

/// The page cache of the kiosk's long-lived connections (the store worker's and the sync
/// thread's): 8 MiB holds every page a screen reads again and again, and bounds what a kiosk
/// with years of records keeps resident (64 MiB per connection would grow the kiosk past its
/// memory budget as the file grows). Bulk work — the command line, the centre, the
/// benchmarks — keeps the 64 MiB it opens with.
pub const KIOSK_CACHE_KIB: i64 = 8 * 1024;

impl Store {
    /// Bounds this connection's page cache to `kib` KiB: pages past it are read (and
    /// decrypted) again when needed, never lost.
    pub fn limit_page_cache(&self, kib: i64) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }
}

/// Makes sure SQLCipher has finished starting before this process keys any connection.
///
/// SQLite's `sqlite3_initialize` marks itself initialised and only then runs SQLCipher's own
/// start-up (`sqlcipher_extra_init`: its mutexes, private heap and OpenSSL provider). A second
/// thread that opens and keys a connection inside that window is refused with «PRAGMA key
/// requires a key of one or more characters» for a perfectly good key: CI saw it twice when the
/// test harness opened several stores at the same moment, and the kiosk opens its store worker
/// and its door watch at once. So the first caller opens an in-memory database and keys it until
/// SQLCipher accepts (at once, unless another thread is still starting it), and every other
/// caller waits for that. Anything in this process that opens its own connection calls this first.
pub fn ready_sqlcipher() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let started = std::time::Instant::now();
        loop {
            let keyed = Connection::open_in_memory().and_then(|c| {
                c.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA key = 'ready';")
            });
            match keyed {
                Ok(()) => break,
                Err(e) if started.elapsed() > std::time::Duration::from_secs(5) => {
                    // Opening the real store will report the problem in its own words.
                    tracing::warn!(error = %e, "SQLCipher did not become ready in 5 s");
                    break;
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
    });
}

impl Store {
    /// Opens (or, when the file does not exist yet, creates) the encrypted database.
    pub fn open(path: &Path, key: &DbKey) -> Result<Store, StoreError> {
        Self::open_inner(path, Some(key))
    }

    /// Opens a database with no encryption at all. Only the benchmarks use it, to measure what
    /// encryption costs; the program itself never does.
    #[doc(hidden)]
    pub fn open_unencrypted_for_comparison(path: &Path) -> Result<Store, StoreError> {
        Self::open_inner(path, None)
    }

    fn open_inner(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        ready_sqlcipher();
        let shown = path.display().to_string();
        let exists = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if !exists {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: e.to_string(),
        })?;

        if let Some(key) = key {
            // SQLCipher would also print its own low-level line for a wrong key to stderr; our
            // error says it better. (An unknown pragma is ignored by plain SQLite.)
            let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
            conn.execute_batch(&format!("PRAGMA key = {};", key.sqlcipher_literal()))?;
            let version: Option<String> = conn
                .query_row("PRAGMA cipher_version", [], |r| r.get(0))
                .map(Some)
                .or_else(|e| {
                    if e == rusqlite::Error::QueryReturnedNoRows {
                        Ok(None)
                    } else {
                        Err(e)
                    }
                })?;
            match version {
                Some(v) if !v.is_empty() => {
                    tracing::debug!(cipher_version = %v, "SQLCipher present")
                }
                _ => return Err(StoreError::NoCipher),
            }
        }
        // The first read is where SQLCipher finds out whether the key fits.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) if key.is_some() => StoreError::WrongKey {
                path: shown.clone(),
            },
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt(e.to_string())
            }
            _ => StoreError::Sqlite(e),
        })?;

        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        // Temporary tables and indices stay in memory: no plain temp files on disk.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A deleted row's bytes are overwritten with zeros, not left in a free page: an erasure
        // (152-ФЗ) leaves nothing to read back even before the VACUUM that follows it.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;

        migrations::migrate(&mut conn).map_err(|e| match e {
            StoreError::Sqlite(ref s)
                if s.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) =>
            {
                StoreError::Corrupt(s.to_string())
            }
            other => other,
        })?;
        let device_id = ensure_device(&conn)?;
        super::sync::ensure_identity(&conn)?;
        Ok(Store { conn, device_id })
    }
}

fn ensure_device(conn: &Connection) -> Result<String, StoreError> {
    let existing = conn.query_row("SELECT device_id FROM device WHERE id = 1", [], |r| {
        r.get::<_, String>(0)
    });
    match existing {
        Ok(id) => Ok(id),
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            let id = hex::encode(crate::crypto::random_bytes::<8>());
            conn.execute(
                "INSERT INTO device (id, device_id, created_at) VALUES (1, ?1, ?2)",
                rusqlite::params![id, super::ts(crate::platform::clock::now())],
            )?;
            tracing::info!(device_id = %id, "new device identity");
            Ok(id)
        }
        Err(e) => Err(e.into()),
    }
}

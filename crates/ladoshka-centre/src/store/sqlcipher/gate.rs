//! The once-per-process wait for SQLCipher to finish starting, before any connection is keyed.
//!
//! SQLite marks itself initialised and only then runs SQLCipher's own start-up. A thread that
//! opens and keys a connection inside that window is refused with «PRAGMA key requires a key of
//! one or more characters» for a perfectly good key (the kiosk saw it when several stores were
//! opened at the same moment). So the first caller keys an in-memory database until SQLCipher
//! accepts, and every other caller waits for that. Every store open calls [`ready_sqlcipher`].

use std::sync::Once;
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// Blocks until SQLCipher accepts a key in this process (at most about 5 s; after that the real
/// open reports whatever is wrong in its own words).
pub fn ready_sqlcipher() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        let started = Instant::now();
        loop {
            let keyed = Connection::open_in_memory().and_then(|c| {
                c.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA key = 'x';")?;
                c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
            });
            match keyed {
                Ok(_) => break,
                Err(e) if started.elapsed() > Duration::from_secs(5) => {
                    tracing::warn!(error = %e, "SQLCipher did not become ready in 5 s");
                    break;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(1)),
            }
        }
    });
}

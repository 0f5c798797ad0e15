//! Numbered schema migrations. The schema version is SQLite's `user_version`; each migration
//! runs in its own transaction together with the version bump, so a crash leaves the database
//! at one whole version. A database from a newer Ladoshka is refused rather than guessed at.

use rusqlite::Connection;

use super::StoreError;

/// Migrations in order; the version a migration brings the database to is its position + 1.
const MIGRATIONS: &[(&str, &str)] = &[
    ("initial", include_str!("migrations/0001_initial.sql")),
    ("check-in", include_str!("migrations/0002_check_in.sql")),
    ("consent", include_str!("migrations/0003_consent.sql")),
    ("scheduling", include_str!("migrations/0004_scheduling.sql")),
    (
        "diagnostics",
        include_str!("migrations/0005_diagnostics.sql"),
    ),
    ("rental", include_str!("migrations/0006_rental.sql")),
    (
        "rental photos",
        include_str!("migrations/0007_rental_photos.sql"),
    ),
    ("sealed sync", include_str!("migrations/0008_sync.sql")),
    (
        "subject rights",
        include_str!("migrations/0009_subject_rights.sql"),
    ),
    ("sync trust", include_str!("migrations/0010_sync_trust.sql")),
    ("moods", include_str!("migrations/0011_moods.sql")),
    (
        "avatar frames",
        include_str!("migrations/0012_avatar_frames.sql"),
    ),
    (
        "restorative",
        include_str!("migrations/0013_restorative.sql"),
    ),
    (
        "outbox acked",
        include_str!("migrations/0014_outbox_acked.sql"),
    ),
    (
        "centre config",
        include_str!("migrations/0015_centre_config.sql"),
    ),
    (
        "staff roster",
        include_str!("migrations/0016_staff_roster.sql"),
    ),
    (
        "erasure orders",
        include_str!("migrations/0017_erasure_orders.sql"),
    ),
    ("family uid", include_str!("migrations/0018_family_uid.sql")),
];

pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn schema_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Brings the database up to the latest version; returns the versions applied.
pub fn migrate(conn: &mut Connection) -> Result<Vec<u32>, StoreError> {
    migrate_to(conn, LATEST_VERSION)
}

/// Brings the database up to `target` (tests use it to build every earlier version).
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<Vec<u32>, StoreError> {
    let current = schema_version(conn)?;
    if current > LATEST_VERSION {
        return Err(StoreError::TooNew {
            found: current,
            supported: LATEST_VERSION,
        });
    }
    let mut applied = Vec::new();
    for (i, (name, sql)) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(current as usize)
        .take(target.saturating_sub(current) as usize)
    {
        let version = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            version,
            name,
            reason: e.to_string(),
        })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, name, "schema migrated");
        applied.push(version);
    }
    Ok(applied)
}

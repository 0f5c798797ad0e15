//! What `ladoshka doctor` reports: integrity, schema version, record counts, unsent outbox.

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCounts {
    pub rooms: i64,
    pub staff: i64,
    pub families: i64,
    pub children: i64,
    pub sessions: i64,
    pub rental_items: i64,
    pub audit_entries: i64,
    pub check_ins: i64,
    pub walk_ins: i64,
    pub outbox_rows: i64,
    pub outbox_unsent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// `ok`, or the problems `quick_check` and `cipher_integrity_check` found.
    pub problems: Vec<String>,
    pub schema_version: u32,
    pub cipher_version: String,
    /// `None` when the damage keeps the tables from being counted.
    pub counts: Option<RecordCounts>,
}

/// A check that could not even run on a damaged file is itself a finding.
fn finding(e: rusqlite::Error) -> Result<String, StoreError> {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            Ok(e.to_string())
        }
        _ => Err(e.into()),
    }
}

impl Store {
    /// Runs SQLite's `quick_check` and SQLCipher's page-authentication check.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        // `quick_check` answers «ok» or lists problems; `cipher_integrity_check` lists every page
        // whose authentication code fails (nothing when all pages are intact).
        for pragma in ["quick_check", "cipher_integrity_check"] {
            let lines: Result<Vec<String>, rusqlite::Error> = self
                .conn
                .prepare(&format!("PRAGMA {pragma}"))
                .and_then(|mut stmt| stmt.query_map([], |r| r.get::<_, String>(0))?.collect());
            match lines {
                Ok(lines) => problems.extend(lines.into_iter().filter(|l| l != "ok")),
                Err(e) => problems.push(format!("{pragma}: {}", finding(e)?)),
            }
        }
        Ok(problems)
    }

    pub fn counts(&self) -> Result<RecordCounts, StoreError> {
        let count = |table: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(RecordCounts {
            rooms: count("rooms")?,
            staff: count("staff")?,
            families: count("families")?,
            children: count("children")?,
            sessions: count("sessions")?,
            rental_items: count("rental_items")?,
            audit_entries: count("audit_log")?,
            check_ins: count("check_ins")?,
            walk_ins: count("walk_ins")?,
            outbox_rows: count("outbox")?,
            outbox_unsent: self.unsent_outbox_count()?,
        })
    }

    pub fn health(&self) -> Result<Health, StoreError> {
        let cipher_version = self
            .conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .unwrap_or_default();
        Ok(Health {
            problems: self.integrity_problems()?,
            schema_version: self.schema_version()?,
            cipher_version,
            counts: match self.counts() {
                Ok(c) => Some(c),
                Err(StoreError::Sqlite(e)) => {
                    finding(e)?;
                    None
                }
                Err(e) => return Err(e),
            },
        })
    }
}

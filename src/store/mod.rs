//! The encrypted store: one SQLCipher database, opened with the raw device key, holding every
//! record. Each write runs in one transaction that also appends the change to the outbox.
//! The app never touches a `Store` directly: a [`worker::StoreWorker`] thread owns it.

mod audit;
mod booking;
mod busy;
mod calendar;
mod centre_config;
mod check_in;
mod connection;
mod data_mark;
mod diagnostics;
mod door;
mod enrolment;
mod erasure;
mod families;
pub mod family_export;
mod health;
mod indicators;
mod lending;
pub mod migrations;
pub mod outbox;
mod rental;
mod rental_desk;
mod rental_photos;
mod rental_report;
pub mod restorative;
mod rooms;
mod routes;
mod sealing;
mod sessions;
mod shared_families;
mod staff;
mod staff_roster;
mod sync;
mod withdrawal;
pub mod worker;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use booking::{Booking, BookingRules, EditScope};
pub use calendar::{CalendarEntry, CalendarPerson};
pub use centre_config::CentreConfigState;
pub use check_in::{Arrival, ArrivalTile, CheckIn, CheckInOutcome};
pub use connection::{ready_sqlcipher, KIOSK_CACHE_KIB};
pub use data_mark::{DataMark, Fresh};
pub use diagnostics::{Administration, StoredDrawing};
pub use door::{DoorArrival, DoorBoard, DoorHelp, DoorWalkIn};
pub use enrolment::{Enrolled, StoredConsent};
pub use erasure::{Erased, OrderOutcome};
pub use family_export::FamilyData;
pub use health::{Health, RecordCounts};
pub use lending::LoanLine;
pub use migrations::LATEST_VERSION;
pub use outbox::{Op, OutboxRow};
pub use rental_desk::{
    CatalogueLine, DeskCandidate, ItemCard, ItemChange, LendCandidate, OpenLoan, WaitingFamily,
    HISTORY_LINES,
};
pub use routes::RouteStep;
pub use sessions::BookedSession;
pub use shared_families::{FamiliesApplied, FamilyIdentity};
pub use staff::StaffCard;
pub use staff_roster::RosterApplied;
pub use sync::{AckRefusal, CentreLink, PendingBundle, SyncIdentity, SyncStatus, BUNDLE_ROWS};
pub use withdrawal::{erase_by, AwaitingErasure, ConsentState, ERASE_WITHIN_DAYS};
pub use worker::StoreWorker;

use crate::domain::DomainError;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "ladoshka.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the key does not open this database ({path}): use the key it was created with; nothing was changed")]
    WrongKey { path: String },
    #[error("the database is damaged: {0}. Restore it from the centre's copy or a backup")]
    Corrupt(String),
    #[error("this SQLite has no SQLCipher encryption (PRAGMA cipher_version is empty); refusing to store anything unencrypted")]
    NoCipher,
    #[error("the database was written by a newer Ladoshka (schema version {found}; this one knows up to {supported}): update the program")]
    TooNew { found: u32, supported: u32 },
    #[error("migration {version} ({name}) failed: {reason}")]
    Migration {
        version: u32,
        name: &'static str,
        reason: String,
    },
    #[error("cannot open the database at {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("{0}")]
    Domain(#[from] DomainError),
    #[error("{0}")]
    Invalid(String),
    /// A rule of the domain refused it; nothing was written. Screens map it, never its text.
    #[error(transparent)]
    Refused(#[from] crate::domain::Refusal),
    /// One of the centre's lists (kinds, categories) cannot be used.
    #[error(transparent)]
    Catalog(#[from] crate::platform::catalog::CatalogError),
    #[error("a session cannot start in the past ({0}): choose a later time")]
    InThePast(String),
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// The process exit code the command line uses: 2 for a wrong key, 3 for a damaged
    /// database, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::WrongKey { .. } => 2,
            StoreError::Corrupt(_) => 3,
            _ => 1,
        }
    }
}

pub struct Store {
    conn: Connection,
    device_id: String,
}

/// One write transaction. Every change made through it is also appended to the outbox, and
/// all of it commits or none of it does.
pub struct Writer<'c> {
    tx: Transaction<'c>,
    now: DateTime<Utc>,
}

impl Writer<'_> {
    pub(crate) fn outbox<T: serde::Serialize>(
        &self,
        entity: &str,
        id: i64,
        op: Op,
        record: &T,
    ) -> Result<i64, StoreError> {
        outbox::append(&self.tx, self.now, entity, id, op, record)
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

impl Store {
    /// This kiosk's device id (random, made when the database was created).
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The data directory this store's database lives in (`None` for a database in memory).
    pub fn data_dir(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .and_then(|p| std::path::Path::new(p).parent())
            .map(std::path::Path::to_path_buf)
    }

    /// Runs `f` in one immediate transaction stamped with `now`, and commits.
    pub fn write_at<R>(
        &mut self,
        now: DateTime<Utc>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut w = Writer { tx, now };
        let out = f(&mut w)?;
        w.tx.commit()?;
        Ok(out)
    }

    /// [`Store::write_at`] stamped with the current time.
    pub fn write<R>(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.write_at(crate::platform::clock::now(), f)
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::schema_version(&self.conn)
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad timestamp «{s}»: {e}")))
}

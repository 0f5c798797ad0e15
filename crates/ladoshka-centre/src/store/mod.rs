//! The centre's store behind one trait, [`CentreStore`], with two engines:
//! - [`sqlcipher`]: one encrypted SQLite file (`centre.db`), the embedded default that a
//!   single centre runs with nothing else installed;
//! - [`postgres`]: a PostgreSQL database for a region, which several `serve` processes share.
//!
//! Both keep the same tables and obey the same rules, decided once in [`decide`]: a device's
//! rows are held contiguously and exactly once, a token enrols one kiosk once. Every method takes
//! `&self`; an engine serialises or pools its connections itself. Callers are blocking threads
//! (the commands, and `spawn_blocking` in the HTTP handlers), never an async task.

pub mod config;
pub mod console;
pub mod decide;
pub mod erasure_order;
pub mod model;
pub mod place;
pub mod postgres;
pub mod sqlcipher;

use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus};

pub use console::ConsoleStore;
pub use model::{
    AckState, DeviceSummary, EnrolOutcome, EnrolRefusal, ErasureDone, Held, ImportRefusal,
    NewBundle, RevokeOutcome, StoredRow, Via,
};
pub use sqlcipher::{ready_sqlcipher, SqlcipherStore, SCHEMA_VERSION};

/// What every engine of the centre's store does.
pub trait CentreStore:
    config::ConfigStore
    + ConsoleStore
    + place::PlaceStore
    + erasure_order::ErasureOrderStore
    + Send
    + Sync
{
    /// `SQLCipher file …` or `PostgreSQL …`, for the log and `init`'s report (no password).
    fn describe(&self) -> String;

    /// The centre key id this store was created for (hex), to check against the key loaded.
    fn centre_key_id(&self) -> Result<Option<String>, StoreError>;

    /// Keeps a new token's SHA-256 and expiry (Unix seconds).
    fn insert_token(
        &self,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// Enrols `device_id` with `key` if `token_hash` names a valid, unused token, marking the
    /// token used in the same transaction ([`decide::plan_enrol`]).
    fn enrol(
        &self,
        token_hash: &[u8; 32],
        device_id: &DeviceId,
        key: &DevicePublicKey,
        now: i64,
        reactivate: bool,
    ) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError>;

    /// The device lookup for [`ladoshka_seal::open`].
    fn device_status(&self, device_id: &DeviceId) -> Result<DeviceStatus, StoreError>;

    /// Where a device stands, for its acknowledgement.
    fn ack_state(&self, device_id: &DeviceId) -> Result<AckState, StoreError>;

    /// Each enrolled device's id and the highest sequence held from it: `devices` without the
    /// counts, for a look that must stay cheap with a million rows.
    fn positions(&self) -> Result<Vec<(DeviceId, u64)>, StoreError>;

    /// How many erasures were carried out.
    fn erasure_count(&self) -> Result<u64, StoreError>;

    /// Every enrolled device, oldest enrolment first.
    fn devices(&self) -> Result<Vec<DeviceSummary>, StoreError>;

    /// Marks a device revoked: its bundles are refused from now on; what it sent stays.
    fn revoke(&self, device_id: &DeviceId, now: i64) -> Result<RevokeOutcome, StoreError>;

    /// Imports `bundle` in one transaction, exactly once, or says why not (having written
    /// nothing) ([`decide::check_import`]); carries out the erasures it brings.
    fn import(&self, bundle: &NewBundle<'_>) -> Result<Result<Held, ImportRefusal>, StoreError>;

    /// Every row held from `device_id`, in sequence order.
    fn rows(&self, device_id: &DeviceId) -> Result<Vec<StoredRow>, StoreError>;

    /// Calls `each` with every row held, device by device, each device's rows in sequence
    /// order, without holding them all in memory.
    fn each_row(&self, each: &mut dyn FnMut(&DeviceId, &StoredRow)) -> Result<(), StoreError>;

    /// Calls `each` with the rows held from `device_id` after sequence number `after`, in
    /// sequence order (what arrived since a report last read that kiosk).
    fn each_row_after(
        &self,
        device_id: &DeviceId,
        after: u64,
        each: &mut dyn FnMut(&StoredRow),
    ) -> Result<(), StoreError>;

    /// How many rows and bundles the centre holds altogether.
    fn totals(&self) -> Result<(u64, u64), StoreError>;

    /// Every erasure carried out, oldest first.
    fn erasures(&self) -> Result<Vec<ErasureDone>, StoreError>;
}

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

    #[error("the PostgreSQL database {target} could not be reached ({reason}); check that the server runs, the address and user in --database, and pg_hba.conf")]
    Connect { target: String, reason: String },

    #[error("the PostgreSQL database {target} holds no Ladoshka centre: run `ladoshka-centre init --database …` first")]
    NotInitialised { target: String },

    #[error("the PostgreSQL database {target} already holds a Ladoshka centre: refusing to overwrite it. Use that centre, or give another database")]
    AlreadyInitialised { target: String },

    #[error("the database key does not open the rows kept in PostgreSQL (a row body failed to decrypt): the key (db.key or the db-key credential) is not the one this centre was created with; restore the right key")]
    BodyKey,

    #[error("the centre's PostgreSQL database failed: {0}; try again, and if it persists check the server and its log")]
    Postgres(#[from] ::postgres::Error),

    #[error("no connection to PostgreSQL was free in time ({0}); the server may be overloaded or unreachable")]
    Pool(String),
}

/// The schema version a list of `(version, SQL)` migrations brings a store to (1 with none).
const fn last_version(migrations: &[(u32, &str)]) -> u32 {
    match migrations.last() {
        Some((v, _)) => *v,
        None => 1,
    }
}

/// A sequence number as the store keeps it. The import refuses sequence numbers above
/// `i64::MAX` before anything is written, so this never saturates for stored rows.
pub(crate) fn seq_to_sql(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// A stored sequence number (never negative: only [`seq_to_sql`] values are written).
pub(crate) fn seq_from_sql(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A 16-byte device id read back from the store.
pub(crate) fn device_id_from(bytes: &[u8]) -> Result<DeviceId, StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt(format!("a device id has {} bytes, not 16", bytes.len())))
}

/// A 32-byte hash read back from the store (`None` = zeros, before the first bundle).
pub(crate) fn hash_from(device: &DeviceId, bytes: Option<&[u8]>) -> Result<[u8; 32], StoreError> {
    match bytes {
        None => Ok([0; 32]),
        Some(h) => h.try_into().map_err(|_| {
            StoreError::Corrupt(format!(
                "the last bundle hash of device {} is {} bytes, not 32",
                hex::encode(device),
                h.len()
            ))
        }),
    }
}

/// A device's status from its stored key and revocation.
pub(crate) fn status_from(key: &[u8], revoked: bool) -> Result<DeviceStatus, StoreError> {
    if revoked {
        return Ok(DeviceStatus::Revoked);
    }
    DevicePublicKey::from_bytes(key)
        .map(DeviceStatus::Active)
        // The schema's CHECK keeps this from happening; refuse rather than guess.
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

//! The region's engine: the centre's tables in a PostgreSQL database that several `serve`
//! processes share (`--database postgres://…` or `LADOSHKA_CENTRE_DATABASE`).
//!
//! Exactly once across servers: an import locks its device's row (`SELECT … FOR UPDATE`)
//! before it decides, so two servers given the same bundle, or two bundles of one device, take
//! turns; the unique constraints of `bundles` and `outbox_rows` hold whatever happens. The
//! synchronous `postgres` client is used from blocking threads only, through a small r2d2 pool.
//!
//! At rest: row bodies are encrypted by the centre ([`body`]); the rest is protected by the
//! server's disk encryption, which the README asks for.

mod body;
mod config;
mod console;
mod devices;
mod erasure_order;
mod import;
mod place;
mod rows;

use std::time::Duration;

use r2d2_postgres::postgres::{Client, Config, NoTls};
use r2d2_postgres::{r2d2, PostgresConnectionManager};

use super::{
    AckState, CentreStore, DeviceSummary, EnrolOutcome, EnrolRefusal, ErasureDone, Held,
    ImportRefusal, NewBundle, RevokeOutcome, StoreError, StoredRow,
};
use crate::secrets::DbKey;
use body::BodyKey;
use ladoshka_seal::{DeviceId, DevicePublicKey, DeviceStatus};

/// The schema this build writes and reads (`meta.schema_version`): the last migration's.
pub const SCHEMA_VERSION: u32 = super::last_version(MIGRATIONS);
const SCHEMA: &str = include_str!("schema.sql");

/// The changes after schema version 1, each `(version, SQL)`, in order, the same versions as
/// the SQLCipher file's. Missing ones are applied at open under the setup lock, so of several
/// servers started at once one migrates and the others find it done.
const MIGRATIONS: &[(u32, &str)] = &[
    (2, include_str!("0002_console.sql")),
    (3, include_str!("0003_config.sql")),
    (4, include_str!("0004_places.sql")),
    (5, include_str!("0005_erasure_orders.sql")),
];
/// The advisory lock `init` and migrations hold, so two servers never set up at once.
const SETUP_LOCK: i64 = 0x4c61_646f_7368_6b61; // "Ladoshka"
/// A known text sealed under the body key at `init`, to tell a wrong `db.key` at open.
const KEY_CHECK: &str = "ladoshka-centre body key check";

/// A pool of connections to the centre's PostgreSQL database.
pub struct PostgresStore {
    /// Always `Some` until dropped (see the `Drop` below).
    pool: Option<Pool>,
    body: BodyKey,
    target: String,
}

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;
type Conn = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

impl Drop for PostgresStore {
    /// The synchronous client closes its connections by blocking on a runtime of its own, which
    /// panics on a thread that drives an async runtime (the last `Arc<Centre>` of `serve` may go
    /// there): the pool is then dropped on a plain thread.
    fn drop(&mut self) {
        let Some(pool) = self.pool.take() else { return };
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

/// Where a connection string points, for messages: database, host and user, never a password.
pub fn describe_target(url: &str) -> String {
    match url.parse::<Config>() {
        Ok(c) => {
            let hosts: Vec<String> = c
                .get_hosts()
                .iter()
                .map(|h| match h {
                    r2d2_postgres::postgres::config::Host::Tcp(name) => name.clone(),
                    r2d2_postgres::postgres::config::Host::Unix(path) => path.display().to_string(),
                })
                .collect();
            format!(
                "«{}» on {} as {}",
                c.get_dbname().unwrap_or("(the user's)"),
                if hosts.is_empty() {
                    "localhost".into()
                } else {
                    hosts.join(",")
                },
                c.get_user().unwrap_or("(the system user)")
            )
        }
        Err(_) => "(an unreadable connection string)".into(),
    }
}

fn connect(url: &str, target: &str) -> Result<(Config, Client), StoreError> {
    let mut config: Config =
        url.parse()
            .map_err(|e: r2d2_postgres::postgres::Error| StoreError::Connect {
                target: target.into(),
                reason: format!("the connection string cannot be read: {e}"),
            })?;
    config.application_name("ladoshka-centre");
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    let client = config.connect(NoTls).map_err(|e| StoreError::Connect {
        target: target.into(),
        reason: e.to_string(),
    })?;
    Ok((config, client))
}

impl PostgresStore {
    /// Makes the centre's tables in the database at `url` (which must hold no centre yet) for
    /// the centre key `centre_key_id`.
    pub fn create(url: &str, key: &DbKey, centre_key_id: &[u8; 8]) -> Result<Self, StoreError> {
        let target = describe_target(url);
        let (config, mut client) = connect(url, &target)?;
        let body = BodyKey::new(key);
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK])?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
            .get(0);
        if exists {
            return Err(StoreError::AlreadyInitialised { target });
        }
        tx.batch_execute(SCHEMA)?;
        for (_, sql) in MIGRATIONS {
            tx.batch_execute(sql)?;
        }
        let check = hex::encode(body.seal(&[0; 16], 0, KEY_CHECK)?);
        for (k, v) in [
            ("centre_key_id", hex::encode(centre_key_id)),
            ("schema_version", SCHEMA_VERSION.to_string()),
            ("body_key_check", check),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES ($1, $2)", &[&k, &v])?;
        }
        tx.commit()?;
        Self::pool(config, body, target)
    }

    /// Opens the centre in the database at `url`: its schema known, the database key right.
    pub fn open(url: &str, key: &DbKey) -> Result<Self, StoreError> {
        let target = describe_target(url);
        let (config, mut client) = connect(url, &target)?;
        let exists: bool = client
            .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Err(StoreError::NotInitialised { target });
        }
        let meta = |client: &mut Client, k: &str| -> Result<Option<String>, StoreError> {
            Ok(client
                .query_opt("SELECT value FROM meta WHERE key = $1", &[&k])?
                .map(|r| r.get(0)))
        };
        let version: u32 = meta(&mut client, "schema_version")?
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| StoreError::Corrupt("meta.schema_version is missing".into()))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            migrate(&mut client)?;
        }
        let body = BodyKey::new(key);
        let check = meta(&mut client, "body_key_check")?
            .and_then(|v| hex::decode(v).ok())
            .ok_or_else(|| StoreError::Corrupt("meta.body_key_check is missing".into()))?;
        if body.open(&[0; 16], 0, &check)? != KEY_CHECK {
            return Err(StoreError::BodyKey);
        }
        Self::pool(config, body, target)
    }

    fn pool(config: Config, body: BodyKey, target: String) -> Result<Self, StoreError> {
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(15))
            .build(PostgresConnectionManager::new(config, NoTls))
            .map_err(|e| StoreError::Connect {
                target: target.clone(),
                reason: e.to_string(),
            })?;
        Ok(Self {
            pool: Some(pool),
            body,
            target,
        })
    }

    fn conn(&self) -> Result<Conn, StoreError> {
        self.pool
            .as_ref()
            .expect("the pool is there until the store is dropped")
            .get()
            .map_err(|e| StoreError::Pool(e.to_string()))
    }
}

/// Applies the missing migrations in one transaction, under the setup lock.
fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK])?;
    let version: u32 = tx
        .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])?
        .get::<_, String>(0)
        .parse()
        .map_err(|_| StoreError::Corrupt("meta.schema_version is not a number".into()))?;
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
        tx.batch_execute(sql)?;
        tx.execute(
            "UPDATE meta SET value = $1 WHERE key = 'schema_version'",
            &[&v.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(())
}

impl CentreStore for PostgresStore {
    fn describe(&self) -> String {
        format!("PostgreSQL database {}", self.target)
    }

    fn centre_key_id(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_opt("SELECT value FROM meta WHERE key = 'centre_key_id'", &[])?
            .map(|r| r.get(0)))
    }

    fn insert_token(
        &self,
        token_hash: &[u8; 32],
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
            &[&&token_hash[..], &now, &expires_at],
        )?;
        Ok(())
    }

    fn enrol(
        &self,
        token_hash: &[u8; 32],
        device_id: &DeviceId,
        key: &DevicePublicKey,
        now: i64,
        reactivate: bool,
    ) -> Result<Result<EnrolOutcome, EnrolRefusal>, StoreError> {
        devices::enrol(
            &mut *self.conn()?,
            token_hash,
            device_id,
            key,
            now,
            reactivate,
        )
    }

    fn device_status(&self, device_id: &DeviceId) -> Result<DeviceStatus, StoreError> {
        devices::status(&mut *self.conn()?, device_id)
    }

    fn ack_state(&self, device_id: &DeviceId) -> Result<AckState, StoreError> {
        devices::ack_state(&mut *self.conn()?, device_id)
    }

    fn devices(&self) -> Result<Vec<DeviceSummary>, StoreError> {
        devices::list(&mut *self.conn()?)
    }

    fn positions(&self) -> Result<Vec<(DeviceId, u64)>, StoreError> {
        self.conn()?
            .query("SELECT device_id, held_through FROM devices", &[])?
            .iter()
            .map(|r| {
                Ok((
                    super::device_id_from(r.get::<_, &[u8]>(0))?,
                    super::seq_from_sql(r.get(1)),
                ))
            })
            .collect()
    }

    fn erasure_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one("SELECT count(*) FROM erasures", &[])?
            .get(0);
        Ok(super::seq_from_sql(n))
    }

    fn revoke(&self, device_id: &DeviceId, now: i64) -> Result<RevokeOutcome, StoreError> {
        devices::revoke(&mut *self.conn()?, device_id, now)
    }

    fn import(&self, bundle: &NewBundle<'_>) -> Result<Result<Held, ImportRefusal>, StoreError> {
        import::import(&mut *self.conn()?, &self.body, bundle)
    }

    fn rows(&self, device_id: &DeviceId) -> Result<Vec<StoredRow>, StoreError> {
        let mut rows = Vec::new();
        rows::each(
            &mut *self.conn()?,
            &self.body,
            Some((device_id, 0)),
            &mut |_, r| rows.push(r.clone()),
        )?;
        Ok(rows)
    }

    fn each_row(&self, each: &mut dyn FnMut(&DeviceId, &StoredRow)) -> Result<(), StoreError> {
        rows::each(&mut *self.conn()?, &self.body, None, each)
    }

    fn each_row_after(
        &self,
        device_id: &DeviceId,
        after: u64,
        each: &mut dyn FnMut(&StoredRow),
    ) -> Result<(), StoreError> {
        rows::each(
            &mut *self.conn()?,
            &self.body,
            Some((device_id, after)),
            &mut |_, r| each(r),
        )
    }

    fn totals(&self) -> Result<(u64, u64), StoreError> {
        rows::totals(&mut *self.conn()?)
    }

    fn erasures(&self) -> Result<Vec<ErasureDone>, StoreError> {
        rows::erasures(&mut *self.conn()?)
    }
}

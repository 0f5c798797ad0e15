//! `init` and opening an existing centre: key pair, public key file, database key and encrypted
//! store, and the checks that they belong together.
//!
//! `init` never replaces anything: a data folder that already holds any of the centre's files is
//! refused. What it wrote before a failure is removed again, so it can simply be run once more.

use std::fs::{self, DirBuilder};
use std::io;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use ladoshka_seal::{CentreKeys, CentrePublicKey, KeyError};

use crate::layout::{Layout, SecretSource, DB_FILE, DB_KEY_FILE, KEY_FILE, PUBLIC_FILE};
use crate::secrets::{
    read_secret_file, readable_by_others, write_public_file, write_secret_file, DbKey,
    RandomnessFailed,
};
use crate::store::postgres::PostgresStore;
use crate::store::{CentreStore, SqlcipherStore, StoreError};

/// Why a centre could not be set up or opened.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{dir} already holds a centre ({file} exists): refusing to overwrite it. Use that centre, or choose another --data-dir")]
    AlreadyInitialised { dir: String, file: String },

    #[error("there is no centre in {dir} ({file} is missing): run `ladoshka-centre --data-dir {dir} init` first, or give the right --data-dir")]
    NotInitialised { dir: String, file: String },

    #[error("could not create the data folder {path} ({source}); check the parent folder's owner and permissions")]
    CreateDir { path: String, source: io::Error },

    #[error(
        "could not write {path} ({source}); check the folder's owner, permissions and free space"
    )]
    Write { path: String, source: io::Error },

    #[error(
        "could not read {path} ({source}); check that it exists and that this user may read it"
    )]
    Read { path: String, source: io::Error },

    #[error("the centre key in {path} is unusable: {source}")]
    CentreKey { path: String, source: KeyError },

    #[error("the database key in {path} is unusable: {reason}; restore it from its backup")]
    DbKey { path: String, reason: String },

    #[error("the centre key in {key_path} (key id {key_id}) is not the key this centre's store was made for (key id {store_key_id}): restore the right key file or credential")]
    KeyMismatch {
        key_path: String,
        key_id: String,
        store_key_id: String,
    },

    #[error("{path} does not hold this centre's public key (it should be the key with id {key_id}): it was replaced or damaged; kiosks enrolled offline with it would seal to the wrong key. Restore it, or delete it and run `init` in an empty folder")]
    PublicKeyMismatch { path: String, key_id: String },

    #[error(transparent)]
    Randomness(#[from] RandomnessFailed),

    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What `init` made.
#[derive(Debug)]
pub struct InitReport {
    pub public_key: CentrePublicKey,
    pub key_source: SecretSource,
    pub db_key_source: SecretSource,
    pub public_file: PathBuf,
    /// Where the store is (`SQLCipher file …` or `PostgreSQL database …`).
    pub store: String,
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Files `init` created, removed again unless it finishes.
struct Undo(Vec<PathBuf>);

impl Drop for Undo {
    fn drop(&mut self) {
        for path in self.0.iter().rev() {
            let _ = fs::remove_file(path);
        }
    }
}

/// Creates a new centre in `layout.data_dir`.
pub fn init(layout: &Layout) -> Result<InitReport, SetupError> {
    let dir = &layout.data_dir;
    let files: &[&str] = match layout.database {
        None => &[KEY_FILE, PUBLIC_FILE, DB_FILE, DB_KEY_FILE],
        Some(_) => &[KEY_FILE, PUBLIC_FILE, DB_KEY_FILE],
    };
    for &name in files {
        let path = layout.file(name);
        if fs::symlink_metadata(&path).is_ok() {
            return Err(SetupError::AlreadyInitialised {
                dir: shown(dir),
                file: name.into(),
            });
        }
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .and_then(|()| fs::set_permissions(dir, fs::Permissions::from_mode(0o700)))
        .map_err(|source| SetupError::CreateDir {
            path: shown(dir),
            source,
        })?;

    let mut undo = Undo(Vec::new());
    let key_source = layout.centre_key();
    let keys = match &key_source {
        SecretSource::Credential(path) => read_centre_keys(path)?,
        SecretSource::File(path) => {
            let keys = CentreKeys::generate().map_err(|source| SetupError::CentreKey {
                path: shown(path),
                source,
            })?;
            write_secret_file(path, &keys.to_key_file_bytes()).map_err(|source| {
                SetupError::Write {
                    path: shown(path),
                    source,
                }
            })?;
            undo.0.push(path.clone());
            keys
        }
    };
    let db_key_source = layout.db_key();
    let db_key = match &db_key_source {
        SecretSource::Credential(path) => read_db_key(path)?,
        SecretSource::File(path) => {
            let key = DbKey::generate()?;
            write_secret_file(path, &key.to_file_bytes()).map_err(|source| SetupError::Write {
                path: shown(path),
                source,
            })?;
            undo.0.push(path.clone());
            key
        }
    };
    let public_key = keys.public_key();
    let public_file = layout.file(PUBLIC_FILE);
    write_public_file(&public_file, &public_key.to_bytes()).map_err(|source| {
        SetupError::Write {
            path: shown(&public_file),
            source,
        }
    })?;
    undo.0.push(public_file.clone());

    let store = match &layout.database {
        Some(url) => PostgresStore::create(url, &db_key, &public_key.key_id())?.describe(),
        None => {
            let db_file = layout.file(DB_FILE);
            undo.0.push(db_file.clone());
            for suffix in ["-wal", "-shm"] {
                undo.0
                    .push(PathBuf::from(format!("{}{suffix}", db_file.display())));
            }
            let store = SqlcipherStore::create(&db_file, &db_key, &public_key.key_id())?;
            let described = store.describe();
            drop(store);
            fs::set_permissions(&db_file, fs::Permissions::from_mode(0o600)).map_err(|source| {
                SetupError::Write {
                    path: shown(&db_file),
                    source,
                }
            })?;
            described
        }
    };
    undo.0.clear();
    Ok(InitReport {
        public_key,
        key_source,
        db_key_source,
        public_file,
        store,
    })
}

fn read_centre_keys(path: &Path) -> Result<CentreKeys, SetupError> {
    let bytes = read_secret_file(path).map_err(|source| SetupError::Read {
        path: shown(path),
        source,
    })?;
    CentreKeys::from_key_file_bytes(&bytes).map_err(|source| SetupError::CentreKey {
        path: shown(path),
        source,
    })
}

pub(crate) fn read_db_key(path: &Path) -> Result<DbKey, SetupError> {
    let bytes = read_secret_file(path).map_err(|source| SetupError::Read {
        path: shown(path),
        source,
    })?;
    DbKey::from_file_bytes(&bytes).map_err(|reason| SetupError::DbKey {
        path: shown(path),
        reason,
    })
}

fn check_present(source: &SecretSource, dir: &Path, name: &str) -> Result<(), SetupError> {
    if let SecretSource::File(path) = source {
        if !path.exists() {
            return Err(SetupError::NotInitialised {
                dir: shown(dir),
                file: name.into(),
            });
        }
        if readable_by_others(path) {
            tracing::warn!(
                path = %path.display(),
                "the key file can be read by other users: chmod 600 it"
            );
        }
    }
    Ok(())
}

/// Loads an existing centre's keys and opens its store, checking that they belong together.
pub fn load(layout: &Layout) -> Result<(CentreKeys, Box<dyn CentreStore>), SetupError> {
    let dir = &layout.data_dir;
    let db_file = layout.file(DB_FILE);
    if layout.database.is_none() && !db_file.exists() {
        return Err(SetupError::NotInitialised {
            dir: shown(dir),
            file: DB_FILE.into(),
        });
    }
    let key_source = layout.centre_key();
    check_present(&key_source, dir, KEY_FILE)?;
    let db_key_source = layout.db_key();
    check_present(&db_key_source, dir, DB_KEY_FILE)?;
    let keys = read_centre_keys(key_source.path())?;
    let db_key = read_db_key(db_key_source.path())?;
    let store: Box<dyn CentreStore> = match &layout.database {
        Some(url) => Box::new(PostgresStore::open(url, &db_key)?),
        None => Box::new(SqlcipherStore::open(&db_file, &db_key)?),
    };

    let key_id = hex::encode(keys.public_key().key_id());
    let store_key_id = store.centre_key_id()?.unwrap_or_default();
    if store_key_id != key_id {
        return Err(SetupError::KeyMismatch {
            key_path: shown(key_source.path()),
            key_id,
            store_key_id,
        });
    }
    let public_file = layout.file(PUBLIC_FILE);
    if let Ok(bytes) = fs::read(&public_file) {
        if CentrePublicKey::from_bytes(&bytes).ok() != Some(keys.public_key()) {
            return Err(SetupError::PublicKeyMismatch {
                path: shown(&public_file),
                key_id,
            });
        }
    }
    Ok((keys, store))
}

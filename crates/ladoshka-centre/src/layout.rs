//! Where the centre keeps its files and its data: the data folder (`centre.key`, `centre.pub`,
//! `centre.db`, `db.key`), under systemd the credentials folder (`centre-key`, `db-key`), which
//! takes the place of the two key files when it holds them, and for a region a PostgreSQL
//! database, which takes the place of `centre.db`.

use std::path::{Path, PathBuf};

/// The centre's private keys (`CentreKeys` key file form).
pub const KEY_FILE: &str = "centre.key";
/// The centre's public key, 70 bytes: what a kiosk is given for offline enrolment.
pub const PUBLIC_FILE: &str = "centre.pub";
/// The encrypted store.
pub const DB_FILE: &str = "centre.db";
/// The store's raw key, 64 hex digits.
pub const DB_KEY_FILE: &str = "db.key";
/// systemd credential names (`LoadCredentialEncrypted=centre-key:…`).
pub const CENTRE_KEY_CREDENTIAL: &str = "centre-key";
pub const DB_KEY_CREDENTIAL: &str = "db-key";

/// The folders one centre uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub data_dir: PathBuf,
    /// `$CREDENTIALS_DIRECTORY`, when systemd set it.
    pub credentials_dir: Option<PathBuf>,
    /// A PostgreSQL connection string (`--database`); `None` keeps the store in `centre.db`.
    pub database: Option<String>,
}

/// Where a secret is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// A systemd credential: never written by the centre.
    Credential(PathBuf),
    /// A file in the data folder.
    File(PathBuf),
}

impl SecretSource {
    pub fn path(&self) -> &Path {
        match self {
            SecretSource::Credential(p) | SecretSource::File(p) => p,
        }
    }
}

impl Layout {
    pub fn new(data_dir: impl Into<PathBuf>, credentials_dir: Option<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            credentials_dir,
            database: None,
        }
    }

    /// The same folders with the store in the PostgreSQL database at `url` (`None`: the file).
    pub fn with_database(mut self, url: Option<String>) -> Self {
        self.database = url.filter(|u| !u.trim().is_empty());
        self
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.data_dir.join(name)
    }

    fn source(&self, credential: &str, file: &str) -> SecretSource {
        match &self.credentials_dir {
            Some(dir) if dir.join(credential).is_file() => {
                SecretSource::Credential(dir.join(credential))
            }
            _ => SecretSource::File(self.file(file)),
        }
    }

    /// Where the centre's private keys are.
    pub fn centre_key(&self) -> SecretSource {
        self.source(CENTRE_KEY_CREDENTIAL, KEY_FILE)
    }

    /// Where the store's key is.
    pub fn db_key(&self) -> SecretSource {
        self.source(DB_KEY_CREDENTIAL, DB_KEY_FILE)
    }
}

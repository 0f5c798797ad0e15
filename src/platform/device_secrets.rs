//! The database key and the PIN pepper, from wherever this device keeps them:
//!
//! 1. `$CREDENTIALS_DIRECTORY/db-key` — a systemd credential (sealed to the TPM on the kiosk image);
//! 2. `--key-file` / `LADOSHKA_KEY_FILE`;
//! 3. on a developer machine only: `<data dir>.key` beside the data directory, created 0600 on
//!    first run with a warning.
//!
//! The PIN pepper is `$CREDENTIALS_DIRECTORY/pin-pepper` (64 hex digits) when present, else it
//! is derived from the database key with HKDF, so it always lives where the key lives and
//! never inside the database.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::crypto::{DbKey, DbKeyError, PinPepper};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Credential(PathBuf),
    KeyFile(PathBuf),
    DeveloperKeyFile { path: PathBuf, created: bool },
}

pub struct DeviceSecrets {
    pub key: DbKey,
    pub pepper: PinPepper,
    pub source: KeySource,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("cannot read the key at {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("the key at {path} is malformed: {reason}")]
    Malformed { path: String, reason: DbKeyError },
    #[error("a database exists at {db} but its key file {expected} is missing: pass the key with --key-file (or LADOSHKA_KEY_FILE); a new key would not open it")]
    MissingForExistingDatabase { db: String, expected: String },
    #[error("cannot create the developer key file {path}: {source}")]
    CannotCreate {
        path: String,
        source: std::io::Error,
    },
}

/// Where to look; `None` means "not given".
pub struct SecretsRequest<'a> {
    pub credentials_dir: Option<&'a Path>,
    pub key_file: Option<&'a Path>,
    pub data_dir: &'a Path,
    /// The database file, to refuse minting a new key for an existing database.
    pub database: &'a Path,
}

pub fn load(req: &SecretsRequest<'_>) -> Result<DeviceSecrets, SecretsError> {
    if let Some(creds) = req.credentials_dir {
        let path = creds.join("db-key");
        if path.exists() {
            let key = read_key(&path)?;
            let pepper_path = creds.join("pin-pepper");
            let pepper = if pepper_path.exists() {
                PinPepper::from_bytes(*read_key(&pepper_path)?.as_bytes())
            } else {
                PinPepper::derive_from(&key)
            };
            return Ok(DeviceSecrets {
                key,
                pepper,
                source: KeySource::Credential(path),
            });
        }
    }
    if let Some(path) = req.key_file {
        let key = read_key(path)?;
        return Ok(DeviceSecrets {
            pepper: PinPepper::derive_from(&key),
            key,
            source: KeySource::KeyFile(path.into()),
        });
    }
    let path = developer_key_path(req.data_dir);
    if path.exists() {
        let key = read_key(&path)?;
        let source = KeySource::DeveloperKeyFile {
            path,
            created: false,
        };
        return Ok(DeviceSecrets {
            pepper: PinPepper::derive_from(&key),
            key,
            source,
        });
    }
    if req.database.exists() {
        return Err(SecretsError::MissingForExistingDatabase {
            db: req.database.display().to_string(),
            expected: path.display().to_string(),
        });
    }
    let key = DbKey::generate();
    write_new_key(&path, &key)?;
    tracing::warn!(
        path = %path.display(),
        "created a new database key file for this developer machine; a kiosk gets its key as a systemd credential instead"
    );
    let source = KeySource::DeveloperKeyFile {
        path,
        created: true,
    };
    Ok(DeviceSecrets {
        pepper: PinPepper::derive_from(&key),
        key,
        source,
    })
}

/// `<data dir>.key`, beside (not inside) the data directory.
pub fn developer_key_path(data_dir: &Path) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "ladoshka".into());
    name.push(".key");
    data_dir.with_file_name(name)
}

fn read_key(path: &Path) -> Result<DbKey, SecretsError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SecretsError::Unreadable {
        path: shown.clone(),
        source,
    })?;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(path = %shown, "the key file is readable by other users; chmod 600 it");
        }
    }
    DbKey::parse(&text).map_err(|reason| SecretsError::Malformed {
        path: shown,
        reason,
    })
}

fn write_new_key(path: &Path, key: &DbKey) -> Result<(), SecretsError> {
    let fail = |source| SecretsError::CannotCreate {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(fail)?;
    file.write_all(key.to_file_text().as_bytes())
        .map_err(fail)?;
    file.sync_all().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(
        creds: Option<&'a Path>,
        key_file: Option<&'a Path>,
        data: &'a Path,
        db: &'a Path,
    ) -> SecretsRequest<'a> {
        SecretsRequest {
            credentials_dir: creds,
            key_file,
            data_dir: data,
            database: db,
        }
    }

    #[test]
    fn developer_key_is_created_once_0600_beside_the_data_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let db = data.join("ladoshka.db");
        let first = load(&req(None, None, &data, &db)).unwrap();
        let path = tmp.path().join("data.key");
        assert_eq!(
            first.source,
            KeySource::DeveloperKeyFile {
                path: path.clone(),
                created: true
            }
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let second = load(&req(None, None, &data, &db)).unwrap();
        assert_eq!(
            second.source,
            KeySource::DeveloperKeyFile {
                path,
                created: false
            }
        );
        assert_eq!(first.key, second.key);
    }

    #[test]
    fn credential_wins_over_key_file() {
        let tmp = tempfile::tempdir().unwrap();
        let creds = tmp.path().join("creds");
        std::fs::create_dir(&creds).unwrap();
        std::fs::write(creds.join("db-key"), "ab".repeat(32)).unwrap();
        let kf = tmp.path().join("other.key");
        std::fs::write(&kf, format!("{}\n", "cd".repeat(32))).unwrap();
        let s = load(&req(
            Some(&creds),
            Some(&kf),
            tmp.path(),
            &tmp.path().join("x.db"),
        ))
        .unwrap();
        assert_eq!(s.key.as_bytes(), &[0xab; 32]);
        assert!(matches!(s.source, KeySource::Credential(_)));
        // Without the credential, the key file is used.
        let s = load(&req(
            Some(&tmp.path().join("none")),
            Some(&kf),
            tmp.path(),
            &tmp.path().join("x.db"),
        ))
        .unwrap();
        assert_eq!(s.key.as_bytes(), &[0xcd; 32]);
    }

    #[test]
    fn malformed_key_files_are_refused_with_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let kf = tmp.path().join("bad.key");
        std::fs::write(&kf, "not a key\n").unwrap();
        let err = load(&req(None, Some(&kf), tmp.path(), &tmp.path().join("x.db")))
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(
            msg.contains("bad.key") && msg.contains("hexadecimal"),
            "{msg}"
        );
    }

    #[test]
    fn no_new_key_is_minted_for_an_existing_database() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let db = data.join("ladoshka.db");
        std::fs::write(&db, b"existing").unwrap();
        let err = load(&req(None, None, &data, &db)).err().unwrap();
        assert!(matches!(
            err,
            SecretsError::MissingForExistingDatabase { .. }
        ));
        assert!(!developer_key_path(&data).exists());
    }

    #[test]
    fn pepper_credential_is_used_when_present() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("db-key"), "ab".repeat(32)).unwrap();
        let derived = load(&req(
            Some(tmp.path()),
            None,
            tmp.path(),
            &tmp.path().join("x.db"),
        ))
        .unwrap();
        std::fs::write(tmp.path().join("pin-pepper"), "01".repeat(32)).unwrap();
        let explicit = load(&req(
            Some(tmp.path()),
            None,
            tmp.path(),
            &tmp.path().join("x.db"),
        ))
        .unwrap();
        let pin = crate::domain::Pin::parse("1234").unwrap();
        let h = crate::crypto::PinHash::with_iterations(&pin, &explicit.pepper, 10);
        assert!(h.verify(&pin, &PinPepper::from_bytes([1; 32])));
        assert!(!h.verify(&pin, &derived.pepper));
    }
}

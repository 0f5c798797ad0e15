//! Finding the data directory and key, and opening the store, for every command.

use std::path::PathBuf;

use anyhow::Context;

use super::Cli;
use crate::platform::data_dir;
use crate::platform::device_secrets::{self, DeviceSecrets, KeySource, SecretsRequest};
use crate::store::{Store, DB_FILE};

pub struct Opened {
    pub store: Store,
    pub secrets: DeviceSecrets,
    pub db_path: PathBuf,
    /// How the key is protected at rest (TPM, host key, a file).
    pub key_seal: crate::platform::key_seal::KeySeal,
}

pub fn data_dir_of(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.data_dir {
        Some(d) => Ok(d.clone()),
        None => data_dir::default_data_dir(),
    }
}

/// Opens (creating if needed) the encrypted database.
pub fn open(cli: &Cli) -> anyhow::Result<Opened> {
    let dir = data_dir_of(cli)?;
    data_dir::ensure(&dir)?;
    let db_path = dir.join(DB_FILE);
    let creds = std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from);
    let secrets = device_secrets::load(&SecretsRequest {
        credentials_dir: creds.as_deref(),
        key_file: cli.key_file.as_deref(),
        data_dir: &dir,
        database: &db_path,
    })?;
    let store = Store::open(&db_path, &secrets.key)
        .with_context(|| format!("opening {}", db_path.display()))?;
    let key_seal = crate::platform::key_seal::KeySeal::detect(
        &secrets.source,
        creds.as_deref(),
        std::path::Path::new("/"),
    );
    Ok(Opened {
        store,
        secrets,
        db_path,
        key_seal,
    })
}

pub fn describe_source(source: &KeySource) -> String {
    match source {
        KeySource::Credential(p) => format!("systemd credential {}", p.display()),
        KeySource::KeyFile(p) => format!("key file {}", p.display()),
        KeySource::DeveloperKeyFile { path, created } => {
            format!(
                "developer key file {}{}",
                path.display(),
                if *created { " (created now)" } else { "" }
            )
        }
    }
}

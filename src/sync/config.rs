//! Taking the centre's configuration (issue 18 §3): the kiosk gives the centre its key for
//! packages once, asks for a newer version at the end of every sync round, and applies a
//! package whole or not at all; `ladoshka config apply FILE` applies one from a USB stick.
//!
//! A package is refused unless the enrolled centre signed it for this kiosk and it is newer than
//! the version the kiosk runs (`ConfigPackage::open`); then its configuration is checked with
//! the kiosk's own readers, the instruments against the built-in ones. Only then are the rental
//! files and the help-route templates written and, in one transaction, the instruments imported,
//! the colleagues of the centre's roster added or switched off, the families of its КЦСОН taken,
//! the centre's erasure orders carried out (`erasure_orders`, after the families, so an erasure
//! wins) and the version recorded. The files go first: a crash before the commit leaves the
//! version unrecorded, and the same package is simply applied again.

use std::path::Path;

use ladoshka_seal::{CentrePublicKey, ConfigPackage, ConfigRefusal, OpenedConfig};

use super::http::{CentreClient, HttpError};
use crate::domain::centre_config::{CentreConfig, ConfigFile, ConfigProblem};
use crate::domain::data_file::DataFileError;
use crate::domain::{eligibility, rental_kinds};
use crate::platform::instrument_files::{self, Catalogue, Origin};
use crate::store::{RosterApplied, Store, StoreError, SyncIdentity};

/// The folder in the data directory that holds the centre's help-route templates.
pub const CENTRE_ROUTES_DIR: &str = "centre-routes";

/// What became of a configuration package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigTaken {
    /// The kiosk runs the last version already.
    UpToDate,
    /// The package's version now runs here.
    Applied { serial: u64, parts: String },
    /// The package was refused (why, in the program's words); the kiosk runs what it ran.
    Refused(String),
}

/// Why a package was refused.
#[derive(Debug, thiserror::Error)]
enum Refused {
    #[error("{0}")]
    Package(#[from] ConfigRefusal),
    #[error("{0}")]
    Config(#[from] ConfigProblem),
    #[error("instrument {0}")]
    Instrument(#[from] DataFileError),
}

/// Asks the centre for a newer configuration and applies it; registers this kiosk's key first
/// when the centre does not have it. A centre that does not offer configuration (404, an older
/// centre) is nothing new.
pub fn take_from_centre(
    store: &mut Store,
    client: &CentreClient,
    centre: &CentrePublicKey,
) -> Result<ConfigTaken, TakeError> {
    super::erasure_orders::retry_waiting(store)?;
    let SyncIdentity { device_id, key } = store.sync_identity()?;
    let kem = store.config_key()?;
    let mut state = store.centre_config()?;
    for _ in 0..2 {
        if !state.key_registered {
            match client.register_config_key(&device_id, &key, centre, &kem.public_key()) {
                Ok(()) => store.set_config_key_registered(true)?,
                Err(HttpError::Refused { status: 404, .. }) => return Ok(ConfigTaken::UpToDate),
                Err(e) => return Err(e.into()),
            }
        }
        match client.config(&device_id, &key, centre, state.serial) {
            Ok(None) => return Ok(ConfigTaken::UpToDate),
            Ok(Some(bytes)) => return Ok(apply_package(store, &bytes)?),
            Err(HttpError::Refused { status: 404, .. }) => return Ok(ConfigTaken::UpToDate),
            // The centre lost this kiosk's key (restored from a backup, say): send it again.
            Err(HttpError::Refused { status: 409, .. }) => {
                store.set_config_key_registered(false)?;
                state.key_registered = false;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(ConfigTaken::UpToDate)
}

/// Why the configuration could not be asked for (the sync itself went through).
#[derive(Debug, thiserror::Error)]
pub enum TakeError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Http(#[from] HttpError),
    #[error("{0}")]
    Apply(#[from] ApplyError),
}

/// Why a package was not even opened: the kiosk has no centre it trusts to check it against.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("this kiosk is not enrolled with a centre, so a configuration package cannot be checked: enrol it first (`ladoshka enrol`)")]
    NotEnrolled,
    #[error("the centre's key fingerprint has not been confirmed on this kiosk, so nothing signed with it is taken: compare {fingerprint} with the fingerprint the centre printed and confirm with `ladoshka enrol --fingerprint FINGERPRINT`; nothing was changed")]
    Unconfirmed { fingerprint: String },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Opens, checks and applies one package (from the centre or a stick). A refusal is recorded
/// for the Device and sync screen; an older or the same version is nothing to do. Only a
/// centre whose fingerprint a person confirmed here may configure the kiosk: a package signed
/// by a key nobody checked (a stick from an enrolment that was never confirmed) is refused.
pub fn apply_package(store: &mut Store, bytes: &[u8]) -> Result<ConfigTaken, ApplyError> {
    let centre = store.centre()?.ok_or(ApplyError::NotEnrolled)?;
    if !centre.confirmed {
        return Err(ApplyError::Unconfirmed {
            fingerprint: centre.public_key.fingerprint(),
        });
    }
    let SyncIdentity { device_id, .. } = store.sync_identity()?;
    let kem = store.config_key()?;
    let serial = store.centre_config()?.serial;
    let opened = match ConfigPackage::open(bytes, &centre.public_key, &device_id, &kem, serial) {
        Ok(opened) => opened,
        Err(ConfigRefusal::AlreadyApplied { .. }) => return Ok(ConfigTaken::UpToDate),
        Err(refusal) => return Ok(refuse(store, refusal.into())?),
    };
    match apply(store, &opened) {
        Ok(Ok(parts)) => {
            tracing::info!(serial = opened.serial, %parts, "the centre's configuration applied");
            Ok(ConfigTaken::Applied {
                serial: opened.serial,
                parts,
            })
        }
        Ok(Err(refusal)) => Ok(refuse(store, refusal)?),
        Err(e) => Err(e.into()),
    }
}

fn refuse(store: &Store, refusal: Refused) -> Result<ConfigTaken, StoreError> {
    let why = refusal.to_string();
    tracing::warn!("the centre's configuration was refused: {why}");
    store.record_config_refusal(&why)?;
    Ok(ConfigTaken::Refused(why))
}

fn apply(store: &mut Store, opened: &OpenedConfig) -> Result<Result<String, Refused>, StoreError> {
    let config = match CentreConfig::from_json(&opened.payload) {
        Ok(c) => c,
        Err(problem) => return Ok(Err(problem.into())),
    };
    // The instruments as `ladoshka instrument import` checks them: against the built-in ones and
    // the earlier imports of other ids.
    let new_ids: Vec<String> = config
        .instruments
        .iter()
        .filter_map(|f| {
            crate::domain::instrument::parse(&f.name, &f.text)
                .ok()
                .map(|i| i.id)
        })
        .collect();
    let mut others = Catalogue::built_in();
    for (name, text) in store.imported_instruments()? {
        let id = crate::domain::instrument::parse("", &text)
            .ok()
            .map(|i| i.id);
        if !id.is_some_and(|id| new_ids.contains(&id)) {
            others.add(&name, &text, Origin::Centre);
        }
    }
    let mut instruments = Vec::new();
    for file in &config.instruments {
        match instrument_files::check(&file.name, &file.text, Origin::Centre, &others.instruments) {
            Ok(i) => instruments.push((i, file)),
            Err(e) => return Ok(Err(e.into())),
        }
    }
    if let Some(dir) = store.data_dir() {
        if let Some(text) = &config.rental_kinds {
            write_file(&dir, rental_kinds::CENTRE_FILE, text)?;
        }
        if let Some(text) = &config.rental_categories {
            write_file(&dir, eligibility::CENTRE_FILE, text)?;
        }
        if !config.routes.is_empty() {
            write_routes(&dir, &config.routes)?;
        }
    }
    let mut ordered = Vec::new();
    store.write(|w| {
        for (i, file) in &instruments {
            w.import_instrument(&i.id, &i.version, &file.name, &file.text)?;
        }
        let roster = w.apply_roster(&config.staff, &config.revoked_staff)?;
        if roster != RosterApplied::default() {
            tracing::info!(
                added = roster.added,
                updated = roster.updated,
                switched_off = roster.switched_off,
                "the centre's roster applied"
            );
        }
        super::shared_families::apply(w, &config.families)?;
        ordered = super::erasure_orders::carry_out(w, &config.erasure_orders)?;
        w.record_config_applied(
            opened.serial,
            opened.issued_at_unix,
            config.legal_name.as_deref(),
        )
    })?;
    super::erasure_orders::finish(store, ordered)?;
    Ok(Ok(config.summary()))
}

/// Replaces the folder of the centre's help-route templates (`<data dir>/centre-routes`, which
/// `ladoshka run` reads when no `--routes-dir` is given) as a whole: written beside it, then
/// swapped in. A crash in between leaves the built-in templates or the old ones, and the same
/// package is applied again at the next sync.
fn write_routes(dir: &Path, files: &[ConfigFile]) -> Result<(), StoreError> {
    let folder = dir.join(CENTRE_ROUTES_DIR);
    let fresh = dir.join(format!("{CENTRE_ROUTES_DIR}.new"));
    let failed = |e: std::io::Error| {
        StoreError::Invalid(format!(
            "cannot write {} ({e}): check the data folder",
            fresh.display()
        ))
    };
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).map_err(failed)?;
    }
    std::fs::create_dir_all(&fresh).map_err(failed)?;
    for file in files {
        write_file(&fresh, &file.name, &file.text)?;
    }
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(failed)?;
    }
    std::fs::rename(&fresh, &folder).map_err(failed)?;
    Ok(())
}

/// Replaces `dir/name` through a synced temporary file and a rename.
fn write_file(dir: &Path, name: &str, text: &str) -> Result<(), StoreError> {
    let path = dir.join(name);
    let failed = |e: std::io::Error| {
        StoreError::Invalid(format!(
            "cannot write {} ({e}): check the data folder",
            path.display()
        ))
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    let tmp = path.with_extension("toml.new");
    std::fs::write(&tmp, text).map_err(failed)?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(failed)?;
    std::fs::rename(&tmp, &path).map_err(failed)?;
    Ok(())
}

//! The centre's side of the configuration channel down to its kiosks (issue 18 §3): publishing
//! a configuration as the next version, taking a kiosk's key for its packages, and answering a
//! kiosk's signed request with its package: the last version, sealed to that kiosk and signed by
//! the centre, or nothing when it runs that version already. `config export` writes the same
//! packages to a folder for a USB stick. Each kiosk is sent its own part of the version
//! ([`tailor`]) and the families its КЦСОН's other kiosks hold ([`families`]).

use std::path::{Path, PathBuf};

use ladoshka_indicators::domain::centre_config::{CentreConfig, ConfigProblem};
use ladoshka_seal::{
    ConfigPackage, ConfigRequest, DeviceId, DeviceKemPublicKey, DeviceKemRegistration,
    DeviceSigned, SIGNATURE_LEN,
};

use crate::centre::{AckAskRefusal, Centre};
use crate::store::StoreError;
use crate::time::now_unix;

pub mod families;
mod republish;
pub use republish::Republished;
pub mod starting_code;
pub mod tailor;

/// What a kiosk that asked for its configuration is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigAnswer {
    /// The package of the last version, for this kiosk.
    Package { serial: u64, bytes: Vec<u8> },
    /// It runs the last version already (or nothing was published yet).
    UpToDate,
    /// It has not registered its key for packages yet: nothing can be sealed to it.
    NoKey,
}

/// Why a configuration could not be published or sent.
#[derive(Debug, thiserror::Error)]
pub enum ConfigChannelError {
    #[error(transparent)]
    Problem(#[from] ConfigProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the package could not be made ({0}); nothing was sent")]
    Seal(#[from] ladoshka_seal::ConfigError),
    #[error("the published configuration version {serial} cannot be read back ({problem}); publish it again")]
    Stored { serial: u64, problem: ConfigProblem },
}

/// A package written for one kiosk by `config export`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub device_id: DeviceId,
    pub path: PathBuf,
}

impl Centre {
    /// Checks `config` whole and keeps it as the next version; returns its serial.
    pub fn publish_config(&self, config: &CentreConfig) -> Result<u64, ConfigChannelError> {
        config.check()?;
        let serial = self.store().publish_config(&config.to_json(), now_unix())?;
        tracing::info!(serial, parts = %config.summary(), "configuration published");
        Ok(serial)
    }

    /// Keeps the key a kiosk registered for its packages, if the kiosk itself signed it.
    pub fn register_kem(
        &self,
        registration: &DeviceKemRegistration,
        signature: &[u8; SIGNATURE_LEN],
        max_skew_secs: i64,
    ) -> Result<Result<(), AckAskRefusal>, StoreError> {
        let key_id = self.public_key().key_id();
        let checked = self.check_signed(
            &registration.device_id,
            registration.issued_at_unix,
            max_skew_secs,
            |key| registration.verify(&key_id, key, signature),
        )?;
        if checked.is_ok() {
            self.store().register_kem(
                &registration.device_id,
                registration.kem_public_key.as_bytes(),
                now_unix(),
            )?;
            tracing::info!(device_id = %hex::encode(registration.device_id), key = %registration.kem_public_key.fingerprint(), "kiosk registered its configuration key");
        }
        Ok(checked)
    }

    /// The answer to a kiosk's signed request for its configuration; notes what it runs.
    pub fn config_for(
        &self,
        request: &ConfigRequest,
        signature: &[u8; SIGNATURE_LEN],
        max_skew_secs: i64,
    ) -> Result<Result<ConfigAnswer, AckAskRefusal>, ConfigChannelError> {
        let key_id = self.public_key().key_id();
        let checked = self.check_signed(
            &request.device_id,
            request.issued_at_unix,
            max_skew_secs,
            |key| request.verify(&key_id, key, signature),
        )?;
        if let Err(refusal) = checked {
            return Ok(Err(refusal));
        }
        let store = self.store();
        store.note_config_have(&request.device_id, request.have_serial, now_unix())?;
        let Some(latest) = store.latest_config()? else {
            return Ok(Ok(ConfigAnswer::UpToDate));
        };
        if latest.serial <= request.have_serial {
            return Ok(Ok(ConfigAnswer::UpToDate));
        }
        let kem = store
            .config_states()?
            .into_iter()
            .find(|s| s.device_id == request.device_id)
            .and_then(|s| s.kem_public_key);
        let Some(kem) = kem else {
            return Ok(Ok(ConfigAnswer::NoKey));
        };
        let bytes = self.package(&request.device_id, &kem, latest.serial, &latest.payload)?;
        Ok(Ok(ConfigAnswer::Package {
            serial: latest.serial,
            bytes,
        }))
    }

    fn package(
        &self,
        device_id: &DeviceId,
        kem: &[u8; 32],
        serial: u64,
        payload: &[u8],
    ) -> Result<Vec<u8>, ConfigChannelError> {
        // What was published was checked then; check it again, so a damaged store never sends
        // a configuration a kiosk would refuse.
        let published = CentreConfig::from_json(payload)
            .map_err(|problem| ConfigChannelError::Stored { serial, problem })?;
        let unit = self
            .store()
            .places()?
            .into_iter()
            .find(|p| p.device_id == *device_id)
            .and_then(|p| p.unit);
        let mut config = tailor::for_kiosk(&published, unit.as_deref());
        config.families = families::for_kiosk(self.store(), device_id, unit.as_deref())?;
        // The orders are this kiosk's own (its family ids), kept until it carries them out.
        config.erasure_orders = self.open_orders_for(device_id)?;
        let kem =
            DeviceKemPublicKey::from_bytes(kem).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(ConfigPackage::seal(
            self.keys(),
            *device_id,
            &kem,
            serial,
            now_unix(),
            &config.to_json(),
        )?)
    }

    /// Writes the last version's package for every active kiosk with a registered key to
    /// `dir` as `ladoshka-config-<device id>.ldsc`; `None` when nothing was published.
    pub fn export_configs(
        &self,
        dir: &Path,
    ) -> Result<Option<(u64, Vec<Exported>)>, anyhow::Error> {
        let Some(latest) = self.store().latest_config()? else {
            return Ok(None);
        };
        let active: Vec<DeviceId> = self
            .store()
            .devices()?
            .into_iter()
            .filter(|d| d.revoked_at.is_none())
            .map(|d| d.device_id)
            .collect();
        let mut written = Vec::new();
        for state in self.store().config_states()? {
            let (Some(kem), true) = (state.kem_public_key, active.contains(&state.device_id))
            else {
                continue;
            };
            let bytes = self.package(&state.device_id, &kem, latest.serial, &latest.payload)?;
            let path = dir.join(format!(
                "ladoshka-config-{}.ldsc",
                hex::encode(state.device_id)
            ));
            write_new(&path, &bytes)?;
            written.push(Exported {
                device_id: state.device_id,
                path,
            });
        }
        Ok(Some((latest.serial, written)))
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a stick pulled early
/// never holds half a package under the final name.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let tmp = path.with_extension("ldsc.part");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot name {}", path.display()))?;
    Ok(())
}

//! `config republish`: the last configuration published again as the next version, unchanged.
//! What each kiosk is sent of a version is made when it asks (its КЦСОН's colleagues, the
//! families its КЦСОН's other kiosks hold), but a kiosk asks only for a newer version: publishing
//! the same configuration again (a nightly timer) is how the families enrolled since reach the
//! other kiosks of their КЦСОН.

use ladoshka_indicators::domain::centre_config::CentreConfig;

use super::ConfigChannelError;
use crate::centre::Centre;

/// What `config republish` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Republished {
    /// The last version's configuration is now also version `serial`.
    As { from: u64, serial: u64 },
    /// Nothing was ever published: there is nothing to publish again.
    NothingPublished,
}

impl Centre {
    /// Publishes the last configuration again as the next version.
    pub fn republish_config(&self) -> Result<Republished, ConfigChannelError> {
        let Some(latest) = self.store().latest_config()? else {
            return Ok(Republished::NothingPublished);
        };
        let config = CentreConfig::from_json(&latest.payload).map_err(|problem| {
            ConfigChannelError::Stored {
                serial: latest.serial,
                problem,
            }
        })?;
        let serial = self.publish_config(&config)?;
        Ok(Republished::As {
            from: latest.serial,
            serial,
        })
    }
}

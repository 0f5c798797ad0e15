//! The centre's configuration on this kiosk (issue 18 §3): the kiosk's own key for the packages
//! the centre seals to it, the version it runs, and the last package it refused and why. The
//! package itself is opened and checked by `sync::config`; what it changes in the database
//! (the version, the legal name, imported instruments) is written here in one transaction.

use chrono::{DateTime, Utc};
use ladoshka_seal::DeviceKemKeys;
use rusqlite::params;

use super::sync::sync_error;
use super::{parse_ts, ts, Store, StoreError, Writer};

/// Where this kiosk stands with the centre's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CentreConfigState {
    /// The version it runs; 0 before the first.
    pub serial: u64,
    pub applied_at: Option<DateTime<Utc>>,
    /// The centre's legal name from the configuration, when it sets one.
    pub legal_name: Option<String>,
    /// Whether the centre has this kiosk's key for packages.
    pub key_registered: bool,
    /// The last package refused (its reason, in the program's words), if after the last applied.
    pub refusal: Option<String>,
}

impl Store {
    /// This kiosk's key for configuration packages, made and kept the first time it is asked for.
    pub fn config_key(&self) -> Result<DeviceKemKeys, StoreError> {
        let kept: Option<Vec<u8>> = self.conn.query_row(
            "SELECT kem_private FROM sync_identity WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        if let Some(bytes) = kept {
            return DeviceKemKeys::from_bytes(&bytes)
                .map_err(|e| StoreError::Corrupt(format!("the kiosk's configuration key: {e}")));
        }
        let keys = DeviceKemKeys::generate().map_err(sync_error)?;
        self.conn.execute(
            "UPDATE sync_identity SET kem_private = ?1 WHERE id = 1 AND kem_private IS NULL",
            [&keys.to_bytes()[..]],
        )?;
        // Another connection may have made one first: the kept one is the one.
        let bytes: Vec<u8> = self.conn.query_row(
            "SELECT kem_private FROM sync_identity WHERE id = 1",
            [],
            |r| r.get(0),
        )?;
        DeviceKemKeys::from_bytes(&bytes)
            .map_err(|e| StoreError::Corrupt(format!("the kiosk's configuration key: {e}")))
    }

    /// Where this kiosk stands with the centre's configuration.
    pub fn centre_config(&self) -> Result<CentreConfigState, StoreError> {
        type Row = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (serial, applied_at, legal_name, registered, refusal): Row = self.conn.query_row(
            "SELECT serial, applied_at, legal_name, kem_registered_at, refusal
             FROM centre_config WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        Ok(CentreConfigState {
            serial: u64::try_from(serial).unwrap_or(0),
            applied_at: applied_at.as_deref().map(parse_ts).transpose()?,
            legal_name,
            key_registered: registered.is_some(),
            refusal,
        })
    }

    /// Notes that the centre took this kiosk's key (or, `false`, that it must be sent again).
    pub fn set_config_key_registered(&self, registered: bool) -> Result<(), StoreError> {
        let at = registered.then(|| ts(crate::platform::clock::now()));
        self.conn.execute(
            "UPDATE centre_config SET kem_registered_at = ?1 WHERE id = 1",
            [at],
        )?;
        Ok(())
    }

    /// Keeps why a package was refused, for the Device and sync screen and `config show`.
    pub fn record_config_refusal(&self, why: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE centre_config SET refused_at = ?1, refusal = ?2 WHERE id = 1",
            params![ts(crate::platform::clock::now()), why],
        )?;
        Ok(())
    }
}

impl Writer<'_> {
    /// Records configuration `serial` (issued by the centre at `issued_at`) as the one this
    /// kiosk runs, with its legal name (`None`: the configuration does not set one), and clears
    /// an earlier refusal. Part of the transaction that applies the package.
    pub fn record_config_applied(
        &mut self,
        serial: u64,
        issued_at: i64,
        legal_name: Option<&str>,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE centre_config SET serial = ?1, issued_at = ?2, applied_at = ?3,
                    legal_name = coalesce(?4, legal_name), refused_at = NULL, refusal = NULL
             WHERE id = 1",
            params![
                i64::try_from(serial).unwrap_or(i64::MAX),
                issued_at,
                ts(self.now),
                legal_name
            ],
        )?;
        Ok(())
    }
}

//! What the store keeps for the configuration channel down to the kiosks (issue 18 §3): the
//! versions the centre published, each kiosk's key for sealing packages to it, and the version
//! each kiosk said it runs when it last asked.

use ladoshka_seal::DeviceId;

use super::StoreError;

/// One published configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedConfig {
    /// 1, 2, 3…: one counter for the whole centre, never reused.
    pub serial: u64,
    pub published_at: i64,
    /// The configuration's JSON (`ladoshka_domain::centre_config::CentreConfig`).
    pub payload: Vec<u8>,
}

/// Where one kiosk stands with its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceConfigState {
    pub device_id: DeviceId,
    /// The kiosk's X25519 key, once it registered one.
    pub kem_public_key: Option<[u8; 32]>,
    /// The version the kiosk said it runs when it last asked (0: none yet).
    pub have_serial: Option<u64>,
    pub asked_at: Option<i64>,
}

/// The store's side of the configuration channel, for both engines.
pub trait ConfigStore {
    /// Keeps `payload` as the next version and returns its serial (one more than the last).
    fn publish_config(&self, payload: &[u8], now: i64) -> Result<u64, StoreError>;

    /// The last version published, if any.
    fn latest_config(&self) -> Result<Option<PublishedConfig>, StoreError>;

    /// Keeps the kiosk's key for its packages (replacing an earlier one). The caller has
    /// checked that the device is enrolled and active and that the kiosk itself signed it.
    fn register_kem(&self, device: &DeviceId, key: &[u8; 32], now: i64) -> Result<(), StoreError>;

    /// Notes the version a kiosk said it runs.
    fn note_config_have(&self, device: &DeviceId, have: u64, now: i64) -> Result<(), StoreError>;

    /// Every enrolled kiosk's configuration state, in the order of `devices()`.
    fn config_states(&self) -> Result<Vec<DeviceConfigState>, StoreError>;
}

/// A KEM key read back from the store.
pub(crate) fn kem_from(bytes: Option<&[u8]>) -> Result<Option<[u8; 32]>, StoreError> {
    bytes
        .map(|b| {
            b.try_into().map_err(|_| {
                StoreError::Corrupt(format!(
                    "a kiosk's configuration key is {} bytes, not 32",
                    b.len()
                ))
            })
        })
        .transpose()
}

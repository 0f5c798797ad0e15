//! Where each kiosk stands (its КЦСОН or shelter and its room) and the last bundle the centre
//! refused from it (a gap the kiosk has to fill), for the devices list and the console. A token
//! may carry the place; the kiosk it enrols takes it.

use ladoshka_seal::DeviceId;

use super::StoreError;

/// A kiosk's place and its pending refusal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DevicePlace {
    pub device_id: DeviceId,
    /// The КЦСОН or shelter, as the centre names it.
    pub unit: Option<String>,
    pub room: Option<String>,
    /// The last refusal of a bundle from this kiosk, in the centre's words, and when; cleared
    /// when a bundle is imported after it.
    pub refusal: Option<String>,
    pub refused_at: Option<i64>,
}

/// The store's side of places and refusals, for both engines.
pub trait PlaceStore {
    /// Notes the place a token gives the kiosk it enrols.
    fn set_token_place(
        &self,
        token_hash: &[u8; 32],
        unit: Option<&str>,
        room: Option<&str>,
    ) -> Result<(), StoreError>;

    /// Gives `device` the place its enrolment token carried (nothing when it carried none).
    fn place_from_token(&self, device: &DeviceId, token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Sets a kiosk's place (`devices place`).
    fn set_device_place(
        &self,
        device: &DeviceId,
        unit: Option<&str>,
        room: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Notes that a bundle from `device` was refused at `at`, and why.
    fn note_refusal(&self, device: &DeviceId, why: &str, at: i64) -> Result<(), StoreError>;

    /// Forgets the refusal once a bundle from `device` was imported after it.
    fn clear_refusal(&self, device: &DeviceId) -> Result<(), StoreError>;

    /// Every enrolled kiosk's place and pending refusal, in the order of `devices()`.
    fn places(&self) -> Result<Vec<DevicePlace>, StoreError>;

    /// The kiosks that stand in `unit`.
    fn kiosks_in(&self, unit: &str) -> Result<Vec<DeviceId>, StoreError> {
        Ok(self
            .places()?
            .into_iter()
            .filter(|p| p.unit.as_deref() == Some(unit))
            .map(|p| p.device_id)
            .collect())
    }
}

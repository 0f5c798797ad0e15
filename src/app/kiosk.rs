//! What the kiosk is started with (its configuration and services) and the little state that
//! spans screens (who is chosen, who is signed in, the language). The running kiosk and its
//! screens are in [`super::navigator`].

use std::time::Duration;

use crate::crypto::PinPepper;
use crate::domain::{Language, Role, StaffId};
use crate::platform::audio::Speakers;
use crate::store::{StaffCard, StoreWorker};

#[derive(Debug, Clone)]
pub struct KioskConfig {
    pub idle_timeout: Duration,
    pub language: Language,
    /// The name of the room this kiosk stands in (`kiosk.toml` or `--room`); `None`: the first.
    pub room: Option<String>,
    /// The centre's legal name, as the consent names the operator. Enrolment refuses to start
    /// without it.
    pub operator: String,
    /// The kiosk's time zone: every time on screen is shown in it.
    pub zone: chrono_tz::Tz,
    /// The demo centre (`run --demo`): the public home says the data are invented.
    pub demo: bool,
    /// When sessions may be booked.
    pub hours: crate::domain::free_slots::WorkingHours,
    /// The help-route templates (the built-in defaults, or the centre's `--routes-dir`).
    pub routes: Vec<crate::domain::route::RouteTemplate>,
    /// The diagnostic instruments (built in, and those the centre imported).
    pub instruments: crate::platform::instrument_files::Catalogue,
    /// The cost of staff PIN hashes written at set-up and on a sign-in that rehashes an older
    /// hash: [`PinCost::STAFF`](crate::crypto::PinCost::STAFF) everywhere but in tests.
    pub pin_cost: crate::crypto::PinCost,
    /// How the database key is protected (`platform::key_seal`): the administrator's home
    /// warns when it is the host key on the same disk.
    pub key_seal: crate::platform::key_seal::KeySeal,
    /// The centre's own words for the reconciliation room (`<data dir>/texts.toml`); empty:
    /// the built-in words.
    pub texts: crate::domain::restorative::CentreTexts,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(90),
            language: Language::Ru,
            room: None,
            operator: String::new(),
            zone: super::clock::DEFAULT_ZONE,
            demo: false,
            hours: Default::default(),
            routes: crate::platform::route_files::built_in().templates,
            instruments: crate::platform::instrument_files::Catalogue::built_in(),
            pin_cost: crate::crypto::PinCost::STAFF,
            key_seal: Default::default(),
            texts: Default::default(),
        }
    }
}

pub struct Services {
    pub store: StoreWorker,
    pub pepper: PinPepper,
    pub speakers: Speakers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedIn {
    pub staff: StaffId,
    pub role: Role,
}

/// What spans screens: the language, who is chosen and signed in, the room. Each screen's own
/// state lives in its adapter (see [`super::navigator`]).
#[derive(Default)]
pub(crate) struct KioskState {
    pub language: Language,
    /// The colleagues on the sign-in screen, in the order shown.
    pub staff: Vec<StaffCard>,
    /// The colleague whose PIN is being typed.
    pub chosen: Option<StaffCard>,
    /// The digits typed so far. Only here, never in a Slint property.
    pub pin: String,
    pub signed_in: Option<SignedIn>,
    /// The room this kiosk stands in (the first room until set-up chooses one).
    pub room: Option<crate::domain::RoomId>,
    /// Surnames, notes and route-step texts may show on the psychologist's screens: "Show" was
    /// tapped since a child last came near (`app::child_present`).
    pub revealed: bool,
}

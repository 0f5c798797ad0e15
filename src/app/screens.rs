//! The named screens `ladoshka screenshot` can render, and how to fill each with preview data
//! without a running kiosk: from the demo centre, or from a real data directory.

use chrono::NaiveDate;
use slint::ComponentHandle;

use super::{AppWindow, Navigation, PinEntryAdapter, PinStatus, Screen};
use crate::domain::{Language, Role};
use crate::store::{StaffCard, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenName {
    Home,
    StaffSelect,
    Pin,
    PinLocked,
    PsychologistHome,
    StaffHome,
    AdminHome,
}

impl ScreenName {
    pub const ALL: [ScreenName; 7] = [
        ScreenName::Home,
        ScreenName::StaffSelect,
        ScreenName::Pin,
        ScreenName::PinLocked,
        ScreenName::PsychologistHome,
        ScreenName::StaffHome,
        ScreenName::AdminHome,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ScreenName::Home => "home",
            ScreenName::StaffSelect => "staff-select",
            ScreenName::Pin => "pin",
            ScreenName::PinLocked => "pin-locked",
            ScreenName::PsychologistHome => "psychologist-home",
            ScreenName::StaffHome => "staff-home",
            ScreenName::AdminHome => "admin-home",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ScreenName::Home => "public home: room, date, language switch, way in for staff",
            ScreenName::StaffSelect => "staff sign-in, step 1: choose yourself",
            ScreenName::Pin => "staff sign-in, step 2: PIN keypad (two digits typed)",
            ScreenName::PinLocked => "PIN keypad after five wrong PINs",
            ScreenName::PsychologistHome => "psychologist's home and areas",
            ScreenName::StaffHome => "staff (social work and rental) home and areas",
            ScreenName::AdminHome => "administrator's home and areas",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What the preview screens show.
pub struct PreviewData {
    pub room_name: String,
    pub staff: Vec<StaffCard>,
    pub today: NaiveDate,
}

impl PreviewData {
    /// The demo centre, without touching any disk.
    pub fn demo(today: NaiveDate) -> Self {
        let centre = crate::demo::generate(today);
        let staff = centre
            .staff
            .iter()
            .enumerate()
            .map(|(i, (member, _))| StaffCard { id: crate::domain::StaffId(i as i64 + 1), member: member.clone(), locked_until: None })
            .collect();
        Self { room_name: centre.rooms[0].name.clone(), staff, today }
    }

    /// A real kiosk's rooms and staff.
    pub fn from_store(store: &Store, today: NaiveDate) -> Result<Self, StoreError> {
        let room_name = store.rooms()?.first().map(|r| r.details.name.clone()).unwrap_or_else(|| "Ладошка".into());
        Ok(Self { room_name, staff: store.staff_cards()?, today })
    }

    fn first_with(&self, role: Role) -> Option<&StaffCard> {
        self.staff.iter().find(|c| c.member.role == role)
    }
}

/// Fills `ui` to show `screen` in `lang`.
pub fn prepare(ui: &AppWindow, screen: ScreenName, lang: Language, data: &PreviewData) {
    super::language::select(lang);
    super::public_home::set_room_name(ui, Some(&data.room_name));
    super::public_home::show_language_on(ui, lang, data.today);
    let mut staff = data.staff.clone();
    super::staff_select::sort_for(lang, &mut staff);
    super::staff_select::show(ui, &staff, chrono::Utc::now());

    let nav = ui.global::<Navigation>();
    let pin = ui.global::<PinEntryAdapter>();
    let psychologist = data.first_with(Role::Psychologist).or(data.staff.first());
    if let Some(card) = psychologist {
        pin.set_name(card.member.list_name().into());
        pin.set_role(card.member.role.key().into());
    }
    let home_for = |role: Role| {
        match data.first_with(role) {
            Some(card) => super::role_home::show(ui, card),
            None => super::role_home::show_role(ui, "", role),
        }
        nav.set_screen(Screen::RoleHome);
    };
    match screen {
        ScreenName::Home => nav.set_screen(Screen::PublicHome),
        ScreenName::StaffSelect => nav.set_screen(Screen::StaffSelect),
        ScreenName::Pin => {
            pin.set_digits_typed(2);
            pin.set_status(PinStatus::Entering);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PinLocked => {
            pin.set_digits_typed(0);
            pin.set_locked_until("14:35".into());
            pin.set_status(PinStatus::Locked);
            nav.set_screen(Screen::PinEntry);
        }
        ScreenName::PsychologistHome => home_for(Role::Psychologist),
        ScreenName::StaffHome => home_for(Role::Staff),
        ScreenName::AdminHome => home_for(Role::Admin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for s in ScreenName::ALL {
            assert_eq!(ScreenName::from_name(s.name()), Some(s));
        }
        assert_eq!(ScreenName::from_name("nope"), None);
    }
}

//! The people who sign in with a PIN, their roles, and which areas of the kiosk each role
//! may open. What a role must never see (a staff member: therapy content; a psychologist:
//! rental paperwork) is decided here, once, and the screens follow it.

use serde::{Deserialize, Serialize};

use super::names::clean_name;
use super::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StaffId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Psychologist,
    /// Social-work and rental staff.
    Staff,
    Admin,
}

/// A part of the kiosk behind a PIN. Each later feature fills one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Schedule,
    Diagnostics,
    HelpRoutes,
    ChildrenProgress,
    WalkIns,
    Enrolment,
    RentalDesk,
    RentalCatalogue,
    Overdue,
    Indicators,
    DeviceAndSync,
    StaffAndPins,
    RoomsAndSettings,
    DataRequests,
    /// Restorative cases of the reconciliation room (issue 21): a facilitator's work.
    Reconciliation,
}

impl Area {
    /// Areas that hold therapy content: notes, results, drawings.
    pub fn holds_therapy_content(self) -> bool {
        matches!(
            self,
            Area::Diagnostics | Area::HelpRoutes | Area::ChildrenProgress
        )
    }

    /// Areas that hold rental paperwork.
    pub fn holds_rental_paperwork(self) -> bool {
        matches!(
            self,
            Area::RentalDesk | Area::RentalCatalogue | Area::Overdue
        )
    }
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Psychologist, Role::Staff, Role::Admin];

    pub fn key(self) -> &'static str {
        match self {
            Role::Psychologist => "psychologist",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn from_key(key: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .ok_or_else(|| DomainError::Unknown {
                what: "role",
                value: key.into(),
            })
    }

    /// The areas this role's home screen lists, in the order they are shown.
    pub fn areas(self) -> &'static [Area] {
        match self {
            Role::Psychologist => &[
                Area::Schedule,
                Area::Diagnostics,
                Area::HelpRoutes,
                Area::Reconciliation,
                Area::ChildrenProgress,
                Area::WalkIns,
                Area::Enrolment,
                Area::DataRequests,
            ],
            Role::Staff => &[
                Area::RentalDesk,
                Area::RentalCatalogue,
                Area::Overdue,
                Area::Enrolment,
                Area::WalkIns,
                Area::Indicators,
                Area::DataRequests,
            ],
            Role::Admin => &[
                Area::DeviceAndSync,
                Area::StaffAndPins,
                Area::RoomsAndSettings,
                Area::DataRequests,
                Area::Reconciliation,
                Area::Indicators,
            ],
        }
    }

    /// Whether this role may erase a family's or a child's data (152-ФЗ, art. 21): the
    /// administrator only; psychologists and staff record withdrawals and export.
    pub fn may_erase(self) -> bool {
        self == Role::Admin
    }

    pub fn may_open(self, area: Area) -> bool {
        self.areas().contains(&area)
    }
}

/// A PIN as typed on the keypad: 4 to 8 digits. Never stored; only its hash is.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub const MIN_DIGITS: usize = 4;
    pub const MAX_DIGITS: usize = 8;

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let ok = (Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&raw.len())
            && raw.chars().all(|c| c.is_ascii_digit());
        ok.then(|| Self(raw.to_owned())).ok_or(DomainError::BadPin)
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewStaff {
    pub first_name: String,
    /// Patronymic, as Russian colleagues address each other; may be empty.
    pub patronymic: String,
    pub last_name: String,
    pub role: Role,
}

impl NewStaff {
    pub fn new(
        first_name: &str,
        patronymic: &str,
        last_name: &str,
        role: Role,
    ) -> Result<Self, DomainError> {
        Ok(Self {
            first_name: clean_name("first name", first_name)?,
            patronymic: if patronymic.trim().is_empty() {
                String::new()
            } else {
                clean_name("patronymic", patronymic)?
            },
            last_name: clean_name("last name", last_name)?,
            role,
        })
    }

    /// «Анна Сергеевна» — how the kiosk greets a colleague.
    pub fn greeting_name(&self) -> String {
        if self.patronymic.is_empty() {
            self.first_name.clone()
        } else {
            format!("{} {}", self.first_name, self.patronymic)
        }
    }

    /// «Сафина А. С.» — how a colleague finds themself in a list.
    pub fn list_name(&self) -> String {
        let initial = |s: &str| {
            s.chars()
                .next()
                .map(|c| format!("{c}."))
                .unwrap_or_default()
        };
        let mut out = format!("{} {}", self.last_name, initial(&self.first_name));
        if !self.patronymic.is_empty() {
            out.push(' ');
            out.push_str(&initial(&self.patronymic));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    pub details: NewStaff,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psychologists_never_see_rental_paperwork_and_staff_never_see_therapy() {
        for area in Role::Psychologist.areas() {
            assert!(!area.holds_rental_paperwork(), "{area:?}");
        }
        for area in Role::Staff.areas() {
            assert!(!area.holds_therapy_content(), "{area:?}");
        }
        for area in Role::Admin.areas() {
            assert!(!area.holds_therapy_content(), "{area:?}");
        }
        assert!(Role::Psychologist.may_open(Area::Diagnostics));
        assert!(!Role::Staff.may_open(Area::Diagnostics));
        assert!(!Role::Psychologist.may_open(Area::RentalDesk));
    }

    #[test]
    fn every_role_has_areas_without_repeats() {
        for role in Role::ALL {
            let areas = role.areas();
            assert!(!areas.is_empty());
            let mut unique = areas.to_vec();
            unique.dedup();
            assert_eq!(unique.len(), areas.len());
            assert_eq!(Role::from_key(role.key()).unwrap(), role);
        }
        assert!(Role::from_key("guest").is_err());
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        for ok in ["0000", "1234", "12345678"] {
            assert_eq!(Pin::parse(ok).unwrap().digits(), ok);
        }
        for bad in ["", "123", "123456789", "12a4", " 1234", "١٢٣٤"] {
            assert!(Pin::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{:?}", Pin::parse("1234").unwrap()), "Pin(****)");
    }

    #[test]
    fn names_for_greeting_and_lists() {
        let s = NewStaff::new("Анна", "Сергеевна", "Сафина", Role::Psychologist).unwrap();
        assert_eq!(s.greeting_name(), "Анна Сергеевна");
        assert_eq!(s.list_name(), "Сафина А. С.");
        let no_patronymic = NewStaff::new("Emma", "", "Stone", Role::Admin).unwrap();
        assert_eq!(no_patronymic.greeting_name(), "Emma");
        assert_eq!(no_patronymic.list_name(), "Stone E.");
    }
}

//! The domain: Ladoshka's own types and rules, with no I/O and no Slint.
//!
//! Everything here is pure so it can be tested exhaustively; the store maps rows to these
//! types and the app adapters turn them into what the screens show.

pub mod audit;
pub mod avatar;
pub mod avatar_frame;
pub mod centre_config;
pub mod check_in;
pub mod colour_tests;
pub mod conflict;
pub mod consent;
pub mod data_file;
pub mod drawing;
pub mod eligibility;
pub mod enrolment;
pub mod family;
pub mod free_slots;
pub mod indicators;
pub mod instrument;
pub mod kiosk_settings;
pub mod language;
pub mod life_situation;
pub mod loan;
pub mod names;
pub mod pin_lockout;
pub mod recurrence;
pub mod refusal;
pub mod rental;
pub mod rental_contract;
pub mod rental_item;
pub mod rental_kinds;
pub mod rental_queue;
pub mod rental_report;
pub mod restorative;
pub mod room;
pub mod route;
pub mod route_template;
pub mod session;
pub mod signature;
pub mod staff;
pub mod take_home_card;

pub use audit::{AuditEvent, SignOutReason};
pub use avatar::Avatar;
pub use check_in::{CodeOutcome, CodeTries, Mood, PictureCode};
pub use consent::{ConsentSubject, ConsentText};
pub use enrolment::{Enrolment, SignedConsent};
pub use family::{Child, ChildId, Family, FamilyId, NewChild, NewFamily, PhoneNumber};
pub use language::Language;
pub use life_situation::LifeSituation;
pub use pin_lockout::{PinAttempts, PinCheck, MAX_WRONG_PINS};
pub use refusal::Refusal;
pub use rental::{ItemState, NewRentalItem, RentalKind};
pub use rental_kinds::{KindSpec, RentalKinds};
pub use room::{NewRoom, Room, RoomId, RoomKind};
pub use session::{NewSession, SessionKind, SessionState};
pub use signature::{PadPoint, Signature};
pub use staff::{Area, NewStaff, Pin, Role, StaffId, StaffMember};

/// A rule of the domain was broken by the input; the message says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{field} is empty: fill it in")]
    Empty { field: &'static str },
    #[error("{field} «{value}» has characters a name cannot have: use letters, a space, a hyphen or an apostrophe")]
    BadName { field: &'static str, value: String },
    #[error("phone number «{0}» is not a Russian number: type 11 digits starting with +7 or 8, e.g. +7 917 123-45-67")]
    BadPhone(String),
    #[error("birth date {0} is in the future: check the year")]
    BirthInFuture(chrono::NaiveDate),
    #[error("a child born on {birth} is {age} years old: the rooms serve children up to 17")]
    TooOld { birth: chrono::NaiveDate, age: u32 },
    #[error("a PIN is 4 to 8 digits")]
    BadPin,
    #[error("a session lasts 15 to 240 minutes, not {0}")]
    BadSessionLength(u32),
    #[error("{kind} needs {expected}, not {got} participants")]
    BadParticipants {
        kind: &'static str,
        expected: &'static str,
        got: usize,
    },
    #[error("{field} is longer than {max} characters or has control characters: shorten it")]
    TooLong { field: &'static str, max: usize },
    #[error("date «{0}» is not a date: type day, month and year, e.g. 12.05.2019")]
    BadDate(String),
    #[error("the consent is not signed by {who}: sign in the box with a finger")]
    NotSigned { who: &'static str },
    #[error("{0}")]
    BadRepeat(String),
    #[error("a session that is {from} cannot become {to}")]
    BadTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error("unknown {what} «{value}»")]
    Unknown { what: &'static str, value: String },
}

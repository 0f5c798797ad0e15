//! The app layer: the only code that knows Slint. One adapter per screen turns UI events into
//! store and domain calls, and results back into the screen's adapter global. Nothing here
//! waits on the disk: store work goes to the [`StoreWorker`](crate::store::StoreWorker) and its
//! answer comes back with `upgrade_in_event_loop`.

pub mod booking;
pub mod centre_texts;
pub mod chase;
pub mod check_in;
pub mod child_mode;
mod child_present;
pub mod clock;
pub mod data_requests;
pub mod device_sync;
pub mod diagnostics;
pub mod door;
pub mod enrolment;
mod enrolment_preview;
pub mod fit;
mod generation;
mod hand_back;
pub mod idle;
pub mod indicators;
pub mod keyboard;
pub mod kiosk;
pub mod language;
pub mod navigator;
pub mod pin_entry;
mod preview_data;
pub mod public_home;
pub mod reconciliation;
pub mod rental_desk;
pub mod restorative_agreement;
pub mod restorative_child;
pub mod restorative_override;
pub mod role_home;
pub mod room_choice;
pub mod routes;
mod routes_preview;
pub mod schedule;
pub mod screens;
pub mod screenshot;
pub mod service_notify;
pub mod session;
mod session_preview;
pub mod setup;
pub mod staff_select;
mod take_home;
pub mod voice;
mod wiring;

pub use kiosk::{KioskConfig, Services};
pub use ladoshka_ui::*;
pub use navigator::{Kiosk, Route};
pub use wiring::start;

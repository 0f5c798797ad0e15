//! The kiosk's project indicators report, for the kiosk and for programs that must not depend on
//! the kiosk crate (it pulls in Slint): the centre's `ladoshka-centre report indicators`.
//!
//! The computation is the domain's ([`domain::indicators::compute`],
//! [`domain::rental_report::compute`]); this crate renders it as CSV and printable HTML
//! ([`report::indicators`]), with the rental report's labels and charts ([`report::rental`]).
//! The kiosk re-exports both modules as `ladoshka::report::{indicators, rental}`, so the centre
//! prints exactly what a kiosk does.

pub use ladoshka_domain as domain;

pub mod report;

//! The kiosk's renderers of the indicators report (CSV and printable HTML), and of the rental
//! report whose labels and charts the indicators' rental block shares, compiled from the
//! kiosk's files.

// Linted where they live, in the kiosk crate.
#[allow(dead_code, clippy::all)]
#[path = "../../../src/report/indicators.rs"]
pub mod indicators;

#[allow(dead_code, clippy::all)]
#[path = "../../../src/report/rental.rs"]
pub mod rental;

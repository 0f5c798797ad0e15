//! The kiosk's project indicators, for programs that must not depend on the kiosk crate (it
//! pulls in Slint): the centre's `ladoshka-centre report indicators`.
//!
//! Nothing here is written twice. The kiosk's pure domain layer (`src/domain`, which holds
//! [`domain::indicators::compute`] and [`domain::rental_report::compute`] and the types they
//! use) and its two report renderers (`src/report/indicators.rs`, `src/report/rental.rs`) are
//! compiled into this crate from the kiosk's own files by `#[path]`, so the centre computes and
//! prints exactly what the kiosk does. README.md says why this and not a move of the files.

// Linted where it lives, in the kiosk crate.
#[allow(dead_code, unused_imports, clippy::all)]
#[path = "../../../src/domain/mod.rs"]
pub mod domain;

pub mod report;

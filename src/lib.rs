//! Ladoshka: a touchscreen kiosk for the play-therapy, reconciliation and social-rental rooms
//! of social-services centres. See `docs/ARCHITECTURE.md` for the layers and their rules.

pub mod app;
pub mod cli;
pub mod crypto;
pub mod demo;
/// The domain (`crates/ladoshka-domain`): pure types and rules, its own crate so Cargo holds the
/// rule that it imports nothing of ours.
pub use ladoshka_domain as domain;
pub mod platform;
pub mod report;
pub mod store;
pub mod sync;

//! Ladoshka: a touchscreen kiosk for the play-therapy, reconciliation and social-rental rooms
//! of social-services centres. See `docs/ARCHITECTURE.md` for the layers and their rules.

pub mod app;
pub mod cli;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod platform;
pub mod report;
pub mod store;
pub mod sync;

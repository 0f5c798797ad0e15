//! Sealed sync to the centre, the kiosk's side: enrolment, one sync round (seal what is new,
//! send every bundle the centre has not acknowledged, take its signed acknowledgement), the
//! export to a USB stick, the centre's configuration coming down, and the background loop with
//! its backoff. The cryptography is
//! `ladoshka-seal`'s; what is kept is the store's (`store::sync`); this module moves bundles.

pub mod background;
pub mod backoff;
pub mod config;
mod courier;
mod erasure_orders;
pub mod export;
pub mod http;
pub mod round;
mod shared_families;
pub mod trust;

pub use export::export_to_dir;
pub use http::{CentreClient, HttpError};
pub use round::{sync_round, RoundReport, SyncError};

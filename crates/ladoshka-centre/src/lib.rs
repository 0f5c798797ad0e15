//! The centre's side of Ladoshka's sealed sync: the receiver that enrols kiosks, takes their
//! sealed bundles (over HTTP or from a USB stick), imports each exactly once into an encrypted
//! store, and answers with a signed acknowledgement; `report` prints the kiosks' indicators
//! from what they sent.
//!
//! The wire format and the cryptography are `ladoshka_seal`'s; this crate adds the keys on disk,
//! the store, the HTTP API, the web console (`/console`) and the commands. The binary (`src/main.rs`) only calls [`cli::main`];
//! the library is what the integration tests start in-process.

pub mod centre;
pub mod cli;
pub mod configuration;
pub mod console;
pub mod erasure_orders;
pub mod http;
pub mod import;
pub mod layout;
pub mod report;
pub mod secrets;
pub mod setup;
pub mod store;
pub mod time;
pub mod token;
pub mod usb;

pub use centre::{AckAnswer, AckAskRefusal, Centre, EnrolError, MAX_BUNDLE_LEN};
pub use import::{ReceiveError, Received};
pub use layout::Layout;
pub use setup::{init, InitReport, SetupError};

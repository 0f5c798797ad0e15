//! Reports the centre prints or loads into its spreadsheets, made from the records. The
//! indicators, rental and КДНиЗП renderers live in `crates/ladoshka-indicators` (the centre prints the
//! same report without Slint) and are re-exported here.

pub use ladoshka_indicators::report::{indicators, kdn, rental, restorative, sheet};
pub mod agreement;
pub mod family_export;
pub mod labels;

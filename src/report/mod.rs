//! Reports the centre prints or loads into its spreadsheets, made from the records.

pub mod indicators;
pub mod labels;
pub mod rental;

//! The renderers of the indicators report (CSV and printable HTML), and of the rental report
//! whose labels and charts the indicators' rental block shares.

pub mod indicators;
pub mod rental;

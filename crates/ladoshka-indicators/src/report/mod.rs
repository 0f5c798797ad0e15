//! The renderers of the indicators report (CSV and printable HTML), of the rental report whose
//! labels and charts the indicators' rental block shares, and of the reconciliation room's
//! block with the КДНиЗП's quarterly report made of it.

pub mod chart;
pub mod indicators;
pub mod kdn;
pub mod rental;
pub mod restorative;
pub mod sheet;

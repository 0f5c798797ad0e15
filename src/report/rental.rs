//! The rental report as CSV or printable HTML.

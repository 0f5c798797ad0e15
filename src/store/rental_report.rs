//! The rental report's facts read from the records.

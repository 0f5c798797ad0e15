//! The rental report computed from loans and item states: pure, hand-checked in tests.

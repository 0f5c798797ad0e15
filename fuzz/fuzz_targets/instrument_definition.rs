//! Fuzzes the instrument definition parser (`domain::instrument::parse`, format in
//! docs/instruments.md) and, for every definition it accepts, the scorer with no answers.
//! Errors are expected; a panic, a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The domain is its own crate (`crates/ladoshka-domain`), so this target depends on it alone
// instead of on `ladoshka` (which would build Slint and SQLCipher with sanitizers).
use ladoshka_domain::instrument::{parse, score, Answers};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(instrument) = parse("fuzz.toml", text) {
        let _ = score(&instrument, &Answers::default());
    }
});

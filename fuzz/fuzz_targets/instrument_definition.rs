//! Fuzzes the instrument definition parser (`domain::instrument::parse`, format in
//! docs/instruments.md) and, for every definition it accepts, the scorer with no answers.
//! Errors are expected; a panic, a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The domain layer is pure, so it is compiled straight into this crate instead of depending on
// `ladoshka` (which would build Slint and SQLCipher with sanitizers). At the crate root so that
// the `crate::domain::…` paths inside it resolve.
#[allow(dead_code, unused)]
#[path = "../../src/domain/mod.rs"]
mod domain;

use domain::instrument::{parse, score, Answers};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(instrument) = parse("fuzz.toml", text) {
        let _ = score(&instrument, &Answers::default());
    }
});

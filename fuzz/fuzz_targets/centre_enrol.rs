//! Fuzzes `POST /v1/enrol` through the axum router of a real centre: raw bodies with and
//! without a JSON content type, and JSON bodies given a token the harness made (fresh, used,
//! expired), so the fuzzer reaches device id and key parsing, key conflicts and revoked
//! devices. Every status is checked against a model (see `src/enrol.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: ladoshka_fuzz::enrol::warm_up(),
    |data: &[u8]| {
        ladoshka_fuzz::enrol::run(data);
    }
);

//! Fuzzes the signed `GET /v1/ack?device=HEX` through the axum router of a real centre: the
//! query, the signing time and the signature decoded from the input, each answer checked
//! against a model of the handler, a 200's acknowledgement verified (see `src/ack.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: ladoshka_fuzz::ack::warm_up(),
    |data: &[u8]| {
        ladoshka_fuzz::ack::run(data);
    }
);

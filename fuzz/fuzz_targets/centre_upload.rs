//! Fuzzes the centre's receiver: `Centre::receive` (the upload handler's core, and `import DIR`'s)
//! and `POST /v1/bundles` through the axum router, on a real centre with its SQLCipher store.
//! Each input is a short script for one freshly enrolled device (see `src/script.rs` and
//! `src/upload/`): genuine bundles sealed with the kiosk's key (so they get past the signature
//! check), replays, gaps, broken chains, reused ids, damaged and re-signed bundles, raw bytes,
//! revocation. Every answer is checked against a model of what the centre must do; a panic, a
//! disagreement, a store error, a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: ladoshka_fuzz::upload::warm_up(),
    |data: &[u8]| {
        ladoshka_fuzz::upload::run(data);
    }
);

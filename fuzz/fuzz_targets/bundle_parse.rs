//! Fuzzes the sealed-bundle parser and everything else `ladoshka-seal` reads from outside:
//! `ladoshka_seal::fuzz_parse_and_open` (bundle parse and open, header, acknowledgement, both key
//! forms, payload rows, and a seal → damage → open round trip with the input as payload), then
//! the same bytes parsed and opened with the fixed fuzz keys (`ladoshka_fuzz::bundle_parse`),
//! under which the valid bundles of the seed corpus open and their rows are decoded, and once
//! more re-signed by the fixed kiosk, so that mutated bundles get past the signature check into
//! the key-id checks and decryption. Errors are expected; a panic (including the harness's
//! assertions), a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::bundle_parse(data);
});

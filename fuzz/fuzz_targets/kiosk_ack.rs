//! Fuzzes the kiosk's acceptance of an acknowledgement, `ladoshka_seal::check_ack`, with the
//! input's bytes as they are and with acknowledgements built, signed and damaged from them
//! (see `src/kiosk_ack.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::kiosk_ack::run(data);
});

//! Fuzzes the kiosk settings parser (`ladoshka_domain::kiosk_settings::KioskSettings::parse`, the
//! text of `kiosk.toml`) with any UTF-8 text (other bytes are skipped):
//! `ladoshka_fuzz::data_files::kiosk_settings`. A refusal must name a line of the text and a field.
//! Accepted settings, written out as the kiosk writes them, read back the same. A panic (including
//! the harness's assertions), a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::data_files::kiosk_settings(data);
});

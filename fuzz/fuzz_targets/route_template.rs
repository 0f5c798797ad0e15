//! Fuzzes the help-route template parser (`ladoshka_domain::route_template::parse`) with any UTF-8
//! text (other bytes are skipped): `ladoshka_fuzz::data_files::route_template`. A refusal must name
//! a line of the text and a field. An accepted template has steps, written titles in three
//! languages, and durations within their deadlines and a year. A panic (including the harness's
//! assertions), a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::data_files::route_template(data);
});

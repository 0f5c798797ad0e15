//! Fuzzes the rental kinds parser (`ladoshka_domain::rental_kinds::parse_kinds`) with any UTF-8
//! text (other bytes are skipped): `ladoshka_fuzz::data_files::rental_kinds`. A refusal must name a
//! line of the text and a field. An accepted list keeps its rules (terms 1–18 months, prefixes of
//! 1–6 letters, keys once) and finds each kind again by an inventory number made of its prefix. A
//! panic (including the harness's assertions), a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::data_files::rental_kinds(data);
});

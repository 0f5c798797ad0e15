//! Fuzzes the eligibility categories parser (`ladoshka_domain::eligibility::parse_categories`) with
//! any UTF-8 text (other bytes are skipped): `ladoshka_fuzz::data_files::eligibility_categories`. A
//! refusal must name a line of the text and a field. An accepted list keeps its rules, and each
//! category makes a family eligible when all its documents were seen today. A panic (including the
//! harness's assertions), a timeout or running out of memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ladoshka_fuzz::data_files::eligibility_categories(data);
});

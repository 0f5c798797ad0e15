//! The four targets for the text files a centre or a person edits: help-route templates
//! (`route_template`), rental kinds (`rental_kinds`), eligibility categories
//! (`eligibility_categories`) and the kiosk's settings file (`kiosk_settings`). Each takes any
//! bytes, skips what is not UTF-8, parses the text, and asserts what the parser promises:
//! a refusal names a line of the text and a field; an accepted file keeps the file's rules, and
//! (where there is a writer) what is written reads back the same. Each returns what became of
//! the input, which `examples/replay.rs` counts.

use chrono::NaiveDate;
use ladoshka_domain::data_file::DataFileError;
use ladoshka_domain::eligibility::{eligible, parse_categories, CategoryCheck};
use ladoshka_domain::kiosk_settings::KioskSettings;
use ladoshka_domain::rental_kinds::parse_kinds;
use ladoshka_domain::route::Texts;
use ladoshka_domain::route_template;

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    NotUtf8,
    Refused,
    Accepted,
}

/// The name the targets give the text (the route template's key is its stem).
const FILE: &str = "fuzz.toml";

/// A refusal's line is one of the text's lines (1 to the number of newlines + 1).
fn assert_line_in(text: &str, line: usize, what: &dyn std::fmt::Display) {
    let last = text.matches('\n').count() + 1;
    assert!(
        (1..=last).contains(&line),
        "line {line} is outside the text's 1..={last}: {what}"
    );
}

fn assert_refusal(text: &str, e: &DataFileError) {
    assert_eq!(e.file, FILE, "{e}");
    assert!(!e.field.is_empty(), "a refusal names a field: {e}");
    assert!(!e.message.is_empty(), "a refusal says what is wrong: {e}");
    assert_line_in(text, e.line, e);
}

fn assert_written(t: &Texts) {
    for s in [&t.ru, &t.tt, &t.en] {
        assert!(!s.is_empty() && s.trim() == s.as_str(), "{t:?}");
    }
}

/// `route_template`: `route_template::parse`.
pub fn route_template(bytes: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Outcome::NotUtf8;
    };
    match route_template::parse(FILE, text) {
        Err(e) => {
            assert_refusal(text, &e);
            Outcome::Refused
        }
        Ok(t) => {
            assert_eq!(t.key, "fuzz");
            assert_written(&t.title);
            assert!(!t.steps.is_empty(), "a route has a step");
            let year = chrono::Duration::days(366);
            for s in &t.steps {
                assert_written(&s.title);
                assert!(s.duration > chrono::Duration::zero(), "{s:?}");
                assert!(s.duration <= s.deadline && s.deadline <= year, "{s:?}");
            }
            Outcome::Accepted
        }
    }
}

/// `rental_kinds`: `rental_kinds::parse_kinds`. An accepted list's every kind is found again by
/// an inventory number made of its own prefix, as a label scan would.
pub fn rental_kinds(bytes: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Outcome::NotUtf8;
    };
    match parse_kinds(FILE, text) {
        Err(e) => {
            assert_refusal(text, &e);
            Outcome::Refused
        }
        Ok(kinds) => {
            assert!(!kinds.specs().is_empty(), "a list has a kind");
            for (i, s) in kinds.specs().iter().enumerate() {
                assert_written(&s.title);
                assert!((1..=18).contains(&s.term_months), "{s:?}");
                assert!((1..=6).contains(&s.prefix.chars().count()), "{s:?}");
                assert!(s.prefix.chars().all(char::is_alphabetic), "{s:?}");
                assert_eq!(kinds.get(s.kind), Some(s), "each key once");
                assert_eq!(kinds.term_months(s.kind), s.term_months);
                let number = format!("{}-0001", s.prefix);
                let found = kinds.by_number(&number).map(|k| k.kind);
                assert_eq!(found, Some(s.kind), "kind {i}'s number {number:?}");
            }
            Outcome::Accepted
        }
    }
}

/// `eligibility_categories`: `eligibility::parse_categories`. An accepted list's every category
/// makes a family eligible once all its documents were seen today.
pub fn eligibility_categories(bytes: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Outcome::NotUtf8;
    };
    match parse_categories(FILE, text) {
        Err(e) => {
            assert_refusal(text, &e);
            Outcome::Refused
        }
        Ok(categories) => {
            assert!(!categories.is_empty(), "a list has a category");
            let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date");
            for (i, c) in categories.iter().enumerate() {
                assert_written(&c.title);
                assert!(!c.documents.is_empty(), "{c:?}");
                assert!(
                    categories[..i].iter().all(|o| o.key != c.key),
                    "each key once: {c:?}"
                );
                for d in &c.documents {
                    assert_written(&d.title);
                }
                let limits = [
                    c.limits.child_under_months,
                    c.limits.parents_up_to_age,
                    c.limits.min_children,
                ];
                assert!(!limits.contains(&Some(0)), "{c:?}");
                let check = CategoryCheck {
                    category: c.key.clone(),
                    documents_seen: c.documents.iter().map(|d| d.key.clone()).collect(),
                    checked_on: today,
                };
                assert_eq!(eligible(true, &[check], &categories, today), Ok(c.key.clone()));
            }
            Outcome::Accepted
        }
    }
}

/// `kiosk_settings`: `KioskSettings::parse`. What is accepted, written out as the kiosk writes
/// it (`to_text`), reads back the same.
pub fn kiosk_settings(bytes: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Outcome::NotUtf8;
    };
    match KioskSettings::parse(text) {
        Err(e) => {
            assert!(!e.field.is_empty() && !e.message.is_empty(), "{e}");
            assert_line_in(text, e.line, &e);
            Outcome::Refused
        }
        Ok(settings) => {
            let written = settings.to_text();
            let again = KioskSettings::parse(&written)
                .unwrap_or_else(|e| panic!("the written text is refused: {e}\n{written}"));
            assert_eq!(again, settings, "{written}");
            Outcome::Accepted
        }
    }
}

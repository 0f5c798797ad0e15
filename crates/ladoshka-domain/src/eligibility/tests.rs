//! Unit tests of `eligibility`.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn check(category: &str, docs: &[&str], on: NaiveDate) -> CategoryCheck {
    CategoryCheck {
        category: category.into(),
        documents_seen: docs.iter().map(|s| s.to_string()).collect(),
        checked_on: on,
    }
}

#[test]
fn a_family_with_consent_and_all_documents_seen_is_eligible() {
    let cats = default_categories();
    let today = d(2026, 11, 30);
    let ok = check(
        "single_parent",
        &["passport", "birth_certificate", "single_parent_proof"],
        d(2026, 6, 1),
    );
    assert_eq!(
        eligible(true, std::slice::from_ref(&ok), &cats, today),
        Ok("single_parent".into())
    );
    assert_eq!(
        eligible(false, &[ok], &cats, today),
        Err(NotEligible::NoConsent)
    );
}

#[test]
fn refusals_say_why() {
    let cats = default_categories();
    let today = d(2026, 11, 30);
    assert_eq!(
        eligible(true, &[], &cats, today),
        Err(NotEligible::NoCategory)
    );
    let partial = check(
        "infant_allowance",
        &["passport", "birth_certificate"],
        d(2026, 11, 1),
    );
    assert_eq!(
        eligible(true, &[partial], &cats, today),
        Err(NotEligible::DocumentsMissing {
            category: "infant_allowance".into(),
            missing: vec!["allowance_decision".into()]
        })
    );
    // Checked on 29.11.2025: valid to 29.11.2026, the day before today.
    let old = check(
        "difficult_situation",
        &["passport", "tzhs_act"],
        d(2025, 11, 29),
    );
    assert_eq!(
        eligible(true, &[old], &cats, today),
        Err(NotEligible::CheckTooOld {
            checked_on: d(2025, 11, 29)
        })
    );
    let exactly = check(
        "difficult_situation",
        &["passport", "tzhs_act"],
        d(2025, 11, 30),
    );
    assert!(
        eligible(true, &[exactly], &cats, today).is_ok(),
        "valid through the day a year on"
    );
    let gone = check("pensioners", &[], d(2026, 11, 1));
    assert_eq!(
        eligible(true, &[gone], &cats, today),
        Err(NotEligible::UnknownCategory("pensioners".into()))
    );
    assert!(NotEligible::DocumentsMissing {
        category: "x".into(),
        missing: vec!["a".into(), "b".into()]
    }
    .to_string()
    .ends_with("a, b"));
}

#[test]
fn one_good_check_is_enough() {
    let cats = default_categories();
    let today = d(2026, 11, 30);
    let bad = check("student_parents", &["passport"], d(2026, 11, 1));
    let good = check(
        "young_large_family",
        &["passport", "large_family_certificate"],
        d(2026, 11, 1),
    );
    assert_eq!(
        eligible(true, &[bad, good], &cats, today),
        Ok("young_large_family".into())
    );
}

#[test]
fn the_default_categories_are_the_issues_five_with_documents() {
    let cats = default_categories();
    let keys: Vec<&str> = cats.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "infant_allowance",
            "student_parents",
            "young_large_family",
            "single_parent",
            "difficult_situation"
        ]
    );
    for c in &cats {
        assert!(!c.documents.is_empty(), "{}", c.key);
        assert!(!c.title.tt.is_empty() && !c.title.en.is_empty());
        assert_ne!(c.title.tt, c.title.ru, "{} is translated", c.key);
        assert_eq!(c.documents[0].key, "passport");
    }
    let infant = &cats[0];
    let docs: Vec<&str> = infant.documents.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(
        docs,
        ["passport", "birth_certificate", "allowance_decision"]
    );
    assert_eq!(infant.limits.child_under_months, Some(18));
    assert_eq!(cats[1].limits.parents_up_to_age, Some(25));
    assert_eq!(
        cats[2].limits,
        Limits {
            child_under_months: None,
            parents_up_to_age: Some(30),
            min_children: Some(3)
        }
    );
    assert_eq!(
        cats[2].limits.describe(),
        "parents up to 30, at least 3 children"
    );
    assert_eq!(cats[3].limits, Limits::default());
    // Tatar is written with its own letters.
    let tatar: String = cats
        .iter()
        .flat_map(|c| {
            std::iter::once(c.title.tt.clone())
                .chain(c.documents.iter().map(|d| d.title.tt.clone()))
        })
        .collect();
    for letter in ['ә', 'ө', 'ү', 'ң'] {
        assert!(tatar.contains(letter), "no «{letter}» in the Tatar texts");
    }
}

const GOOD: &str = r#"format = 1

[documents]
passport = { ru = "Паспорт", tt = "Паспорт", en = "Passport" }
proof = { ru = "Справка", tt = "Белешмә", en = "Proof" }

[[categories]]
key = "one"
title = { ru = "Первая", tt = "Беренче", en = "First" }
documents = ["passport", "proof"]
child_under_months = 18

[[categories]]
key = "two"
title = { ru = "Вторая", tt = "Икенче", en = "Second" }
documents = ["passport"]
"#;

fn broken(text: &str) -> DataFileError {
    parse_categories("rental/categories.toml", text).unwrap_err()
}

#[test]
fn a_centre_file_loads_and_lends_under_its_own_categories() {
    let cats = parse_categories("rental/categories.toml", GOOD).unwrap();
    assert_eq!(cats.len(), 2);
    assert_eq!(cats[0].title.tt, "Беренче");
    assert_eq!(cats[0].documents[1].title.en, "Proof");
    assert_eq!(cats[0].limits.child_under_months, Some(18));
    assert_eq!(cats[1].limits, Limits::default());
    let today = d(2026, 11, 30);
    let c = check("two", &["passport"], d(2026, 11, 1));
    assert_eq!(eligible(true, &[c], &cats, today), Ok("two".into()));
    // A default category the centre dropped is refused with the reason.
    let gone = check("single_parent", &["passport"], d(2026, 11, 1));
    assert_eq!(
        eligible(true, &[gone], &cats, today),
        Err(NotEligible::UnknownCategory("single_parent".into()))
    );
}

#[test]
fn a_broken_file_names_its_file_line_and_field() {
    let e = broken(&GOOD.replace(r#"documents = ["passport"]"#, r#"documents = ["pasport"]"#));
    assert_eq!(
        (e.file.as_str(), e.line, e.field.as_str()),
        ("rental/categories.toml", 16, "categories[2].documents")
    );
    assert!(
        e.message.contains("pasport") && e.message.contains("proof"),
        "{e}"
    );
    assert!(e
        .to_string()
        .starts_with("rental/categories.toml:16: categories[2].documents: "));

    let e = broken(&GOOD.replace(r#"en = "Second""#, r#"en = " ""#));
    assert_eq!((e.line, e.field.as_str()), (15, "categories[2].title.en"));

    let e = broken(&GOOD.replace(r#"key = "two""#, r#"key = "one""#));
    assert_eq!((e.line, e.field.as_str()), (14, "categories[2].key"));
    assert!(e.message.contains("earlier"), "{e}");

    let e = broken(&GOOD.replace(r#"key = "two""#, r#"key = "Вторая""#));
    assert_eq!((e.line, e.field.as_str()), (14, "categories[2].key"));

    let e = broken(&GOOD.replace("child_under_months = 18", "child_under_months = 0"));
    assert_eq!(
        (e.line, e.field.as_str()),
        (11, "categories[1].child_under_months")
    );

    let e = broken(&GOOD.replace(r#"tt = "Белешмә", "#, ""));
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("tt"), "{e}");

    let e = broken(&GOOD.replace("format = 1", "format = 2"));
    assert_eq!((e.line, e.field.as_str()), (1, "format"));

    let e = broken(&GOOD.replace(r#"documents = ["passport"]"#, "documents = []"));
    assert_eq!((e.line, e.field.as_str()), (16, "categories[2].documents"));
}

#[test]
fn toml_mistakes_name_the_line_too() {
    // A typo in a key is refused, not ignored.
    let e = broken(&GOOD.replace("child_under_months", "child_under_month"));
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("child_under_month"), "{e}");
    // Broken syntax.
    let e = broken(&GOOD.replace(r#"key = "two""#, "key = "));
    assert_eq!((e.line, e.field.as_str()), (14, "key"), "{e}");
    // A number where a list belongs.
    let e = broken(&GOOD.replace(r#"documents = ["passport"]"#, "documents = 3"));
    assert_eq!(e.line, 16, "{e}");
    // No categories at all.
    let e = broken(GOOD.split("[[categories]]").next().unwrap());
    assert!(e.message.contains("categories"), "{e}");
}

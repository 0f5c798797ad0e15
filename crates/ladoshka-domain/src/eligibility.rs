//! Who may borrow: the categories of families the rental serves (a list the centre can edit),
//! the documents staff must have seen for each, and the rule that a family is eligible only with
//! a recorded consent and one category whose documents were all seen, recently enough.
//!
//! The list is data: `assets/rental/categories.toml` ships the defaults, a centre keeps its own
//! copy at `<data dir>/rental/categories.toml`, and [`parse_categories`] refuses a broken file
//! whole with its line and field (as help-route templates are).

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Months, NaiveDate};
use serde::Deserialize;
use toml::Spanned;

use super::route::Texts;

/// A category of family the rental serves, with the documents that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub key: String,
    pub title: Texts,
    pub documents: Vec<Document>,
    pub limits: Limits,
}

/// The limits a category states (none when absent). They are data for staff to check on the
/// documents they see; the kiosk does not record parents' ages, so it does not compute them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    /// The child is younger than this many months (18 for "under 1.5 years").
    pub child_under_months: Option<u32>,
    /// The parents are this age or younger (25 for student parents, 30 for a young large family).
    pub parents_up_to_age: Option<u32>,
    /// The family has at least this many children (3 for a large family).
    pub min_children: Option<u32>,
}

impl Limits {
    /// The limits in plain English, e.g. «child under 18 months, parents up to 25»; empty when none.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.child_under_months {
            parts.push(format!("child under {m} months"));
        }
        if let Some(a) = self.parents_up_to_age {
            parts.push(format!("parents up to {a}"));
        }
        if let Some(n) = self.min_children {
            parts.push(format!("at least {n} children"));
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub key: String,
    pub title: Texts,
}

/// What staff recorded for a family: a category, the documents seen, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCheck {
    pub category: String,
    pub documents_seen: Vec<String>,
    pub checked_on: NaiveDate,
}

/// How long a check holds before the documents must be seen again.
pub const CHECK_VALID_MONTHS: u32 = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotEligible {
    #[error("this family has no recorded consent to the processing of its data: record it at enrolment first")]
    NoConsent,
    #[error("no category is recorded for this family: check their documents and record one")]
    NoCategory,
    #[error("for «{category}» these documents were not seen: {}", missing.join(", "))]
    DocumentsMissing {
        category: String,
        missing: Vec<String>,
    },
    #[error("the documents were checked on {checked_on}, more than {CHECK_VALID_MONTHS} months ago: see them again")]
    CheckTooOld { checked_on: NaiveDate },
    #[error("«{0}» is not one of the centre's categories (any more): record a current one")]
    UnknownCategory(String),
}

/// Whether a family may borrow on `today`; the first check that holds wins, else the most
/// helpful reason why not.
pub fn eligible(
    has_consent: bool,
    checks: &[CategoryCheck],
    categories: &[Category],
    today: NaiveDate,
) -> Result<String, NotEligible> {
    if !has_consent {
        return Err(NotEligible::NoConsent);
    }
    let mut why = NotEligible::NoCategory;
    for check in checks {
        let Some(category) = categories.iter().find(|c| c.key == check.category) else {
            why = NotEligible::UnknownCategory(check.category.clone());
            continue;
        };
        let missing: Vec<String> = category
            .documents
            .iter()
            .filter(|d| !check.documents_seen.contains(&d.key))
            .map(|d| d.key.clone())
            .collect();
        if !missing.is_empty() {
            why = NotEligible::DocumentsMissing {
                category: category.key.clone(),
                missing,
            };
            continue;
        }
        let valid_until = check
            .checked_on
            .checked_add_months(Months::new(CHECK_VALID_MONTHS))
            .unwrap_or(check.checked_on);
        if valid_until < today {
            why = NotEligible::CheckTooOld {
                checked_on: check.checked_on,
            };
            continue;
        }
        return Ok(category.key.clone());
    }
    Err(why)
}

/// The category file format this kiosk reads (the `format` key).
pub const FORMAT: u32 = 1;

/// Where a centre keeps its own list, inside the data directory.
pub const CENTRE_FILE: &str = "rental/categories.toml";

/// The list shipped with Ladoshka, as (file name, text).
pub const SHIPPED: (&str, &str) = (
    "assets/rental/categories.toml",
    include_str!("../../../assets/rental/categories.toml"),
);

/// What is wrong with a categories file, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct CategoriesError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTexts {
    ru: String,
    tt: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    key: Spanned<String>,
    title: Spanned<RawTexts>,
    documents: Spanned<Vec<Spanned<String>>>,
    child_under_months: Option<Spanned<u32>>,
    parents_up_to_age: Option<Spanned<u32>>,
    min_children: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Spanned<u32>,
    documents: Spanned<BTreeMap<String, Spanned<RawTexts>>>,
    categories: Spanned<Vec<RawCategory>>,
}

/// A key the records keep: lower-case Latin letters, digits and `_`.
fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads the categories from `text` (from file `file`). A mistake refuses the whole file with
/// its line and field: unknown keys, a missing language, a document no category can find, a key
/// used twice, a limit of 0.
pub fn parse_categories(file: &str, text: &str) -> Result<Vec<Category>, CategoriesError> {
    let fail = |span: Range<usize>, field: &str, message: String| CategoriesError {
        file: file.into(),
        line: super::toml_place::line_of(text, &span),
        field: field.into(),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let (line, field) = super::toml_place::locate(text, &e);
        CategoriesError {
            file: file.into(),
            line,
            field,
            message: e.message().trim().to_owned(),
        }
    })?;
    if *raw.format.get_ref() != FORMAT {
        return Err(fail(
            raw.format.span(),
            "format",
            format!(
                "this kiosk reads format {FORMAT}, not {}",
                raw.format.get_ref()
            ),
        ));
    }
    let texts = |t: Spanned<RawTexts>, field: &str| {
        let span = t.span();
        let t = t.into_inner();
        for (lang, s) in [("ru", &t.ru), ("tt", &t.tt), ("en", &t.en)] {
            if s.trim().is_empty() {
                return Err(fail(
                    span.clone(),
                    &format!("{field}.{lang}"),
                    "is empty: write the text in this language".into(),
                ));
            }
        }
        Ok(Texts {
            ru: t.ru.trim().into(),
            tt: t.tt.trim().into(),
            en: t.en.trim().into(),
        })
    };
    let mut documents = Vec::new();
    for (key, title) in raw.documents.into_inner() {
        let field = format!("documents.{key}");
        if !is_key(&key) {
            return Err(fail(
                title.span(),
                &field,
                format!("«{key}» is not a key: use lower-case Latin letters, digits and _"),
            ));
        }
        documents.push(Document {
            title: texts(title, &field)?,
            key,
        });
    }
    let categories_span = raw.categories.span();
    let raw_categories = raw.categories.into_inner();
    if raw_categories.is_empty() {
        return Err(fail(
            categories_span,
            "categories",
            "the list needs at least one category".into(),
        ));
    }
    let mut out: Vec<Category> = Vec::with_capacity(raw_categories.len());
    for (i, c) in raw_categories.into_iter().enumerate() {
        let field = |name: &str| format!("categories[{}].{name}", i + 1);
        let key = c.key.get_ref().trim().to_owned();
        if !is_key(&key) {
            return Err(fail(
                c.key.span(),
                &field("key"),
                format!("«{key}» is not a key: use lower-case Latin letters, digits and _"),
            ));
        }
        if out.iter().any(|o| o.key == key) {
            return Err(fail(
                c.key.span(),
                &field("key"),
                format!("«{key}» is used by an earlier category: give each its own key"),
            ));
        }
        let title = texts(c.title, &field("title"))?;
        let docs_span = c.documents.span();
        let wanted = c.documents.into_inner();
        if wanted.is_empty() {
            return Err(fail(
                docs_span,
                &field("documents"),
                "name at least one document staff must see".into(),
            ));
        }
        let mut docs: Vec<Document> = Vec::with_capacity(wanted.len());
        for w in &wanted {
            let Some(d) = documents.iter().find(|d| d.key == *w.get_ref()) else {
                let known: Vec<&str> = documents.iter().map(|d| d.key.as_str()).collect();
                return Err(fail(
                    w.span(),
                    &field("documents"),
                    format!(
                        "«{}» is not under [documents]: add it there or use one of {}",
                        w.get_ref(),
                        known.join(", ")
                    ),
                ));
            };
            if !docs.contains(d) {
                docs.push(d.clone());
            }
        }
        let positive = |v: Option<Spanned<u32>>, name: &str| match v {
            Some(v) if *v.get_ref() == 0 => Err(fail(
                v.span(),
                &field(name),
                "is 0: write a number above 0, or leave the line out for no limit".into(),
            )),
            v => Ok(v.map(Spanned::into_inner)),
        };
        let limits = Limits {
            child_under_months: positive(c.child_under_months, "child_under_months")?,
            parents_up_to_age: positive(c.parents_up_to_age, "parents_up_to_age")?,
            min_children: positive(c.min_children, "min_children")?,
        };
        out.push(Category {
            key,
            title,
            documents: docs,
            limits,
        });
    }
    Ok(out)
}

/// The categories shipped with Ladoshka (`assets/rental/categories.toml`: the Tatarstan
/// pilot's and the issue's five); a centre replaces them with its own file.
pub fn default_categories() -> Vec<Category> {
    static PARSED: std::sync::OnceLock<Vec<Category>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            parse_categories(SHIPPED.0, SHIPPED.1)
                .expect("the shipped categories file is checked by the tests")
        })
        .clone()
}

#[cfg(test)]
mod tests {
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
            eligible(true, &[ok.clone()], &cats, today),
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

    fn broken(text: &str) -> CategoriesError {
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
}

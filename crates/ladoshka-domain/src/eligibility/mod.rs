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

use crate::data_file::{DataFileError, Place, RawTexts};

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
    include_str!("../../../../assets/rental/categories.toml"),
);

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
pub fn parse_categories(file: &str, text: &str) -> Result<Vec<Category>, DataFileError> {
    let place = Place::new(file, text);
    let fail = |span: Range<usize>, field: &str, message: String| place.error(span, field, message);
    let raw: RawFile = place.read()?;
    place.format(&raw.format, FORMAT)?;
    let texts = |t: Spanned<RawTexts>, field: &str| place.texts(t, field);
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
/// pilot's and the five); a centre replaces them with its own file.
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
mod tests;

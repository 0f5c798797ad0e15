//! Who may borrow: the categories of families the rental serves (a list the centre can edit),
//! the documents staff must have seen for each, and the rule that a family is eligible only with
//! a recorded consent and one category whose documents were all seen, recently enough.

use chrono::{Months, NaiveDate};

use super::route::Texts;

/// A category of family the rental serves, with the documents that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub key: String,
    pub title: Texts,
    pub documents: Vec<Document>,
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

fn texts(ru: &str, tt: &str, en: &str) -> Texts {
    Texts {
        ru: ru.into(),
        tt: tt.into(),
        en: en.into(),
    }
}

fn doc(key: &str, ru: &str, tt: &str, en: &str) -> Document {
    Document {
        key: key.into(),
        title: texts(ru, tt, en),
    }
}

/// The default categories (the Tatarstan pilot's and the issue's list); a centre edits them.
pub fn default_categories() -> Vec<Category> {
    let passport = || {
        doc(
            "passport",
            "Паспорт родителя",
            "Ата-ананың паспорты",
            "Parent's passport",
        )
    };
    let birth = || {
        doc(
            "birth_certificate",
            "Свидетельство о рождении ребёнка",
            "Баланың туу турында таныклыгы",
            "Child's birth certificate",
        )
    };
    vec![
        Category {
            key: "infant_allowance".into(),
            title: texts(
                "Ребёнок до 1,5 лет, ежемесячное пособие",
                "1,5 яшькә кадәр бала, айлык пособие",
                "A child under 1.5 with the monthly allowance",
            ),
            documents: vec![
                passport(),
                birth(),
                doc(
                    "allowance_decision",
                    "Решение о назначении пособия",
                    "Пособие билгеләү турында карар",
                    "Decision granting the allowance",
                ),
            ],
        },
        Category {
            key: "student_parents".into(),
            title: texts(
                "Родители-студенты до 25 лет",
                "25 яшькә кадәр студент ата-аналар",
                "Student parents up to 25",
            ),
            documents: vec![
                passport(),
                birth(),
                doc(
                    "student_certificate",
                    "Справка с места учёбы",
                    "Уку урыныннан белешмә",
                    "Certificate of studies",
                ),
            ],
        },
        Category {
            key: "young_large_family".into(),
            title: texts(
                "Молодая многодетная семья",
                "Яшь күп балалы гаилә",
                "A young large family",
            ),
            documents: vec![
                passport(),
                doc(
                    "large_family_certificate",
                    "Удостоверение многодетной семьи",
                    "Күп балалы гаилә таныклыгы",
                    "Large-family certificate",
                ),
            ],
        },
        Category {
            key: "single_parent".into(),
            title: texts("Одинокий родитель", "Ялгыз ата яки ана", "A single parent"),
            documents: vec![
                passport(),
                birth(),
                doc(
                    "single_parent_proof",
                    "Документ о статусе одинокого родителя",
                    "Ялгыз ата-ана статусы турында документ",
                    "Proof of single-parent status",
                ),
            ],
        },
        Category {
            key: "difficult_situation".into(),
            title: texts(
                "Семья в трудной жизненной ситуации",
                "Авыр тормыш хәлендәге гаилә",
                "A family in a difficult life situation",
            ),
            documents: vec![
                passport(),
                doc(
                    "tzhs_act",
                    "Акт о признании семьи в ТЖС",
                    "Гаиләне авыр тормыш хәлендә дип тану акты",
                    "Record recognising the difficult life situation",
                ),
            ],
        },
    ]
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
        assert_eq!(cats.len(), 5);
        for c in &cats {
            assert!(!c.documents.is_empty(), "{}", c.key);
            assert!(!c.title.tt.is_empty() && !c.title.en.is_empty());
        }
    }
}

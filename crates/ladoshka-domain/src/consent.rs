//! The parent's consent to processing personal data (152-ФЗ, art. 9): a separate, versioned
//! document naming the operator, purpose, list of data, actions, term and how to withdraw,
//! filled in with the family's details. The exact text shown is what is signed and stored,
//! together with its SHA-256, so a later edit of the template never changes a signed consent.

use chrono::NaiveDate;
use serde::Serialize;

use super::names::clean_name;
use super::{DomainError, Language};

/// The version of the consent text the kiosk shows now. A new text gets a new version and new
/// files in `assets/consent/`; signed consents keep the version and text they were signed with.
pub const CONSENT_VERSION: &str = "2026-1";

fn template(lang: Language) -> &'static str {
    match lang {
        Language::Ru => include_str!("../../../assets/consent/consent-2026-1.ru.txt"),
        Language::Tt => include_str!("../../../assets/consent/consent-2026-1.tt.txt"),
        Language::En => include_str!("../../../assets/consent/consent-2026-1.en.txt"),
    }
}

/// The longest address or identity-document line kept.
const MAX_DETAIL: usize = 200;

/// What the consent says about the person who signs it, beyond the family's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentSubject {
    pub address: String,
    /// The identity document as the parent shows it: kind, series, number, issued by, date.
    pub id_document: String,
}

impl ConsentSubject {
    pub fn new(address: &str, id_document: &str) -> Result<Self, DomainError> {
        Ok(Self {
            address: detail("address", address)?,
            id_document: detail("identity document", id_document)?,
        })
    }
}

/// A free-text detail: trimmed, inner spaces collapsed, not empty, not too long, no control
/// characters.
fn detail(field: &'static str, raw: &str) -> Result<String, DomainError> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(DomainError::Empty { field });
    }
    if cleaned.chars().count() > MAX_DETAIL || cleaned.chars().any(char::is_control) {
        return Err(DomainError::TooLong {
            field,
            max: MAX_DETAIL,
        });
    }
    Ok(cleaned)
}

/// Everything the consent text is filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFacts<'a> {
    pub operator: &'a str,
    pub parent_name: &'a str,
    pub subject: &'a ConsentSubject,
    pub child_full_name: &'a str,
    pub child_first_name: &'a str,
    pub birth_date: NaiveDate,
    pub first_name_public: bool,
}

/// The filled-in consent, ready to be read and signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentText {
    pub version: &'static str,
    pub language: Language,
    pub text: String,
    /// Hex SHA-256 of `text`, so the centre can prove which words were signed.
    pub sha256: String,
}

impl ConsentText {
    pub fn fill(lang: Language, facts: &ConsentFacts<'_>) -> Result<Self, DomainError> {
        let operator = facts.operator.trim();
        if operator.is_empty() {
            return Err(DomainError::Empty {
                field: "operator (the centre's legal name)",
            });
        }
        let name = facts.child_first_name;
        let public_clause = match (lang, facts.first_name_public) {
            (Language::Ru, true) => format!("Имя ребёнка («{name}») может показываться на экране у двери комнаты."),
            (Language::Ru, false) => "Имя ребёнка на экране у двери комнаты не показывается: ребёнок узнаёт себя по картинке.".to_owned(),
            (Language::Tt, true) => format!("Баланың исеме («{name}») бүлмә ишеге янындагы экранда күрсәтелергә мөмкин."),
            (Language::Tt, false) => "Баланың исеме бүлмә ишеге янындагы экранда күрсәтелми: бала үзен рәсеменнән таный.".to_owned(),
            (Language::En, true) => format!("The child's first name («{name}») may be shown on the screen at the room's door."),
            (Language::En, false) => "The child's name is not shown on the screen at the room's door: the child finds their picture.".to_owned(),
        };
        let text = template(lang)
            .replace("{version}", CONSENT_VERSION)
            .replace("{operator}", operator)
            .replace("{parent}", facts.parent_name)
            .replace("{address}", &facts.subject.address)
            .replace("{document}", &facts.subject.id_document)
            .replace("{child}", facts.child_full_name)
            .replace("{birth}", &facts.birth_date.format("%d.%m.%Y").to_string())
            .replace("{public_name_clause}", &public_clause);
        let sha256 = hex::encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()));
        Ok(Self {
            version: CONSENT_VERSION,
            language: lang,
            text,
            sha256,
        })
    }
}

/// The birth date as staff type it: «12.05.2019», «1.5.2019», «12/05/2019», «12-05-2019».
pub fn parse_birth_date(raw: &str) -> Result<NaiveDate, DomainError> {
    let bad = || DomainError::BadDate(raw.trim().to_owned());
    let parts: Vec<&str> = raw
        .trim()
        .split(['.', '/', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let year = num(y)?;
    if !(1900..=2999).contains(&year) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(year as i32, num(m)?, num(d)?).ok_or_else(bad)
}

/// The full name as the consent writes it: surname first.
pub fn full_name(surname: &str, first_name: &str) -> Result<String, DomainError> {
    Ok(format!(
        "{} {}",
        clean_name("surname", surname)?,
        clean_name("first name", first_name)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> ConsentSubject {
        ConsentSubject::new(
            " г. Казань,  ул. Баумана, д. 1, кв. 2 ",
            "паспорт 9212 345678",
        )
        .unwrap()
    }

    fn facts(subject: &ConsentSubject, public: bool) -> ConsentFacts<'_> {
        ConsentFacts {
            operator: "ГБУ «КЦСОН „Ладошка“»",
            parent_name: "Иванова Анна Сергеевна",
            subject,
            child_full_name: "Иванова Маша",
            child_first_name: "Маша",
            birth_date: NaiveDate::from_ymd_opt(2019, 5, 12).unwrap(),
            first_name_public: public,
        }
    }

    #[test]
    fn every_language_names_what_the_law_asks_for() {
        let s = subject();
        for lang in Language::ALL {
            let c = ConsentText::fill(lang, &facts(&s, true)).unwrap();
            assert!(
                !c.text.contains('{'),
                "{lang:?}: a placeholder was left: {}",
                c.text
            );
            for must in [
                "ГБУ «КЦСОН „Ладошка“»",
                "Иванова Анна Сергеевна",
                "г. Казань, ул. Баумана, д. 1, кв. 2",
                "паспорт 9212 345678",
                "Иванова Маша",
                "12.05.2019",
                "152",
                "30",
                CONSENT_VERSION,
            ] {
                assert!(c.text.contains(must), "{lang:?} lacks {must}");
            }
            assert_eq!(c.sha256.len(), 64);
        }
        let ru = ConsentText::fill(Language::Ru, &facts(&s, true))
            .unwrap()
            .text;
        for section in [
            "Цель обработки",
            "Перечень данных",
            "Действия с данными",
            "Срок",
            "Отзыв",
            "специальная категория",
        ] {
            assert!(ru.contains(section), "ru lacks {section}");
        }
    }

    #[test]
    fn the_public_name_clause_follows_the_familys_choice() {
        let s = subject();
        let shown = ConsentText::fill(Language::Ru, &facts(&s, true)).unwrap();
        let hidden = ConsentText::fill(Language::Ru, &facts(&s, false)).unwrap();
        assert!(shown.text.contains("(«Маша») может показываться"));
        assert!(hidden.text.contains("не показывается"));
        assert_ne!(
            shown.sha256, hidden.sha256,
            "a different text is a different hash"
        );
    }

    #[test]
    fn no_operator_no_consent() {
        let s = subject();
        let mut f = facts(&s, false);
        f.operator = "  ";
        assert!(matches!(
            ConsentText::fill(Language::Ru, &f),
            Err(DomainError::Empty { .. })
        ));
    }

    #[test]
    fn subject_details_are_required_and_bounded() {
        assert_eq!(subject().address, "г. Казань, ул. Баумана, д. 1, кв. 2");
        assert!(matches!(
            ConsentSubject::new("", "паспорт"),
            Err(DomainError::Empty { field: "address" })
        ));
        assert!(matches!(
            ConsentSubject::new("Казань", " "),
            Err(DomainError::Empty {
                field: "identity document"
            })
        ));
        assert!(matches!(
            ConsentSubject::new(&"д".repeat(201), "паспорт"),
            Err(DomainError::TooLong { .. })
        ));
    }

    #[test]
    fn birth_dates_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        for raw in [
            "01.05.2019",
            "1.5.2019",
            "01/05/2019",
            "1-5-2019",
            " 01 05 2019 ",
        ] {
            assert_eq!(parse_birth_date(raw).unwrap(), d, "{raw}");
        }
        for raw in [
            "",
            "2019",
            "31.02.2019",
            "01.13.2019",
            "1.5.19",
            "01.05.2019.1",
            "аб.05.2019",
        ] {
            assert!(
                matches!(parse_birth_date(raw), Err(DomainError::BadDate(_))),
                "{raw}"
            );
        }
    }

    #[test]
    fn full_name_is_surname_first() {
        assert_eq!(full_name(" Галиев ", "Айдар").unwrap(), "Галиев Айдар");
        assert!(full_name("", "Айдар").is_err());
    }
}

//! Rules for people's names as typed at the kiosk: Russian, Tatar and Latin letters, with
//! the spaces, hyphens and apostrophes real names have. Names are trimmed and their inner
//! spaces collapsed so the same person is not stored twice in two spellings.

use super::DomainError;

/// Returns the cleaned name, or why it cannot be a name.
pub fn clean_name(field: &'static str, raw: &str) -> Result<String, DomainError> {
    let cleaned = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() {
        return Err(DomainError::Empty { field });
    }
    let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
    if !cleaned.chars().all(allowed) || !cleaned.chars().next().is_some_and(char::is_alphabetic) {
        return Err(DomainError::BadName {
            field,
            value: cleaned,
        });
    }
    if cleaned.chars().count() > 60 {
        return Err(DomainError::BadName {
            field,
            value: cleaned,
        });
    }
    Ok(cleaned)
}

/// Whether a person is found by what was typed in a list's search field: every typed word
/// begins one of `name_words` (in any order), case-insensitive, «ё» as «е». An empty search
/// finds everyone. A list of 300 children narrows to a few after two or three letters.
pub fn found_by(query: &str, name_words: &[&str]) -> bool {
    let fold = |w: &str| w.to_lowercase().replace('ё', "е");
    let words: Vec<String> = name_words
        .iter()
        .flat_map(|n| n.split([' ', '-']))
        .map(fold)
        .collect();
    query
        .split_whitespace()
        .map(fold)
        .all(|q| words.iter().any(|w| w.starts_with(&q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_finds_by_the_beginnings_of_the_name_words() {
        let name = ["Алёна", "Галиева-Сафина"];
        for q in ["", "  ", "але", "АЛЁ", "гал", "саф", "ал гал", "гал ал"] {
            assert!(found_by(q, &name), "«{q}»");
        }
        for q in ["лёна", "иев", "ал х", "алёнка"] {
            assert!(!found_by(q, &name), "«{q}»");
        }
        assert!(found_by("әл", &["Әлфия"]), "Tatar letters fold too");
    }

    #[test]
    fn keeps_russian_tatar_and_compound_names() {
        for name in [
            "Маша",
            "Гүзәл",
            "Җәүдәт",
            "Анна-Мария",
            "Д'Артаньян",
            "Öznur",
            "Ниңа",
            "Һади",
        ] {
            assert_eq!(clean_name("name", name).unwrap(), name);
        }
    }

    #[test]
    fn trims_and_collapses_spaces() {
        assert_eq!(
            clean_name("name", "  Анна   Сергеевна ").unwrap(),
            "Анна Сергеевна"
        );
    }

    #[test]
    fn refuses_empty_digits_symbols_and_very_long() {
        assert_eq!(
            clean_name("first name", "   "),
            Err(DomainError::Empty {
                field: "first name"
            })
        );
        assert!(clean_name("name", "Маша1").is_err());
        assert!(clean_name("name", "<script>").is_err());
        assert!(clean_name("name", "-Маша").is_err());
        assert!(clean_name("name", &"а".repeat(61)).is_err());
        assert!(clean_name("name", &"а".repeat(60)).is_ok());
    }
}

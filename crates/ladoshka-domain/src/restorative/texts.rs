//! A centre's own words for the reconciliation room, kept as data (`texts.toml` in the kiosk's
//! data directory, or given to a report with `--texts`), so that a centre can word the stages,
//! the screening questions and the КДНиЗП report's lines as its own forms do, without a rebuild.
//! Only the words change: which stages there are, which screening answer stops a joint meeting,
//! and how a report line is counted stay the program's rules.
//!
//! ```toml
//! [ru]
//! "stage.preliminary" = "Индивидуальные встречи"
//! "screening.sexual_harm.question" = "Есть ли в случае признаки сексуального насилия?"
//! "report.В.5" = "Заключено примирительных договоров"
//! ```
//! Keys: `stage.<stage>` (referral, screening, preliminary, joint_meeting, agreement, follow_up,
//! closed); `screening.<rule>.question` (what the facilitator is asked) and
//! `screening.<rule>.rule` (how a stop names it), rules as stored
//! ([`ScreeningRule::key`]); `report.<code>` for a line of the restorative block (В.1, В.3.2…).
//! A key or a language the program does not know is refused by name, so a typo never passes
//! silently; a missing key keeps the built-in words.

use std::collections::BTreeMap;

use crate::Language;

use super::{ScreeningRule, Stage};

/// The longest text a key may hold: a stage name or a question must fit its place on screen.
pub const MAX_CHARS: usize = 160;

/// A centre's words, by language and key; empty when the centre has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CentreTexts {
    /// By the language's code (`ru`, `tt`, `en`).
    by_language: BTreeMap<&'static str, BTreeMap<String, String>>,
}

/// Why a texts file was refused, with where in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextsError {
    #[error("the texts are not valid TOML: {0}")]
    Syntax(String),
    #[error("[{0}]: not a language of the kiosk; write [ru], [tt] or [en]")]
    UnknownLanguage(String),
    #[error("[{language}] \"{key}\": no such text; the keys are stage.<stage>, screening.<rule>.question, screening.<rule>.rule and report.<line code> (see the README)")]
    UnknownKey { language: String, key: String },
    #[error("[{language}] \"{key}\": empty; leave the key out to keep the built-in words")]
    Empty { language: String, key: String },
    #[error("[{language}] \"{key}\": {chars} characters, at most {max} fit")]
    TooLong {
        language: String,
        key: String,
        chars: usize,
        max: usize,
    },
}

/// The key of a stage's name.
pub fn stage_key(stage: Stage) -> String {
    format!("stage.{}", stage.key())
}

/// The key of a screening rule's question (`question` true) or of its name in a stop.
pub fn screening_key(rule: ScreeningRule, question: bool) -> String {
    format!(
        "screening.{}.{}",
        rule.key(),
        if question { "question" } else { "rule" }
    )
}

/// The key of a report line by its code (`В.1`, `В.3.2`).
pub fn report_key(code: &str) -> String {
    format!("report.{code}")
}

fn known(key: &str) -> bool {
    if let Some(stage) = key.strip_prefix("stage.") {
        return Stage::KEYS.contains(&stage);
    }
    if let Some(rest) = key.strip_prefix("screening.") {
        return ScreeningRule::ALL.iter().any(|r| {
            [true, false]
                .iter()
                .any(|q| screening_key(*r, *q) == format!("screening.{rest}"))
        });
    }
    if let Some(code) = key.strip_prefix("report.") {
        let mut parts = code.split('.');
        return parts.next() == Some("В")
            && code.len() > "В.".len()
            && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    }
    false
}

impl CentreTexts {
    /// Reads a texts file's content, refusing anything it does not know (see the module's doc).
    pub fn parse(text: &str) -> Result<Self, TextsError> {
        let raw: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| TextsError::Syntax(e.message().to_owned()))?;
        let mut by_language = BTreeMap::new();
        for (code, texts) in raw {
            let language = Language::from_code(&code)
                .map_err(|_| TextsError::UnknownLanguage(code.clone()))?;
            let mut own = BTreeMap::new();
            for (key, value) in texts {
                let at = |e: fn(String, String) -> TextsError| e(code.clone(), key.clone());
                if !known(&key) {
                    return Err(at(|language, key| TextsError::UnknownKey { language, key }));
                }
                let value = value.trim();
                if value.is_empty() {
                    return Err(at(|language, key| TextsError::Empty { language, key }));
                }
                let chars = value.chars().count();
                if chars > MAX_CHARS {
                    return Err(TextsError::TooLong {
                        language: code,
                        key,
                        chars,
                        max: MAX_CHARS,
                    });
                }
                own.insert(key, value.to_owned());
            }
            by_language.insert(language.code(), own);
        }
        Ok(Self { by_language })
    }

    /// The centre's words for `key` in `lang`, if it has its own.
    pub fn get(&self, lang: Language, key: &str) -> Option<&str> {
        self.by_language
            .get(lang.code())?
            .get(key)
            .map(String::as_str)
    }

    /// How many texts the centre words itself, in every language together.
    pub fn len(&self) -> usize {
        self.by_language.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_words_are_found_by_language_and_key_and_missing_ones_keep_the_built_in() {
        let t = CentreTexts::parse(
            "[ru]\n\"stage.preliminary\" = \" Индивидуальные встречи \"\n\"report.В.3.2\" = \"Прекращено\"\n\
             [tt]\n\"screening.sexual_harm.question\" = \"Җенси золым бармы?\"\n",
        )
        .unwrap();
        assert_eq!(
            t.get(Language::Ru, &stage_key(Stage::Preliminary)),
            Some("Индивидуальные встречи")
        );
        assert_eq!(
            t.get(Language::Ru, &report_key("В.3.2")),
            Some("Прекращено")
        );
        assert_eq!(
            t.get(
                Language::Tt,
                &screening_key(ScreeningRule::SexualHarm, true)
            ),
            Some("Җенси золым бармы?")
        );
        assert_eq!(t.get(Language::En, &stage_key(Stage::Preliminary)), None);
        assert_eq!(t.get(Language::Tt, &stage_key(Stage::Preliminary)), None);
        assert_eq!(t.len(), 3);
        assert!(CentreTexts::parse("").unwrap().is_empty());
    }

    #[test]
    fn every_stage_and_rule_has_a_key_the_parser_accepts() {
        for stage in Stage::KEYS {
            assert!(known(&format!("stage.{stage}")), "{stage}");
        }
        for rule in ScreeningRule::ALL {
            assert!(known(&screening_key(*rule, true)) && known(&screening_key(*rule, false)));
        }
        for code in ["В.1", "В.1.6", "В.3.2", "В.6"] {
            assert!(known(&report_key(code)), "{code}");
        }
    }

    #[test]
    fn unknown_languages_keys_empty_and_long_texts_are_refused_by_name() {
        let err = |s: &str| CentreTexts::parse(s).unwrap_err();
        assert_eq!(
            err("[de]\n\"stage.referral\" = \"x\""),
            TextsError::UnknownLanguage("de".into())
        );
        for key in [
            "stage.shuttle",
            "screening.sexual_harm",
            "screening.violence.question",
            "report.A.1",
            "report.В.",
            "report.В.x",
            "title",
        ] {
            assert!(
                matches!(err(&format!("[ru]\n\"{key}\" = \"x\"")), TextsError::UnknownKey { key: k, .. } if k == key),
                "{key}"
            );
        }
        assert!(matches!(
            err("[en]\n\"stage.closed\" = \"  \""),
            TextsError::Empty { .. }
        ));
        let long = "я".repeat(MAX_CHARS + 1);
        assert!(matches!(
            err(&format!("[ru]\n\"stage.closed\" = \"{long}\"")),
            TextsError::TooLong { chars, .. } if chars == MAX_CHARS + 1
        ));
        assert!(matches!(err("[ru]\nstage = 1"), TextsError::Syntax(_)));
        let message = err("[ru]\n\"stage.shuttle\" = \"x\"").to_string();
        assert!(
            message.contains("stage.shuttle") && message.contains("README"),
            "{message}"
        );
    }
}

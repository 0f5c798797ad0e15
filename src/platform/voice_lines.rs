//! The recorded voice prompts (`assets/voice/<lang>/<key>.wav`, made by
//! `assets/voice/make_voice.sh` from `lines.tsv`), built into the binary so a kiosk needs no
//! files beside it. A child who cannot read hears what every check-in screen says.

use crate::domain::Language;

macro_rules! voice_lines {
    ($($key:literal),+ $(,)?) => {
        /// Every prompt key, in the order of `lines.tsv`.
        pub const KEYS: &[&str] = &[$($key),+];

        /// The WAV of prompt `key` in `lang`, if there is such a prompt.
        pub fn line(key: &str, lang: Language) -> Option<&'static [u8]> {
            match (lang, key) {
                $(
                    (Language::Ru, $key) => Some(include_bytes!(concat!("../../assets/voice/ru/", $key, ".wav"))),
                    (Language::Tt, $key) => Some(include_bytes!(concat!("../../assets/voice/tt/", $key, ".wav"))),
                    (Language::En, $key) => Some(include_bytes!(concat!("../../assets/voice/en/", $key, ".wav"))),
                )+
                _ => None,
            }
        }
    };
}

voice_lines![
    "home",
    "who",
    "who-empty",
    "which-one",
    "code",
    "code-wrong",
    "help",
    "mood",
    "done",
    "walk-in",
    "failed",
    "enrol-avatar",
    "enrol-code",
    "enrol-code-repeat",
    "enrol-code-mismatch",
    "enrol-done",
    "enrol-sign",
    "enrol-child-sign",
    "child-rest",
    "child-thanks",
    "drawing-clear",
    "restorative-mood",
    "restorative-safe",
    "restorative-go-on",
    "restorative-rules",
    "restorative-ask-yes",
    "restorative-thanks",
    "restorative-ask-adult",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prompt_exists_in_every_language_and_decodes() {
        for key in KEYS {
            for lang in Language::ALL {
                let wav = line(key, lang).unwrap_or_else(|| panic!("{key} in {lang:?}"));
                let decoder = rodio::Decoder::new(std::io::Cursor::new(wav));
                assert!(decoder.is_ok(), "{key} in {lang:?} does not decode");
            }
        }
        assert!(line("no-such-prompt", Language::Ru).is_none());
    }

    #[test]
    fn every_line_of_the_script_is_built_in() {
        let script = include_str!("../../assets/voice/lines.tsv");
        for row in script.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let key = row.split('\t').next().unwrap();
            assert!(
                KEYS.contains(&key),
                "lines.tsv has «{key}», which the kiosk never plays"
            );
        }
    }
}

//! A configuration is checked whole, with the kiosk's own parsers, in both directions.

use super::*;

const KINDS: &str = include_str!("../../../../assets/rental/kinds.toml");
const CATEGORIES: &str = include_str!("../../../../assets/rental/categories.toml");
const MOOD: &str = include_str!("../../../../assets/instruments/mood.toml");
const CACTUS: &str = include_str!("../../../../assets/instruments/cactus.toml");
const LOSS: &str = include_str!("../../../../assets/routes/zhs1-loss-of-parents.toml");

fn full() -> CentreConfig {
    CentreConfig {
        format: CONFIG_FORMAT,
        legal_name: Some("ГАУСО «КЦСОН „Доверие“» Казани".into()),
        rental_kinds: Some(KINDS.into()),
        rental_categories: Some(CATEGORIES.into()),
        instruments: vec![
            ConfigFile { name: "mood.toml".into(), text: MOOD.into() },
            ConfigFile { name: "cactus.toml".into(), text: CACTUS.into() },
        ],
        routes: vec![ConfigFile { name: "zhs1-loss-of-parents.toml".into(), text: LOSS.into() }],
    }
}

#[test]
fn a_whole_configuration_goes_through_json_unchanged() {
    let config = full();
    assert_eq!(config.check(), Ok(()));
    assert_eq!(CentreConfig::from_json(&config.to_json()), Ok(config.clone()));
    assert_eq!(
        config.summary(),
        "the legal name, the rental kinds, the rental categories, 2 instrument file(s), 1 help-route template(s)"
    );
}

#[test]
fn an_empty_or_unknown_configuration_is_refused() {
    let empty = CentreConfig {
        format: CONFIG_FORMAT,
        legal_name: None,
        rental_kinds: None,
        rental_categories: None,
        instruments: vec![],
        routes: vec![],
    };
    assert_eq!(empty.check(), Err(ConfigProblem::Empty));
    assert_eq!(
        CentreConfig::from_json(br#"{"format": 2, "legal_name": "x"}"#),
        Err(ConfigProblem::UnknownFormat { found: 2, known: 1 })
    );
    assert!(matches!(
        CentreConfig::from_json(br#"{"format": 1, "legal_name": "x", "staff": []}"#),
        Err(ConfigProblem::Unreadable(_))
    ));
    assert!(matches!(CentreConfig::from_json(b"not json"), Err(ConfigProblem::Unreadable(_))));
}

#[test]
fn a_broken_part_is_refused_with_its_file_and_line() {
    let mut c = full();
    c.rental_kinds = Some("format = 1\n[[kind]]\nkey = 3\n".into());
    assert!(matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == rental_kinds::CENTRE_FILE));
    let mut c = full();
    c.instruments[1].text = "garbage = [".into();
    assert!(matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == "cactus.toml"));
    let mut c = full();
    c.routes[0].text = "format = 1\n".into();
    assert!(matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == "zhs1-loss-of-parents.toml"));
    let mut c = full();
    c.legal_name = Some("  ".into());
    assert_eq!(c.check(), Err(ConfigProblem::LegalName));
    c.legal_name = Some("x".repeat(MAX_LEGAL_NAME + 1));
    assert_eq!(c.check(), Err(ConfigProblem::LegalName));
}

#[test]
fn instrument_files_have_safe_distinct_names_and_distinct_ids() {
    for bad in ["../mood.toml", "mood", ".mood.toml", "Mood.toml", "a/b.toml", "a..b.toml", ".toml"] {
        let mut c = full();
        c.instruments[0].name = bad.into();
        assert_eq!(c.check(), Err(ConfigProblem::FileName(bad.into())), "{bad}");
    }
    let mut c = full();
    c.instruments[1] = ConfigFile { name: "mood-2.toml".into(), text: MOOD.into() };
    assert!(matches!(c.check(), Err(ConfigProblem::DuplicateInstrument { .. })));
    let mut c = full();
    c.instruments[1].name = "mood.toml".into();
    assert_eq!(c.check(), Err(ConfigProblem::FileName("mood.toml".into())));
}

//! A configuration is checked whole, with the kiosk's own parsers, in both directions.

use super::*;
use crate::staff::Role;

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
            ConfigFile {
                name: "mood.toml".into(),
                text: MOOD.into(),
            },
            ConfigFile {
                name: "cactus.toml".into(),
                text: CACTUS.into(),
            },
        ],
        routes: vec![ConfigFile {
            name: "zhs1-loss-of-parents.toml".into(),
            text: LOSS.into(),
        }],
        ..CentreConfig::default()
    }
}

#[test]
fn a_whole_configuration_goes_through_json_unchanged() {
    let config = full();
    assert_eq!(config.check(), Ok(()));
    assert_eq!(
        CentreConfig::from_json(&config.to_json()),
        Ok(config.clone())
    );
    assert_eq!(
        config.summary(),
        "the legal name, the rental kinds, the rental categories, 2 instrument file(s), 1 help-route template(s)"
    );
}

#[test]
fn an_empty_or_unknown_configuration_is_refused() {
    let empty = CentreConfig::default();
    assert_eq!(empty.check(), Err(ConfigProblem::Empty));
    assert_eq!(
        CentreConfig::from_json(br#"{"format": 2, "legal_name": "x"}"#),
        Err(ConfigProblem::UnknownFormat { found: 2, known: 1 })
    );
    assert!(matches!(
        CentreConfig::from_json(br#"{"format": 1, "legal_name": "x", "family_merges": []}"#),
        Err(ConfigProblem::Unreadable(_))
    ));
    assert!(matches!(
        CentreConfig::from_json(b"not json"),
        Err(ConfigProblem::Unreadable(_))
    ));
}

#[test]
fn a_broken_part_is_refused_with_its_file_and_line() {
    let mut c = full();
    c.rental_kinds = Some("format = 1\n[[kind]]\nkey = 3\n".into());
    assert!(
        matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == rental_kinds::CENTRE_FILE)
    );
    let mut c = full();
    c.instruments[1].text = "garbage = [".into();
    assert!(matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == "cactus.toml"));
    let mut c = full();
    c.routes[0].text = "format = 1\n".into();
    assert!(
        matches!(c.check(), Err(ConfigProblem::File(e)) if e.file == "zhs1-loss-of-parents.toml")
    );
    let mut c = full();
    c.legal_name = Some("  ".into());
    assert_eq!(c.check(), Err(ConfigProblem::LegalName));
    c.legal_name = Some("x".repeat(MAX_LEGAL_NAME + 1));
    assert_eq!(c.check(), Err(ConfigProblem::LegalName));
}

#[test]
fn instrument_files_have_safe_distinct_names_and_distinct_ids() {
    for bad in [
        "../mood.toml",
        "mood",
        ".mood.toml",
        "Mood.toml",
        "a/b.toml",
        "a..b.toml",
        ".toml",
    ] {
        let mut c = full();
        c.instruments[0].name = bad.into();
        assert_eq!(c.check(), Err(ConfigProblem::FileName(bad.into())), "{bad}");
    }
    let mut c = full();
    c.instruments[1] = ConfigFile {
        name: "mood-2.toml".into(),
        text: MOOD.into(),
    };
    assert!(matches!(
        c.check(),
        Err(ConfigProblem::DuplicateInstrument { .. })
    ));
    let mut c = full();
    c.instruments[1].name = "mood.toml".into();
    assert_eq!(c.check(), Err(ConfigProblem::FileName("mood.toml".into())));
}

fn colleague(uid: &str, first: &str, last: &str, role: Role) -> Colleague {
    Colleague {
        uid: uid.into(),
        first_name: first.into(),
        patronymic: String::new(),
        last_name: last.into(),
        role,
        starting_code: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
        units: vec![],
    }
}

#[test]
fn a_roster_with_switched_off_colleagues_and_erasure_orders_is_a_configuration() {
    let config = CentreConfig {
        staff: vec![
            colleague("safina.a", "Алсу", "Сафина", Role::Psychologist),
            colleague("galiev.r", "Рөстәм", "Гәлиев", Role::Staff),
        ],
        revoked_staff: vec!["petrova.i".into()],
        erasure_orders: vec![ErasureOrder {
            order: 3,
            family: 17,
            enrolled_at: Some(1_764_000_000),
        }],
        ..CentreConfig::default()
    };
    assert_eq!(config.check(), Ok(()));
    assert_eq!(
        CentreConfig::from_json(&config.to_json()),
        Ok(config.clone())
    );
    assert_eq!(
        config.summary(),
        "2 colleague(s), 1 colleague(s) switched off, 1 erasure order(s)"
    );
    let only_orders = CentreConfig {
        erasure_orders: vec![ErasureOrder {
            order: 1,
            family: 2,
            enrolled_at: None,
        }],
        ..CentreConfig::default()
    };
    assert_eq!(
        only_orders.check(),
        Ok(()),
        "an erasure order alone is worth a version"
    );
}

#[test]
fn a_roster_that_a_kiosk_could_not_keep_is_refused() {
    let ok = colleague("safina.a", "Алсу", "Сафина", Role::Psychologist);
    let with = |staff: Vec<Colleague>, revoked: Vec<&str>| {
        CentreConfig {
            staff,
            revoked_staff: revoked.into_iter().map(String::from).collect(),
            ..CentreConfig::default()
        }
        .check()
    };
    for uid in [
        "",
        "с-кириллицей",
        "a b",
        "../x",
        &"x".repeat(roster::MAX_UID + 1),
    ] {
        let bad = Colleague {
            uid: uid.into(),
            ..ok.clone()
        };
        assert_eq!(
            with(vec![bad], vec![]),
            Err(RosterProblem::Uid(uid.into()).into()),
            "{uid:?}"
        );
        assert_eq!(
            with(vec![], vec![uid]),
            Err(RosterProblem::Uid(uid.into()).into()),
            "{uid:?}"
        );
    }
    assert_eq!(
        with(vec![ok.clone(), ok.clone()], vec![]),
        Err(RosterProblem::Twice("safina.a".into()).into())
    );
    assert_eq!(
        with(vec![], vec!["x", "x"]),
        Err(RosterProblem::Twice("x".into()).into())
    );
    assert_eq!(
        with(vec![ok.clone()], vec!["safina.a"]),
        Err(RosterProblem::ListedAndRevoked("safina.a".into()).into())
    );
    let no_name = Colleague {
        last_name: "  ".into(),
        ..ok.clone()
    };
    assert!(matches!(
        with(vec![no_name], vec![]),
        Err(ConfigProblem::Roster(RosterProblem::Name { .. }))
    ));
    let plain_code = Colleague {
        starting_code: "12345678".into(),
        ..ok.clone()
    };
    assert_eq!(
        with(vec![plain_code], vec![]),
        Err(RosterProblem::StartingCode("safina.a".into()).into())
    );
    for (order, family) in [(0, 5), (5, 0), (5, -1)] {
        let c = CentreConfig {
            erasure_orders: vec![ErasureOrder {
                order,
                family,
                enrolled_at: None,
            }],
            ..CentreConfig::default()
        };
        assert_eq!(
            c.check(),
            Err(ConfigProblem::ErasureOrder { order, family })
        );
    }
}

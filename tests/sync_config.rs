//! The centre's configuration coming down to a kiosk (issue 18 §3), end to end with the real
//! `ladoshka` binary and an in-process centre: the kiosk registers its key and takes the newest
//! version at its next sync, applies it whole (legal name, rental files, an instrument), and
//! takes nothing more until a newer one. On a stick, a package that is older, tampered with, or
//! signed by another centre is refused, nothing changes, and the Device and sync screen's state
//! says so.

mod common;

use common::{printed as text, run, TempKiosk};
use ladoshka::domain::centre_config::{CentreConfig, ConfigFile, CONFIG_FORMAT};
use ladoshka_centre_testing::TestCentre;
use ladoshka_seal::{CentreKeys, ConfigPackage};

const TRAUMA: &str = include_str!("fixtures/instruments/trauma-screen-8.toml");
const KINDS: &str = include_str!("../assets/rental/kinds.toml");
const LOSS: &str = include_str!("../assets/routes/zhs1-loss-of-parents.toml");

fn config(legal_name: &str) -> CentreConfig {
    CentreConfig {
        format: CONFIG_FORMAT,
        legal_name: Some(legal_name.into()),
        rental_kinds: Some(KINDS.into()),
        rental_categories: None,
        instruments: vec![ConfigFile {
            name: "trauma-screen-8.toml".into(),
            text: TRAUMA.into(),
        }],
        routes: vec![ConfigFile {
            name: "zhs1-loss-of-parents.toml".into(),
            text: LOSS.into(),
        }],
        ..CentreConfig::default()
    }
}

/// A kiosk enrolled online with `c` (fingerprint confirmed) that synced once.
fn enrolled(c: &TestCentre, url: &str) -> TempKiosk {
    let k = TempKiosk::new();
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            url,
            "--token",
            &c.token(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    k
}

#[test]
fn the_centres_configuration_reaches_the_kiosk_at_its_next_sync_and_only_once() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = enrolled(&c, &server.url());
    assert_eq!(
        c.centre
            .publish_config(&config("ГАУСО «КЦСОН „Доверие“»"))
            .unwrap(),
        1
    );

    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Applied the centre's configuration version 1"),
        "{}",
        text(&out)
    );
    let store = k.open();
    let state = store.centre_config().unwrap();
    assert_eq!(state.serial, 1);
    assert_eq!(state.legal_name.as_deref(), Some("ГАУСО «КЦСОН „Доверие“»"));
    assert!(state.key_registered);
    assert_eq!(state.refusal, None);
    assert_eq!(
        std::fs::read_to_string(k.data_dir().join("rental/kinds.toml")).unwrap(),
        KINDS
    );
    assert_eq!(
        std::fs::read_to_string(k.data_dir().join("centre-routes/zhs1-loss-of-parents.toml"))
            .unwrap(),
        LOSS
    );
    let imported = store.imported_instruments().unwrap();
    assert!(
        imported
            .iter()
            .any(|(name, _)| name == "trauma-screen-8.toml"),
        "{imported:?}"
    );
    assert_eq!(store.sync_status().unwrap().config.serial, 1);
    drop(store);

    // Nothing newer: nothing applied again; the centre knows which version the kiosk runs.
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("configuration"), "{}", text(&out));
    let states = c.centre.store().config_states().unwrap();
    assert_eq!(states[0].have_serial, Some(1));

    let out = run(&k, &["config", "show"]);
    assert!(
        text(&out).contains("Configuration version 1"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("КЦСОН"), "{}", text(&out));
}

#[test]
fn on_a_stick_an_older_tampered_or_foreign_package_is_refused_and_nothing_changes() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = enrolled(&c, &server.url());
    // The first sync registers the kiosk's key; nothing is published yet.
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    let stick_v1 = tempfile::tempdir().unwrap();
    let stick_v2 = tempfile::tempdir().unwrap();
    c.centre.publish_config(&config("КЦСОН v1")).unwrap();
    let (_, v1) = c.centre.export_configs(stick_v1.path()).unwrap().unwrap();
    c.centre.publish_config(&config("КЦСОН v2")).unwrap();
    c.centre.export_configs(stick_v2.path()).unwrap().unwrap();

    let out = run(&k, &["config", "apply", stick_v2.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Applied configuration version 2"),
        "{}",
        text(&out)
    );

    // The older package, still on another stick.
    let out = run(&k, &["config", "apply", v1[0].path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("older"), "{}", text(&out));
    assert!(text(&out).contains("Nothing was changed"), "{}", text(&out));

    // A package with one byte changed.
    let file = stick_v2
        .path()
        .read_dir()
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let tampered = k.dir.path().join("tampered.ldsc");
    std::fs::write(&tampered, &bytes).unwrap();
    let out = run(&k, &["config", "apply", tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("signature"), "{}", text(&out));

    // A package another centre sealed to this very kiosk's key.
    let (device_id, kem) = {
        let store = k.open();
        (
            store.sync_identity().unwrap().device_id,
            store.config_key().unwrap().public_key(),
        )
    };
    let stranger = CentreKeys::generate().unwrap();
    let foreign = ConfigPackage::seal(
        &stranger,
        device_id,
        &kem,
        99,
        ladoshka_centre::time::now_unix(),
        &config("Чужой центр").to_json(),
    )
    .unwrap();
    let foreign_file = k.dir.path().join("foreign.ldsc");
    std::fs::write(&foreign_file, foreign).unwrap();
    let out = run(&k, &["config", "apply", foreign_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("another centre"), "{}", text(&out));

    let store = k.open();
    let state = store.centre_config().unwrap();
    assert_eq!(state.serial, 2, "the kiosk still runs version 2");
    assert_eq!(state.legal_name.as_deref(), Some("КЦСОН v2"));
    assert!(
        state.refusal.is_some(),
        "the refusal is kept for the Device and sync screen"
    );
    assert!(store.sync_status().unwrap().config.refusal.is_some());
}

#[test]
fn a_kiosk_whose_centre_fingerprint_was_never_confirmed_takes_no_package_from_a_stick() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = TempKiosk::new();
    // Enrolled, but nobody compared the centre's fingerprint: the key is recorded, not trusted.
    let out = run(
        &k,
        &["enrol", "--centre", &server.url(), "--token", &c.token()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let (device_id, kem) = {
        let store = k.open();
        assert!(!store.centre().unwrap().unwrap().confirmed);
        (
            store.sync_identity().unwrap().device_id,
            store.config_key().unwrap().public_key(),
        )
    };
    // A package the enrolled key really signed for this kiosk: still not taken.
    let package = ConfigPackage::seal(
        c.centre.keys(),
        device_id,
        &kem,
        1,
        ladoshka_centre::time::now_unix(),
        &config("ГАУСО «КЦСОН „Доверие“»").to_json(),
    )
    .unwrap();
    let file = k.dir.path().join("package.ldsc");
    std::fs::write(&file, package).unwrap();
    let out = run(&k, &["config", "apply", file.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("fingerprint has not been confirmed"),
        "{}",
        text(&out)
    );

    let state = k.open().centre_config().unwrap();
    assert_eq!(state.serial, 0, "nothing was applied");
    assert_eq!(state.legal_name, None);

    // Once a person confirms the fingerprint, the same package applies.
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(&k, &["enrol", "--fingerprint", &fingerprint]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["config", "apply", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(k.open().centre_config().unwrap().serial, 1);
}

#[test]
fn the_centres_roster_puts_a_kcson_s_colleagues_on_its_kiosk_and_switches_off_those_who_left() {
    use ladoshka::domain::centre_config::Colleague;
    use ladoshka::domain::Role;
    use ladoshka_centre::configuration::starting_code::StartingCodes;

    let c = TestCentre::new();
    let server = c.serve();
    let k = enrolled(&c, &server.url());
    let device = k.open().sync_identity().unwrap().device_id;
    c.centre
        .store()
        .set_device_place(&device, Some("КЦСОН «Доверие»"), Some("Игровая"), 0)
        .unwrap();
    let codes = StartingCodes::for_centre(&c.layout).unwrap();
    let colleague = |uid: &str, first: &str, last: &str, units: &[&str]| Colleague {
        uid: uid.into(),
        first_name: first.into(),
        patronymic: String::new(),
        last_name: last.into(),
        role: Role::Psychologist,
        starting_code: codes.hash(uid, 1).unwrap(),
        units: units.iter().map(|u| u.to_string()).collect(),
    };
    let roster = CentreConfig {
        staff: vec![
            colleague(
                "safina.a",
                "Алсу",
                "Сафина",
                &["КЦСОН «Доверие»", "КЦСОН «Радуга»"],
            ),
            colleague("ivanova.m", "Мария", "Иванова", &["КЦСОН «Радуга»"]),
            colleague("galiev.r", "Рөстәм", "Гәлиев", &[]),
        ],
        ..CentreConfig::default()
    };
    c.centre.publish_config(&roster).unwrap();
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 colleague(s)"), "{}", text(&out));

    let names = |k: &TempKiosk| -> Vec<(String, bool)> {
        let mut v: Vec<_> = k
            .open()
            .staff_cards()
            .unwrap()
            .into_iter()
            .filter(|s| s.first_sign_in)
            .map(|s| (s.member.last_name, s.first_sign_in))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        names(&k),
        [("Гәлиев".to_string(), true), ("Сафина".to_string(), true)],
        "this КЦСОН's colleague and the one of every КЦСОН, not Радуга's"
    );

    // She chooses her PIN here with the code the centre printed for her.
    let (id, code) = {
        let cards = k.open().staff_cards().unwrap();
        let id = cards
            .iter()
            .find(|s| s.member.last_name == "Сафина")
            .unwrap()
            .id;
        (
            id,
            ladoshka::domain::Pin::parse(&codes.code("safina.a", 1)).unwrap(),
        )
    };
    let pepper = ladoshka::crypto::PinPepper::from_bytes([1; 32]);
    let mine = ladoshka::crypto::PinHash::with_cost(
        &ladoshka::domain::Pin::parse("2468").unwrap(),
        &pepper,
        ladoshka::crypto::PinCost::TESTS_ONLY,
    );
    let now = chrono::Utc::now();
    assert_eq!(
        k.open()
            .choose_first_pin(id, now, |h| h.verify_starting_code(&code), &mine)
            .unwrap(),
        ladoshka::domain::PinCheck::Accepted
    );

    // Гәлиев left: the next version switches him off; Сафина keeps her PIN.
    let next = CentreConfig {
        staff: vec![colleague(
            "safina.a",
            "Алсу",
            "Сафина",
            &["КЦСОН «Доверие»"],
        )],
        revoked_staff: vec!["galiev.r".into()],
        ..CentreConfig::default()
    };
    c.centre.publish_config(&next).unwrap();
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    let store = k.open();
    let cards = store.staff_cards().unwrap();
    assert!(
        !cards.iter().any(|s| s.member.last_name == "Гәлиев"),
        "switched off"
    );
    let her = cards
        .iter()
        .find(|s| s.member.last_name == "Сафина")
        .unwrap();
    assert!(!her.first_sign_in, "her PIN stays");
    assert_eq!(store.centre_config().unwrap().serial, 2);
}

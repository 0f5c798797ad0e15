//! The configuration channel down to the kiosks, over HTTP, on both engines: a kiosk registers
//! its key, asks for its configuration and gets the last published version sealed to it and
//! signed by the centre, then nothing more until a newer one; strangers, revoked kiosks and
//! unsigned requests are refused; a broken configuration is never published; `config export`
//! writes a package per kiosk with a key.

mod common;

use common::{request, CentreExt, Kiosk, Resp};
use ladoshka_centre::configuration::ConfigChannelError;
use ladoshka_centre::http::CONFIG_SERIAL_HEADER;
use ladoshka_centre_testing::{Engine, Server, TestCentre};
use ladoshka_indicators::domain::centre_config::{CentreConfig, ConfigFile, CONFIG_FORMAT};
use ladoshka_seal::{
    ConfigPackage, ConfigRefusal, ConfigRequest, DeviceKemKeys, DeviceKemRegistration, DeviceSigned,
};

fn config(name: &str) -> CentreConfig {
    CentreConfig {
        format: CONFIG_FORMAT,
        legal_name: Some(name.into()),
        rental_kinds: Some(include_str!("../../../assets/rental/kinds.toml").into()),
        rental_categories: None,
        instruments: vec![ConfigFile {
            name: "mood.toml".into(),
            text: include_str!("../../../assets/instruments/mood.toml").into(),
        }],
        routes: vec![],
        ..CentreConfig::default()
    }
}

fn signed_headers(at: i64, signature: &[u8]) -> [(&'static str, String); 2] {
    [
        ("X-Ladoshka-Signed-At", at.to_string()),
        ("X-Ladoshka-Signature", hex::encode(signature)),
    ]
}

fn send(srv: &Server, method: &str, path: &str, headers: &[(&'static str, String); 2]) -> Resp {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    request(srv.addr, method, path, &headers, b"")
}

fn register(srv: &Server, kiosk: &Kiosk, kem: &DeviceKemKeys) -> Resp {
    let at = ladoshka_centre::time::now_unix();
    let registration = DeviceKemRegistration {
        device_id: kiosk.device_id,
        kem_public_key: kem.public_key(),
        issued_at_unix: at,
    };
    let signature = registration.sign(&kiosk.centre, &kiosk.identity);
    let path = format!(
        "/v1/device-kem?device={}&key={}",
        hex::encode(kiosk.device_id),
        kem.public_key().to_hex()
    );
    send(srv, "POST", &path, &signed_headers(at, &signature))
}

fn ask(srv: &Server, kiosk: &Kiosk, have: u64) -> Resp {
    let at = ladoshka_centre::time::now_unix();
    let req = ConfigRequest {
        device_id: kiosk.device_id,
        have_serial: have,
        issued_at_unix: at,
    };
    let signature = req.sign(&kiosk.centre, &kiosk.identity);
    let path = format!(
        "/v1/config?device={}&have={have}",
        hex::encode(kiosk.device_id)
    );
    send(srv, "GET", &path, &signed_headers(at, &signature))
}

#[test]
fn a_kiosk_gets_the_last_version_sealed_to_it_and_then_nothing_until_a_newer_one() {
    for engine in [Engine::Sqlcipher, Engine::Postgres] {
        let c = TestCentre::on(engine);
        let srv = c.serve();
        let kiosk = c.enrolled_kiosk();
        let kem = DeviceKemKeys::generate().unwrap();

        // Nothing published: nothing to take.
        assert_eq!(ask(&srv, &kiosk, 0).status, 204, "{engine:?}");
        assert_eq!(
            c.centre.publish_config(&config("КЦСОН «Доверие»")).unwrap(),
            1
        );
        // Published, but the kiosk has no key yet: it is told to register one.
        let resp = ask(&srv, &kiosk, 0);
        assert_eq!(resp.status, 409, "{}", resp.text());
        assert!(resp.error().contains("register"), "{}", resp.error());
        let resp = register(&srv, &kiosk, &kem);
        assert_eq!(resp.status, 204, "{}", resp.text());

        let resp = ask(&srv, &kiosk, 0);
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert_eq!(resp.header(CONFIG_SERIAL_HEADER), Some("1"));
        let opened =
            ConfigPackage::open(&resp.body, &kiosk.centre, &kiosk.device_id, &kem, 0).unwrap();
        assert_eq!(opened.serial, 1);
        assert_eq!(
            CentreConfig::from_json(&opened.payload).unwrap(),
            config("КЦСОН «Доверие»")
        );
        // The same package again is nothing new to the kiosk.
        assert_eq!(
            ConfigPackage::open(&resp.body, &kiosk.centre, &kiosk.device_id, &kem, 1).unwrap_err(),
            ConfigRefusal::AlreadyApplied { serial: 1 }
        );
        assert_eq!(ask(&srv, &kiosk, 1).status, 204);

        assert_eq!(
            c.centre.publish_config(&config("КЦСОН «Надежда»")).unwrap(),
            2
        );
        let resp = ask(&srv, &kiosk, 1);
        assert_eq!(resp.header(CONFIG_SERIAL_HEADER), Some("2"));
        let newer =
            ConfigPackage::open(&resp.body, &kiosk.centre, &kiosk.device_id, &kem, 1).unwrap();
        assert_eq!(newer.serial, 2);
        // The older package, kept on a stick, is refused once the kiosk runs version 2.
        let old = ask(&srv, &kiosk, 0); // version 2 again, as the centre only sends the last
        assert_eq!(old.header(CONFIG_SERIAL_HEADER), Some("2"));

        let states = c.centre.store().config_states().unwrap();
        assert_eq!(states.len(), 1);
        assert_eq!(states[0].have_serial, Some(0));
        assert!(states[0].kem_public_key.is_some());
    }
}

#[test]
fn strangers_unsigned_and_revoked_kiosks_get_no_configuration() {
    let c = TestCentre::new();
    let srv = c.serve();
    let kiosk = c.enrolled_kiosk();
    let kem = DeviceKemKeys::generate().unwrap();
    c.centre.publish_config(&config("КЦСОН")).unwrap();

    // Unsigned.
    let path = format!("/v1/config?device={}&have=0", hex::encode(kiosk.device_id));
    assert_eq!(request(srv.addr, "GET", &path, &[], b"").status, 401);
    // Another kiosk's key signing for this device.
    let mut impostor = Kiosk::new(c.public_key());
    impostor.device_id = kiosk.device_id;
    assert_eq!(ask(&srv, &impostor, 0).status, 401);
    assert_eq!(register(&srv, &impostor, &kem).status, 401);
    // A device the centre never enrolled.
    assert_eq!(ask(&srv, &Kiosk::new(c.public_key()), 0).status, 404);
    // A revoked kiosk.
    c.centre.store().revoke(&kiosk.device_id, 0).unwrap();
    assert_eq!(register(&srv, &kiosk, &kem).status, 403);
    assert_eq!(ask(&srv, &kiosk, 0).status, 403);
}

#[test]
fn a_broken_configuration_is_never_published_and_export_writes_one_package_per_kiosk() {
    let c = TestCentre::new();
    let mut broken = config("КЦСОН");
    broken.instruments[0].text = "format = 1\nid = ".into();
    assert!(matches!(
        c.centre.publish_config(&broken),
        Err(ConfigChannelError::Problem(_))
    ));
    assert!(c.centre.store().latest_config().unwrap().is_none());

    let srv = c.serve();
    let with_key = c.enrolled_kiosk();
    let kem = DeviceKemKeys::generate().unwrap();
    assert_eq!(register(&srv, &with_key, &kem).status, 204);
    let _without_key = c.enrolled_kiosk();
    let stick = tempfile::tempdir().unwrap();
    assert!(
        c.centre.export_configs(stick.path()).unwrap().is_none(),
        "nothing published yet"
    );
    c.centre.publish_config(&config("КЦСОН")).unwrap();
    let (serial, written) = c.centre.export_configs(stick.path()).unwrap().unwrap();
    assert_eq!(serial, 1);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].device_id, with_key.device_id);
    let bytes = std::fs::read(&written[0].path).unwrap();
    let opened =
        ConfigPackage::open(&bytes, &with_key.centre, &with_key.device_id, &kem, 0).unwrap();
    assert_eq!(opened.serial, 1);
    assert_eq!(
        std::fs::read_dir(stick.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

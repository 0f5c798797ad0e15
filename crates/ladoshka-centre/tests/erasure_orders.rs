//! Erasure orders from the centre, on both engines: a family is found by surname (audited, ids
//! only), its kiosk is ordered to erase it, which publishes a new version whose package for that
//! kiosk (and no other) carries the order; the order is `ordered`, then `delivered` once the kiosk
//! runs that version, then `carried out` when the kiosk's erasure row naming it is imported,
//! which deletes the centre's copy. Refusals: an unknown or revoked kiosk, a family the centre
//! holds no rows of, a family ordered twice.

mod common;

use common::{CentreExt, Kiosk};
use ladoshka_centre::erasure_orders::ErasureOrderError;
use ladoshka_centre::store::erasure_order::OrderState;
use ladoshka_centre::store::Via;
use ladoshka_centre_testing::{Engine, TestCentre};
use ladoshka_indicators::domain::centre_config::{CentreConfig, ErasureOrder};
use ladoshka_seal::{raw_body, ConfigPackage, DeviceKemKeys, OutboxRow};
use serde_json::json;

/// When the rows below were written on the kiosk (2026-11-02T10:00:00+03:00), Unix seconds.
const ENROLLED: i64 = 1_793_602_800;

fn row(kind: &str, id: i64, record: serde_json::Value) -> OutboxRow {
    OutboxRow {
        seq: 0,
        kind: kind.into(),
        body: raw_body(&json!({ "entity_id": id, "data": { "id": id, "record": record } })),
        created_at: "2026-11-02T10:00:00+03:00".into(),
    }
}

/// Two families as a kiosk enrols them: 1 Сафина (with a child), 2 Иванова.
fn two_families() -> Vec<OutboxRow> {
    vec![
        row(
            "family.insert",
            1,
            json!({ "surname": "Сафина", "parent_name": "Алсу Сафина" }),
        ),
        row(
            "child.insert",
            1,
            json!({ "family": 1, "first_name": "Аня" }),
        ),
        row(
            "family.insert",
            2,
            json!({ "surname": "Иванова", "parent_name": "Мария Иванова" }),
        ),
    ]
}

/// The kiosk's answer to order `order`: its erasure row for family 1 and its child.
fn answer(order: u64) -> Vec<OutboxRow> {
    vec![row(
        "erasure.insert",
        1,
        json!({ "family": 1, "children": [1], "whole_family": true,
                "entities": { "family": [1], "child": [1] }, "order": order }),
    )]
}

/// The configuration `kiosk` would be sent now, opened with its key.
fn package_for(c: &TestCentre, kiosk: &Kiosk, kem: &DeviceKemKeys) -> (u64, CentreConfig) {
    let dir = tempfile::tempdir().unwrap();
    let (serial, written) = c.centre.export_configs(dir.path()).unwrap().unwrap();
    let file = written
        .iter()
        .find(|e| e.device_id == kiosk.device_id)
        .unwrap();
    let bytes = std::fs::read(&file.path).unwrap();
    let opened = ConfigPackage::open(&bytes, &kiosk.centre, &kiosk.device_id, kem, 0).unwrap();
    (serial, CentreConfig::from_json(&opened.payload).unwrap())
}

fn registered(c: &TestCentre) -> (Kiosk, DeviceKemKeys) {
    let kiosk = c.enrolled_kiosk();
    let kem = DeviceKemKeys::generate().unwrap();
    c.centre
        .store()
        .register_kem(&kiosk.device_id, kem.public_key().as_bytes(), 1)
        .unwrap();
    (kiosk, kem)
}

#[test]
fn an_order_goes_to_its_kiosk_and_is_followed_until_carried_out() {
    for engine in [Engine::Sqlcipher, Engine::Postgres] {
        let c = TestCentre::on(engine);
        let (mut kiosk, kem) = registered(&c);
        let (other, other_kem) = registered(&c);
        c.centre
            .receive(&kiosk.next_of(&two_families()), Via::Http)
            .unwrap();

        // Found by surname, letter case aside; the search is audited with ids, not the name.
        let found = c
            .centre
            .find_families(" сафина ", "command line (test)")
            .unwrap();
        assert_eq!(found.len(), 1, "{engine:?}");
        assert_eq!((found[0].device_id, found[0].family), (kiosk.device_id, 1));
        assert_eq!(found[0].surname, "Сафина");
        assert_eq!(found[0].enrolled_at, "2026-11-02T10:00:00+03:00");
        let audit = c.centre.store().audit_log(10).unwrap();
        let search = audit
            .iter()
            .find(|e| e.action == "erasure-find")
            .expect("the search is audited");
        assert!(search
            .subject
            .contains(&format!("{}:1", hex::encode(kiosk.device_id))));
        assert!(!search.subject.contains("Сафина"), "{}", search.subject);

        // Nothing was published: the order publishes version 1, an empty configuration.
        let placed = c
            .centre
            .order_erasure(&kiosk.device_id, 1, Some("заявление № 7"), "test")
            .unwrap();
        assert_eq!(
            (placed.order, placed.serial, placed.state()),
            (1, 1, OrderState::Ordered)
        );
        assert_eq!(c.centre.store().latest_config().unwrap().unwrap().serial, 1);
        let (serial, config) = package_for(&c, &kiosk, &kem);
        assert_eq!(serial, 1);
        assert_eq!(
            config.erasure_orders,
            [ErasureOrder {
                order: 1,
                family: 1,
                enrolled_at: Some(ENROLLED)
            }]
        );
        assert_eq!(config.legal_name, None, "an empty configuration still goes");
        assert!(
            package_for(&c, &other, &other_kem)
                .1
                .erasure_orders
                .is_empty(),
            "not to another kiosk"
        );
        assert!(c
            .centre
            .store()
            .audit_log(10)
            .unwrap()
            .iter()
            .any(|e| e.action == "erasure-ordered"));

        // Ordered twice while open: refused. Unknown kiosk: refused.
        assert!(matches!(
            c.centre.order_erasure(&kiosk.device_id, 1, None, "test"),
            Err(ErasureOrderError::AlreadyOrdered { order: 1, .. })
        ));
        assert!(matches!(
            c.centre.order_erasure(&[9; 16], 1, None, "test"),
            Err(ErasureOrderError::UnknownDevice { .. })
        ));
        // A family the centre holds no rows of: refused (it is found first, then ordered).
        assert!(matches!(
            c.centre.order_erasure(&kiosk.device_id, 5, None, "test"),
            Err(ErasureOrderError::NotHeld { family: 5, .. })
        ));

        // A published configuration is carried on: the next order's version has it too.
        let named = CentreConfig {
            legal_name: Some("ГАУСО «Доверие»".into()),
            ..CentreConfig::default()
        };
        assert_eq!(c.centre.publish_config(&named).unwrap(), 2);
        let second = c
            .centre
            .order_erasure(&kiosk.device_id, 2, None, "test")
            .unwrap();
        assert_eq!((second.order, second.serial), (2, 3));
        let (serial, config) = package_for(&c, &kiosk, &kem);
        assert_eq!(serial, 3);
        assert_eq!(config.legal_name.as_deref(), Some("ГАУСО «Доверие»"));
        assert_eq!(
            config.erasure_orders,
            [
                ErasureOrder {
                    order: 1,
                    family: 1,
                    enrolled_at: Some(ENROLLED)
                },
                ErasureOrder {
                    order: 2,
                    family: 2,
                    enrolled_at: Some(ENROLLED)
                }
            ]
        );

        // The kiosk says it runs version 1: the first order is delivered, the second not yet.
        c.centre
            .store()
            .note_config_have(&kiosk.device_id, 1, 2)
            .unwrap();
        let states = |c: &TestCentre| -> Vec<OrderState> {
            c.centre
                .store()
                .erasure_orders()
                .unwrap()
                .iter()
                .map(|o| o.state())
                .collect()
        };
        assert_eq!(
            states(&c),
            [OrderState::Delivered, OrderState::Ordered],
            "{engine:?}"
        );

        // Its erasure row for order 1 arrives: carried out, the centre's copy deleted.
        c.centre
            .receive(&kiosk.next_of(&answer(1)), Via::Http)
            .unwrap();
        assert_eq!(
            states(&c),
            [OrderState::CarriedOut, OrderState::Ordered],
            "{engine:?}"
        );
        let orders = c.centre.store().erasure_orders().unwrap();
        let done = orders[0].done.expect("carried out");
        assert_eq!((done.seq, done.rows_deleted), (4, 2), "{engine:?}");
        assert_eq!(orders[0].reason.as_deref(), Some("заявление № 7"));
        let kinds: Vec<String> = c
            .centre
            .store()
            .rows(&kiosk.device_id)
            .unwrap()
            .into_iter()
            .map(|r| r.kind)
            .collect();
        assert_eq!(
            kinds,
            ["family.insert", "erasure.insert"],
            "only family 2 and the erasure row are left"
        );
        assert!(c.centre.find_families("Сафина", "test").unwrap().is_empty());
        // The next package no longer carries it; the family may be ordered again (a new order).
        assert_eq!(
            package_for(&c, &kiosk, &kem).1.erasure_orders,
            [ErasureOrder {
                order: 2,
                family: 2,
                enrolled_at: Some(ENROLLED)
            }]
        );

        // Another kiosk's erasure row naming order 2 does not answer it.
        let mut stranger = c.enrolled_kiosk();
        c.centre
            .receive(&stranger.next_of(&answer(2)), Via::Http)
            .unwrap();
        assert_eq!(states(&c)[1], OrderState::Ordered, "{engine:?}");

        // A revoked kiosk is sent nothing, so it is not given orders.
        c.centre.store().revoke(&other.device_id, 3).unwrap();
        assert!(matches!(
            c.centre.order_erasure(&other.device_id, 2, None, "test"),
            Err(ErasureOrderError::Revoked { .. })
        ));
    }
}

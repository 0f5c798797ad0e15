//! The centre's erasure order reaching a kiosk (issue 18 §3), end to end with the real
//! `ladoshka` binary and an in-process centre: a family enrolled and synced is found at the
//! centre and ordered erased; at the next sync the kiosk erases it (attributed to the order, not
//! to a colleague); at the sync after that the centre imports the erasure row, shows the order
//! carried out and holds none of the family's rows. A tampered package carrying the order erases
//! nothing, and a later package that still carries it (the centre had not heard back yet)
//! erases nothing more.

mod common;

use common::{printed as text, run, TempKiosk};
use ladoshka::domain::NewFamily;
use ladoshka_centre::store::erasure_order::OrderState;
use ladoshka_centre_testing::TestCentre;

/// The states of the centre's orders, oldest first.
fn states(c: &TestCentre) -> Vec<OrderState> {
    c.centre
        .store()
        .erasure_orders()
        .unwrap()
        .iter()
        .map(|o| o.state())
        .collect()
}

/// How many erasures the kiosk's audit log records.
fn erasures_on(k: &TempKiosk) -> Vec<(Option<i64>, String)> {
    k.open()
        .audit_entries(100)
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "erased")
        .map(|e| (e.staff.map(|s| s.0), e.detail))
        .collect()
}

#[test]
fn an_erasure_order_is_carried_out_at_the_next_sync_and_shown_done_after_the_one_after() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = TempKiosk::new();
    let (gone, kept) = k
        .open()
        .write(|w| {
            let gone =
                w.insert_family(&NewFamily::new("Сафина", "Алсу Рамилевна Сафина", None)?)?;
            let kept =
                w.insert_family(&NewFamily::new("Иванова", "Мария Петровна Иванова", None)?)?;
            Ok((gone, kept))
        })
        .unwrap();
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    // At the centre: the family is found by surname and its kiosk ordered to erase it.
    let found = c.centre.find_families("сафина", "test").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].family, gone.0);
    let device = found[0].device_id;
    assert_eq!(device, k.open().sync_identity().unwrap().device_id);
    let placed = c
        .centre
        .order_erasure(&device, gone.0, Some("заявление № 7"), "test")
        .unwrap();
    assert_eq!(states(&c), [OrderState::Ordered]);

    // A tampered package carrying the order is refused and erases nothing.
    let stick = tempfile::tempdir().unwrap();
    let (_, written) = c.centre.export_configs(stick.path()).unwrap().unwrap();
    let mut bytes = std::fs::read(&written[0].path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let tampered = stick.path().join("tampered.ldsc");
    std::fs::write(&tampered, &bytes).unwrap();
    let out = run(&k, &["config", "apply", tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(k.open().families().unwrap().len(), 2, "nothing was erased");
    assert!(erasures_on(&k).is_empty());

    // The next sync brings the order: the kiosk erases the family, on the order's account.
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("configuration version {}", placed.serial)),
        "{}",
        text(&out)
    );
    let left: Vec<i64> = k
        .open()
        .families()
        .unwrap()
        .iter()
        .map(|f| f.id.0)
        .collect();
    assert_eq!(left, [kept.0]);
    let order_detail = format!("family={} centre_order={}", gone.0, placed.order);
    assert_eq!(
        erasures_on(&k),
        [(None, order_detail.clone())],
        "no colleague is named"
    );
    // The kiosk's erasure row has not reached the centre yet (it goes up at the next sync).
    assert_ne!(states(&c), [OrderState::CarriedOut]);

    // The centre publishes again before it hears back: that package still carries the order,
    // and the kiosk, which carried it out, erases nothing more.
    let named = ladoshka::domain::centre_config::CentreConfig {
        legal_name: Some("ГАУСО «Доверие»".into()),
        ..Default::default()
    };
    c.centre.publish_config(&named).unwrap();
    let again = tempfile::tempdir().unwrap();
    let (serial, written) = c.centre.export_configs(again.path()).unwrap().unwrap();
    let out = run(&k, &["config", "apply", written[0].path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(k.open().centre_config().unwrap().serial, serial);
    assert_eq!(
        erasures_on(&k),
        [(None, order_detail)],
        "the order was not carried out twice"
    );

    // The sync after that: the centre imports the erasure row and holds none of the family.
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(states(&c), [OrderState::CarriedOut]);
    let order = &c.centre.store().erasure_orders().unwrap()[0];
    assert!(order.done.unwrap().rows_deleted >= 1, "{order:?}");
    assert_eq!(
        c.centre.store().erasures().unwrap().len(),
        1,
        "one erasure row, not two"
    );
    assert!(c.centre.find_families("Сафина", "test").unwrap().is_empty());
    assert_eq!(c.centre.find_families("Иванова", "test").unwrap().len(), 1);
    let bodies: Vec<String> = c
        .centre
        .store()
        .rows(&device)
        .unwrap()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert!(
        !bodies.iter().any(|b| b.contains("Сафина")),
        "the centre still holds the family"
    );
}

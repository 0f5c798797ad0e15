//! The centre's erasure orders in the kiosk's store (`Writer::erase_ordered`): the ordered
//! family is erased on the order's account (no colleague in the audit log) and the erasure row
//! names the order; the same order again does nothing; a family this kiosk no longer holds, or a
//! newer family that took the ordered one's id, is answered with an erasure of nothing; a family
//! that still holds an item waits, kept, until it brings the item back.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::TempKiosk;
use ladoshka::crypto::PinPepper;
use ladoshka::domain::{FamilyId, NewFamily};
use ladoshka::store::{OrderOutcome, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The erasure rows waiting for the centre, as their payloads.
fn erasure_rows(store: &Store) -> Vec<String> {
    store
        .unsent_outbox(100_000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "erasure")
        .map(|r| r.payload)
        .collect()
}

fn rows_deleted(outcome: &OrderOutcome) -> usize {
    match outcome {
        OrderOutcome::CarriedOut(erased) => erased.rows_deleted,
        other => panic!("expected the order carried out, got {other:?}"),
    }
}

#[test]
fn an_order_erases_its_family_once_and_never_a_newer_family_with_its_id() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(
        &mut store,
        &ladoshka::demo::generate(today()),
        &pepper,
        today(),
    )
    .unwrap();
    let enrolled = Utc.with_ymd_and_hms(2026, 11, 2, 7, 0, 0).unwrap();
    let ordered = store
        .write_at(enrolled, |w| {
            w.insert_family(&NewFamily::new(
                "Приказова",
                "Приказова Алсу Рамилевна",
                None,
            )?)
        })
        .unwrap();
    // A demo family that holds an item now, and that item.
    let (holding, number) = store
        .families()
        .unwrap()
        .into_iter()
        .find_map(|f| {
            let open = store
                .family_data(f.id)
                .unwrap()
                .loans
                .into_iter()
                .find(|l| l.returned_on.is_none())?;
            Some((f.id, open.inventory_number))
        })
        .expect("a demo family holding an item");
    let item = store
        .rental_items()
        .unwrap()
        .into_iter()
        .find(|(_, i)| i.inventory_number == number)
        .unwrap()
        .0;
    let me = store.staff_cards().unwrap()[0].id;
    let at = enrolled.timestamp();
    let before = erasure_rows(&store).len();

    // Enrolled at another time: another family with the id; it stays, the order is answered.
    let other = store
        .write(|w| w.erase_ordered(ordered, 1, Some(at + 60)))
        .unwrap();
    assert_eq!(rows_deleted(&other), 0);
    assert!(
        store.families().unwrap().iter().any(|f| f.id == ordered),
        "the newer family stays"
    );

    // The family the order names: erased, on the order's account.
    let done = store
        .write(|w| w.erase_ordered(ordered, 2, Some(at)))
        .unwrap();
    assert!(rows_deleted(&done) >= 1, "{done:?}");
    assert!(store.families().unwrap().iter().all(|f| f.id != ordered));
    let audit = store.audit_entries(5).unwrap();
    let entry = audit
        .iter()
        .find(|a| a.event == "erased")
        .expect("the erasure is audited");
    assert_eq!(
        (entry.staff, entry.detail.as_str()),
        (
            None,
            format!("family={} centre_order=2", ordered.0).as_str()
        )
    );
    let rows = erasure_rows(&store);
    assert_eq!(rows.len(), before + 2);
    assert!(
        rows.last().unwrap().contains("\"order\":2"),
        "{}",
        rows.last().unwrap()
    );
    assert!(
        rows.last()
            .unwrap()
            .contains(&format!("\"family\":[{}]", ordered.0)),
        "{}",
        rows.last().unwrap()
    );

    // The same order again (a later package): nothing more.
    let again = store
        .write(|w| w.erase_ordered(ordered, 2, Some(at)))
        .unwrap();
    assert_eq!(again, OrderOutcome::AlreadyDone);
    assert_eq!(erasure_rows(&store).len(), before + 2);

    // A family that holds an item waits; nothing of it goes.
    let waits = store.write(|w| w.erase_ordered(holding, 3, None)).unwrap();
    assert!(
        matches!(waits, OrderOutcome::Waiting { ref holds } if holds.len() == 1),
        "{waits:?}"
    );
    assert!(store.families().unwrap().iter().any(|f| f.id == holding));
    assert_eq!(erasure_rows(&store).len(), before + 2);

    assert_eq!(
        store.waiting_orders().unwrap(),
        [(3, holding, None)],
        "kept, to be tried again"
    );
    // The item comes back: the order is carried out when tried again.
    store
        .write(|w| w.return_item(item, false, "", today(), me))
        .unwrap();
    let later = store.write(|w| w.erase_ordered(holding, 3, None)).unwrap();
    assert!(rows_deleted(&later) >= 1, "{later:?}");
    assert!(store.waiting_orders().unwrap().is_empty());

    // A family this kiosk never held or no longer holds: answered as done, with nothing erased.
    let gone = store
        .write(|w| w.erase_ordered(FamilyId(999_999), 4, None))
        .unwrap();
    assert_eq!(rows_deleted(&gone), 0);
    let last = erasure_rows(&store).pop().unwrap();
    assert!(
        last.contains("\"order\":4") && last.contains("\"entities\":{}"),
        "{last}"
    );
}

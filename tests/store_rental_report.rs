//! The rental report from a real SQLCipher store: the demo centre (its own loans taken back
//! before the period), then a few loans lent, returned, lost and cleaned through the store's own
//! lending API; the report's figures are checked against hand-computed values.

mod common;

use chrono::NaiveDate;
use common::TempKiosk;
use ladoshka::domain::eligibility::CategoryCheck;
use ladoshka::domain::rental_item::ItemEvent;
use ladoshka::domain::rental_report::{compute, OverdueRate};
use ladoshka::domain::{FamilyId, ItemState, NewRentalItem, RentalKind, StaffId};
use ladoshka::store::Store;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const BY: StaffId = StaffId(4);
const SIG: [u8; 4] = [137, 80, 78, 71];

fn check(store: &mut Store, family: FamilyId, on: NaiveDate) {
    let c = CategoryCheck {
        category: "single_parent".into(),
        documents_seen: vec![
            "passport".into(),
            "birth_certificate".into(),
            "single_parent_proof".into(),
        ],
        checked_on: on,
    };
    store
        .write(|w| w.record_category_check(family, &c, BY))
        .unwrap();
}

fn item(store: &mut Store, kind: RentalKind, number: &str) -> i64 {
    let new = NewRentalItem::new(kind, number, ItemState::Available).unwrap();
    store.write(|w| w.insert_rental_item(&new)).unwrap()
}

fn lend(store: &mut Store, item: i64, family: FamilyId, months: u32, on: NaiveDate) {
    store
        .write(|w| w.lend(item, family, months, on, "Договор…", &SIG, BY))
        .unwrap();
}

fn give_back(store: &mut Store, item: i64, on: NaiveDate) {
    store
        .write(|w| w.return_item(item, false, "", on, BY))
        .unwrap();
}

#[test]
fn the_report_from_lent_returned_and_lost_items() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let seeded = d(2026, 1, 15);
    let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(
        &mut store,
        &ladoshka::demo::generate(seeded),
        &pepper,
        seeded,
    )
    .unwrap();
    // The demo's own three loans (lent in December and November) come back on 25.01.
    let demo_loans = store.loans_to_chase(d(2030, 1, 1)).unwrap();
    assert_eq!(demo_loans.len(), 3, "the demo lends three items");
    for l in &demo_loans {
        give_back(&mut store, l.item, d(2026, 1, 25));
    }

    let families: Vec<FamilyId> = store.families().unwrap().iter().map(|f| f.id).collect();
    let (a, b, c, e) = (families[0], families[1], families[2], families[3]);
    for f in [a, b, c, e] {
        check(&mut store, f, d(2026, 1, 5));
    }
    let w1 = item(&mut store, RentalKind::WALKER, "ХОД-0101");
    let w2 = item(&mut store, RentalKind::WALKER, "ХОД-0102");
    let p1 = item(&mut store, RentalKind::PLAYPEN, "МАН-0101");
    let c1 = item(&mut store, RentalKind::COT_WITH_BUMPERS, "КРВ-0101");
    let s1 = item(&mut store, RentalKind::SLEDGE_STROLLER, "САН-0101");

    // L5: a sledge stroller from 10.01, due 10.02, back 12.02 (late, 33 days).
    lend(&mut store, s1, a, 1, d(2026, 1, 10));
    // L1: a walker from 01.02, due 01.03, back 20.02 (on time, 19 days).
    lend(&mut store, w1, a, 1, d(2026, 2, 1));
    give_back(&mut store, s1, d(2026, 2, 12));
    give_back(&mut store, w1, d(2026, 2, 20));
    // L2: a playpen from 15.02, due 15.03, back 20.03 (late, 33 days).
    lend(&mut store, p1, b, 1, d(2026, 2, 15));
    give_back(&mut store, p1, d(2026, 3, 20));
    // L3: a cot from 31.03, due 31.05, still out.
    lend(&mut store, c1, c, 2, d(2026, 3, 31));
    // L4: a walker from 01.04, due 01.05, lost.
    lend(&mut store, w2, e, 1, d(2026, 4, 1));
    store
        .write(|w| w.report_lost(w2, "забыли в автобусе", BY))
        .unwrap();
    // L6: the first walker, cleaned, lent again after the period: from 05.05, due 05.06.
    store
        .write(|w| w.item_event(w1, ItemEvent::StartCleaning, "", BY))
        .unwrap();
    store
        .write(|w| w.item_event(w1, ItemEvent::FinishCleaning, "", BY))
        .unwrap();
    lend(&mut store, w1, b, 1, d(2026, 5, 5));

    let facts = store.rental_facts().unwrap();
    assert_eq!(facts.loans.len(), 3 + 6);
    assert_eq!(facts.loans.iter().filter(|l| l.lost).count(), 1);
    let l3 = facts.loans.iter().find(|l| l.family == c).unwrap();
    assert_eq!(
        (l3.kind, l3.started_on, l3.due_on, l3.returned_on),
        (
            RentalKind::COT_WITH_BUMPERS,
            d(2026, 3, 31),
            d(2026, 5, 31),
            None
        )
    );

    let r = compute(&facts, d(2026, 2, 1), d(2026, 4, 30), d(2026, 6, 10));
    let months: Vec<(String, usize)> = r
        .loans_by_month
        .iter()
        .map(|m| (m.label(), m.loans))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-02".to_string(), 2),
            ("2026-03".to_string(), 1),
            ("2026-04".to_string(), 1)
        ]
    );
    assert_eq!(r.loans_started, 4);
    assert_eq!(r.families_served, 4, "a, b, c and e (lost, due 01.05)");
    assert_eq!(r.loans_returned, 3);
    assert_eq!(r.average_days_on_loan, Some(85.0 / 3.0), "19 + 33 + 33");
    assert_eq!(r.overdue, OverdueRate { judged: 3, late: 2 });
    assert_eq!(r.overdue_now, 2, "the cot and the walker lent again");

    // The stock: the demo's items and ours, as the catalogue lists them.
    let items = store.rental_items().unwrap();
    assert_eq!(r.items, items.len());
    for (state, n) in &r.items_by_state {
        assert_eq!(
            *n,
            items.iter().filter(|(_, i)| i.state == *state).count(),
            "{state:?}"
        );
    }
    let of = |kind: RentalKind, state: ItemState| {
        r.items_by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .unwrap()
            .1
            .iter()
            .find(|(s, _)| *s == state)
            .unwrap()
            .1
    };
    assert_eq!(of(RentalKind::WALKER, ItemState::Lost), 1);
    assert_eq!(
        of(RentalKind::SLEDGE_STROLLER, ItemState::AwaitingCleaning),
        1
    );
    let state_of = |id: i64| items.iter().find(|(i, _)| *i == id).unwrap().1.state;
    assert_eq!(
        [w1, w2, p1, c1, s1].map(state_of),
        [
            ItemState::OnLoan,
            ItemState::Lost,
            ItemState::AwaitingCleaning,
            ItemState::OnLoan,
            ItemState::AwaitingCleaning
        ]
    );

    // January: the demo's loans came back late (their due dates were in January), L5 started.
    let jan = compute(&facts, d(2026, 1, 1), d(2026, 1, 31), d(2026, 6, 10));
    assert_eq!(jan.loans_started, 1);
    assert_eq!(jan.loans_returned, 3);
    assert_eq!(jan.families_served, 4, "the demo's three families and a");
    assert_eq!(
        jan.overdue,
        OverdueRate { judged: 2, late: 2 },
        "the cot due 11.01 and the stroller due 20.01, back 25.01"
    );
}

//! Lending on a real SQLCipher store with the demo centre: eligibility, lending, "never two of a
//! kind", the queue's order, return, cleaning before the next loan, renewals, the overdue and
//! due-soon list; every refusal changes nothing (not even the outbox).

mod common;

use chrono::NaiveDate;
use common::TempKiosk;
use ladoshka::domain::eligibility::CategoryCheck;
use ladoshka::domain::eligibility::NotEligible;
use ladoshka::domain::loan::LoanRefusal;
use ladoshka::domain::loan::LoanStanding;
use ladoshka::domain::rental_item::ItemEvent;
use ladoshka::domain::rental_item::ItemRefusal;
use ladoshka::domain::rental_queue::QueueRefusal;
use ladoshka::domain::Refusal;
use ladoshka::domain::{FamilyId, ItemState, RentalKind, StaffId};
use ladoshka::store::{Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn check(family: FamilyId, store: &mut Store, on: NaiveDate) {
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
        .write(|w| w.record_category_check(family, &c, StaffId(1)))
        .unwrap();
}

/// Refused, with `says` in the message, and nothing written.
#[track_caller]
fn refused<T: std::fmt::Debug>(
    store: &mut Store,
    says: &str,
    f: impl FnOnce(&mut ladoshka::store::Writer<'_>) -> Result<T, ladoshka::store::StoreError>,
) -> StoreError {
    let before = store.unsent_outbox_count().unwrap();
    let err = store.write(f).unwrap_err();
    assert!(err.to_string().contains(says), "«{says}» not in: {err}");
    assert_eq!(
        store.unsent_outbox_count().unwrap(),
        before,
        "a refusal writes nothing"
    );
    err
}

/// The refusal came back as the domain's own type, for a screen to map without its text.
#[track_caller]
fn typed(err: StoreError, expected: Refusal) {
    match err {
        StoreError::Refused(r) => assert_eq!(r, expected),
        other => panic!("expected the refusal {expected:?}, got {other:?}"),
    }
}

#[test]
fn lending_from_eligibility_to_the_next_family() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let today = d(2026, 11, 30);
    let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let walkers: Vec<i64> = store
        .rental_items()
        .unwrap()
        .into_iter()
        .filter(|(_, i)| i.kind == RentalKind::WALKER && i.state == ItemState::Available)
        .map(|(id, _)| id)
        .collect();
    assert!(
        walkers.len() >= 2,
        "the demo has two available walkers: {walkers:?}"
    );
    let families: Vec<FamilyId> = store
        .families()
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .take(3)
        .collect();
    let (a, b, c) = (families[0], families[1], families[2]);
    let by = StaffId(4);
    let sig = [137u8, 80, 78, 71];

    // Not eligible without a recorded category; then lent.
    let e = refused(&mut store, "no category", |w| {
        w.lend(walkers[0], a, 9, today, "Договор…", &sig, by)
    });
    typed(e, NotEligible::NoCategory.into());
    check(a, &mut store, d(2026, 11, 1));
    let e = refused(&mut store, "signed", |w| {
        w.lend(walkers[0], a, 9, today, "", &sig, by)
    });
    typed(e, Refusal::ContractNotSigned);
    let e = refused(&mut store, "term", |w| {
        w.lend(walkers[0], a, 0, today, "Договор…", &sig, by)
    });
    typed(e, LoanRefusal::BadTerm(0).into());
    let loan = store
        .write(|w| {
            w.lend(
                walkers[0],
                a,
                9,
                today,
                "Договор безвозмездного пользования…",
                &sig,
                by,
            )
        })
        .unwrap();
    assert!(loan > 0);
    assert_eq!(
        store
            .rental_items()
            .unwrap()
            .iter()
            .find(|(id, _)| *id == walkers[0])
            .unwrap()
            .1
            .state,
        ItemState::OnLoan
    );
    refused(&mut store, "already on loan", |w| {
        w.lend(walkers[0], b, 9, today, "Договор…", &sig, by)
    });
    let e = refused(&mut store, "one item of a kind", |w| {
        w.lend(walkers[1], a, 9, today, "Договор…", &sig, by)
    });
    assert!(
        matches!(
            e,
            StoreError::Refused(Refusal::Queue(QueueRefusal::AlreadyHolds(_)))
        ),
        "{e:?}"
    );
    // The desk's list gets the same answers from the store before it asks: a holds a walker, b
    // has no category yet.
    let answers = store.desk_candidates(RentalKind::WALKER, today).unwrap();
    let of = |f: FamilyId| answers.iter().find(|c| c.who.family == f).unwrap();
    assert!(
        matches!(
            of(a).lend,
            Err(Refusal::Queue(QueueRefusal::AlreadyHolds(_)))
        ),
        "{:?}",
        of(a).lend
    );
    assert_eq!(of(b).lend, Err(NotEligible::NoCategory.into()));
    assert_eq!(of(b).wait, Err(NotEligible::NoCategory.into()));
    refused(&mut store, "no rental item", |w| {
        w.item_event(999_999, ItemEvent::Return, "", by)
    });

    // The queue: only a family that may borrow waits; c waits first, so b cannot jump it; c
    // gets the walker and leaves the queue.
    refused(&mut store, "no category", |w| {
        w.join_queue(b, RentalKind::WALKER)
    });
    check(b, &mut store, d(2026, 11, 2));
    check(c, &mut store, d(2026, 11, 3));
    store
        .write(|w| w.join_queue(c, RentalKind::WALKER))
        .unwrap();
    refused(&mut store, "already waiting", |w| {
        w.join_queue(c, RentalKind::WALKER)
    });
    refused(&mut store, "waited longer", |w| {
        w.lend(walkers[1], b, 9, today, "Договор…", &sig, by)
    });
    store
        .write(|w| w.lend(walkers[1], c, 9, today, "Договор…", &sig, by))
        .unwrap();
    assert!(
        store.queue_for(RentalKind::WALKER).unwrap().is_empty(),
        "served"
    );

    // Return: to cleaning; not lent before it is cleaned; a second return is refused.
    store
        .write(|w| w.return_item(walkers[0], false, "царапина на ручке", today, by))
        .unwrap();
    let e = refused(&mut store, "not been cleaned", |w| {
        w.lend(walkers[0], b, 9, today, "Договор…", &sig, by)
    });
    assert!(
        matches!(
            &e,
            StoreError::Refused(Refusal::Item {
                why: ItemRefusal::NotCleaned,
                ..
            })
        ),
        "{e:?}"
    );
    let e = refused(&mut store, "not on loan", |w| {
        w.return_item(walkers[0], false, "", today, by)
    });
    assert!(
        matches!(
            &e,
            StoreError::Refused(Refusal::Item {
                why: ItemRefusal::NotOnLoan,
                ..
            })
        ),
        "{e:?}"
    );
    store
        .write(|w| w.item_event(walkers[0], ItemEvent::StartCleaning, "", by))
        .unwrap();
    refused(&mut store, "being cleaned", |w| {
        w.lend(walkers[0], b, 9, today, "Договор…", &sig, by)
    });
    store
        .write(|w| w.item_event(walkers[0], ItemEvent::FinishCleaning, "", by))
        .unwrap();
    store
        .write(|w| w.lend(walkers[0], b, 1, today, "Договор…", &sig, by))
        .unwrap();
    let history: Vec<String> = store
        .item_history(walkers[0])
        .unwrap()
        .into_iter()
        .map(|h| h.0)
        .collect();
    assert_eq!(
        history,
        [
            "lend",
            "return",
            "start_cleaning",
            "finish_cleaning",
            "lend"
        ]
    );

    // b's one-month loan is due 30.12: due soon on 27.12, overdue on 01.01 — with the phone.
    let line = store
        .loans_to_chase(d(2026, 12, 27))
        .unwrap()
        .into_iter()
        .find(|l| l.family == b)
        .unwrap();
    assert_eq!(line.standing, LoanStanding::DueSoon(3));
    assert!(line.phone.is_some());
    let lines = store.loans_to_chase(d(2027, 1, 1)).unwrap();
    assert_eq!(
        lines.iter().find(|l| l.family == b).unwrap().standing,
        LoanStanding::Overdue(2)
    );
    assert!(
        store
            .loans_to_chase(d(2026, 12, 1))
            .unwrap()
            .iter()
            .all(|l| l.family != b),
        "not yet due soon"
    );

    // While a family waits for a walker, no walker loan is renewed; once it leaves the list, it is.
    store
        .write(|w| w.join_queue(a, RentalKind::WALKER))
        .unwrap();
    refused(&mut store, "cannot be renewed", |w| {
        w.renew_loan(walkers[0], 6, today)
    });
    store
        .write(|w| w.leave_queue(a, RentalKind::WALKER))
        .unwrap();
    refused(&mut store, "not waiting", |w| {
        w.leave_queue(a, RentalKind::WALKER)
    });
    assert!(store.queue_for(RentalKind::WALKER).unwrap().is_empty());

    // Renewals: twice, then refused; never past 18 months from the start.
    assert_eq!(
        store.write(|w| w.renew_loan(walkers[0], 6, today)).unwrap(),
        d(2027, 6, 30)
    );
    refused(&mut store, "longer than 18 months", |w| {
        w.renew_loan(walkers[0], 12, today)
    });
    assert_eq!(
        store.write(|w| w.renew_loan(walkers[0], 6, today)).unwrap(),
        d(2027, 12, 30)
    );
    refused(&mut store, "limit is 2", |w| {
        w.renew_loan(walkers[0], 1, today)
    });

    // Lost: the loan ends; the item is lost until found, then cleaned before anything else.
    store
        .write(|w| w.report_lost(walkers[1], "забыли в автобусе", by))
        .unwrap();
    refused(&mut store, "reported lost", |w| {
        w.lend(walkers[1], a, 9, today, "Договор…", &sig, by)
    });
    assert_eq!(
        store
            .write(|w| w.item_event(walkers[1], ItemEvent::Found, "", by))
            .unwrap(),
        ItemState::AwaitingCleaning
    );

    // The indicators count every item lent: three loans here.
    let (from, to) = (
        ladoshka::platform::clock::now() - chrono::Duration::hours(1),
        ladoshka::platform::clock::now() + chrono::Duration::hours(1),
    );
    let facts = store.indicator_facts(from, to).unwrap();
    let indicators = ladoshka::domain::indicators::compute(&facts, from, to);
    assert_eq!(
        indicators.rental_loans,
        Some(3),
        "the demo's own loans started weeks ago"
    );

    let kinds: Vec<String> = store
        .unsent_outbox(100_000)
        .unwrap()
        .into_iter()
        .map(|r| r.entity)
        .collect();
    for entity in [
        "rental_loan",
        "rental_item_event",
        "rental_queue",
        "family_category_check",
    ] {
        assert!(kinds.iter().any(|k| k == entity), "{entity} in the outbox");
    }
}

//! Unit tests of `rental_report`.

use super::*;
use ItemState as S;
use RentalKind as K;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn loan(
    family: i64,
    kind: RentalKind,
    started_on: NaiveDate,
    due_on: NaiveDate,
    returned_on: Option<NaiveDate>,
) -> LoanFacts {
    LoanFacts {
        kind,
        family: FamilyId(family),
        started_on,
        due_on,
        returned_on,
        lost: false,
    }
}

fn lost(mut l: LoanFacts) -> LoanFacts {
    l.lost = true;
    l
}

fn month(r: &RentalReport) -> Vec<(String, usize)> {
    r.loans_by_month
        .iter()
        .map(|m| (m.label(), m.loans))
        .collect()
}

fn state(r: &RentalReport, s: ItemState) -> usize {
    r.items_by_state.iter().find(|(x, _)| *x == s).unwrap().1
}

/// The first quarter of 2026, with loans before, across, inside and after it.
fn quarter() -> RentalFacts {
    RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: vec![
            // L1: from December, due and returned on time in January: 29 days.
            loan(
                1,
                K::WALKER,
                d(2025, 12, 20),
                d(2026, 1, 20),
                Some(d(2026, 1, 18)),
            ),
            // L2: started on the last day of January, due 28.02, back 02.03: late, 30 days.
            loan(
                2,
                K::STROLLER_TRANSFORMER,
                d(2026, 1, 31),
                d(2026, 2, 28),
                Some(d(2026, 3, 2)),
            ),
            // L3: started on the first of February, due 01.03, still out: late, overdue now.
            loan(3, K::COT_WITH_BUMPERS, d(2026, 2, 1), d(2026, 3, 1), None),
            // L4: spans the whole period, due in June: served, never judged.
            loan(1, K::PLAYPEN, d(2025, 6, 1), d(2026, 6, 1), None),
            // L5: overdue since December, back 10.02 (132 days): served, returned, not
            // judged (not out at the end of the period).
            loan(
                4,
                K::WALKER,
                d(2025, 10, 1),
                d(2025, 12, 1),
                Some(d(2026, 2, 10)),
            ),
            // L6: overdue since December and still out: judged late, overdue now.
            loan(5, K::FEEDING_CHAIR, d(2025, 9, 1), d(2025, 12, 15), None),
            // L7: started in March, lost: counted in March and as served, never judged.
            lost(loan(
                6,
                K::SLEDGE_STROLLER,
                d(2026, 3, 5),
                d(2026, 4, 5),
                None,
            )),
            // L8: over long before the period.
            loan(
                7,
                K::WALKER,
                d(2025, 1, 10),
                d(2025, 7, 10),
                Some(d(2025, 7, 1)),
            ),
            // L9: starts after the period.
            loan(8, K::CHANGING_TABLE, d(2026, 4, 2), d(2026, 5, 2), None),
            // L10: started on the last day of March, back after the period.
            loan(
                2,
                K::COT_WITH_BUMPERS,
                d(2026, 3, 31),
                d(2026, 4, 30),
                Some(d(2026, 4, 10)),
            ),
            // L11: lost, due before the period: it ended before the period began.
            lost(loan(9, K::PLAYPEN, d(2025, 11, 1), d(2025, 12, 31), None)),
        ],
    }
}

#[test]
fn a_past_quarter_by_hand() {
    let r = compute(&quarter(), d(2026, 1, 1), d(2026, 3, 31), d(2026, 4, 15));
    assert_eq!(
        month(&r),
        [
            ("2026-01".into(), 1),
            ("2026-02".into(), 1),
            ("2026-03".into(), 2)
        ]
    );
    assert_eq!(r.loans_started, 4, "L2, L3, L7, L10");
    let by_kind = |k| r.loans_by_kind.iter().find(|(x, _)| *x == k).unwrap().1;
    assert_eq!(by_kind(K::COT_WITH_BUMPERS), 2);
    assert_eq!(by_kind(K::STROLLER_TRANSFORMER), 1);
    assert_eq!(by_kind(K::SLEDGE_STROLLER), 1);
    assert_eq!(by_kind(K::WALKER), 0);
    assert_eq!(
        r.loans_by_kind.len(),
        crate::rental_kinds::default_kinds().specs().len()
    );
    // Families 1 (L1, L4), 2 (L2, L10), 3, 4, 5, 6 (lost L7); not 7, 8, 9.
    assert_eq!(r.families_served, 6);
    // L1 29 days, L2 30, L5 132; L10 came back after the period.
    assert_eq!(r.loans_returned, 3);
    assert_eq!(r.average_days_on_loan, Some(191.0 / 3.0));
    // Judged: L1 (on time), L2 (late), L3 (late), L6 (late); L7 is lost.
    assert_eq!(r.overdue, OverdueRate { judged: 4, late: 3 });
    assert_eq!(r.overdue.percent(), Some(75.0));
    // Out and past due on 15.04: L3 and L6.
    assert_eq!(r.overdue_now, 2);
}

#[test]
fn a_month_still_under_way_judges_only_due_dates_that_have_passed() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: vec![
            // Due 05.03, still out on 10.03: late.
            loan(1, K::WALKER, d(2026, 2, 5), d(2026, 3, 5), None),
            // Due today: not overdue until tomorrow.
            loan(2, K::WALKER, d(2026, 2, 10), d(2026, 3, 10), None),
            // Back early, its due date still to come: not judged yet.
            loan(
                3,
                K::WALKER,
                d(2026, 2, 20),
                d(2026, 3, 20),
                Some(d(2026, 3, 8)),
            ),
            // Due in February, still out: carried into March as late.
            loan(4, K::WALKER, d(2026, 1, 20), d(2026, 2, 20), None),
            // Due 02.03, back on the day: on time.
            loan(
                5,
                K::PLAYPEN,
                d(2026, 2, 2),
                d(2026, 3, 2),
                Some(d(2026, 3, 2)),
            ),
        ],
    };
    let r = compute(&facts, d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 10));
    assert_eq!(r.overdue, OverdueRate { judged: 3, late: 2 });
    assert_eq!(r.overdue.percent().map(|p| (p * 10.0).round()), Some(667.0));
    assert_eq!(r.overdue_now, 2);
    assert_eq!(r.families_served, 5);
    assert_eq!(r.loans_started, 0);
    assert_eq!(month(&r), [("2026-03".into(), 0)]);
    // 08.03 − 20.02 = 16 days, 02.03 − 02.02 = 28 days.
    assert_eq!(r.average_days_on_loan, Some(22.0));
    // A week later the loan due on the 10th is judged, and the early one due on the 20th not yet.
    let r = compute(&facts, d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 17));
    assert_eq!(r.overdue, OverdueRate { judged: 4, late: 3 });
    let r = compute(&facts, d(2026, 3, 1), d(2026, 3, 31), d(2026, 3, 21));
    assert_eq!(r.overdue, OverdueRate { judged: 5, late: 3 });
}

#[test]
fn a_loan_due_on_the_last_day_is_judged_in_that_period() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: vec![
            loan(
                1,
                K::WALKER,
                d(2026, 1, 1),
                d(2026, 1, 31),
                Some(d(2026, 2, 1)),
            ),
            loan(
                2,
                K::WALKER,
                d(2026, 1, 1),
                d(2026, 1, 31),
                Some(d(2026, 1, 31)),
            ),
        ],
    };
    let r = compute(&facts, d(2026, 1, 1), d(2026, 1, 31), d(2026, 6, 1));
    assert_eq!(r.overdue, OverdueRate { judged: 2, late: 1 });
    // …and not again in February: it was back on the first.
    let r = compute(&facts, d(2026, 2, 1), d(2026, 2, 28), d(2026, 6, 1));
    assert_eq!(r.overdue, OverdueRate { judged: 0, late: 0 });
    assert_eq!(r.overdue.percent(), None);
    assert_eq!(
        r.families_served, 1,
        "the first family still had it on 01.02"
    );
    assert_eq!(r.average_days_on_loan, Some(31.0));
}

#[test]
fn an_overdue_loan_is_late_in_every_period_it_stays_out() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: vec![loan(
            1,
            K::WALKER,
            d(2025, 12, 1),
            d(2026, 1, 10),
            Some(d(2026, 3, 15)),
        )],
    };
    let jan = compute(&facts, d(2026, 1, 1), d(2026, 1, 31), d(2026, 6, 1));
    let feb = compute(&facts, d(2026, 2, 1), d(2026, 2, 28), d(2026, 6, 1));
    let mar = compute(&facts, d(2026, 3, 1), d(2026, 3, 31), d(2026, 6, 1));
    assert_eq!(jan.overdue, OverdueRate { judged: 1, late: 1 }, "fell due");
    assert_eq!(
        feb.overdue,
        OverdueRate { judged: 1, late: 1 },
        "out on 28.02"
    );
    assert_eq!(
        mar.overdue,
        OverdueRate { judged: 0, late: 0 },
        "back on 15.03"
    );
    assert_eq!(mar.average_days_on_loan, Some(104.0));
    assert_eq!(
        jan.overdue_now + feb.overdue_now + mar.overdue_now,
        0,
        "back now"
    );
}

#[test]
fn empty_records_give_zeros_and_no_rates() {
    let r = compute(
        &RentalFacts {
            kinds: crate::rental_kinds::default_kinds().kinds().collect(),
            ..RentalFacts::default()
        },
        d(2026, 11, 1),
        d(2026, 11, 30),
        d(2026, 12, 1),
    );
    assert_eq!(r.items, 0);
    assert_eq!(r.items_by_state.len(), S::ALL.len());
    assert!(r.items_by_state.iter().all(|(_, n)| *n == 0));
    assert_eq!(
        r.items_by_kind.len(),
        crate::rental_kinds::default_kinds().specs().len()
    );
    assert!(r
        .items_by_kind
        .iter()
        .all(|(_, s)| s.len() == S::ALL.len() && s.iter().all(|(_, n)| *n == 0)));
    assert_eq!(month(&r), [("2026-11".into(), 0)]);
    assert_eq!(r.loans_started, 0);
    assert_eq!(r.families_served, 0);
    assert_eq!(r.loans_returned, 0);
    assert_eq!(r.average_days_on_loan, None);
    assert_eq!(r.overdue, OverdueRate { judged: 0, late: 0 });
    assert_eq!(r.overdue.percent(), None);
    assert_eq!(r.overdue_now, 0);
}

#[test]
fn months_run_across_the_year_with_empty_ones_and_count_only_days_in_the_period() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: [
            d(2025, 11, 19), // the day before the period
            d(2025, 11, 20), // its first day
            d(2025, 11, 30),
            d(2026, 1, 1),
            d(2026, 2, 3), // its last day
            d(2026, 2, 4), // the day after
        ]
        .into_iter()
        .enumerate()
        .map(|(n, s)| loan(n as i64, K::WALKER, s, s + chrono::Months::new(6), None))
        .collect(),
    };
    let r = compute(&facts, d(2025, 11, 20), d(2026, 2, 3), d(2026, 2, 10));
    assert_eq!(
        month(&r),
        [
            ("2025-11".into(), 2),
            ("2025-12".into(), 0),
            ("2026-01".into(), 1),
            ("2026-02".into(), 1),
        ]
    );
    assert_eq!(r.loans_started, 4);
    assert_eq!(
        r.families_served, 5,
        "the one lent before the period is still out"
    );
    // One day.
    let r = compute(&facts, d(2026, 1, 1), d(2026, 1, 1), d(2026, 2, 10));
    assert_eq!(month(&r), [("2026-01".into(), 1)]);
    // Backwards: nothing.
    let r = compute(&facts, d(2026, 2, 1), d(2026, 1, 1), d(2026, 2, 10));
    assert!(r.loans_by_month.is_empty());
    assert_eq!((r.loans_started, r.families_served), (0, 0));
    assert_eq!(r.overdue.judged, 0);
}

#[test]
fn a_loan_spanning_the_whole_period_serves_its_family_and_nothing_else() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![],
        loans: vec![loan(
            7,
            K::COT_WITH_BUMPERS,
            d(2025, 12, 31),
            d(2026, 12, 31),
            Some(d(2026, 4, 1)),
        )],
    };
    let r = compute(&facts, d(2026, 1, 1), d(2026, 3, 31), d(2026, 5, 1));
    assert_eq!(r.families_served, 1);
    assert_eq!(r.loans_started, 0);
    assert_eq!(r.loans_returned, 0);
    assert_eq!(r.average_days_on_loan, None);
    assert_eq!(r.overdue.judged, 0);
    assert_eq!(r.overdue_now, 0);
    // The day it came back is in the next period: served there too, and returned.
    let r = compute(&facts, d(2026, 4, 1), d(2026, 4, 30), d(2026, 5, 1));
    assert_eq!(r.families_served, 1);
    assert_eq!(r.average_days_on_loan, Some(91.0));
}

#[test]
fn lost_loans_count_as_started_and_served_until_due_but_never_returned_or_judged() {
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![
            ItemFacts {
                kind: K::WALKER,
                state: S::Lost,
            },
            ItemFacts {
                kind: K::WALKER,
                state: S::Available,
            },
        ],
        loans: vec![
            lost(loan(1, K::WALKER, d(2026, 1, 10), d(2026, 2, 10), None)),
            loan(
                2,
                K::WALKER,
                d(2026, 1, 12),
                d(2026, 2, 12),
                Some(d(2026, 2, 11)),
            ),
        ],
    };
    let r = compute(&facts, d(2026, 2, 1), d(2026, 2, 28), d(2026, 3, 20));
    assert_eq!(
        r.families_served, 2,
        "the lost loan ran until its due date, 10.02"
    );
    assert_eq!(
        r.overdue,
        OverdueRate { judged: 1, late: 0 },
        "only the returned one"
    );
    assert_eq!(r.loans_returned, 1);
    assert_eq!(r.average_days_on_loan, Some(30.0));
    assert_eq!(r.overdue_now, 0, "a lost item is not chased as overdue");
    assert_eq!(state(&r, S::Lost), 1);
    let r = compute(&facts, d(2026, 2, 11), d(2026, 2, 28), d(2026, 3, 20));
    assert_eq!(
        r.families_served, 1,
        "after its due date the lost loan is over"
    );
    let r = compute(&facts, d(2026, 1, 1), d(2026, 1, 31), d(2026, 3, 20));
    assert_eq!(r.loans_started, 2, "a lost loan did start");
}

#[test]
fn items_by_state_and_by_kind_and_state() {
    let item = |kind, state| ItemFacts { kind, state };
    let facts = RentalFacts {
        kinds: crate::rental_kinds::default_kinds().kinds().collect(),
        items: vec![
            item(K::WALKER, S::Available),
            item(K::WALKER, S::Available),
            item(K::WALKER, S::OnLoan),
            item(K::PLAYPEN, S::OnLoan),
            item(K::PLAYPEN, S::Cleaning),
            item(K::COT_WITH_BUMPERS, S::AwaitingCleaning),
            item(K::COT_WITH_BUMPERS, S::InRepair),
            item(K::COT_WITH_BUMPERS, S::Lost),
            item(K::CHANGING_TABLE, S::WrittenOff),
        ],
        loans: vec![],
    };
    let r = compute(&facts, d(2026, 1, 1), d(2026, 1, 31), d(2026, 2, 1));
    assert_eq!(r.items, 9);
    assert_eq!(
        r.items_by_state,
        vec![
            (S::Available, 2),
            (S::OnLoan, 2),
            (S::AwaitingCleaning, 1),
            (S::Cleaning, 1),
            (S::InRepair, 1),
            (S::Lost, 1),
            (S::WrittenOff, 1),
        ]
    );
    let of = |k: RentalKind| {
        r.items_by_kind
            .iter()
            .find(|(x, _)| *x == k)
            .unwrap()
            .1
            .clone()
    };
    let nonzero =
        |k| -> Vec<(ItemState, usize)> { of(k).into_iter().filter(|(_, n)| *n > 0).collect() };
    assert_eq!(nonzero(K::WALKER), [(S::Available, 2), (S::OnLoan, 1)]);
    assert_eq!(nonzero(K::PLAYPEN), [(S::OnLoan, 1), (S::Cleaning, 1)]);
    assert_eq!(
        nonzero(K::COT_WITH_BUMPERS),
        [(S::AwaitingCleaning, 1), (S::InRepair, 1), (S::Lost, 1)]
    );
    assert_eq!(nonzero(K::CHANGING_TABLE), [(S::WrittenOff, 1)]);
    assert!(nonzero(K::SLEDGE_STROLLER).is_empty());
    let total: usize = r
        .items_by_kind
        .iter()
        .flat_map(|(_, s)| s.iter().map(|(_, n)| n))
        .sum();
    assert_eq!(total, 9);
    assert_eq!(
        r.items_by_kind.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        crate::rental_kinds::default_kinds()
            .kinds()
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_centre_kind_is_listed_in_order_and_a_kind_only_the_records_name_comes_after() {
    let bath = RentalKind::from_key("bath_seat").unwrap();
    let old = RentalKind::from_key("old_kind").unwrap();
    let facts = RentalFacts {
        kinds: vec![bath, K::WALKER],
        items: vec![
            ItemFacts {
                kind: old,
                state: S::Available,
            },
            ItemFacts {
                kind: bath,
                state: S::OnLoan,
            },
        ],
        loans: vec![loan(1, bath, d(2026, 1, 10), d(2026, 7, 10), None)],
    };
    let r = compute(&facts, d(2026, 1, 1), d(2026, 3, 31), d(2026, 3, 31));
    let kinds: Vec<RentalKind> = r.items_by_kind.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, vec![bath, K::WALKER, old]);
    assert_eq!(r.loans_by_kind, vec![(bath, 1), (K::WALKER, 0), (old, 0)]);
}

//! Unit tests of `fold`.

use super::*;
use chrono::TimeZone;
use ladoshka_indicators::domain::indicators::compute;
use serde_json::json;

const A: [u8; 16] = [0xaa; 16];
const B: [u8; 16] = [0xbb; 16];

/// Feeds rows as the kiosk writes them: (entity.op, id, record, time).
fn feed(fold: &mut Fold, device: &[u8; 16], rows: &[(&str, i64, serde_json::Value, &str)]) {
    let first = fold
        .devices
        .iter()
        .find(|(id, _)| id == device)
        .map_or(0, |(_, d)| d.last_seq);
    for (n, (kind, id, record, at)) in rows.iter().enumerate() {
        let body = json!({ "entity_id": id, "data": { "id": id, "record": record } });
        fold.add(device, first + n as u64 + 1, kind, &body.to_string(), at)
            .unwrap();
    }
}

const T0: &str = "2026-11-05T09:00:00.250+00:00";
const T1: &str = "2026-11-12T10:30:00Z";

/// One kiosk's family 1 with child 1 (loss of parents), a done family meeting, a route with
/// a step done and closed as improved, an item lent.
fn kiosk(fold: &mut Fold, device: &[u8; 16]) {
    feed(
        fold,
        device,
        &[
            ("family.insert", 1, json!({ "surname": "Иванова" }), T0),
            (
                "child.insert",
                1,
                json!({ "family": 1, "first_name": "Аня", "situations": ["LossOfParents"] }),
                T0,
            ),
            ("audit.insert", 7, json!([1, "sign_in"]), T0),
            (
                "session.insert",
                1,
                json!({ "room": 1, "psychologist": 1, "kind": "family_reconciliation",
                        "starts_at": "2026-11-10T08:00:00Z", "minutes": 45, "participants": [1] }),
                T0,
            ),
            ("session_state.update", 1, json!("arrived"), T0),
            (
                "session_state.update",
                1,
                json!({ "state": "in_progress", "reason": null, "by": 1 }),
                T0,
            ),
            (
                "session_state.update",
                1,
                json!({ "state": "done", "reason": null, "by": 1 }),
                T0,
            ),
            (
                "route.insert",
                1,
                json!({ "child": 1, "template": "loss", "version": 1, "situation": 1 }),
                T0,
            ),
            (
                "route_step.insert",
                1,
                json!({ "route": 1, "position": 1 }),
                T0,
            ),
            ("route_step.insert", 2, json!({ "position": 2 }), T0),
            ("route_step_done.update", 2, json!([1, null]), T1),
            ("route_closed.update", 1, json!([true, 1]), T1),
            (
                "rental_item.insert",
                1,
                json!({ "kind": "walker", "inventory_number": "ХОД-1", "state": "available", "condition_notes": "" }),
                T0,
            ),
            (
                "rental_item_event.insert",
                1,
                json!({ "item": 1, "event": "lend", "from": "available", "to": "on_loan", "note": "" }),
                T1,
            ),
            (
                "rental_loan.insert",
                1,
                json!({ "item": 1, "family": 1, "category": "x", "started_on": "2026-11-12",
                        "due_on": "2026-12-12", "renewals": 0, "contract_sha256": "",
                        "returned_on": null, "lost": false }),
                T1,
            ),
        ],
    );
}

fn november() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
    )
}

#[test]
fn the_same_ids_on_two_kiosks_are_two_families() {
    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    kiosk(&mut fold, &B);
    assert_eq!((fold.devices(), fold.rows()), (2, 30));
    let (facts, rental) = fold.facts();
    let (from, to) = november();
    let i = compute(&facts, from, to);
    assert_eq!(i.children_helped, 2);
    assert_eq!(i.families_helped, 2);
    assert_eq!(i.parents_helped, 2);
    assert_eq!(i.families_supported, 2);
    assert_eq!((i.improvement.answered, i.improvement.improved), (2, 2));
    assert_eq!(i.sessions_held, 2);
    assert_eq!(i.rental_loans, Some(2));
    assert_eq!(
        i.children_by_situation
            .iter()
            .find(|(s, _)| *s == LifeSituation::LossOfParents)
            .unwrap()
            .1,
        2
    );
    // The step without a route id belongs to the route before it; its time is the row's.
    let t1 = Utc.with_ymd_and_hms(2026, 11, 12, 10, 30, 0).unwrap();
    assert_eq!(facts.routes[0].steps_done_at, vec![t1]);
    assert_eq!(facts.routes[0].closed_at, Some(t1));
    // Cut to whole seconds, as the kiosk's tables keep them.
    assert_eq!(
        facts.routes[0].assigned_at,
        Utc.with_ymd_and_hms(2026, 11, 5, 9, 0, 0).unwrap()
    );
    assert_eq!(rental.items.len(), 2);
    assert!(rental.items.iter().all(|i| i.state == ItemState::OnLoan));
    assert_eq!(rental.loans.len(), 2);
    assert_ne!(rental.loans[0].family, rental.loans[1].family);
}

#[test]
fn later_rows_win_and_deletions_are_honoured() {
    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    feed(
        &mut fold,
        &A,
        &[
            // Moved into December: no longer in November's sessions.
            (
                "session.update",
                1,
                json!({ "kind": "family_reconciliation", "starts_at": "2026-12-02T08:00:00Z",
                        "participants": [1] }),
                T1,
            ),
            ("rental_loan.delete", 1, json!(null), T1),
            ("rental_item_event.delete", 1, json!(null), T1),
            ("child.delete", 1, json!(null), T1),
        ],
    );
    let (facts, rental) = fold.facts();
    assert_eq!(
        facts.sessions[0].state,
        SessionState::Done,
        "the state stays"
    );
    let (from, to) = november();
    let i = compute(&facts, from, to);
    assert_eq!(i.sessions_held, 0);
    assert_eq!(i.rental_loans, Some(0));
    assert!(facts.children.is_empty());
    assert!(rental.loans.is_empty());
    // The route step done in November still helps the (deleted) child: as on a kiosk,
    // whose route rows do not go with the child.
    assert_eq!(i.children_helped, 1);
}

#[test]
fn an_unreadable_needed_row_is_left_out_and_says_which_without_its_values() {
    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    let body = json!({ "entity_id": 9, "data": { "id": 9, "record": { "kind": "nap" } } });
    let e = fold
        .add(&A, 16, "session.insert", &body.to_string(), T0)
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("row 16 from device aaaa"), "{text}");
    assert!(text.contains("session.insert"), "{text}");
    assert!(text.contains("was left out"), "{text}");
    assert!(
        text.contains("missing field `starts_at`") || text.contains("wrong type"),
        "{text}"
    );
    // A value where another was expected: the value itself is never quoted.
    let body = json!({ "entity_id": 10, "data": { "id": 10,
        "record": { "family": "Иванова Мария", "situations": [] } } });
    let e = fold
        .add(&A, 17, "child.insert", &body.to_string(), T0)
        .unwrap_err();
    assert!(!e.to_string().contains("Иванова"), "{e}");
    assert!(e.to_string().contains("i64"), "{e}");

    let body = json!({ "entity_id": 99, "data": { "id": 99, "record": "done" } });
    let e = fold
        .add(&A, 17 + 1, "session_state.update", &body.to_string(), T0)
        .unwrap_err();
    assert!(e.to_string().contains("names session 99"), "{e}");

    // A kind the indicators do not read is passed over whatever it holds.
    fold.add(&A, 19, "drawing.insert", "not even JSON", "never")
        .unwrap();
    // Rows out of order are refused.
    let e = fold.add(&A, 19, "audit.insert", "{}", T0).unwrap_err();
    assert!(e.to_string().contains("sequence order"), "{e}");
}

#[test]
fn no_rows_are_no_facts() {
    let (facts, rental) = Fold::new().facts();
    assert!(facts.children.is_empty() && facts.sessions.is_empty());
    assert_eq!(facts.loans, Some(vec![]));
    assert!(rental.items.is_empty() && rental.loans.is_empty());
}

fn case_facts(referred: u32, stage: ladoshka_indicators::domain::restorative::Stage) -> CaseFacts {
    use ladoshka_indicators::domain::restorative::{ProgrammeKind, ReferralSource};
    CaseFacts {
        case: CaseId(1),
        kind: ProgrammeKind::Mediation,
        source: ReferralSource::Kdn,
        referred_on: NaiveDate::from_ymd_opt(2026, 11, referred).unwrap(),
        stage,
        closed_on: None,
        minors: 2,
        adults: 1,
        declined_role: None,
        agreement_made_on: None,
        agreement_reached: false,
        agreement_kept: None,
        screening_rules: vec![],
    }
}

fn case_record(facts: &CaseFacts, act: &str) -> serde_json::Value {
    json!({ "act": act, "facts": facts, "stage": "whatever the centre ignores" })
}

#[test]
fn a_restorative_cases_latest_row_counts_and_voices_and_pauses_are_passed_over() {
    use ladoshka_indicators::domain::restorative::{Outcome, Stage};
    let mut fold = Fold::new();
    let opened = case_facts(3, Stage::Referral);
    let mut closed = opened.clone();
    closed.stage = Stage::Closed(Outcome::Withdrawn);
    closed.closed_on = NaiveDate::from_ymd_opt(2026, 11, 9);
    let other = case_facts(4, Stage::Referral);
    feed(
        &mut fold,
        &A,
        &[
            (
                "restorative_case.insert",
                1,
                case_record(&opened, "open"),
                T0,
            ),
            (
                "restorative_case.insert",
                2,
                case_record(&other, "open"),
                T0,
            ),
            // A child's private answers and a pause tap: never read, whatever they hold.
            (
                "restorative_voice.insert",
                1,
                json!({ "feel": "sad", "safe": false }),
                T0,
            ),
            (
                "restorative_pause.insert",
                1,
                json!("not a record at all"),
                T0,
            ),
            (
                "restorative_case.update",
                1,
                case_record(&closed, "close"),
                T1,
            ),
            ("restorative_case.delete", 2, json!(null), T1),
        ],
    );
    feed(
        &mut fold,
        &B,
        &[(
            "restorative_case.insert",
            1,
            case_record(&opened, "open"),
            T0,
        )],
    );
    let (facts, _) = fold.facts();
    assert_eq!(
        facts.cases.len(),
        2,
        "A's case 1 (closed), B's case 1; A's case 2 deleted"
    );
    assert_eq!(facts.cases[0].stage, closed.stage);
    assert_ne!(
        facts.cases[0].case, facts.cases[1].case,
        "ids kept apart per kiosk"
    );
    let (from, to) = november();
    let r = compute(&facts, from, to).restorative.unwrap();
    assert_eq!((r.referred, r.withdrawn, r.active, r.minors), (2, 1, 2, 4));
    // A malformed case row is quarantined, naming the field, not the value.
    let body = json!({ "entity_id": 3, "data": { "id": 3,
        "record": { "act": "open", "facts": { "case": 3, "kind": "Иванова" } } } });
    let e = fold
        .add(&B, 2, "restorative_case.insert", &body.to_string(), T0)
        .unwrap_err();
    assert!(e.to_string().contains("restorative_case.insert"), "{e}");
    assert!(!e.to_string().contains("Иванова"), "{e}");
    let body = json!({ "entity_id": 3, "data": { "id": 3, "record": { "act": "open" } } });
    let e = fold
        .add(&B, 3, "restorative_case.insert", &body.to_string(), T0)
        .unwrap_err();
    assert!(e.to_string().contains("missing field `facts`"), "{e}");
    assert_eq!(fold.facts().0.cases.len(), 2);
}

const UID: &str = "0123456789abcdef0123456789abcdef";

/// A kiosk's `family` row naming `uid` for its family `local`.
fn family_uid(fold: &mut Fold, device: &[u8; 16], local: i64, uid: &str) {
    feed(
        fold,
        device,
        &[(
            "family.update",
            local,
            json!({ "surname": "Иванова", "parent_name": "Иванова Мария", "phone": null,
                    "uid": uid, "edited_at": T1 }),
            T1,
        )],
    );
}

#[test]
fn a_family_served_on_two_kiosks_counts_once_by_its_uid_and_one_without_a_uid_per_kiosk() {
    const C: [u8; 16] = [0xcc; 16];
    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    kiosk(&mut fold, &B);
    kiosk(&mut fold, &C);
    // A enrolled the family; B took it from the centre (B's own id for it is 1 too here, but
    // the uid, not the id, makes it one). C's family has no uid: an older kiosk's.
    family_uid(&mut fold, &A, 1, UID);
    family_uid(&mut fold, &B, 1, UID);
    let (from, to) = november();
    let (facts, rental) = fold.facts();
    let i = compute(&facts, from, to);
    assert_eq!(i.children_helped, 3, "children are never shared");
    assert_eq!(i.families_helped, 2, "the shared family once, C's own once");
    assert_eq!(i.parents_helped, 2);
    assert_eq!(i.families_supported, 2);
    let families: std::collections::BTreeSet<_> = rental.loans.iter().map(|l| l.family).collect();
    assert_eq!(
        families.len(),
        2,
        "the loans of the shared family are one family's"
    );

    // One КЦСОН (A and B): once; A alone: once.
    let (facts, _) = fold.facts_of(&|d| *d != C);
    assert_eq!(compute(&facts, from, to).families_helped, 1);
    let (facts, _) = fold.facts_of(&|d| *d == A);
    assert_eq!(compute(&facts, from, to).families_helped, 1);
}

#[test]
fn two_uids_are_two_families_and_a_bad_uid_or_a_deleted_family_counts_per_kiosk() {
    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    kiosk(&mut fold, &B);
    family_uid(&mut fold, &A, 1, UID);
    family_uid(&mut fold, &B, 1, "ffffffffffffffffffffffffffffffff");
    let (from, to) = november();
    assert_eq!(
        compute(&fold.facts().0, from, to).families_helped,
        2,
        "never merged by name"
    );

    let mut fold = Fold::new();
    kiosk(&mut fold, &A);
    kiosk(&mut fold, &B);
    family_uid(&mut fold, &A, 1, UID);
    family_uid(&mut fold, &B, 1, "NOT-A-UID");
    assert_eq!(compute(&fold.facts().0, from, to).families_helped, 2);
    family_uid(&mut fold, &B, 1, UID);
    assert_eq!(compute(&fold.facts().0, from, to).families_helped, 1);
    feed(&mut fold, &B, &[("family.delete", 1, json!(null), T1)]);
    assert_eq!(compute(&fold.facts().0, from, to).families_helped, 2);
}

//! The data subject's rights on a real SQLCipher file (152-ФЗ, issue 15 §1): a withdrawn consent
//! refuses everything new about the child; an erasure deletes everything of a family in one
//! transaction, redacts the outbox, and leaves no byte of their names in any page of the
//! decrypted database file; a family's data is exported whole to a stick.

mod common;

use chrono::{Duration, NaiveDate};
use common::TempKiosk;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::consent::{full_name, ConsentFacts, ConsentSubject, ConsentText};
use ladoshka::domain::eligibility::{CategoryCheck, NotEligible};
use ladoshka::domain::{
    Avatar, ChildId, FamilyId, ItemState, Language, LifeSituation, Mood, NewChild, NewFamily,
    NewSession, Refusal, RentalKind, SessionKind, SignedConsent, StaffId,
};
use ladoshka::store::{ConsentState, Store, StoreError};

const SURNAME: &str = "Эрасова";
const PARENT: &str = "Эрасова Зульфия Ринатовна";
const CHILD: &str = "Земфира";
const SIBLING: &str = "Ильмира";
const PHONE: &str = "+7 917 555-01-23";
const ADDRESS: &str = "г. Казань, ул. Стираемая, д. 7";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo centre, and one more family whose every string is unique, with two children.
fn kiosk_with_family() -> (TempKiosk, Store, FamilyId, ChildId, ChildId) {
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
    let (family, child, sibling) = store
        .write(|w| {
            let family = w.insert_family(&NewFamily::new(SURNAME, PARENT, Some(PHONE))?)?;
            let mut ids = Vec::new();
            for (name, born) in [(CHILD, 2018), (SIBLING, 2020)] {
                let child = NewChild::new(
                    family,
                    name,
                    SURNAME,
                    NaiveDate::from_ymd_opt(born, 3, 4).unwrap(),
                    Avatar::Owl,
                    false,
                    &[LifeSituation::AbuseOrAssault],
                    today(),
                )?;
                let subject = ConsentSubject::new(ADDRESS, "паспорт 9211 123456")?;
                let text = ConsentText::fill(
                    Language::Ru,
                    &ConsentFacts {
                        operator: "ГБУ КЦСОН (тест)",
                        parent_name: PARENT,
                        subject: &subject,
                        child_full_name: &full_name(SURNAME, name)?,
                        child_first_name: name,
                        birth_date: child.birth_date,
                        first_name_public: false,
                    },
                )?;
                let consent = SignedConsent {
                    text,
                    subject,
                    parent_signature_png: b"PNG parent signature".to_vec(),
                    child_signature_png: None,
                };
                let code = PinHash::of_secret(b"1234", &pepper, 10);
                ids.push(
                    w.add_child_with_consent(&child, &code, &consent, None)?
                        .child,
                );
            }
            Ok((family, ids[0], ids[1]))
        })
        .unwrap();
    (k, store, family, child, sibling)
}

fn psychologist(store: &Store) -> StaffId {
    store
        .staff_cards()
        .unwrap()
        .into_iter()
        .find(|c| c.member.role == ladoshka::domain::Role::Psychologist)
        .unwrap()
        .id
}

fn session_with(store: &mut Store, child: ChildId) -> Result<i64, StoreError> {
    let room = store.rooms().unwrap()[0].id;
    let me = psychologist(store);
    let at = common::instants::instant(common::instants::MONDAY_BEFORE_NOON) + Duration::hours(2);
    store.write(|w| {
        w.insert_session(&NewSession::new(
            room,
            me,
            SessionKind::IndividualPlayTherapy,
            at,
            45,
            &[child],
        )?)
    })
}

#[track_caller]
fn withdrawn(err: StoreError) {
    assert!(
        matches!(err, StoreError::Refused(Refusal::ConsentWithdrawn { ref on }) if on == "2026-11-23"),
        "expected the withdrawal refusal, got {err:?}"
    );
}

#[test]
fn a_withdrawn_consent_refuses_everything_new_about_the_child() {
    let (_k, mut store, family, child, sibling) = kiosk_with_family();
    let me = psychologist(&store);
    let session = session_with(&mut store, child).unwrap();
    let template = ladoshka::platform::route_files::built_in()
        .templates
        .remove(0);

    let unsigned = store
        .write(|w| w.withdraw_consent(child, &[], me))
        .unwrap_err();
    assert!(
        matches!(unsigned, StoreError::Refused(Refusal::WithdrawalNotSigned)),
        "{unsigned:?}"
    );
    assert!(matches!(
        store.consent_state(child).unwrap(),
        ConsentState::Given { .. }
    ));

    let at = store
        .write(|w| w.withdraw_consent(child, b"PNG withdrawal", me))
        .unwrap();
    let again = store
        .write(|w| w.withdraw_consent(child, b"PNG again", me))
        .unwrap();
    assert_eq!(at, again, "withdrawing twice keeps the first moment");
    assert_eq!(
        store.consent_state(child).unwrap(),
        ConsentState::Withdrawn {
            at,
            erase_by: today() + Duration::days(30)
        }
    );
    let waiting = store.awaiting_erasure().unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].child, waiting[0].family), (child, family));
    assert_eq!(
        waiting[0].erase_by,
        NaiveDate::from_ymd_opt(2026, 12, 23).unwrap()
    );

    let before = store.unsent_outbox_count().unwrap();
    withdrawn(
        store
            .write(|w| w.check_in(session, child, Mood::Happy))
            .unwrap_err(),
    );
    withdrawn(session_with(&mut store, child).unwrap_err());
    withdrawn(
        store
            .write(|w| w.assign_route(child, &template, me))
            .unwrap_err(),
    );
    withdrawn(
        store
            .write(|w| w.start_administration(child, "house_tree_person", "1", None, Some(me)))
            .unwrap_err(),
    );
    assert_eq!(
        store.unsent_outbox_count().unwrap(),
        before,
        "a refusal writes nothing"
    );
    assert!(
        !store
            .bookable_children()
            .unwrap()
            .iter()
            .any(|c| c.id == child),
        "the child is no longer offered for booking"
    );

    // The sibling's consent stands: the family may still borrow and the sibling be booked.
    session_with(&mut store, sibling).unwrap();
    let audit = store.audit_entries(5).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.event == "consent_withdrawn" && a.detail == format!("child={}", child.0)));

    // With both withdrawn, lending refuses for want of a consent.
    store
        .write(|w| w.withdraw_consent(sibling, b"PNG withdrawal", me))
        .unwrap();
    check_category(&mut store, family);
    let item = available(&store, RentalKind::WALKER);
    let err = store
        .write(|w| w.lend(item, family, 6, today(), "Договор", b"PNG", me))
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::NotEligible(NotEligible::NoConsent))
        ),
        "{err:?}"
    );
}

fn check_category(store: &mut Store, family: FamilyId) {
    let c = CategoryCheck {
        category: "single_parent".into(),
        documents_seen: vec![
            "passport".into(),
            "birth_certificate".into(),
            "single_parent_proof".into(),
        ],
        checked_on: today(),
    };
    store
        .write(|w| w.record_category_check(family, &c, StaffId(1)))
        .unwrap();
}

fn available(store: &Store, kind: RentalKind) -> i64 {
    store
        .rental_items()
        .unwrap()
        .into_iter()
        .find(|(_, i)| i.kind == kind && i.state == ItemState::Available)
        .unwrap()
        .0
}

#[test]
fn an_erased_family_leaves_no_byte_of_itself_in_the_database_file() {
    let (k, mut store, family, child, sibling) = kiosk_with_family();
    let me = psychologist(&store);
    // Records of every kind: a check-in, a drawing, a route, a note, a returned loan.
    let session = session_with(&mut store, child).unwrap();
    store
        .write(|w| w.check_in(session, child, Mood::Sad))
        .unwrap();
    store
        .write(|w| w.save_session_note(session, &format!("{CHILD} рисовала дом"), me))
        .unwrap();
    let template = ladoshka::platform::route_files::built_in()
        .templates
        .remove(0);
    store
        .write(|w| w.assign_route(child, &template, me))
        .unwrap();
    let admin = store
        .write(|w| w.start_administration(sibling, "house_tree_person", "1", None, Some(me)))
        .unwrap();
    store
        .write(|w| w.save_drawing(admin, "house", 10, 10, b"PNG drawing of Ilmira", "[]"))
        .unwrap();
    check_category(&mut store, family);
    let item = available(&store, RentalKind::WALKER);
    store
        .write(|w| {
            w.lend(
                item,
                family,
                6,
                today(),
                &format!("Договор с {PARENT}"),
                b"PNG loan signature",
                me,
            )
        })
        .unwrap();

    // A family holding an item is not erased.
    let err = store.erase_family(family, me).unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::HoldsItems { ref numbers }) if numbers.len() == 1),
        "{err:?}"
    );
    store
        .write(|w| w.return_item(item, false, "", today(), me))
        .unwrap();
    let db = k.db_path();
    let wal = db.with_extension("db-wal");
    assert!(store.checkpoint().unwrap(), "nothing else reads");
    let key = *k.key.as_bytes();
    let before = common::decrypted_pages(&db, &key);
    for needle in [
        PARENT,
        "9175550123",
        ADDRESS,
        CHILD,
        SIBLING,
        "рисовала дом",
        "PNG drawing of Ilmira",
        "PNG loan signature",
    ] {
        assert!(
            common::holds(&before, needle),
            "the scan finds «{needle}» before the erasure"
        );
    }

    let erased = store.erase_family(family, me).unwrap();
    assert!(erased.whole_family && erased.log_truncated, "{erased:?}");
    assert_eq!(erased.children, vec![child, sibling]);
    assert!(erased.rows_deleted >= 10, "{erased:?}");
    assert!(erased.outbox_rows_redacted >= 10, "{erased:?}");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the log is truncated"
    );
    let after = common::decrypted_pages(&db, &key);
    for needle in [
        PARENT,
        "9175550123",
        ADDRESS,
        CHILD,
        SIBLING,
        SURNAME,
        "рисовала дом",
        "PNG drawing of Ilmira",
        "PNG loan signature",
        "PNG parent signature",
    ] {
        assert!(
            !common::holds(&after, needle),
            "«{needle}» is still in the file after the erasure"
        );
    }
    assert!(
        common::holds(&after, "Договор"),
        "other families' loans are untouched"
    );
    assert!(store.families().unwrap().iter().all(|f| f.id != family));
    assert!(store.child(child).is_err());
    // The erasure itself goes to the centre: ids only.
    let rows = store.unsent_outbox(10_000).unwrap();
    let record = rows
        .iter()
        .rev()
        .find(|r| r.entity == "erasure")
        .expect("an erasure row");
    assert!(
        record.payload.contains(&format!("\"family\":{}", family.0)),
        "{}",
        record.payload
    );
    assert!(
        record.payload.contains("\"child\":["),
        "names the erased child rows: {}",
        record.payload
    );
    assert!(!common::holds(record.payload.as_bytes(), SURNAME));
    assert!(
        rows.iter().any(|r| r.entity == "erased"),
        "the family's rows are redacted to their ids"
    );
    // The item stays, returned; the audit says who erased.
    let audit = store.audit_entries(3).unwrap();
    assert!(audit.iter().any(|a| a.event == "erased"
        && a.detail == format!("family={}", family.0)
        && a.staff == Some(me)));
    drop(store);
    let reopened = k.open();
    assert!(reopened.families().unwrap().iter().all(|f| f.id != family));
}

#[test]
fn erasing_one_child_keeps_the_sibling_and_the_family() {
    let (_k, mut store, family, child, sibling) = kiosk_with_family();
    let me = psychologist(&store);
    store
        .write(|w| w.withdraw_consent(child, b"PNG withdrawal", me))
        .unwrap();
    let erased = store.erase_child(child, me).unwrap();
    assert!(!erased.whole_family);
    assert_eq!(erased.children, vec![child]);
    assert!(
        store.awaiting_erasure().unwrap().is_empty(),
        "nothing waits once erased"
    );
    assert_eq!(store.consent_state(child).unwrap(), ConsentState::Missing);
    let left: Vec<_> = store
        .children_of(family)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(left, vec![sibling]);
    session_with(&mut store, sibling).unwrap();
    // The last child erased takes the family with it.
    let last = store.erase_child(sibling, me).unwrap();
    assert!(last.whole_family);
    assert!(store.families().unwrap().iter().all(|f| f.id != family));
}

#[test]
fn a_family_is_exported_whole_to_a_stick_and_the_export_is_audited() {
    let (k, mut store, family, child, _sibling) = kiosk_with_family();
    let me = psychologist(&store);
    let session = session_with(&mut store, child).unwrap();
    store
        .write(|w| w.check_in(session, child, Mood::Happy))
        .unwrap();
    store
        .write(|w| {
            w.audit(
                Some(me),
                ladoshka::domain::AuditEvent::ResultsOpened { child },
            )
        })
        .unwrap();
    let data = store.family_data(family).unwrap();
    assert_eq!(data.children.len(), 2);
    assert_eq!(data.children[0].check_ins.len(), 1);
    assert_eq!(data.children[0].consents.len(), 1);
    assert!(
        data.audit.iter().any(|a| a.event == "results_opened"),
        "who opened the results"
    );
    let stick = k.dir.path().join("stick");
    let files =
        ladoshka::report::family_export::write(&stick, &data, Language::Ru, today()).unwrap();
    assert_eq!(files.len(), 2);
    let html = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        html.contains(PARENT) && html.contains(CHILD) && html.contains("Согласия"),
        "{html}"
    );
    assert!(
        !files[0].to_string_lossy().contains(SURNAME),
        "the file name names no one"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&files[1]).unwrap()).unwrap();
    assert_eq!(json["family"]["details"]["parent_name"], PARENT);
    assert_eq!(
        json["children"][0]["check_ins"].as_array().unwrap().len(),
        1
    );
    // A `<` in a name stays text in the page.
    let mut odd = data.clone();
    odd.family.details.surname = "<script>".into();
    assert!(
        !ladoshka::report::family_export::html_page(&odd, Language::En, today())
            .contains("<script>")
    );
}

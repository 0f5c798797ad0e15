//! Families shared between the kiosks of one КЦСОН (issue 18 §3), end to end with the real
//! `ladoshka` binary and an in-process centre: a family enrolled on kiosk A reaches kiosk B of
//! the same КЦСОН with the next configuration version, under the same uid, and not kiosk C of
//! another КЦСОН; B's later change of the phone reaches A (the last edit wins); and the centre
//! counts the family, served on both kiosks, once.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use common::{at, instants, printed as text, run, TempKiosk};
use ladoshka::domain::centre_config::CentreConfig;
use ladoshka::domain::{
    Avatar, ChildId, FamilyId, NewChild, NewFamily, NewRoom, NewSession, NewStaff, Role, RoomKind,
    SessionKind, SessionState,
};
use ladoshka_centre_testing::TestCentre;

const DOVERIE: &str = "КЦСОН «Доверие»";

/// A kiosk enrolled online with `c` (fingerprint confirmed), placed in `unit`.
fn enrolled_in(c: &TestCentre, url: &str, unit: &str) -> TempKiosk {
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
    let device = k.open().sync_identity().unwrap().device_id;
    c.centre
        .store()
        .set_device_place(&device, Some(unit), None, 0)
        .unwrap();
    k
}

fn sync(k: &TempKiosk) -> String {
    let out = run(k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

/// On `k`, at `now`: a child of `family` who took part in a family meeting held then.
fn serve(k: &TempKiosk, family: FamilyId, child: &str, now: DateTime<Utc>) -> ChildId {
    let pepper = ladoshka::crypto::PinPepper::from_bytes([1; 32]);
    let pin = ladoshka::crypto::PinHash::with_cost(
        &ladoshka::domain::Pin::parse("2468").unwrap(),
        &pepper,
        ladoshka::crypto::PinCost::TESTS_ONLY,
    );
    let today = now.date_naive();
    k.open()
        .write_at(now, |w| {
            let room = w.insert_room(&NewRoom::new(
                "Кабинет примирения",
                RoomKind::Reconciliation,
            )?)?;
            let staff = w.insert_staff(
                &NewStaff::new("Алсу", "", "Сафина", Role::Psychologist)?,
                &pin,
            )?;
            let born = NaiveDate::from_ymd_opt(2018, 3, 1).unwrap();
            let child = w.insert_child(&NewChild::new(
                family,
                child,
                "Галиева",
                born,
                Avatar::ALL[0],
                false,
                &[],
                today,
            )?)?;
            let session = w.insert_session(&NewSession::new(
                room,
                staff,
                SessionKind::FamilyReconciliation,
                now,
                45,
                &[child],
            )?)?;
            w.set_session_state(session, SessionState::InProgress, None, staff)?;
            w.set_session_state(session, SessionState::Done, None, staff)?;
            Ok(child)
        })
        .unwrap()
}

fn phone(k: &TempKiosk, uid: &str) -> Option<String> {
    let store = k.open();
    let id = store.family_by_uid(uid).unwrap()?;
    let family = store
        .families()
        .unwrap()
        .into_iter()
        .find(|f| f.id == id)
        .unwrap();
    family.details.phone.map(|p| p.as_str().to_string())
}

#[test]
fn a_family_enrolled_on_one_kiosk_is_one_family_on_every_kiosk_of_its_kcson_and_at_the_centre() {
    let c = TestCentre::new();
    let server = c.serve();
    let a = enrolled_in(&c, &server.url(), DOVERIE);
    let b = enrolled_in(&c, &server.url(), DOVERIE);
    let other = enrolled_in(&c, &server.url(), "КЦСОН «Радуга»");

    // Kiosk A enrols the family and holds a family meeting with its child.
    let monday = at(instants::MONDAY_MORNING);
    let family = a
        .open()
        .write_at(monday, |w| {
            w.insert_family(&NewFamily::new(
                "Галиева",
                "Галиева Алсу Ринатовна",
                Some("89171234567"),
            )?)
        })
        .unwrap();
    serve(&a, family, "Аня", monday);
    let uid = a.open().family_identity(family).unwrap().uid;
    assert_eq!(uid.len(), 32, "{uid}");
    sync(&a);

    // The centre publishes; B takes the family under the same uid, the other КЦСОН does not.
    c.centre
        .publish_config(&CentreConfig {
            legal_name: Some("ГАУСО «КЦСОН „Доверие“»".into()),
            ..CentreConfig::default()
        })
        .unwrap();
    assert!(sync(&b).contains("1 family(ies) of the КЦСОН"));
    assert_eq!(phone(&b, &uid).as_deref(), Some("+79171234567"));
    let on_b = b
        .open()
        .family_by_uid(&uid)
        .unwrap()
        .expect("B holds the family");
    sync(&other);
    assert_eq!(
        other.open().family_by_uid(&uid).unwrap(),
        None,
        "another КЦСОН's kiosk"
    );
    assert!(other.open().families().unwrap().is_empty());

    // At B the next day: the family's other child is served, and its phone changed.
    let tuesday = monday + Duration::days(1);
    serve(&b, on_b, "Тимур", tuesday);
    b.open()
        .write_at(tuesday, |w| {
            w.update_family(
                on_b,
                &NewFamily::new("Галиева", "Галиева Алсу Ринатовна", Some("89170000000"))?,
            )
        })
        .unwrap();
    sync(&b);

    // The nightly republish brings B's edit to A: the later edit wins.
    c.centre.republish_config().unwrap();
    assert!(sync(&a).contains("Applied the centre's configuration"));
    assert_eq!(phone(&a, &uid).as_deref(), Some("+79170000000"));
    assert_eq!(a.open().families().unwrap().len(), 1, "updated, not added");
    // A's own, older record, coming back from the centre, does not undo B's edit at B.
    sync(&a);
    c.centre.republish_config().unwrap();
    sync(&b);
    assert_eq!(phone(&b, &uid).as_deref(), Some("+79170000000"));
    assert_eq!(b.open().families().unwrap().len(), 1);

    // Two children on two kiosks, one family at the centre.
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let req = ladoshka_centre::report::Request {
        first_day: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        last_day: today,
        zone: chrono_tz::Europe::Moscow,
        today,
        format: ladoshka_centre::report::Format::Csv,
        lang: ladoshka_centre::report::Language::En,
        operator: String::new(),
    };
    let figures = ladoshka_centre::report::figures(c.centre.store(), &req).unwrap();
    assert!(figures.quarantined.is_empty(), "{:?}", figures.quarantined);
    assert_eq!(figures.indicators.children_helped, 2);
    assert_eq!(figures.indicators.families_helped, 1);
    assert_eq!(figures.indicators.parents_helped, 1);

    // The family asks the centre to erase its data: the order reaches A and B's copy too.
    let a_device = a.open().sync_identity().unwrap().device_id;
    let b_device = b.open().sync_identity().unwrap().device_id;
    let done = c
        .centre
        .order_erasure_everywhere(&a_device, family.0, Some("заявление № 7"), "test")
        .unwrap();
    let ordered: Vec<_> = done
        .placed
        .iter()
        .map(|o| (o.device_id, o.family))
        .collect();
    assert_eq!(
        ordered,
        [(a_device, family.0), (b_device, on_b.0)],
        "one order per kiosk holding the family"
    );
    assert!(done.revoked.is_empty());
    sync(&a);
    sync(&b);
    assert_eq!(a.open().family_by_uid(&uid).unwrap(), None, "erased on A");
    assert_eq!(
        b.open().family_by_uid(&uid).unwrap(),
        None,
        "erased on B, and not taken back from A's rows"
    );
    sync(&a);
    sync(&b);
    let orders = c.centre.store().erasure_orders().unwrap();
    assert!(
        orders.iter().all(|o| o.done.is_some()),
        "both carried out: {orders:?}"
    );
    c.centre.republish_config().unwrap();
    sync(&b);
    assert_eq!(
        b.open().family_by_uid(&uid).unwrap(),
        None,
        "not shared again"
    );
}

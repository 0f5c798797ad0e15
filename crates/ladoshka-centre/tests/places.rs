//! Where each kiosk stands (КЦСОН and room) and what it still owes: a token gives its kiosk a
//! place, the indicators of one КЦСОН count only its kiosks (the console's kept fold and the
//! CLI's report agree), and a refused bundle shows as pending until a good one is imported. On
//! both engines.

mod common;

use common::{CentreExt, Kiosk};
use ladoshka_centre::report::{indicators_of, made, Format, Request};
use ladoshka_centre::store::Via;
use ladoshka_centre_testing::{kiosk_rows, Engine, TestCentre};

fn request() -> Request {
    common::november(Format::Csv)
}

/// A kiosk enrolled with a token made for `unit` and `room`.
fn kiosk_in(c: &TestCentre, unit: &str, room: &str) -> Kiosk {
    let token = ladoshka_centre::token::EnrolmentToken::generate().unwrap();
    let now = ladoshka_centre::time::now_unix();
    let store = c.centre.store();
    store.insert_token(&token.hash(), now, now + 3600).unwrap();
    store
        .set_token_place(&token.hash(), Some(unit), Some(room))
        .unwrap();
    let kiosk = Kiosk::new(c.public_key());
    c.centre.enrol(&kiosk.enrolment(&token.to_text())).unwrap();
    kiosk
}

#[test]
fn a_token_places_its_kiosk_and_one_kcsons_indicators_count_only_its_kiosks() {
    for engine in [Engine::Sqlcipher, Engine::Postgres] {
        let c = TestCentre::on(engine);
        let mut a = kiosk_in(&c, "КЦСОН «Доверие»", "игровая");
        let mut b = kiosk_in(&c, "КЦСОН «Надежда»", "прокат");
        let _unplaced = c.enrolled_kiosk();
        let rows = kiosk_rows(20);
        c.centre
            .receive(&a.next_of(&rows[..120]), Via::Http)
            .unwrap();
        c.centre.receive(&b.next_of(&rows), Via::Http).unwrap();

        let places = c.centre.store().places().unwrap();
        assert_eq!(places.len(), 3, "{engine:?}");
        let of = |k: &Kiosk| {
            places
                .iter()
                .find(|p| p.device_id == k.device_id)
                .unwrap()
                .clone()
        };
        assert_eq!(of(&a).unit.as_deref(), Some("КЦСОН «Доверие»"));
        assert_eq!(of(&a).room.as_deref(), Some("игровая"));
        assert_eq!(of(&b).unit.as_deref(), Some("КЦСОН «Надежда»"));

        let one = c
            .centre
            .figures(&request(), Some("КЦСОН «Доверие»"))
            .unwrap();
        assert_eq!((one.devices, one.rows), (1, 120));
        let all = c.centre.figures(&request(), None).unwrap();
        assert_eq!((all.devices, all.rows), (2, 320));
        assert!(all.indicators.children_helped > one.indicators.children_helped);
        // The console's kept fold and the CLI's report give the same text for one КЦСОН.
        let cli = indicators_of(c.centre.store(), &request(), Some("КЦСОН «Доверие»")).unwrap();
        assert_eq!(made(one, &request()).unwrap().text, cli.text);
        // A КЦСОН with no kiosk counts nothing.
        let none = c.centre.figures(&request(), Some("нет такого")).unwrap();
        assert_eq!((none.devices, none.rows), (0, 0));
    }
}

#[test]
fn a_refused_bundle_is_pending_until_a_good_one_arrives() {
    for engine in [Engine::Sqlcipher, Engine::Postgres] {
        let c = TestCentre::on(engine);
        let mut kiosk = c.enrolled_kiosk();
        c.centre.receive(&kiosk.next(3), Via::Http).unwrap();
        // Rows 4–6 never arrive; 7–9 come first: a gap.
        let skipped = kiosk.next(3);
        let early = kiosk.next(3);
        assert!(c.centre.receive(&early, Via::Usb).is_err());
        let pending = c.centre.store().places().unwrap()[0].clone();
        let why = pending.refusal.expect("the gap is pending");
        assert!(why.contains("gap"), "{engine:?}: {why}");
        assert!(pending.refused_at.is_some());

        // The kiosk sends what was missing, then the rest: nothing is pending any more.
        c.centre.receive(&skipped, Via::Http).unwrap();
        c.centre.receive(&early, Via::Http).unwrap();
        let place = c.centre.store().places().unwrap()[0].clone();
        assert_eq!(
            (place.refusal, place.refused_at),
            (None, None),
            "{engine:?}"
        );
    }
}

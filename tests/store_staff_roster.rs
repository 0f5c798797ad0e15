//! Colleagues from the centre's roster on one kiosk's store (issue 18 §3): added with their
//! starting code, which never signs anyone in and only lets its owner choose a PIN (wrong codes
//! pause like wrong PINs); updated without losing a chosen PIN; switched off when the centre says
//! so; and never a hash in what goes to the centre.

mod common;

use chrono::Duration;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::centre_config::Colleague;
use ladoshka::domain::{Pin, PinCheck, Role};
use ladoshka::store::{RosterApplied, Store};
use ladoshka_centre::configuration::starting_code::StartingCodes;
use ladoshka_centre::secrets::DbKey;

fn colleague(codes: &StartingCodes, uid: &str, first: &str, last: &str, role: Role) -> Colleague {
    Colleague {
        uid: uid.into(),
        first_name: first.into(),
        patronymic: String::new(),
        last_name: last.into(),
        role,
        starting_code: codes.hash(uid, 1).unwrap(),
        units: vec![],
    }
}

fn apply(store: &mut Store, staff: &[Colleague], revoked: &[&str]) -> RosterApplied {
    let revoked: Vec<String> = revoked.iter().map(|s| s.to_string()).collect();
    store.write(|w| w.apply_roster(staff, &revoked)).unwrap()
}

fn pin(digits: &str) -> Pin {
    Pin::parse(digits).unwrap()
}

#[test]
fn a_colleague_from_the_roster_chooses_a_pin_with_the_starting_code_and_signs_in_with_it() {
    let now = common::at(common::instants::MONDAY_MORNING);
    let k = common::TempKiosk::new();
    let mut store = k.open();
    let codes = StartingCodes::from_db_key(&DbKey::generate().unwrap());
    let pepper = PinPepper::from_bytes([7; 32]);
    let safina = colleague(&codes, "safina.a", "Алсу", "Сафина", Role::Psychologist);
    let galiev = colleague(&codes, "galiev.r", "Рөстәм", "Гәлиев", Role::Staff);
    assert_eq!(
        apply(&mut store, &[safina.clone(), galiev.clone()], &[]),
        RosterApplied {
            added: 2,
            updated: 0,
            switched_off: 0
        }
    );
    let cards = store.staff_cards().unwrap();
    let card = cards
        .iter()
        .find(|c| c.member.last_name == "Сафина")
        .expect("on the sign-in list");
    assert!(card.first_sign_in, "she has no PIN here yet");
    assert_eq!(card.member.role, Role::Psychologist);
    let id = card.id;
    let code = pin(&codes.code("safina.a", 1));

    // The starting code never signs her in, not even through the PIN check.
    let refused = store.attempt_sign_in(id, now, |h| {
        h.check(&code, &pepper, ladoshka::crypto::PinCost::TESTS_ONLY)
    });
    assert!(refused.is_err(), "{refused:?}");

    // A wrong code counts towards the pause; the right one is accepted and changes nothing.
    let wrong = pin(&codes.code("galiev.r", 1));
    assert_eq!(
        store
            .check_starting_code(id, now, |h| h.verify_starting_code(&wrong))
            .unwrap(),
        PinCheck::Wrong { tries_left: 4 }
    );
    assert_eq!(
        store
            .check_starting_code(id, now, |h| h.verify_starting_code(&code))
            .unwrap(),
        PinCheck::Accepted
    );
    assert!(store
        .staff_cards()
        .unwrap()
        .iter()
        .any(|c| c.id == id && c.first_sign_in));

    // Choosing the PIN checks the code again: a wrong one keeps nothing.
    let mine = PinHash::with_cost(&pin("2468"), &pepper, ladoshka::crypto::PinCost::TESTS_ONLY);
    assert_eq!(
        store
            .choose_first_pin(id, now, |h| h.verify_starting_code(&wrong), &mine)
            .unwrap(),
        PinCheck::Wrong { tries_left: 4 },
        "the right code before reset the count"
    );
    assert_eq!(
        store
            .choose_first_pin(id, now, |h| h.verify_starting_code(&code), &mine)
            .unwrap(),
        PinCheck::Accepted
    );
    assert!(!store
        .staff_cards()
        .unwrap()
        .iter()
        .any(|c| c.id == id && c.first_sign_in));
    let check = |store: &mut Store, digits: &str| {
        let p = pin(digits);
        store
            .attempt_sign_in(id, now + Duration::minutes(1), |h| h.verify(&p, &pepper))
            .unwrap()
    };
    assert_eq!(
        check(&mut store, "2468"),
        PinCheck::Accepted,
        "her own PIN signs her in"
    );
    // The code is spent.
    assert!(store
        .check_starting_code(id, now, |h| h.verify_starting_code(&code))
        .is_err());
    let events: Vec<String> = store
        .audit_entries(20)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(events.iter().any(|e| e == "pin_chosen"), "{events:?}");

    // A later roster renames her and keeps her PIN; Гәлиев, who has not signed in yet, keeps
    // needing a code (its new hash).
    let renamed = Colleague {
        last_name: "Сафина-Ахметова".into(),
        starting_code: codes.hash("safina.a", 1).unwrap(),
        ..safina
    };
    let galiev_again = Colleague {
        starting_code: codes.hash("galiev.r", 1).unwrap(),
        ..galiev.clone()
    };
    assert_eq!(
        apply(&mut store, &[renamed, galiev_again], &[]),
        RosterApplied {
            added: 0,
            updated: 2,
            switched_off: 0
        }
    );
    assert_eq!(
        check(&mut store, "2468"),
        PinCheck::Accepted,
        "the chosen PIN stays"
    );
    let cards = store.staff_cards().unwrap();
    assert!(cards
        .iter()
        .any(|c| c.id == id && c.member.last_name == "Сафина-Ахметова"));
    let galiev_id = cards
        .iter()
        .find(|c| c.member.last_name == "Гәлиев")
        .unwrap()
        .id;
    let his = pin(&codes.code("galiev.r", 1));
    assert_eq!(
        store
            .check_starting_code(galiev_id, now, |h| h.verify_starting_code(&his))
            .unwrap(),
        PinCheck::Accepted
    );

    // The same roster again (a republished version): nothing to write, nothing for the centre.
    let outbox_before = store.unsent_outbox(1000).unwrap().len();
    let same_again: Vec<Colleague> = store_roster_again(&codes, &galiev);
    assert_eq!(
        apply(&mut store, &same_again[..1], &[]),
        RosterApplied::default()
    );
    assert_eq!(store.unsent_outbox(1000).unwrap().len(), outbox_before);

    // He left: switched off, gone from the sign-in list, and cannot sign in.
    assert_eq!(
        apply(&mut store, &[], &["galiev.r", "nobody.here"]),
        RosterApplied {
            added: 0,
            updated: 0,
            switched_off: 1
        }
    );
    assert!(!store
        .staff_cards()
        .unwrap()
        .iter()
        .any(|c| c.id == galiev_id));
    assert!(store
        .check_starting_code(galiev_id, now, |h| h.verify_starting_code(&his))
        .is_err());

    // What goes to the centre names the colleagues and never a hash or a code.
    let rows = store.unsent_outbox(1000).unwrap();
    let staff_rows: Vec<_> = rows.iter().filter(|r| r.entity == "staff").collect();
    // Two added, her new name, his switching off; his new starting code is not the centre's news.
    assert_eq!(staff_rows.len(), 4, "{staff_rows:?}");
    for r in &rows {
        assert!(
            !r.payload.contains("argon2") && !r.payload.contains(&codes.code("safina.a", 1)),
            "{}",
            r.payload
        );
    }
    assert!(staff_rows
        .iter()
        .any(|r| r.payload.contains("\"centre_uid\":\"galiev.r\"")
            && r.payload.contains("\"active\":false")));
}

#[test]
fn five_wrong_starting_codes_pause_the_first_sign_in() {
    let now = common::at(common::instants::MONDAY_MORNING);
    let k = common::TempKiosk::new();
    let mut store = k.open();
    let codes = StartingCodes::from_db_key(&DbKey::generate().unwrap());
    apply(
        &mut store,
        &[colleague(
            &codes,
            "safina.a",
            "Алсу",
            "Сафина",
            Role::Psychologist,
        )],
        &[],
    );
    let id = store.staff_cards().unwrap()[0].id;
    let wrong = pin("00000000");
    let mut last = PinCheck::Accepted;
    for _ in 0..5 {
        last = store
            .check_starting_code(id, now, |h| h.verify_starting_code(&wrong))
            .unwrap();
    }
    assert!(matches!(last, PinCheck::LockedNow { .. }), "{last:?}");
    let right = pin(&codes.code("safina.a", 1));
    assert!(
        matches!(
            store
                .check_starting_code(id, now, |h| h.verify_starting_code(&right))
                .unwrap(),
            PinCheck::StillLocked { .. }
        ),
        "the right code waits for the pause too"
    );
}

/// Сафина as the last roster listed her (a new salt, as every publish makes), and Гәлиев's
/// entry unchanged.
fn store_roster_again(codes: &StartingCodes, galiev: &Colleague) -> Vec<Colleague> {
    let mut safina = colleague(
        codes,
        "safina.a",
        "Алсу",
        "Сафина-Ахметова",
        Role::Psychologist,
    );
    safina.starting_code = codes.hash("safina.a", 1).unwrap();
    vec![safina, galiev.clone()]
}

//! The encrypted store on a real SQLCipher file: the key, migrations, the outbox, and
//! nothing readable on disk.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{files_under, TempKiosk};
use ladoshka::crypto::{DbKey, PinHash, PinPepper};
use ladoshka::domain::{
    Avatar, LifeSituation, NewChild, NewFamily, NewStaff, Pin, PinCheck, Role, SignOutReason,
};
use ladoshka::store::{Store, StoreError, LATEST_VERSION};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn a_new_database_is_migrated_from_empty_to_the_latest_schema() {
    let k = TempKiosk::new();
    let store = k.open();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let health = store.health().unwrap();
    assert!(health.problems.is_empty(), "{:?}", health.problems);
    assert!(!health.cipher_version.is_empty());
    assert_eq!(health.counts.unwrap().outbox_rows, 0);
    drop(store);
    // Opening again applies nothing and keeps the device id.
    let id = k.open().device_id().to_owned();
    assert_eq!(k.open().device_id(), id);
}

#[test]
fn the_file_does_not_open_without_the_key_or_with_another_key() {
    let k = TempKiosk::new();
    let mut store = k.open();
    store
        .write(|w| w.insert_family(&NewFamily::new("Галиевы", "Галиева Алсу", None)?))
        .unwrap();
    drop(store);
    let before = std::fs::read(k.db_path()).unwrap();

    let other = Store::open(&k.db_path(), &DbKey::generate());
    assert!(
        matches!(other, Err(StoreError::WrongKey { .. })),
        "{:?}",
        other.err()
    );
    assert_eq!(other.err().unwrap().exit_code(), 2);

    // Plain SQLite (no key at all) cannot read it either.
    let plain = Store::open_unencrypted_for_comparison(&k.db_path());
    assert!(plain.is_err());

    // The refused opens changed nothing and created no second database.
    assert_eq!(std::fs::read(k.db_path()).unwrap(), before);
    assert_eq!(k.open().families().unwrap().len(), 1);
}

#[test]
fn the_database_file_starts_with_random_bytes_not_the_sqlite_header() {
    let k = TempKiosk::new();
    drop(k.open());
    let bytes = std::fs::read(k.db_path()).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
}

#[test]
fn every_write_appends_outbox_rows_in_sequence_in_the_same_transaction() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let fam = store
        .write(|w| {
            w.insert_family(&NewFamily::new(
                "Ивановы",
                "Иванова Ольга",
                Some("89171234567"),
            )?)
        })
        .unwrap();
    let child = NewChild::new(
        fam,
        "Маша",
        "Иванова",
        NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
        Avatar::Fox,
        true,
        &[LifeSituation::Emergency],
        today(),
    )
    .unwrap();
    store.write(|w| w.insert_child(&child)).unwrap();

    // A failed transaction leaves neither the record nor its outbox row.
    let failed: Result<(), StoreError> = store.write(|w| {
        w.insert_family(&NewFamily::new("Петровы", "Петрова Анна", None)?)?;
        Err(StoreError::Invalid("changed my mind".into()))
    });
    assert!(failed.is_err());

    let rows = store.unsent_outbox(100).unwrap();
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2]);
    assert_eq!(rows[0].entity, "family");
    assert_eq!(rows[1].entity, "child");
    assert!(rows.iter().all(|r| r.device_id == store.device_id()));
    assert!(rows[1].payload.contains("Маша"));
    assert_eq!(store.families().unwrap().len(), 1);

    // The next write continues the sequence without a gap.
    store
        .write(|w| w.insert_family(&NewFamily::new("Сафины", "Сафина Резеда", None)?))
        .unwrap();
    assert_eq!(store.unsent_outbox(100).unwrap().last().unwrap().seq, 3);
    let read_back = store.children_of(fam).unwrap();
    assert_eq!(read_back[0].details, child);
}

#[test]
fn a_legacy_pbkdf2_pin_is_rehashed_with_argon2id_at_the_next_right_sign_in() {
    use ladoshka::crypto::pin_hash::ITERATIONS;
    use ladoshka::crypto::PinCost;
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([3; 32]);
    let (pin, wrong) = (Pin::parse("2468").unwrap(), Pin::parse("8642").unwrap());
    let staff = NewStaff::new("Анна", "Сергеевна", "Сафина", Role::Psychologist).unwrap();
    // A hash as every kiosk wrote it before Argon2id.
    let id = store
        .write(|w| w.insert_staff(&staff, &PinHash::with_iterations(&pin, &pepper, ITERATIONS)))
        .unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    // Signs in as the PIN screen does; returns the verdict and the hash it was checked against.
    let sign_in = |s: &mut Store, p: &Pin| {
        let mut seen = String::new();
        let check = s
            .attempt_sign_in(id, t, |h| {
                seen = h.as_str().to_owned();
                h.check(p, &pepper, PinCost::TESTS_ONLY)
            })
            .unwrap();
        (check, seen)
    };
    let (check, stored) = sign_in(&mut store, &wrong);
    assert_eq!(
        check,
        PinCheck::Wrong { tries_left: 4 },
        "a wrong PIN is refused"
    );
    assert!(stored.starts_with("pbkdf2-sha256$60000$"), "{stored}");
    let (check, stored) = sign_in(&mut store, &pin);
    assert_eq!(check, PinCheck::Accepted, "the legacy hash verifies");
    assert!(
        stored.starts_with("pbkdf2-sha256$"),
        "checked against the old hash"
    );
    let (check, rehashed) = sign_in(&mut store, &pin);
    assert_eq!(check, PinCheck::Accepted, "the new hash verifies");
    assert!(
        rehashed.starts_with("$argon2id$v=19$m=64,t=1,p=1$"),
        "{rehashed}"
    );
    let (check, again) = sign_in(&mut store, &pin);
    assert_eq!(
        (check, again.as_str()),
        (PinCheck::Accepted, rehashed.as_str()),
        "not rehashed twice"
    );
    let (check, _) = sign_in(&mut store, &wrong);
    assert_eq!(
        check,
        PinCheck::Wrong { tries_left: 4 },
        "a wrong PIN on the new hash is refused"
    );
    // Neither hash ever goes to the centre.
    let outbox = store.unsent_outbox(1000).unwrap();
    assert!(outbox
        .iter()
        .all(|r| !r.payload.contains("argon2") && !r.payload.contains("pbkdf2")));
}

#[test]
fn sign_in_attempts_lock_after_five_wrong_pins_and_are_audited() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([3; 32]);
    let pin = Pin::parse("2468").unwrap();
    let staff = NewStaff::new("Анна", "Сергеевна", "Сафина", Role::Psychologist).unwrap();
    let id = store
        .write(|w| w.insert_staff(&staff, &PinHash::with_iterations(&pin, &pepper, 1000)))
        .unwrap();
    let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let wrong = Pin::parse("1111").unwrap();

    let check =
        |s: &mut Store, p: &Pin| s.attempt_sign_in(id, t, |h| h.verify(p, &pepper)).unwrap();
    assert_eq!(check(&mut store, &pin), PinCheck::Accepted);
    for left in (1..=4).rev() {
        assert_eq!(
            check(&mut store, &wrong),
            PinCheck::Wrong { tries_left: left }
        );
    }
    assert!(matches!(
        check(&mut store, &wrong),
        PinCheck::LockedNow { .. }
    ));
    // Locked: even the right PIN is refused, and the lock survives reopening.
    drop(store);
    let mut store = k.open();
    assert!(matches!(
        check(&mut store, &pin),
        PinCheck::StillLocked { .. }
    ));
    assert!(store.staff_cards().unwrap()[0].locked_until.is_some());
    store.record_sign_out(id, SignOutReason::Idle, t).unwrap();

    let events: Vec<String> = store
        .audit_entries(20)
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "sign_in",
            "wrong_pin",
            "wrong_pin",
            "wrong_pin",
            "wrong_pin",
            "locked",
            "refused_while_locked",
            "sign_out"
        ]
    );
    // Each audit entry went to the outbox too, and the PIN hash never did.
    let outbox = store.unsent_outbox(100).unwrap();
    assert_eq!(outbox.iter().filter(|r| r.entity == "audit").count(), 8);
    assert!(outbox.iter().all(|r| !r.payload.contains("pbkdf2")));
}

#[test]
fn demo_data_leaves_nothing_readable_in_the_data_directory() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let centre = ladoshka::demo::generate(today());
    let pepper = PinPepper::from_bytes([9; 32]);
    let summary = ladoshka::demo::seed(&mut store, &centre, &pepper, today()).unwrap();
    assert!(summary.families >= 24 && summary.sessions >= 40);
    // A second seed is refused: demo data never mixes with real records.
    assert!(ladoshka::demo::seed(&mut store, &centre, &pepper, today()).is_err());

    // Words and numbers from the records, in the forms they could appear on disk.
    let mut needles: Vec<String> = Vec::new();
    for f in &centre.families {
        needles.push(f.family.surname.clone());
        needles.push(f.family.parent_name.clone());
        if let Some(p) = &f.family.phone {
            needles.push(p.as_str().to_owned());
            needles.push(p.as_str()[2..].to_owned());
        }
        for c in &f.children {
            needles.push(c.first_name.to_owned());
            needles.push(c.birth_date.to_string());
        }
    }
    for (s, _) in &centre.staff {
        needles.push(s.last_name.clone());
    }
    needles.extend(
        [
            "Радуга",
            "КОЛ-0001",
            "family",
            "outbox",
            "CREATE TABLE",
            "pbkdf2",
        ]
        .map(String::from),
    );
    needles.retain(|n| n.chars().count() >= 4);
    needles.sort();
    needles.dedup();

    // Check while the database is open (WAL and shared memory present) and after closing.
    let check = |when: &str| {
        let files = files_under(&k.data_dir());
        assert!(!files.is_empty());
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            for needle in &needles {
                let utf16: Vec<u8> = needle
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect();
                for form in [needle.as_bytes(), &utf16[..]] {
                    assert!(
                        !bytes.windows(form.len()).any(|w| w == form),
                        "{when}: «{needle}» readable in {}",
                        file.display()
                    );
                }
            }
        }
    };
    check("open");
    drop(store);
    check("closed");
}

#[test]
fn a_database_from_a_newer_ladoshka_is_refused() {
    let k = TempKiosk::new();
    drop(k.open());
    {
        ladoshka::store::ready_sqlcipher();
        let conn = rusqlite::Connection::open(k.db_path()).unwrap();
        conn.execute_batch(&format!("PRAGMA key = {};", k.key.sqlcipher_literal()))
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&k.db_path(), &k.key).err().unwrap();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
}

#[test]
fn a_damaged_page_is_found_by_the_health_check() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let centre = ladoshka::demo::generate(today());
    ladoshka::demo::seed(
        &mut store,
        &centre,
        &PinPepper::from_bytes([1; 32]),
        today(),
    )
    .unwrap();
    drop(store);
    // Checkpointed on close: flip bytes in the middle of a later page.
    let mut bytes = std::fs::read(k.db_path()).unwrap();
    assert!(bytes.len() > 4096 * 8);
    let at = 4096 * 5 + 1000;
    for b in &mut bytes[at..at + 64] {
        *b ^= 0xff;
    }
    std::fs::write(k.db_path(), bytes).unwrap();
    match Store::open(&k.db_path(), &k.key) {
        Ok(store) => assert!(!store.integrity_problems().unwrap().is_empty()),
        Err(e) => assert_eq!(e.exit_code(), 3, "{e}"),
    }
}

//! Families shared between the kiosks of one КЦСОН (issue 18 §3), the kiosk's store: each
//! family's uid and last edit travel in its outbox rows; the centre's families are added under
//! their uid or taken only when their edit supersedes the one held here; a family erased here
//! never comes back; families enrolled before migration 18 get a uid and are sent again with it.

mod common;

use chrono::Duration;
use common::{at, instants, TempKiosk};
use ladoshka::domain::centre_config::{Edit, SharedFamily};
use ladoshka::domain::{NewFamily, PhoneNumber};
use ladoshka::store::{migrations, FamiliesApplied, Store};

const UID: &str = "0123456789abcdef0123456789abcdef";

fn shared(phone: &str, edited: chrono::DateTime<chrono::Utc>, by: &str) -> SharedFamily {
    SharedFamily {
        uid: UID.into(),
        surname: "Галиева".into(),
        parent_name: "Галиева Алсу Ринатовна".into(),
        phone: Some(PhoneNumber::parse(phone).unwrap()),
        edited: Edit {
            at: edited,
            by: by.into(),
        },
    }
}

fn family_rows(store: &Store) -> Vec<(String, serde_json::Value)> {
    store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "family")
        .map(|r| {
            (
                r.op,
                serde_json::from_str::<serde_json::Value>(&r.payload).unwrap()["record"].clone(),
            )
        })
        .collect()
}

fn phone_of(store: &Store) -> String {
    store.families().unwrap()[0]
        .details
        .phone
        .as_ref()
        .unwrap()
        .as_str()
        .to_string()
}

#[test]
fn a_family_gets_a_uid_and_its_rows_carry_it_with_the_last_edit() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let monday = at(instants::MONDAY_MORNING);
    let id = store
        .write_at(monday, |w| {
            w.insert_family(&NewFamily::new("Галиева", "Галиева Алсу", None)?)
        })
        .unwrap();
    let identity = store.family_identity(id).unwrap();
    assert_eq!(identity.uid.len(), 32);
    assert!(identity
        .uid
        .bytes()
        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    assert_eq!(identity.edited.at, monday);
    let later = monday + Duration::hours(2);
    store
        .write_at(later, |w| {
            w.update_family(
                id,
                &NewFamily::new("Галиева", "Галиева Алсу", Some("89171234567"))?,
            )
        })
        .unwrap();
    let rows = family_rows(&store);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "insert");
    assert_eq!(rows[1].0, "update");
    for (_, record) in &rows {
        assert_eq!(record["uid"], identity.uid.as_str());
        assert!(record.get("edited_by").is_none(), "edited here");
    }
    assert_eq!(rows[1].1["edited_at"], "2026-11-23T07:00:00Z");
    assert_eq!(rows[1].1["phone"], "+79171234567");
    assert_eq!(store.family_identity(id).unwrap().edited.at, later);
    // A second family has another uid.
    let other = store
        .write_at(later, |w| {
            w.insert_family(&NewFamily::new("Сафины", "Сафина Резеда", None)?)
        })
        .unwrap();
    assert_ne!(store.family_identity(other).unwrap().uid, identity.uid);
}

#[test]
fn the_centres_family_is_added_under_its_uid_and_only_a_later_edit_replaces_it() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let monday = at(instants::MONDAY_MORNING);
    let (a, z) = (
        "00000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff",
    );
    let done = store
        .write_at(monday, |w| {
            w.apply_shared_families(&[shared("89170000001", monday, z)])
        })
        .unwrap();
    assert_eq!(
        done,
        FamiliesApplied {
            added: 1,
            updated: 0,
            announced: 0
        }
    );
    let id = store
        .family_by_uid(UID)
        .unwrap()
        .expect("added under its uid");
    assert_eq!(
        store.family_identity(id).unwrap().edited,
        Edit {
            at: monday,
            by: z.into()
        }
    );
    let rows = family_rows(&store);
    assert_eq!(rows[0].0, "insert");
    assert_eq!(
        (rows[0].1["uid"].as_str(), rows[0].1["edited_by"].as_str()),
        (Some(UID), Some(z))
    );

    // The same edit again, an older one: nothing.
    for older in [
        shared("89170000001", monday, z),
        shared("89170000002", monday - Duration::hours(1), a),
    ] {
        let done = store
            .write_at(monday, |w| w.apply_shared_families(&[older]))
            .unwrap();
        assert_eq!(done, FamiliesApplied::default());
    }
    assert_eq!(phone_of(&store), "+79170000001");
    // The same second on a smaller device id: taken (the rule is `Edit::supersedes`).
    let done = store
        .write_at(monday, |w| {
            w.apply_shared_families(&[shared("89170000003", monday, a)])
        })
        .unwrap();
    assert_eq!(done.updated, 1);
    assert_eq!(phone_of(&store), "+79170000003");

    // Edited here later: the centre's record of an earlier edit does not undo it.
    let tuesday = monday + Duration::days(1);
    store
        .write_at(tuesday, |w| {
            w.update_family(
                id,
                &NewFamily::new("Галиева", "Галиева Алсу Ринатовна", Some("89170000004"))?,
            )
        })
        .unwrap();
    let done = store
        .write_at(tuesday, |w| {
            w.apply_shared_families(&[shared("89170000005", tuesday - Duration::hours(1), z)])
        })
        .unwrap();
    assert_eq!(done, FamiliesApplied::default());
    assert_eq!(phone_of(&store), "+79170000004");
    // A package without the family deletes nothing.
    store
        .write_at(tuesday, |w| w.apply_shared_families(&[]))
        .unwrap();
    assert_eq!(store.families().unwrap().len(), 1);
}

#[test]
fn a_family_erased_here_is_not_added_again_from_a_package() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let monday = at(instants::MONDAY_MORNING);
    let by = "ffffffffffffffffffffffffffffffff";
    store
        .write_at(monday, |w| {
            w.apply_shared_families(&[shared("89170000001", monday, by)])
        })
        .unwrap();
    let id = store.family_by_uid(UID).unwrap().unwrap();
    let pin = ladoshka::crypto::PinHash::with_cost(
        &ladoshka::domain::Pin::parse("2468").unwrap(),
        &ladoshka::crypto::PinPepper::from_bytes([1; 32]),
        ladoshka::crypto::PinCost::TESTS_ONLY,
    );
    let admin = store
        .write_at(monday, |w| {
            w.insert_staff(
                &ladoshka::domain::NewStaff::new(
                    "Алсу",
                    "",
                    "Сафина",
                    ladoshka::domain::Role::Admin,
                )?,
                &pin,
            )
        })
        .unwrap();
    store.erase_family(id, admin).unwrap();
    assert_eq!(store.family_by_uid(UID).unwrap(), None);
    let later = monday + Duration::days(1);
    let done = store
        .write_at(later, |w| {
            w.apply_shared_families(&[shared("89170000002", later, by)])
        })
        .unwrap();
    assert_eq!(done, FamiliesApplied::default());
    assert!(store.families().unwrap().is_empty());
}

#[test]
fn families_enrolled_before_uids_get_one_and_are_sent_again_with_it_once() {
    let k = TempKiosk::new();
    std::fs::create_dir_all(k.data_dir()).unwrap();
    {
        // The schema before families had a uid, with a family enrolled then.
        ladoshka::store::ready_sqlcipher();
        let mut conn = rusqlite::Connection::open(k.db_path()).unwrap();
        conn.execute_batch(&format!("PRAGMA key = {};", k.key.sqlcipher_literal()))
            .unwrap();
        migrations::migrate_to(&mut conn, migrations::LATEST_VERSION - 1).unwrap();
        conn.execute(
            "INSERT INTO families (surname, parent_name, created_at) VALUES ('Сафины', 'Сафина Резеда', '2026-11-22T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let mut store = k.open();
    let id = store.families().unwrap()[0].id;
    let identity = store.family_identity(id).unwrap();
    assert_eq!(identity.uid.len(), 32);
    assert_eq!(identity.edited.at, at("2026-11-22T03:00:00+03:00"));
    let monday = at(instants::MONDAY_MORNING);
    let done = store
        .write_at(monday, |w| w.apply_shared_families(&[]))
        .unwrap();
    assert_eq!(done.announced, 1);
    let rows = family_rows(&store);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1["uid"].as_str()),
        ("update", Some(identity.uid.as_str()))
    );
    let again = store
        .write_at(monday, |w| w.apply_shared_families(&[]))
        .unwrap();
    assert_eq!(again.announced, 0, "once");
}

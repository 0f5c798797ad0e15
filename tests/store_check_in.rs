//! Check-ins on a real SQLCipher file: saved with their outbox rows, never doubled (not by a
//! double tap, not by two kiosks' taps at once), picture codes hashed, walk-ins and help
//! notices recorded; and every earlier schema version migrates to the latest.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::TempKiosk;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::{
    Avatar, ChildId, Mood, NewChild, NewFamily, NewRoom, NewSession, NewStaff, PictureCode, Pin,
    Role, RoomKind, SessionKind,
};
use ladoshka::store::{migrations, CheckInOutcome, Store, LATEST_VERSION};

struct Booked {
    session: i64,
    child: ChildId,
    other_child: ChildId,
}

fn book(store: &mut Store) -> Booked {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    store
        .write(|w| {
            let room = w.insert_room(&NewRoom::new("Игротерапия", RoomKind::PlayTherapy)?)?;
            let psy = w.insert_staff(
                &NewStaff::new("Анна", "", "Сафина", Role::Psychologist)?,
                &PinHash::with_iterations(
                    &Pin::parse("1111")?,
                    &PinPepper::from_bytes([1; 32]),
                    10,
                ),
            )?;
            let fam = w.insert_family(&NewFamily::new("Галиевы", "Галиева Алсу", None)?)?;
            let born = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
            let child = w.insert_child(&NewChild::new(
                fam,
                "Айдар",
                "Галиев",
                born,
                Avatar::Owl,
                true,
                &[],
                today,
            )?)?;
            let other = w.insert_child(&NewChild::new(
                fam,
                "Алсу",
                "Галиева",
                born,
                Avatar::Cat,
                true,
                &[],
                today,
            )?)?;
            let at = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
            let session = w.insert_session(&NewSession::new(
                room,
                psy,
                SessionKind::FamilyReconciliation,
                at,
                60,
                &[child, other],
            )?)?;
            Ok(Booked {
                session,
                child,
                other_child: other,
            })
        })
        .unwrap()
}

#[test]
fn a_check_in_is_saved_once_with_its_outbox_rows_and_marks_the_arrival() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    let outbox_before = store.counts().unwrap().outbox_rows;

    let first = store
        .write(|w| w.check_in(b.session, b.child, Mood::Happy))
        .unwrap();
    let CheckInOutcome::Recorded { id } = first else {
        panic!("{first:?}")
    };
    // A double tap: the same record comes back, nothing new is written.
    let again = store
        .write(|w| w.check_in(b.session, b.child, Mood::VerySad))
        .unwrap();
    assert_eq!(again, CheckInOutcome::AlreadyCheckedIn { id });
    // Each participant of a family session checks in on their own.
    assert!(matches!(
        store
            .write(|w| w.check_in(b.session, b.other_child, Mood::Neutral))
            .unwrap(),
        CheckInOutcome::Recorded { .. }
    ));

    let rows = store.check_ins_for_session(b.session).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].mood, Mood::Happy, "the first answer stands");
    let outbox = store.unsent_outbox(1000).unwrap();
    let new: Vec<_> = outbox
        .iter()
        .filter(|r| r.seq > outbox_before)
        .map(|r| r.entity.as_str())
        .collect();
    assert_eq!(new, ["check_in", "session_state", "check_in"]);
    let state = store
        .sessions_between(
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap(),
        )
        .unwrap()[0]
        .state;
    assert_eq!(state, ladoshka::domain::SessionState::Arrived);
}

#[test]
fn a_child_not_booked_for_the_session_is_refused() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    let err = store
        .write(|w| w.check_in(b.session, ChildId(999), Mood::Happy))
        .unwrap_err();
    assert!(err.to_string().contains("not booked"), "{err}");
    assert!(store.check_ins_for_session(b.session).unwrap().is_empty());
}

#[test]
fn two_taps_at_the_same_moment_from_two_connections_make_one_record() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    drop(store);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (path, key, barrier) = (k.db_path(), k.key.clone(), barrier.clone());
            let (session, child) = (b.session, b.child);
            std::thread::spawn(move || {
                let mut s = Store::open(&path, &key).unwrap();
                barrier.wait();
                s.write(|w| w.check_in(session, child, Mood::Happy))
                    .unwrap()
            })
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, CheckInOutcome::Recorded { .. }))
            .count(),
        1,
        "{outcomes:?}"
    );
    let store = k.open();
    assert_eq!(store.check_ins_for_session(b.session).unwrap().len(), 1);
    assert_eq!(
        store
            .unsent_outbox(1000)
            .unwrap()
            .iter()
            .filter(|r| r.entity == "check_in")
            .count(),
        1
    );
}

#[test]
fn picture_codes_are_stored_hashed_and_checked() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    let pepper = PinPepper::from_bytes([4; 32]);
    let code = PictureCode::new(&[2, 7, 0]).unwrap();
    let hash = PinHash::of_secret(code.canonical().as_bytes(), &pepper, 1000);
    store.write(|w| w.set_picture_code(b.child, &hash)).unwrap();
    let stored = store.picture_code_hash(b.child).unwrap().unwrap();
    assert!(stored.verify_secret(b"2-7-0", &pepper));
    assert!(!stored.verify_secret(b"0-7-2", &pepper));
    assert!(!stored.as_str().contains("2-7-0"));
    assert!(store.picture_code_hash(b.other_child).unwrap().is_none());
    assert!(store
        .unsent_outbox(1000)
        .unwrap()
        .iter()
        .all(|r| !r.payload.contains("pbkdf2")));
}

#[test]
fn walk_ins_and_help_notices_are_recorded() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    let room = store.rooms().unwrap()[0].id;
    store.write(|w| w.record_walk_in(Some(room))).unwrap();
    store.write(|w| w.record_help_notice(b.session)).unwrap();
    assert_eq!(store.open_walk_ins().unwrap(), 1);
    assert_eq!(store.unseen_help_notices(b.session).unwrap(), 1);
    let entities: Vec<_> = store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .map(|r| r.entity)
        .collect();
    assert!(
        entities.contains(&"walk_in".to_string()) && entities.contains(&"help_notice".to_string())
    );
}

#[test]
fn every_earlier_schema_version_migrates_to_the_latest_keeping_its_records() {
    for from in 0..LATEST_VERSION {
        let k = TempKiosk::new();
        std::fs::create_dir_all(k.data_dir()).unwrap();
        {
            ladoshka::store::ready_sqlcipher();
            let mut conn = rusqlite::Connection::open(k.db_path()).unwrap();
            conn.execute_batch(&format!("PRAGMA key = {};", k.key.sqlcipher_literal()))
                .unwrap();
            migrations::migrate_to(&mut conn, from).unwrap();
            assert_eq!(migrations::schema_version(&conn).unwrap(), from);
            if from >= 1 {
                conn.execute("INSERT INTO families (surname, parent_name, created_at) VALUES ('Сафины', 'Сафина Резеда', '2026-11-22T00:00:00Z')", [])
                    .unwrap();
            }
        }
        let store = Store::open(&k.db_path(), &k.key).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            LATEST_VERSION,
            "from version {from}"
        );
        assert_eq!(
            store.families().unwrap().len(),
            usize::from(from >= 1),
            "from version {from}"
        );
        assert!(store.integrity_problems().unwrap().is_empty());
    }
}

#[test]
fn schemas_11_and_12_keep_every_check_in_take_new_moods_and_ring_earlier_children() {
    let k = TempKiosk::new();
    let (b, id) = {
        let mut store = k.open();
        let b = book(&mut store);
        let CheckInOutcome::Recorded { id } = store
            .write(|w| w.check_in(b.session, b.child, Mood::Happy))
            .unwrap()
        else {
            panic!("not recorded")
        };
        // Two more owls besides Айдар, for the rings schema 12 gives in enrolment order.
        store
            .write(|w| {
                let fam = w.insert_family(&NewFamily::new("Совины", "Совина Ольга", None)?)?;
                let born = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
                let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
                for name in ["Оля", "Петя"] {
                    w.insert_child(&NewChild::new(
                        fam,
                        name,
                        "Совин",
                        born,
                        Avatar::Owl,
                        true,
                        &[],
                        today,
                    )?)?;
                }
                Ok(())
            })
            .unwrap();
        (b, id)
    };
    // The tables as schema 10 had them (moods 1–5 only, no rings), with the row, at version 10.
    {
        let conn = rusqlite::Connection::open(k.db_path()).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = {};
             CREATE TABLE old_check_ins (
                 id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions (id),
                 child_id INTEGER NOT NULL REFERENCES children (id), at TEXT NOT NULL,
                 mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5), UNIQUE (session_id, child_id));
             INSERT INTO old_check_ins SELECT * FROM check_ins;
             DROP TABLE check_ins;
             ALTER TABLE old_check_ins RENAME TO check_ins;
             ALTER TABLE children DROP COLUMN frame;
             DROP TABLE restorative_copies; DROP TABLE restorative_pauses;
             DROP TABLE restorative_voices; DROP TABLE restorative_meetings;
             DROP TABLE restorative_signatures; DROP TABLE restorative_parties;
             DROP TABLE restorative_cases;
             ALTER TABLE outbox ADD COLUMN sent_at TEXT;
             CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
             ALTER TABLE sync_identity DROP COLUMN kem_private; DROP TABLE centre_config;
             DROP INDEX staff_by_centre_uid; ALTER TABLE staff DROP COLUMN centre_uid;
             ALTER TABLE staff DROP COLUMN pin_state;
             DROP TRIGGER families_erased_keep_uid; DROP TABLE erased_family_uids;
             DROP INDEX families_by_uid; ALTER TABLE families DROP COLUMN uid;
             ALTER TABLE families DROP COLUMN edited_at; ALTER TABLE families DROP COLUMN edited_by;
             ALTER TABLE families DROP COLUMN uid_sent;
             DROP TABLE centre_erasure_orders;
             PRAGMA user_version = 10;",
            k.key.sqlcipher_literal()
        ))
        .unwrap();
    }
    let mut store = Store::open(&k.db_path(), &k.key).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let kept = store.check_ins_for_session(b.session).unwrap();
    assert_eq!((kept.len(), kept[0].id, kept[0].mood), (1, id, Mood::Happy));
    store
        .write(|w| w.check_in(b.session, b.other_child, Mood::Unsaid))
        .unwrap();
    let both = store.check_ins_for_session(b.session).unwrap();
    assert_eq!(both[1].mood, Mood::Unsaid);
    // The five-point trend chart keeps its scale: «I don't want to say» is not a point on it.
    assert_eq!(
        store
            .moods_of(b.child)
            .unwrap()
            .iter()
            .map(|m| m.1)
            .collect::<Vec<_>>(),
        [4]
    );
    assert!(store.moods_of(b.other_child).unwrap().is_empty());
    // …but it is not lost: it is listed beside the trend.
    let off = store.moods_off_scale_of(b.other_child).unwrap();
    assert_eq!(off.iter().map(|m| m.1).collect::<Vec<_>>(), [Mood::Unsaid]);
    assert!(store.moods_off_scale_of(b.child).unwrap().is_empty());
    assert!(store.integrity_problems().unwrap().is_empty());
    drop(store);
    // Schema 12 gave the children enrolled before it their rings in enrolment order.
    let conn = rusqlite::Connection::open(k.db_path()).unwrap();
    conn.execute_batch(&format!("PRAGMA key = {};", k.key.sqlcipher_literal()))
        .unwrap();
    let rings: Vec<(String, u8)> = conn
        .prepare("SELECT avatar, frame FROM children ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let owl = |f: u8| ("owl".to_owned(), f);
    assert_eq!(rings, [owl(0), ("cat".to_owned(), 0), owl(1), owl(2)]);
}

#[test]
fn children_with_the_same_picture_wear_different_rings_at_the_door() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let b = book(&mut store);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let session = store
        .write(|w| {
            let fam = w.insert_family(&NewFamily::new("Ежовы", "Ежова Анна", None)?)?;
            let born = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let mut kids = Vec::new();
            for name in ["Аня", "Боря", "Вера"] {
                kids.push(w.insert_child(&NewChild::new(
                    fam,
                    name,
                    "Ежова",
                    born,
                    Avatar::Hedgehog,
                    true,
                    &[],
                    today,
                )?)?);
            }
            // Another owl besides the booked Айдар: the second owl gets the first ring.
            kids.push(w.insert_child(&NewChild::new(
                fam,
                "Гоша",
                "Ежов",
                born,
                Avatar::Owl,
                true,
                &[],
                today,
            )?)?);
            let room = w.insert_room(&NewRoom::new("Сказка", RoomKind::PlayTherapy)?)?;
            let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
            let psy = ladoshka::domain::StaffId(1);
            Ok((
                room,
                w.insert_session(&NewSession::new(
                    room,
                    psy,
                    SessionKind::Group,
                    at,
                    45,
                    &kids,
                )?)?,
            ))
        })
        .unwrap();
    let (room, _) = session;
    let from = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
    let tiles = store
        .arrivals(room, from, from, from + chrono::Duration::days(1))
        .unwrap();
    let rings: Vec<(Avatar, u8)> = tiles[0]
        .participants
        .iter()
        .map(|p| (p.avatar, p.frame))
        .collect();
    assert_eq!(
        rings,
        [
            (Avatar::Hedgehog, 0),
            (Avatar::Hedgehog, 1),
            (Avatar::Hedgehog, 2),
            (Avatar::Owl, 1)
        ]
    );
    let _ = b;
}

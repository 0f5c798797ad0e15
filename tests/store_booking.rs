//! Booking on a real SQLCipher file: a clash is refused with what clashes and the nearest free
//! times and writes nothing; a series is all or nothing; a walk-in becomes a session; moving
//! one session or the rest of a series keeps the same rules; states move forward only, each
//! change with its outbox row.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Moscow;
use common::TempKiosk;
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::conflict::ClashWith;
use ladoshka::domain::free_slots::WorkingHours;
use ladoshka::domain::recurrence::{Repeat, RepeatEnd};
use ladoshka::domain::{
    Avatar, ChildId, NewChild, NewFamily, NewRoom, NewSession, NewStaff, Pin, Role, RoomId,
    RoomKind, SessionKind, SessionState, StaffId,
};
use ladoshka::store::{Booking, BookingRules, EditScope, Store, StoreError};

struct Centre {
    rooms: [RoomId; 2],
    psychologists: [StaffId; 2],
    children: [ChildId; 3],
}

fn centre(store: &mut Store) -> Centre {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    store
        .write(|w| {
            let pin = |p| {
                PinHash::with_iterations(
                    &Pin::parse(p).unwrap(),
                    &PinPepper::from_bytes([1; 32]),
                    10,
                )
            };
            let r1 = w.insert_room(&NewRoom::new("Игротерапия", RoomKind::PlayTherapy)?)?;
            let r2 = w.insert_room(&NewRoom::new("Примирение", RoomKind::Reconciliation)?)?;
            let p1 = w.insert_staff(
                &NewStaff::new("Анна", "", "Сафина", Role::Psychologist)?,
                &pin("1111"),
            )?;
            let p2 = w.insert_staff(
                &NewStaff::new("Дмитрий", "", "Морозов", Role::Psychologist)?,
                &pin("3333"),
            )?;
            let fam = w.insert_family(&NewFamily::new("Галиевы", "Галиева Алсу", None)?)?;
            let born = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
            let mut kids = [ChildId(0); 3];
            for (i, name) in ["Айдар", "Алсу", "Тимур"].iter().enumerate() {
                kids[i] = w.insert_child(&NewChild::new(
                    fam,
                    name,
                    "Галиев",
                    born,
                    Avatar::Owl,
                    true,
                    &[],
                    today,
                )?)?;
            }
            Ok(Centre {
                rooms: [r1, r2],
                psychologists: [p1, p2],
                children: kids,
            })
        })
        .unwrap()
}

/// Monday 2026-11-23 at `h:m`, Moscow time.
fn msk(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Moscow
        .with_ymd_and_hms(2026, 11, day, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn rules() -> BookingRules {
    BookingRules::at(
        Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap(),
        Moscow,
        WorkingHours::default(),
    )
}

fn one(c: &Centre, room: usize, psy: usize, child: usize, start: DateTime<Utc>) -> NewSession {
    NewSession::new(
        c.rooms[room],
        c.psychologists[psy],
        SessionKind::IndividualPlayTherapy,
        start,
        45,
        &[c.children[child]],
    )
    .unwrap()
}

fn sessions(store: &Store) -> usize {
    store
        .sessions_between(msk(1, 0, 0), msk(1, 0, 0) + Duration::days(90))
        .unwrap()
        .len()
}

#[test]
fn a_clash_is_refused_with_reasons_and_offers_and_writes_nothing() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let c = centre(&mut store);
    let me = c.psychologists[0];
    let Booking::Booked(ids) = store
        .write(|w| {
            w.book(
                &one(&c, 0, 0, 0, msk(23, 10, 0)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!("the first booking fits")
    };
    assert_eq!(ids.len(), 1);
    let outbox = store.unsent_outbox(1000).unwrap().len();

    // Same room, another psychologist, another child, overlapping: the room clashes.
    let clash = store
        .write(|w| {
            w.book(
                &one(&c, 0, 1, 1, msk(23, 10, 30)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap();
    let Booking::Refused { clashes, offers } = clash else {
        panic!("{clash:?}")
    };
    assert_eq!(
        clashes.iter().map(|(_, c)| c.with).collect::<Vec<_>>(),
        vec![ClashWith::Room(c.rooms[0])]
    );
    assert_eq!(clashes[0].1.session, ids[0]);
    // Wanted 10:30: 10:45 and 11:00 are free; 09:45 would still run into 10:00, so 11:15.
    assert_eq!(
        offers,
        vec![msk(23, 10, 45), msk(23, 11, 0), msk(23, 11, 15)],
        "the three nearest free times"
    );
    // The child in another room at the same time: the child clashes.
    let Booking::Refused { clashes, .. } = store
        .write(|w| {
            w.book(
                &one(&c, 1, 1, 0, msk(23, 10, 15)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        clashes.iter().map(|(_, c)| c.with).collect::<Vec<_>>(),
        vec![ClashWith::Child(c.children[0])]
    );
    assert_eq!(sessions(&store), 1);
    assert_eq!(
        store.unsent_outbox(1000).unwrap().len(),
        outbox,
        "a refusal writes nothing"
    );

    // An offered time books.
    let Booking::Booked(_) = store
        .write(|w| {
            w.book(
                &one(&c, 0, 1, 1, msk(23, 10, 45)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!()
    };
    // The past is refused in plain words.
    let past = store
        .write(|w| {
            w.book(
                &one(&c, 1, 1, 2, msk(20, 10, 0)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap_err();
    assert!(
        matches!(&past, StoreError::InThePast(_)) && past.to_string().contains("in the past"),
        "{past}"
    );
    // A cancelled session frees its time.
    store
        .write(|w| w.set_session_state(ids[0], SessionState::Cancelled, Some("болеет"), me))
        .unwrap();
    let Booking::Booked(_) = store
        .write(|w| {
            w.book(
                &one(&c, 0, 1, 2, msk(23, 10, 0)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!("the cancelled session's room is free")
    };
}

#[test]
fn a_series_is_all_or_nothing_and_moves_together() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let c = centre(&mut store);
    let me = c.psychologists[0];
    // The child is busy on the second Thursday (3 December) at 16:00.
    store
        .write(|w| {
            w.book(
                &one(
                    &c,
                    1,
                    1,
                    0,
                    Moscow
                        .with_ymd_and_hms(2026, 12, 3, 16, 0, 0)
                        .unwrap()
                        .with_timezone(&Utc),
                ),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap();
    let tue_thu = Repeat::Weekly {
        weekdays: vec![Weekday::Tue, Weekday::Thu],
        end: RepeatEnd::Times(4),
    };
    let before = sessions(&store);
    let refused = store
        .write(|w| w.book(&one(&c, 0, 0, 0, msk(24, 16, 0)), &tue_thu, me, &rules()))
        .unwrap();
    let Booking::Refused { clashes, offers } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(clashes.len(), 1);
    assert_eq!(
        clashes[0].0,
        Moscow
            .with_ymd_and_hms(2026, 12, 3, 16, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
        "names the date that clashes"
    );
    assert_eq!(sessions(&store), before, "no part of the series is written");
    assert_eq!(
        offers,
        vec![msk(24, 15, 15), msk(24, 16, 45), msk(24, 15, 0)],
        "the whole series fits 45 minutes earlier or later"
    );

    let Booking::Booked(ids) = store
        .write(|w| w.book(&one(&c, 0, 0, 0, offers[1]), &tue_thu, me, &rules()))
        .unwrap()
    else {
        panic!()
    };
    let days: Vec<String> = ids
        .iter()
        .map(|id| {
            store
                .session(*id)
                .unwrap()
                .session
                .starts_at
                .with_timezone(&Moscow)
                .format("%d.%m %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        days,
        ["24.11 16:45", "26.11 16:45", "01.12 16:45", "03.12 16:45"]
    );

    // Move the second and the rest 15 minutes later and into the other room.
    let Booking::Booked(moved) = store
        .write(|w| {
            w.reschedule(
                ids[1],
                EditScope::ThisAndFollowing,
                msk(26, 17, 0),
                45,
                c.rooms[1],
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(moved, ids[1..].to_vec());
    let after: Vec<(String, RoomId)> = ids
        .iter()
        .map(|id| {
            let s = store.session(*id).unwrap().session;
            (
                s.starts_at
                    .with_timezone(&Moscow)
                    .format("%d.%m %H:%M")
                    .to_string(),
                s.room,
            )
        })
        .collect();
    assert_eq!(
        after[0],
        ("24.11 16:45".to_string(), c.rooms[0]),
        "the earlier session stays"
    );
    assert_eq!(after[3], ("03.12 17:00".to_string(), c.rooms[1]));
    // Moving only the first onto the child's other session is refused; the series is untouched.
    let clash = store.write(|w| {
        w.reschedule(
            ids[0],
            EditScope::ThisOne,
            Moscow
                .with_ymd_and_hms(2026, 12, 3, 16, 0, 0)
                .unwrap()
                .with_timezone(&Utc),
            45,
            c.rooms[0],
            &rules(),
        )
    });
    assert!(matches!(clash.unwrap(), Booking::Refused { .. }));
    // Moving a session onto its own time is no clash with itself.
    let Booking::Booked(_) = store
        .write(|w| {
            w.reschedule(
                ids[0],
                EditScope::ThisOne,
                msk(24, 16, 45),
                60,
                c.rooms[0],
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(store.session(ids[0]).unwrap().session.minutes, 60);
}

#[test]
fn a_walk_in_becomes_a_session_once() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let c = centre(&mut store);
    let me = c.psychologists[0];
    let walk_in = store.write(|w| w.record_walk_in(Some(c.rooms[0]))).unwrap();
    let s = one(&c, 0, 0, 2, msk(23, 9, 0));
    let Booking::Booked(ids) = store
        .write(|w| w.book_walk_in(walk_in, &s, &Repeat::Once, me, &rules()))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(store.open_walk_ins().unwrap(), 0);
    let again = store
        .write(|w| {
            w.book_walk_in(
                walk_in,
                &one(&c, 1, 1, 1, msk(23, 12, 0)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap_err();
    assert!(
        again.to_string().contains("already has its session"),
        "{again}"
    );
    assert_eq!(sessions(&store), 1);
    assert_eq!(store.session(ids[0]).unwrap().session, s);
    let entities: Vec<String> = store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .map(|r| r.entity)
        .collect();
    assert!(
        entities.ends_with(&["session".to_string(), "walk_in_booked".to_string()]),
        "{entities:?}"
    );
}

#[test]
fn states_move_forward_with_stamps_and_notes_stay_private() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let c = centre(&mut store);
    let me = c.psychologists[0];
    let Booking::Booked(ids) = store
        .write(|w| {
            w.book(
                &one(&c, 0, 0, 0, msk(23, 10, 0)),
                &Repeat::Once,
                me,
                &rules(),
            )
        })
        .unwrap()
    else {
        panic!()
    };
    let id = ids[0];
    let err = store
        .write(|w| w.set_session_state(id, SessionState::Done, None, me))
        .unwrap_err();
    assert!(err.to_string().contains("cannot become done"), "{err}");
    store
        .write(|w| w.set_session_state(id, SessionState::InProgress, None, me))
        .unwrap();
    let err = store
        .write(|w| {
            w.reschedule(
                id,
                EditScope::ThisOne,
                msk(23, 11, 0),
                45,
                c.rooms[0],
                &rules(),
            )
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only a planned session can be moved"),
        "{err}"
    );
    store
        .write(|w| w.save_session_note(id, "Рисовал дом без окон.", me))
        .unwrap();
    store
        .write(|w| w.save_session_note(id, "Рисовал дом без окон. Потом добавил солнце.", me))
        .unwrap();
    store
        .write(|w| w.set_session_state(id, SessionState::Done, None, me))
        .unwrap();
    assert_eq!(store.session(id).unwrap().state, SessionState::Done);
    let err = store
        .write(|w| w.set_session_state(id, SessionState::Cancelled, Some("x"), me))
        .unwrap_err();
    assert!(err.to_string().contains("cannot become cancelled"), "{err}");
    let states: Vec<String> = store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "session_state" || r.entity == "session_note")
        .map(|r| r.entity)
        .collect();
    assert_eq!(
        states,
        [
            "session_state",
            "session_note",
            "session_note",
            "session_state"
        ]
    );
}

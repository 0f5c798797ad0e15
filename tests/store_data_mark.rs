//! The store's change mark (`Store::data_mark`, `Store::read_if_changed`): the door board, the
//! schedule and device & sync look again every few seconds and must read nothing when nothing
//! was written, and must never miss a write — their own or another connection's (the sync
//! thread's).

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::TempKiosk;
use ladoshka::crypto::PinPepper;
use ladoshka::store::{Fresh, Store};

fn seeded(dir: &TempKiosk) -> Store {
    let mut store = dir.open();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed_with_pin_cost(
        &mut store,
        &ladoshka::demo::generate(today),
        &PinPepper::from_bytes([7; 32]),
        today,
        ladoshka::crypto::PinCost::TESTS_ONLY,
    )
    .unwrap();
    store
}

/// Everything the periodic looks read, as they read it.
fn read_like_the_screens(store: &mut Store) {
    let room = store.rooms().unwrap()[0].id;
    let from = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
    let to = from + Duration::days(7);
    store.door_board(room, from, to).unwrap();
    store.calendar(from, to).unwrap();
    store.open_steps(from).unwrap();
    store.sync_status().unwrap();
}

#[test]
fn reads_leave_the_mark_as_it_was_and_every_write_moves_it() {
    let dir = TempKiosk::new();
    let mut store = seeded(&dir);

    let before = store.data_mark().unwrap();
    read_like_the_screens(&mut store);
    assert_eq!(store.data_mark().unwrap(), before, "a read moved the mark");

    // A write through this connection (the store worker's own).
    let room = store.rooms().unwrap()[0].id;
    store.write(|w| w.record_walk_in(Some(room))).unwrap();
    let after_own = store.data_mark().unwrap();
    assert_ne!(after_own, before, "the store's own write was not seen");

    // A write through another connection (the sync thread opens its own).
    let mut other = dir.open();
    other.write(|w| w.record_walk_in(Some(room))).unwrap();
    let after_other = store.data_mark().unwrap();
    assert_ne!(
        after_other, after_own,
        "another connection's commit was not seen"
    );

    // Reading again leaves the new mark as it is.
    read_like_the_screens(&mut store);
    assert_eq!(store.data_mark().unwrap(), after_other);
}

#[test]
fn read_if_changed_skips_the_read_only_when_nothing_was_written() {
    let dir = TempKiosk::new();
    let mut store = seeded(&dir);
    let room = store.rooms().unwrap()[0].id;

    let first = store.read_if_changed(None, |s| s.sync_status()).unwrap();
    let Fresh::Read(mark, _) = first else {
        panic!("no mark given: the first look must read")
    };
    let mut ran = false;
    let again = store
        .read_if_changed(Some(mark), |s| {
            ran = true;
            s.sync_status()
        })
        .unwrap();
    assert!(matches!(again, Fresh::Unchanged));
    assert!(!ran, "nothing was written, yet the read ran");

    let mut other = dir.open();
    other.write(|w| w.record_walk_in(Some(room))).unwrap();
    let Fresh::Read(later, _) = store.read_if_changed(Some(mark), |s| s.rooms()).unwrap() else {
        panic!("another connection wrote: the look must read")
    };
    assert_ne!(later, mark);
    assert!(matches!(
        store.read_if_changed(Some(later), |s| s.rooms()).unwrap(),
        Fresh::Unchanged
    ));
}

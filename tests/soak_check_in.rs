//! A thousand check-ins in one kiosk process, made the way a child makes them (the check-in
//! screens driven headless: «I'm here», the time, the picture code, the mood, "thank you",
//! home), and the memory the kiosk holds afterwards: nothing it keeps may grow with the number
//! of check-ins (issue 24: "no growth over 1,000 check-ins in one process").
//!
//! Memory is counted by a counting global allocator: every byte the Rust side holds — Slint's
//! items and models, the adapters' state, the store worker's statement cache and queues. SQLite
//! allocates its page cache itself (bounded by `cache_size`), so the process's resident size
//! is printed beside it for the record, not asserted. Deterministic: mock time, a fixed clock,
//! no sleeping on real time to decide anything.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use common::ui::{pump_until, tap};
use common::TempKiosk;
use ladoshka::app::clock::local_hh_mm;
use ladoshka::app::{CheckInAdapter, CheckInStep, Navigation, Screen};
use ladoshka::crypto::pin_hash::PICTURE_CODE_ITERATIONS;
use ladoshka::crypto::{PinCost, PinHash, PinPepper};
use ladoshka::domain::{
    Avatar, NewChild, NewFamily, NewRoom, NewSession, NewStaff, PictureCode, Pin, Role, RoomKind,
    SessionKind,
};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// Every byte held through Rust's allocator, on every thread.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        q
    }
}

#[global_allocator]
static HEAP: Counting = Counting;

/// Check-ins made before the first measure (caches filled, every screen seen once).
const WARM: usize = 100;
/// Check-ins in all.
const ALL: usize = 1_000;
/// What the Rust heap may differ by between the two measures: a few strings and vectors
/// whose capacity happened to round differently, never something per check-in
/// (900 check-ins × even 100 bytes kept would be 88 KiB).
const SLACK: isize = 32 * 1024;

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn a_thousand_check_ins_leave_the_kiosk_no_bigger() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(common::instants::MONDAY_MORNING);
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([6; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let code = PinHash::of_secret(
        PictureCode::new(&[0, 1, 2]).unwrap().canonical().as_bytes(),
        &pepper,
        PICTURE_CODE_ITERATIONS,
    );
    // One room, one psychologist, one child: the only tiles are this test's own.
    let (room, psychologist, child) = store
        .write(|w| {
            let room = w.insert_room(&NewRoom::new("Игротерапия", RoomKind::PlayTherapy)?)?;
            let pin = PinHash::with_cost(&Pin::parse("1111")?, &pepper, PinCost::TESTS_ONLY);
            let psychologist = w.insert_staff(
                &NewStaff::new("Анна", "Сергеевна", "Сафина", Role::Psychologist)?,
                &pin,
            )?;
            let family = w.insert_family(&NewFamily::new("Галиевы", "Галиева Гүзәл", None)?)?;
            let child = w.insert_child(&NewChild::new(
                family,
                "Айдар",
                "Галиев",
                NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
                Avatar::Owl,
                true,
                &[],
                today,
            )?)?;
            w.set_picture_code(child, &code)?;
            Ok((room, psychologist, child))
        })
        .unwrap();
    let (ui, _kiosk, store) =
        common::ui::start_kiosk(store, pepper, Speakers::muted(), common::ui::english());
    let a = ui.global::<CheckInAdapter>();

    let mut sessions = Vec::with_capacity(ALL);
    let mut check_in = |n: usize| {
        // Each check-in has its own session, a quarter of an hour ahead (a checked-in session
        // is not offered again, and "thank you" moves the clock on by its 7 s).
        let at = ladoshka::platform::clock::now() + chrono::Duration::minutes(15);
        let time = local_hh_mm(at);
        let session = store.call(move |s| {
            s.write(|w| {
                w.insert_session(&NewSession::new(
                    room,
                    psychologist,
                    SessionKind::IndividualPlayTherapy,
                    at,
                    45,
                    &[child],
                )?)
            })
            .unwrap()
        });
        sessions.push(session);
        tap(&ui, "I'm here");
        pump_until("today's tiles", || !a.get_loading());
        let tiles: Vec<String> = (0..a.get_tiles().row_count())
            .map(|i| a.get_tiles().row_data(i).unwrap().time.to_string())
            .collect();
        assert!(
            tiles.contains(&time),
            "check-in {n}: no tile at {time} among {tiles:?}"
        );
        tap(&ui, &time);
        for p in ["Apple", "Ball", "Car"] {
            tap(&ui, p);
        }
        pump_until("the code check", || a.get_step() == CheckInStep::Mood);
        tap(&ui, "Happy");
        pump_until("the check-in saved", || a.get_step() == CheckInStep::Done);
        common::ui::elapse(Duration::from_secs(7));
        pump_until("home again", || {
            ui.global::<Navigation>().get_screen() == Screen::PublicHome
        });
        assert_eq!(
            a.get_chosen().name,
            "",
            "check-in {n}: the child stays on screen"
        );
    };

    for n in 0..WARM {
        check_in(n);
    }
    common::ui::settle(&store);
    let (heap_warm, rss_warm) = (LIVE.load(Ordering::Relaxed), resident_kib());
    for n in WARM..ALL {
        check_in(n);
    }
    common::ui::settle(&store);
    let (heap_all, rss_all) = (LIVE.load(Ordering::Relaxed), resident_kib());

    let recorded = store.call(move |s| {
        sessions
            .iter()
            .map(|&id| s.check_ins_for_session(id).unwrap().len())
            .sum::<usize>()
    });
    assert_eq!(recorded, ALL, "every check-in is in the database once");
    eprintln!(
        "Rust heap after {WARM} check-ins {heap_warm} bytes, after {ALL} {heap_all} bytes \
         ({:+} bytes); resident {rss_warm} KiB → {rss_all} KiB",
        heap_all - heap_warm
    );
    assert!(
        heap_all - heap_warm <= SLACK,
        "the kiosk's heap grew by {} bytes over {} check-ins",
        heap_all - heap_warm,
        ALL - WARM
    );
}

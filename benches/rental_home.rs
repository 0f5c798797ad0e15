//! The staff home's rental list with 5,000 items and 100,000 past loans (SQLCipher): the loans
//! to chase (overdue and due within a week, with the family's phone) and the queue of every
//! kind, as the staff home reads them at sign-in; then, with 1,000 more families, what the rental
//! desk reads: a scan and the item's card, the lend panel's families, the stock panel. p50, p99
//! and the worst of the timed runs.
//!
//! `make bench` (or `cargo bench --bench rental_home`) runs the full measurement. Under
//! `cargo test` it runs a small version (1,000 past loans, 20 timed runs) to prove it works.

#[path = "support/timing.rs"]
mod timing;
use timing::percentiles;

use std::time::{Duration, Instant};

use chrono::{Duration as Span, NaiveDate};
use ladoshka::crypto::{DbKey, PinPepper};
use ladoshka::domain::eligibility::CategoryCheck;
use ladoshka::domain::rental_item::ItemEvent;
use ladoshka::domain::{FamilyId, ItemState, NewRentalItem, RentalKind, StaffId};
use ladoshka::store::Store;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (past, runs) = if full { (100_000, 1_000) } else { (1_000, 20) };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(
        &mut store,
        &ladoshka::demo::generate(today),
        &PinPepper::from_bytes([7; 32]),
        today,
    )
    .unwrap();
    let families: Vec<FamilyId> = store
        .families()
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    let by = StaffId(1);
    let setup = Instant::now();
    let all_kinds: Vec<RentalKind> = store.rental_kinds().unwrap().kinds().collect();
    let first = today - Span::days(340);
    let items: Vec<i64> = store
        .write(|w| {
            for f in &families {
                let c = CategoryCheck {
                    category: "difficult_situation".into(),
                    documents_seen: vec!["passport".into(), "tzhs_act".into()],
                    checked_on: first,
                };
                w.record_category_check(*f, &c, by)?;
            }
            (0..5_000)
                .map(|n| {
                    let kind = all_kinds[n % all_kinds.len()];
                    w.insert_rental_item(&NewRentalItem::new(
                        kind,
                        &format!("Б-{n:05}"),
                        ItemState::Available,
                    )?)
                })
                .collect()
        })
        .unwrap();
    // Past loans: lent, brought back 20 days later, cleaned; spread over the last 11 months. (A
    // family that holds that kind from the demo is skipped: a refusal writes nothing.)
    let mut lent = 0;
    store
        .write(|w| {
            let mut n = 0;
            while lent < past {
                let (item, family) = (items[n % items.len()], families[n % families.len()]);
                let start = first + Span::days((lent as i64 * 300) / past as i64);
                n += 1;
                if w.lend(item, family, 1, start, "Договор", &[1], by).is_err() {
                    continue;
                }
                w.return_item(item, false, "", start + Span::days(20), by)?;
                w.item_event(item, ItemEvent::StartCleaning, "", by)?;
                w.item_event(item, ItemEvent::FinishCleaning, "", by)?;
                lent += 1;
            }
            Ok(())
        })
        .unwrap();
    // Open loans now: every family holds up to seven kinds, lent over the last two months.
    let mut open = 0;
    store
        .write(|w| {
            for (n, item) in items
                .iter()
                .enumerate()
                .take(families.len() * all_kinds.len())
            {
                let family = families[(n / all_kinds.len()) % families.len()];
                let start = today - Span::days(5 + (n as i64 % 55));
                if w.lend(*item, family, 1, start, "Договор", &[1], by).is_ok() {
                    open += 1;
                }
            }
            Ok(())
        })
        .unwrap();
    println!(
        "set-up: {} items, {past} past loans, {open} open, in {:.1} s",
        items.len(),
        setup.elapsed().as_secs_f64()
    );

    let home = || {
        let chase = store.loans_to_chase(today).unwrap();
        let waiting: usize = store
            .rental_kinds()
            .unwrap()
            .kinds()
            .map(|k| store.queue_for(k).unwrap().len())
            .sum();
        (chase.len(), waiting)
    };
    let (listed, _) = home();
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(home());
            t.elapsed()
        })
        .collect();
    let (p50, p99, worst) = percentiles(times);
    println!("staff home rental list ({listed} loans to chase, the queue of 7 kinds): p50 {p50:.3} ms, p99 {p99:.3} ms, worst {worst:.3} ms (goal: under 5 ms)");
    println!("({runs} timed runs)");

    // The rental desk with 1,000 more families: a scan (the last item's label, so every label
    // is compared) and the item's card; the lend panel's families with their consent, checks and
    // holdings; the stock panel's counts and waiting lists.
    store
        .write(|w| {
            for n in 0..1_000 {
                w.insert_family(&ladoshka::domain::NewFamily {
                    surname: format!("Семья{n:04}"),
                    parent_name: format!("Семья{n:04} Анна Ивановна"),
                    phone: None,
                })?;
            }
            Ok(())
        })
        .unwrap();
    let last = ladoshka::domain::rental::label_code("Б-04999");
    let scan = || {
        let id = store.item_by_label(&last).unwrap().expect("the last item");
        store.item_card(id).unwrap()
    };
    let candidates = || store.lend_candidates().unwrap().len();
    let stock = || {
        let counts = store.stock_by_kind().unwrap().len();
        let waiting: usize = store
            .rental_kinds()
            .unwrap()
            .kinds()
            .map(|k| store.waiting_list(k).unwrap().len())
            .sum();
        (counts, waiting)
    };
    let families_listed = candidates();
    let desk_runs = runs.min(200);
    let (p50, p99, worst) = measure(desk_runs, scan);
    println!("desk: scan of the last of 5,000 labels and its card: p50 {p50:.3} ms, p99 {p99:.3} ms, worst {worst:.3} ms (goal: under 50 ms)");
    let (p50, p99, worst) = measure(desk_runs, candidates);
    println!("desk: the lend panel's {families_listed} families: p50 {p50:.3} ms, p99 {p99:.3} ms, worst {worst:.3} ms (goal: under 100 ms)");
    let (p50, p99, worst) = measure(desk_runs, stock);
    println!("desk: the stock panel (counts by kind and state, 7 waiting lists): p50 {p50:.3} ms, p99 {p99:.3} ms, worst {worst:.3} ms (goal: under 20 ms)");
    println!("({desk_runs} timed runs each)");
}

/// p50, p99 and the worst of `runs` timed calls of `job`, in ms.
fn measure<R>(runs: usize, job: impl Fn() -> R) -> (f64, f64, f64) {
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(job());
            t.elapsed()
        })
        .collect();
    percentiles(times)
}

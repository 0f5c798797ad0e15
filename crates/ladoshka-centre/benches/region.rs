//! The region's centre (issue 18): `kiosks` kiosks × `rows` outbox rows each, sealed as kiosks
//! seal them (bundles of 500 rows), uploaded over loopback HTTP by 8 client threads at once, and
//! then the indicators for every row held:
//!
//! - PostgreSQL (a throwaway server of its own): two `serve` processes' worth of centres on one
//!   database, each bundle sent to one of them in turn; import rows/s over the whole upload and
//!   the p50/p99/worst of one upload's latency;
//! - the indicators for the whole period: `report indicators` as the CLI makes it (every row
//!   folded; 3 runs) and as the console's page makes it (the kept fold, after one new bundle;
//!   5 runs);
//! - the same on the SQLCipher file with one server.
//!
//! `cargo bench -p ladoshka-centre --bench region` runs 100 kiosks × 10,000 rows (1,000,000
//! rows); `REGION_KIOSKS` and `REGION_ROWS` change that. Under `cargo test` it runs 4 × 500 to
//! prove it works. Sealing and enrolment are set-up, not timed.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../../../benches/support/timing.rs"]
mod timing;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{CentreExt, Client, Kiosk};
use ladoshka_centre::report::{indicators, Format, Request};
use ladoshka_centre::store::Via;
use ladoshka_centre_testing::{kiosk_rows, Engine, Server, TestCentre, ROWS_PER_FAMILY};
use timing::percentiles;

const BUNDLE_ROWS: usize = 500;
const CLIENTS: usize = 8;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn request() -> Request {
    Request {
        operator: "КЦСОН".into(),
        ..common::november(Format::Html)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Every kiosk's bundles, sealed, in order.
fn sealed(c: &TestCentre, kiosks: usize, rows: usize) -> (Vec<Kiosk>, Vec<Vec<Vec<u8>>>) {
    let source = kiosk_rows(rows.div_ceil(ROWS_PER_FAMILY));
    let mut all = Vec::new();
    let mut enrolled = Vec::new();
    for _ in 0..kiosks {
        let mut kiosk = c.enrolled_kiosk();
        let bundles = source[..rows]
            .chunks(BUNDLE_ROWS)
            .map(|chunk| kiosk.next_of(chunk))
            .collect();
        all.push(bundles);
        enrolled.push(kiosk);
    }
    (enrolled, all)
}

/// Uploads every kiosk's bundles in order, `CLIENTS` kiosks at a time, each bundle to the next
/// server in turn; the whole time and each upload's latency.
fn upload(servers: &[&Server], bundles: &[Vec<Vec<u8>>]) -> (Duration, Vec<Duration>) {
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..CLIENTS {
            s.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(kiosk) = bundles.get(k) else { break };
                    for (i, bundle) in kiosk.iter().enumerate() {
                        let server = servers[(k + i) % servers.len()];
                        let t = Instant::now();
                        let resp = server.upload(bundle);
                        mine.push(t.elapsed());
                        assert_eq!(resp.status, 200, "{}", resp.text());
                    }
                }
                latencies.lock().unwrap().extend(mine);
            });
        }
    });
    (started.elapsed(), latencies.into_inner().unwrap())
}

fn measure(engine: Engine, kiosks: usize, rows: usize, report_runs: usize, page_runs: usize) {
    let c = TestCentre::on(engine);
    let second = (engine == Engine::Postgres).then(|| Server::for_centre(c.open_again()));
    let first = c.serve();
    let setup = Instant::now();
    let (mut enrolled, bundles) = sealed(&c, kiosks, rows);
    println!(
        "{engine:?}: {kiosks} kiosks × {rows} rows sealed in {} bundles [set-up {:.1} s, not timed]",
        bundles.iter().map(Vec::len).sum::<usize>(),
        setup.elapsed().as_secs_f64()
    );
    let servers: Vec<&Server> = [Some(&first), second.as_ref()]
        .into_iter()
        .flatten()
        .collect();
    let (took, latencies) = upload(&servers, &bundles);
    let total = (kiosks * rows) as u64;
    assert_eq!(c.totals().0, total);
    let (p50, p99, worst) = percentiles(latencies);
    println!(
        "{engine:?}: {total} rows imported by {} server(s) in {:.1} s: {:.0} rows/s; one upload of {BUNDLE_ROWS} rows p50 {p50:.1} ms, p99 {p99:.1} ms, worst {worst:.1} ms",
        servers.len(),
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64(),
    );

    let cli: Vec<Duration> = (0..report_runs)
        .map(|_| {
            let t = Instant::now();
            let made = indicators(c.centre.store(), &request()).unwrap();
            assert_eq!(made.rows, total);
            t.elapsed()
        })
        .collect();
    let cli_ms: Vec<String> = cli.iter().map(|d| format!("{:.0}", ms(*d))).collect();
    println!(
        "{engine:?}: report indicators (every row folded): {} ms",
        cli_ms.join(" / ")
    );

    // The console's page: the first request folds everything, each later one what is new.
    let t = Instant::now();
    c.centre.indicators(&request()).unwrap();
    println!(
        "{engine:?}: indicators page, first request: {:.0} ms",
        ms(t.elapsed())
    );
    let extra = Arc::new(kiosk_rows(BUNDLE_ROWS / ROWS_PER_FAMILY));
    let mut page = Vec::new();
    for kiosk in enrolled.iter_mut().take(page_runs) {
        c.centre.receive(&kiosk.next_of(&extra), Via::Http).unwrap();
        let t = Instant::now();
        let made = c.centre.indicators(&request()).unwrap();
        page.push(t.elapsed());
        assert!(made.rows > total);
    }
    let (p50, _, worst) = percentiles(page.clone());
    let best = page.iter().min().map_or(0.0, |d| ms(*d));
    println!(
        "{engine:?}: indicators page after one new bundle ({} runs): min {best:.0} / median {p50:.0} / max {worst:.0} ms",
        page.len()
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (kiosks, rows, report_runs, page_runs) = if full {
        (
            env_or("REGION_KIOSKS", 100),
            env_or("REGION_ROWS", 10_000),
            3,
            5,
        )
    } else {
        (4, 500, 1, 2)
    };
    for engine in [Engine::Postgres, Engine::Sqlcipher] {
        measure(engine, kiosks, rows, report_runs, page_runs);
    }
}

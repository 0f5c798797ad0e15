//! Crash safety: a child process writes records and prints each id after its commit; it is
//! killed with SIGKILL at random moments, many times. Every printed id must be there
//! afterwards, and the database must pass its integrity checks.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use ladoshka::crypto::DbKey;
use ladoshka::domain::{Avatar, FamilyId, NewChild, NewFamily};
use ladoshka::store::Store;

const CHILD_ENV: &str = "LADOSHKA_CRASH_WRITER_DB";
const ROUNDS: usize = 40;

/// The writer. It only does something when the parent test starts this binary with
/// `CHILD_ENV` set; otherwise it returns at once.
#[test]
fn crash_writer_child_process() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let key = DbKey::parse(&std::env::var("LADOSHKA_CRASH_WRITER_KEY").unwrap()).unwrap();
    let mut store = Store::open(db.as_ref(), &key).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let born = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap();
    let mut out = std::io::stdout().lock();
    loop {
        let id: FamilyId = store
            .write(|w| {
                let id = w.insert_family(&NewFamily::new(
                    "Валиевы",
                    "Валиева Лилия",
                    Some("+7 917 555-00-11"),
                )?)?;
                let child =
                    NewChild::new(id, "Булат", "Валиев", born, Avatar::Owl, false, &[], today)?;
                w.insert_child(&child)?;
                Ok(id)
            })
            .unwrap();
        writeln!(out, "committed {}", id.0).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn committed_records_survive_sigkill_at_random_moments() {
    let k = common::TempKiosk::new();
    drop(k.open());
    let exe = std::env::current_exe().unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut committed = Vec::new();
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_writer_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, k.db_path())
            .env("LADOSHKA_CRASH_WRITER_KEY", k.key.to_file_text().trim())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    l.strip_prefix("committed ")
                        .and_then(|n| n.parse::<i64>().ok())
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(rng.u64(20..250)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let ids = reader.join().unwrap();
        eprintln!(
            "round {round}: {} commits printed before the kill",
            ids.len()
        );
        committed.extend(ids);
    }
    assert!(
        committed.len() > ROUNDS,
        "the writer barely wrote: {} commits",
        committed.len()
    );

    let store = k.open();
    let present: std::collections::HashSet<i64> =
        store.families().unwrap().iter().map(|f| f.id.0).collect();
    let missing: Vec<_> = committed
        .iter()
        .filter(|id| !present.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} committed families lost: {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
    assert!(store.integrity_problems().unwrap().is_empty());
    // Each committed family has its child and both outbox rows: the transaction was whole.
    let counts = store.counts().unwrap();
    assert_eq!(counts.families, counts.children);
    assert_eq!(counts.outbox_rows, counts.families * 2);
    eprintln!(
        "{} commits across {ROUNDS} kills, all present",
        committed.len()
    );
}

//! The region's centre on PostgreSQL: two `serve` processes on one database with four kiosks
//! uploading to both at once import every row exactly once; the row bodies the server keeps
//! cannot be read without the centre's key; an erasure and the report come out as on the
//! SQLCipher file; and the command line works with `--database`.
//!
//! Each test starts its own throwaway PostgreSQL ([`TestPg`]) on a Unix socket.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use common::{CentreExt, Client, Kiosk};
use ladoshka_centre::store::StoreError;
use ladoshka_centre::{Centre, SetupError};
use ladoshka_centre_testing::{Engine, Server, TestCentre, TestPg};
use ladoshka_seal::{raw_body, OutboxRow};

const BUNDLES: u64 = 12;
const ROWS: u64 = 25;

#[test]
fn two_servers_and_four_kiosks_uploading_at_once_import_every_row_once() {
    let c = TestCentre::on(Engine::Postgres);
    let a = c.serve();
    let b = Server::for_centre(c.open_again());
    let mut kiosks: Vec<Kiosk> = (0..4).map(|_| c.enrolled_kiosk()).collect();

    std::thread::scope(|s| {
        for (k, kiosk) in kiosks.iter_mut().enumerate() {
            let (a, b) = (&a, &b);
            s.spawn(move || {
                for i in 0..BUNDLES {
                    let bundle = kiosk.next(ROWS);
                    // Every bundle goes to both servers at the same moment, the order varying.
                    let (first, second) = if (i + k as u64).is_multiple_of(2) {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    let answers = std::thread::scope(|s| {
                        let one = s.spawn(|| first.upload(&bundle));
                        let two = s.spawn(|| second.upload(&bundle));
                        [one.join().unwrap(), two.join().unwrap()]
                    });
                    let mut results: Vec<String> = answers
                        .iter()
                        .map(|r| {
                            assert_eq!(r.status, 200, "kiosk {k} bundle {i}: {}", r.text());
                            r.header("x-ladoshka-result")
                                .unwrap_or_default()
                                .to_string()
                        })
                        .collect();
                    results.sort();
                    assert_eq!(
                        results,
                        ["already-held", "imported"],
                        "kiosk {k} bundle {i}"
                    );
                }
            });
        }
    });

    assert_eq!(c.totals(), (4 * BUNDLES * ROWS, 4 * BUNDLES));
    let all: Vec<u64> = (1..=BUNDLES * ROWS).collect();
    for kiosk in &kiosks {
        assert_eq!(c.seqs(&kiosk.device_id), all);
        for server in [&a, &b] {
            assert_eq!(server.ack(kiosk).highest_contiguous_seq, BUNDLES * ROWS);
        }
    }
}

#[test]
fn the_server_keeps_no_readable_row_body_and_a_wrong_key_is_refused() {
    let c = TestCentre::on(Engine::Postgres);
    let pg = c.pg.as_ref().unwrap();
    let mut kiosk = c.enrolled_kiosk();
    let received = c
        .centre
        .receive(&kiosk.next(5), ladoshka_centre::store::Via::Http);
    assert!(received.is_ok(), "{received:?}");
    // What the kiosk sent comes back whole through the centre…
    let rows = c.centre.store().rows(&kiosk.device_id).unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].body.contains("пришла с мамой"), "{}", rows[0].body);
    // …but whoever reads the server sees only ciphertext in the bodies.
    let raw = pg.psql("SELECT encode(body, 'hex') FROM outbox_rows");
    assert_eq!(raw.lines().count(), 5, "{raw}");
    for needle in ["пришла", "мамой", "\"session\"", "\"child\"", "\"note\""] {
        let hex = hex::encode(needle);
        assert!(!raw.contains(&hex), "the server shows {needle:?}: {raw}");
    }

    // Another db.key does not open the centre, and says so before anything is served.
    std::fs::write(
        c.layout.file(ladoshka_centre::layout::DB_KEY_FILE),
        format!("{}\n", "ab".repeat(32)),
    )
    .unwrap();
    match Centre::open(&c.layout) {
        Err(SetupError::Store(StoreError::BodyKey)) => {}
        Err(other) => panic!("expected the body key refusal, got: {other}"),
        Ok(_) => panic!("a wrong database key opened the centre"),
    }
}

/// A child's check-in and then its erasure, as a kiosk sends them.
fn child_then_erasure() -> Vec<OutboxRow> {
    let row = |kind: &str, body: serde_json::Value| OutboxRow {
        seq: 0,
        kind: kind.into(),
        body: raw_body(&body),
        created_at: "2026-11-02T10:00:00+03:00".into(),
    };
    vec![
        row(
            "child.insert",
            serde_json::json!({"entity_id": 7, "data": {"name": "Алия"}}),
        ),
        row(
            "child.insert",
            serde_json::json!({"entity_id": 8, "data": {"name": "Тимур"}}),
        ),
        row(
            "child.update",
            serde_json::json!({"entity_id": 7, "data": {"name": "Алия Р."}}),
        ),
        row(
            "erasure.insert",
            serde_json::json!({"entity_id": 1, "data": {"id": 1, "record": {"entities": {"child": [7]}}}}),
        ),
    ]
}

#[test]
fn an_erasure_deletes_the_same_rows_on_both_engines() {
    let mut seen = Vec::new();
    for engine in [Engine::Sqlcipher, Engine::Postgres] {
        let c = TestCentre::on(engine);
        let mut kiosk = c.enrolled_kiosk();
        let bundle = kiosk.next_of(&child_then_erasure());
        c.centre
            .receive(&bundle, ladoshka_centre::store::Via::Usb)
            .unwrap();
        let kept: Vec<(u64, String)> = c
            .centre
            .store()
            .rows(&kiosk.device_id)
            .unwrap()
            .into_iter()
            .map(|r| (r.seq, r.kind))
            .collect();
        let erasures = c.centre.store().erasures().unwrap();
        assert_eq!(erasures.len(), 1, "{engine:?}");
        if let Some(pg) = &c.pg {
            // Nothing of the erased child is left in the table, not even its id.
            assert_eq!(
                pg.psql("SELECT count(*) FROM outbox_rows WHERE entity_id = 7"),
                "0\n"
            );
        }
        seen.push((kept, erasures[0].rows_deleted));
    }
    assert_eq!(
        seen[0],
        (
            vec![
                (2, "child.insert".to_string()),
                (4, "erasure.insert".to_string())
            ],
            2
        )
    );
    assert_eq!(seen[0], seen[1], "SQLCipher and PostgreSQL differ");
}

fn centre_cmd(data_dir: &Path, database: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladoshka-centre"));
    cmd.arg("--data-dir")
        .arg(data_dir)
        .env("LADOSHKA_CENTRE_DATABASE", database)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_CENTRE_DATA_DIR")
        .env_remove("RUST_LOG");
    cmd
}

fn run(data_dir: &Path, database: &str, args: &[&str]) -> (i32, String, String) {
    let out = centre_cmd(data_dir, database).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_command_line_runs_a_centre_on_postgres() {
    let pg = TestPg::start();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    let url = pg.url();

    let (code, out, err) = run(&dir, &url, &["init"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("PostgreSQL database «centre»"), "{out}");
    assert!(
        !dir.join("centre.db").exists(),
        "no SQLCipher file beside a PostgreSQL store"
    );
    // A second centre in the same database is refused, whatever the folder.
    let (code, _, err) = run(&tmp.path().join("other"), &url, &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("already holds a Ladoshka centre"), "{err}");

    let (code, out, err) = run(&dir, &url, &["token", "create"]);
    assert_eq!(code, 0, "{out}{err}");
    let token = out.lines().last().unwrap().to_string();
    let layout = ladoshka_centre::Layout::new(&dir, None).with_database(Some(url.clone()));
    let centre = Arc::new(Centre::open(&layout).unwrap());
    let mut kiosk = Kiosk::new(centre.public_key());
    centre.enrol(&kiosk.enrolment(&token)).unwrap();
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    common::write(&stick, "a.ldsb", &kiosk.next(4));
    common::write(&stick, "b.ldsb", &kiosk.next(3));
    drop(centre);

    let (code, out, err) = run(&dir, &url, &["import", stick.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&dir, &url, &["devices"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&hex::encode(kiosk.device_id)), "{out}");
    assert!(out.contains("rows held    7"), "{out}");
    let (code, out, err) = run(
        &dir,
        &url,
        &[
            "report",
            "indicators",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");

    // A database with no centre, and one that cannot be reached, say what to do.
    pg.psql("CREATE DATABASE empty");
    let empty = url.replace("dbname=centre", "dbname=empty");
    let (code, _, err) = run(&dir, &empty, &["devices"]);
    assert_eq!(code, 2);
    assert!(err.contains("holds no Ladoshka centre"), "{err}");
    let gone = format!(
        "host={}/nowhere user=ladoshka dbname=centre",
        pg.socket_dir()
    );
    let (code, _, err) = run(&dir, &gone, &["devices"]);
    assert_eq!(code, 2);
    assert!(err.contains("could not be reached"), "{err}");
}

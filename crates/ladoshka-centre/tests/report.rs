//! The built binary's `report indicators`: rows from two kiosks, enrolled with `devices add`
//! and imported from a stick through the real sealing path, give the hand-counted figures in
//! CSV and HTML; bad dates and periods are refused with what to write; an empty centre reports
//! zeros.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{write, Kiosk};
use ladoshka_centre::{Centre, Layout};
use ladoshka_seal::OutboxRow;
use serde_json::{json, Value};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(data_dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_ladoshka-centre"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(common::as_a_script(args))
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_CENTRE_DATA_DIR")
        .env_remove("LADOSHKA_CENTRE_TIME_ZONE")
        .env_remove("LADOSHKA_OPERATOR")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    Run {
        code: status.code().unwrap(),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn init_centre(dir: &Path) {
    let r = run(dir, &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A row as the kiosk's outbox writes it.
fn row(kind: &str, id: i64, record: Value, at: &str) -> OutboxRow {
    OutboxRow {
        seq: 0,
        kind: kind.into(),
        body: ladoshka_seal::raw_body(
            &json!({ "entity_id": id, "data": { "id": id, "record": record } }),
        ),
        created_at: at.into(),
    }
}

fn session(id: i64, kind: &str, starts_at: &str, children: &[i64]) -> OutboxRow {
    row(
        "session.insert",
        id,
        json!({ "room": 1, "psychologist": 1, "kind": kind, "starts_at": starts_at,
                "minutes": 45, "participants": children }),
        "2026-10-01T08:00:00.5+00:00",
    )
}

fn state(id: i64, state: &str, at: &str) -> OutboxRow {
    row(
        "session_state.update",
        id,
        json!({ "state": state, "reason": null, "by": 1 }),
        at,
    )
}

/// Kiosk A: a family of two children, two sessions held in November and one in October, a
/// route with a step done and closed as improved.
fn kiosk_a() -> Vec<OutboxRow> {
    vec![
        row(
            "family.insert",
            1,
            json!({ "surname": "Галиева" }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            1,
            json!({ "family": 1, "situations": ["LossOfParents"] }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            2,
            json!({ "family": 1, "situations": [] }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "consent.insert",
            1,
            json!({ "family": 1, "child": 1 }),
            "2026-10-01T08:00:00Z",
        ),
        session(1, "individual_play_therapy", "2026-11-10T07:00:00Z", &[1]),
        session(2, "family_reconciliation", "2026-11-12T07:00:00Z", &[1, 2]),
        session(3, "group", "2026-10-20T07:00:00Z", &[1, 2]),
        row(
            "session_state.update",
            1,
            json!("arrived"),
            "2026-11-10T06:55:00Z",
        ),
        state(1, "in_progress", "2026-11-10T07:00:00Z"),
        state(1, "done", "2026-11-10T07:45:00Z"),
        state(2, "in_progress", "2026-11-12T07:00:00Z"),
        state(2, "done", "2026-11-12T07:45:00Z"),
        state(3, "in_progress", "2026-10-20T07:00:00Z"),
        state(3, "done", "2026-10-20T07:45:00Z"),
        row(
            "route.insert",
            1,
            json!({ "child": 1, "template": "loss", "version": 1, "situation": 1 }),
            "2026-11-03T09:00:00Z",
        ),
        row(
            "route_step.insert",
            1,
            json!({ "route": 1, "position": 1 }),
            "2026-11-03T09:00:00Z",
        ),
        row(
            "route_step_done.update",
            1,
            json!([1, null]),
            "2026-11-05T09:00:00Z",
        ),
        row(
            "route_closed.update",
            1,
            json!([true, 1]),
            "2026-11-20T09:00:00Z",
        ),
    ]
}

/// Kiosk B (its ids start at 1 too): one child in an emergency, a cancelled session, one held
/// late on 30 November (23:30 in Moscow) and one just after midnight, a route open since
/// October, a walker lent in November.
fn kiosk_b() -> Vec<OutboxRow> {
    vec![
        row(
            "family.insert",
            1,
            json!({ "surname": "Петрова" }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            1,
            json!({ "family": 1, "situations": ["Emergency"] }),
            "2026-10-01T08:00:00Z",
        ),
        session(1, "diagnostic", "2026-11-15T07:00:00Z", &[1]),
        row(
            "session_state.update",
            1,
            json!({ "state": "cancelled", "reason": "болеет", "by": 1 }),
            "2026-11-14T07:00:00Z",
        ),
        session(2, "individual_play_therapy", "2026-11-30T20:30:00Z", &[1]),
        state(2, "in_progress", "2026-11-30T20:30:00Z"),
        state(2, "done", "2026-11-30T21:15:00Z"),
        session(3, "individual_play_therapy", "2026-11-30T21:30:00Z", &[1]),
        state(3, "in_progress", "2026-11-30T21:30:00Z"),
        state(3, "done", "2026-11-30T22:15:00Z"),
        row(
            "route.insert",
            1,
            json!({ "child": 1, "template": "emergency", "version": 1, "situation": 3 }),
            "2026-10-01T09:00:00Z",
        ),
        row(
            "rental_item.insert",
            1,
            json!({ "kind": "walker", "inventory_number": "ХОД-0001", "state": "available", "condition_notes": "" }),
            "2026-10-01T09:00:00Z",
        ),
        row(
            "rental_item_event.insert",
            1,
            json!({ "item": 1, "event": "lend", "from": "available", "to": "on_loan", "note": "" }),
            "2026-11-10T07:00:00Z",
        ),
        row(
            "rental_loan.insert",
            1,
            json!({ "item": 1, "family": 1, "category": "large_family", "started_on": "2026-11-10", "due_on": "2026-12-10", "renewals": 0, "contract_sha256": "ab", "returned_on": null, "lost": false }),
            "2026-11-10T07:00:00Z",
        ),
    ]
}

/// A centre with kiosks A and B enrolled by `devices add` and their rows imported from a stick.
fn centre_with_two_kiosks(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("centre");
    init_centre(&dir);
    let key = Centre::open(&Layout::new(&dir, None)).unwrap().public_key();
    let stick = tmp.join("stick");
    std::fs::create_dir(&stick).unwrap();
    for (name, rows) in [("a", kiosk_a()), ("b", kiosk_b())] {
        let mut kiosk = Kiosk::new(key);
        let r = run(
            &dir,
            &[
                "devices",
                "add",
                &hex::encode(kiosk.device_id),
                &kiosk.identity.public_key().to_hex(),
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Two bundles each, so the fold crosses bundles.
        let half = rows.len() / 2;
        write(
            &stick,
            &format!("{name}1.ldsb"),
            &kiosk.next_of(&rows[..half]),
        );
        write(
            &stick,
            &format!("{name}2.ldsb"),
            &kiosk.next_of(&rows[half..]),
        );
    }
    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    dir
}

/// `(code, value)` per line after the header (labels may hold quoted commas, codes and values
/// never do).
fn values(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let code = l.split(',').next().unwrap();
            let value = l.rsplit(',').next().unwrap();
            (code.to_string(), value.to_string())
        })
        .collect()
}

fn value<'a>(v: &'a [(String, String)], code: &str) -> &'a str {
    &v.iter()
        .find(|(c, _)| c == code)
        .unwrap_or_else(|| panic!("no line {code}: {v:?}"))
        .1
}

#[test]
fn two_kiosks_rows_give_the_hand_counted_indicators() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = centre_with_two_kiosks(tmp.path());

    let r = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "30.11.2026",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("from 2 kiosk(s), 32 rows"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.starts_with("код,показатель,значение\n"),
        "{}",
        r.stdout
    );
    let v = values(&r.stdout);
    let expected = [
        // A's two children and B's child (its session at 23:30 on the 30th, Moscow time).
        ("1", "3"),
        ("1.1", "0"),
        ("1.2", "1"),
        ("1.3", "0"),
        ("1.4", "1"),
        ("1.0", "1"),
        // Two families, not one: A's family 1 and B's family 1 are not the same.
        ("2", "2"),
        ("2.1", "2"),
        ("3", "1"),
        ("4", "100.0"),
        ("4.1", "1"),
        ("4.2", "1"),
        // A's sessions 1 and 2 and B's session 2; not October's, not the cancelled one, not
        // the one at 00:30 on 1 December.
        ("С", "3"),
        ("С.1", "2"),
        ("С.2", "0"),
        ("С.3", "1"),
        ("С.4", "0"),
        ("П", "1"),
        ("П.1", "1"),
        ("П.2", ""),
        ("П.3", "1"),
        ("П.3.2", "1"),
    ];
    for (code, want) in expected {
        assert_eq!(value(&v, code), want, "line {code}:\n{}", r.stdout);
    }

    // October alone: A's group session, and both routes (A's was not yet assigned: only B's).
    let r = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = values(&r.stdout);
    assert_eq!(value(&v, "С.2"), "1");
    assert_eq!(value(&v, "1"), "2");
    assert_eq!(value(&v, "2.1"), "1");
    assert_eq!(value(&v, "4"), "", "nobody answered: no share");

    // The printable page, in English, to a file.
    let page = tmp.path().join("indicators.html");
    let r = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "html",
            "--lang",
            "en",
            "--operator",
            "КЦСОН <Казань>",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("written to"), "{}", r.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("01.11.2026 – 30.11.2026"));
    assert!(html.contains("КЦСОН &lt;Казань&gt;"), "escaped");
    assert!(
        html.contains("<td>1</td><td>Children who received help</td><td class=\"num\">3</td>"),
        "{html}"
    );
    assert!(html.contains("<td class=\"num\">100.0</td>"));
    assert_eq!(html.matches("<svg").count(), 2, "the two charts");
}

#[test]
fn bad_dates_and_periods_are_refused_with_what_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    for (args, says) in [
        (
            vec!["--from", "2026-11-31", "--to", "2026-12-01"],
            "«2026-11-31» is not a date: write 2026-11-01 or 01.11.2026",
        ),
        (
            vec!["--from", "1 ноября", "--to", "2026-12-01"],
            "is not a date",
        ),
        (
            vec!["--from", "2026-12-01", "--to", "2026-11-01"],
            "the period ends (2026-11-01) before it begins (2026-12-01): swap --from and --to",
        ),
        (
            vec![
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--time-zone",
                "Moscow",
            ],
            "is not a time zone",
        ),
        (
            vec!["--from", "2026-11-01", "--to", "2026-11-30", "--lang", "de"],
            "use ru, tt or en",
        ),
        (
            vec![
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--format",
                "pdf",
            ],
            "pdf",
        ),
    ] {
        let mut all = vec!["report", "indicators"];
        all.extend(args);
        let r = run(&dir, &all);
        // A value the command line refuses is a usage error (64); a period that ends before it
        // begins is found after parsing (2).
        let expected = if says.contains("swap --from and --to") {
            2
        } else {
            64
        };
        assert_eq!(r.code, expected, "{all:?}: {}", r.stdout);
        assert!(r.stderr.contains(says), "{all:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{all:?}: {}", r.stdout);
    }
    // Without a centre at all: what to do.
    let r = run(
        &tmp.path().join("nowhere"),
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("init"), "{}", r.stderr);
}

#[test]
fn an_empty_centre_reports_zeros() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    let r = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("from 0 kiosk(s), 0 rows"), "{}", r.stderr);
    let v = values(&r.stdout);
    assert_eq!(
        v.len(),
        18,
        "the indicators without the rental block: {v:?}"
    );
    for (code, value) in &v {
        let want = if code == "4" { "" } else { "0" };
        assert_eq!(value, want, "line {code}");
    }
    let r = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "html",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("<td class=\"num\">—</td>"),
        "no share: a dash"
    );
}

/// The centre's report as a spreadsheet: for Excel by default (a byte-order mark, `;`,
/// decimal commas), and as an XLSX workbook whose figures are number cells.
#[test]
fn the_indicators_open_in_a_spreadsheet() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let dir = centre_with_two_kiosks(tmp.path());
    let november = [
        "report",
        "indicators",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ];
    let r = run(&dir, &[&november[..], &["--excel"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("\u{feff}код;показатель;значение\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\n4;Доля семей, отметивших улучшение, %;100,0\n"),
        "{}",
        r.stdout
    );

    let book = tmp.path().join("november.xlsx");
    let r = run(
        &dir,
        &[
            &november[..],
            &["--format", "xlsx", "--out", book.to_str().unwrap()],
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut book: Xlsx<_> = open_workbook(&book).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let value = |code: &str| {
        range
            .rows()
            .find(|r| r[0] == Data::String(code.into()))
            .map(|r| r[2].clone())
            .unwrap_or_else(|| panic!("no row {code}"))
    };
    assert_eq!(value("1"), Data::Float(3.0));
    assert_eq!(value("4"), Data::Float(100.0));
    assert_eq!(value("П.2"), Data::Empty, "no data: a blank cell");
}

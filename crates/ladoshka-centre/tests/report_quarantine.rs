//! Issue 15 §3: one genuine bundle holding one malformed row among good ones no longer stops
//! `report indicators` for the whole centre. The bad row is quarantined (left out, counted, and
//! listed with its device, sequence number, kind and reason, none of its values printed); every
//! other row counts.

mod common;

use std::path::Path;

use common::{write, Kiosk};
use ladoshka_centre::{Centre, Layout};
use ladoshka_seal::OutboxRow;
use serde_json::{json, Value};

fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_centre(data_dir, args)
}

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

fn held(id: i64, starts_at: &str, children: &[i64]) -> Vec<OutboxRow> {
    vec![
        row(
            "session.insert",
            id,
            json!({ "room": 1, "psychologist": 1, "kind": "individual_play_therapy",
                    "starts_at": starts_at, "minutes": 45, "participants": children }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "session_state.update",
            id,
            json!({ "state": "done", "reason": null, "by": 1 }),
            starts_at,
        ),
    ]
}

/// `(code, value)` of each CSV line after the header.
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

#[test]
fn a_malformed_row_is_quarantined_and_the_rest_of_its_bundle_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    let (code, _, err) = run(&dir, &["init"]);
    assert_eq!(code, 0, "{err}");
    let key = Centre::open(&Layout::new(&dir, None)).unwrap().public_key();
    let mut kiosk = Kiosk::new(key);
    let (code, _, err) = run(
        &dir,
        &[
            "devices",
            "add",
            &hex::encode(kiosk.device_id),
            &kiosk.identity.public_key().to_hex(),
        ],
    );
    assert_eq!(code, 0, "{err}");

    // Three children; the second child's row is malformed (a name where its family's id
    // belongs). Children 1 and 3 each have a session held in November.
    let mut rows = vec![
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
            json!({ "family": "Галиева Алсу Рустэмовна", "situations": [] }),
            "2026-10-01T08:00:00Z",
        ),
        row(
            "child.insert",
            3,
            json!({ "family": 1, "situations": [] }),
            "2026-10-01T08:00:00Z",
        ),
    ];
    rows.extend(held(1, "2026-11-10T07:00:00Z", &[1]));
    rows.extend(held(3, "2026-11-12T07:00:00Z", &[3]));
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    write(&stick, "one.ldsb", &kiosk.next_of(&rows));
    let (code, out, err) = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "the bundle is genuine and imported whole: {out}{err}"
    );

    let (code, out, err) = run(
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
    assert_eq!(code, 0, "the report is made: {err}");
    let v = values(&out);
    let children = &v.iter().find(|(c, _)| c == "1").expect("line 1").1;
    assert_eq!(
        children, "2",
        "children 1 and 3, from the same bundle, count: {out}"
    );
    assert!(err.contains("1 row(s) quarantined"), "{err}");
    assert!(
        err.contains(&format!(
            "row 3 from device {} (child.insert) was left out",
            hex::encode(kiosk.device_id)
        )),
        "{err}"
    );
    assert!(err.contains("i64 was expected"), "the reason: {err}");
    for personal in ["Галиева", "Алсу", "Рустэмовна"] {
        assert!(
            !err.contains(personal) && !out.contains(personal),
            "{personal}: {err}"
        );
    }
    assert!(err.contains("from 1 kiosk(s), 8 rows"), "{err}");
}

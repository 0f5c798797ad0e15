//! The centre's `report indicators` against the kiosk's own: a kiosk with the demo centre's
//! records syncs to a real centre on loopback, and for the same period the centre's report is
//! the kiosk's, line for line, CSV and HTML; a second such kiosk, enrolled at the centre with
//! `devices add` and delivered on a stick, doubles every count and leaves the shares (each
//! kiosk's families are its own).

mod common;

use chrono::{Duration, NaiveDate};
use common::{printed as text, run, TempKiosk};
use ladoshka_centre::report::{indicators, Format, Language, Request};
use ladoshka_centre_testing::TestCentre;

/// A kiosk with the demo centre's records, enrolled at `c` and synced: the centre holds every
/// row.
fn synced_demo_kiosk(c: &TestCentre, url: &str) -> TempKiosk {
    let k = TempKiosk::new();
    let out = run(&k, &["demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    // Every step's row names its route (the centre counts a done step for the route's child).
    let rows = k.open().unsent_outbox(100_000).unwrap();
    let steps: Vec<_> = rows.iter().filter(|r| r.entity == "route_step").collect();
    assert!(!steps.is_empty());
    for r in steps {
        let payload: serde_json::Value = serde_json::from_str(&r.payload).unwrap();
        assert!(payload["record"]["route"].is_i64(), "{}", r.payload);
        assert!(payload["record"]["due_at"].is_string(), "{}", r.payload);
    }
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            url,
            "--token",
            &c.token(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    let status = k.open().sync_status().unwrap();
    assert_eq!((status.pending_rows, status.pending_bundles), (0, 0));
    k
}

/// A kiosk with the demo centre's records that never meets the centre over a network: the
/// centre enrols it from its id and key (`devices add`), it takes `centre.pub`, and its bundles
/// travel on a stick.
fn demo_kiosk_on_a_stick(c: &TestCentre) -> TempKiosk {
    let k = TempKiosk::new();
    let out = run(&k, &["demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    let identity = k.open().sync_identity().unwrap();
    c.centre
        .enrol_offline(identity.device_id, identity.key.public_key())
        .unwrap();
    let key = c.dir.path().join("centre").join("centre.pub");
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre-key",
            key.to_str().unwrap(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stick = k.dir.path().join("stick");
    let out = run(&k, &["sync", "--to-dir", stick.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let imported = ladoshka_centre::usb::import_dir(&c.centre, &stick).unwrap();
    assert!(
        imported.iter().all(|f| f.line().starts_with("imported")),
        "{:?}",
        imported.iter().map(|f| f.line()).collect::<Vec<_>>()
    );
    k
}

/// Today where the kiosks are (the kiosk's default zone, which the centre's report uses too).
fn today() -> NaiveDate {
    ladoshka::platform::clock::now()
        .with_timezone(&chrono_tz::Europe::Moscow)
        .date_naive()
}

fn kiosk_report(k: &TempKiosk, from: NaiveDate, to: NaiveDate, format: &str, lang: &str) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    let mut args = vec![
        "report",
        "indicators",
        "--from",
        &from,
        "--to",
        &to,
        "--format",
        format,
        "--lang",
        lang,
    ];
    // Compared with the centre's plain CSV, as a script reads it.
    if format == "csv" {
        args.push("--plain");
    }
    let out = run(k, &args);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn centre_report(
    c: &TestCentre,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lang: Language,
) -> String {
    let req = Request {
        first_day: from,
        last_day: to,
        zone: chrono_tz::Europe::Moscow,
        today: today(),
        format,
        lang,
        operator: String::new(),
    };
    indicators(c.centre.store(), &req).unwrap().text
}

/// `(code, value)` of every line after the header.
fn values(csv: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    r.records()
        .map(|row| {
            let row = row.unwrap();
            (row[0].to_string(), row[2].to_string())
        })
        .collect()
}

#[test]
fn the_centre_reports_what_the_kiosks_report_for_the_same_records() {
    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let a = synced_demo_kiosk(&c, &server.url());
    let t = today();
    let periods = [
        (t - Duration::days(90), t + Duration::days(30)),
        (t - Duration::days(7), t),
        (t - Duration::days(30), t - Duration::days(1)),
        (t, t),
        (t + Duration::days(100), t + Duration::days(130)),
    ];

    // One kiosk: the same report, every line, in every period.
    for (from, to) in periods {
        let kiosk = kiosk_report(&a, from, to, "csv", "ru");
        let centre = centre_report(&c, from, to, Format::Csv, Language::Ru);
        assert_eq!(centre, kiosk, "{from} – {to}");
    }
    let (from, to) = periods[0];
    let kiosk = kiosk_report(&a, from, to, "csv", "ru");
    let one = values(&kiosk);
    // The comparison means something: the demo records give figures, the rental block too.
    let value = |v: &[(String, String)], code: &str| {
        v.iter()
            .find(|(c, _)| c == code)
            .unwrap_or_else(|| panic!("no line {code}: {v:?}"))
            .1
            .clone()
    };
    for code in ["1", "2", "2.1", "4.1", "П", "П.1", "П.3"] {
        let n: usize = value(&one, code).parse().unwrap();
        assert!(n > 0, "line {code} is {n}: {kiosk}");
    }
    assert!(!value(&one, "4").is_empty(), "a share of improvement");
    // The printable page too (English labels).
    assert_eq!(
        centre_report(&c, from, to, Format::Html, Language::En),
        kiosk_report(&a, from, to, "html", "en")
    );

    // A second kiosk with the same demo records, enrolled and delivered without a network: its
    // families are its own, so every count doubles and the shares stay.
    let _b = demo_kiosk_on_a_stick(&c);
    for (from, to) in periods {
        let one = values(&kiosk_report(&a, from, to, "csv", "ru"));
        let both = values(&centre_report(&c, from, to, Format::Csv, Language::Ru));
        assert_eq!(
            one.iter().map(|(c, _)| c).collect::<Vec<_>>(),
            both.iter().map(|(c, _)| c).collect::<Vec<_>>(),
            "the same lines"
        );
        for ((code, v1), (_, v2)) in one.iter().zip(&both) {
            if code == "4" || code == "П.2" {
                assert_eq!(v2, v1, "line {code} (a share) in {from} – {to}");
            } else if v1.is_empty() {
                assert!(v2.is_empty(), "line {code} in {from} – {to}");
            } else {
                let (n1, n2): (usize, usize) = (v1.parse().unwrap(), v2.parse().unwrap());
                assert_eq!(n2, 2 * n1, "line {code} in {from} – {to}");
            }
        }
    }
}

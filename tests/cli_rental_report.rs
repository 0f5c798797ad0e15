//! `ladoshka report rental` as an operator runs it, on a store filled through the library (the
//! demo centre, its loans taken back, three loans of our own in February and March 2026): the
//! CSV's figures, the printable HTML, the rental block of `report indicators`, a bad period.

mod common;

use chrono::NaiveDate;
use common::{ladoshka, printed as text, TempKiosk};
use ladoshka::domain::eligibility::CategoryCheck;
use ladoshka::domain::{FamilyId, ItemState, NewRentalItem, RentalKind, StaffId};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The kiosk and how many rental items it holds.
fn kiosk_with_loans() -> (TempKiosk, usize) {
    let k = TempKiosk::new();
    let mut store = k.open();
    let seeded = d(2026, 1, 15);
    let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(
        &mut store,
        &ladoshka::demo::generate(seeded),
        &pepper,
        seeded,
    )
    .unwrap();
    let by = StaffId(4);
    for l in store.loans_to_chase(d(2030, 1, 1)).unwrap() {
        store
            .write(|w| w.return_item(l.item, false, "", d(2026, 1, 25), by))
            .unwrap();
    }
    let families: Vec<FamilyId> = store.families().unwrap().iter().map(|f| f.id).collect();
    let mut lend = |kind, number: &str, family, on, months| {
        let c = CategoryCheck {
            category: "single_parent".into(),
            documents_seen: vec![
                "passport".into(),
                "birth_certificate".into(),
                "single_parent_proof".into(),
            ],
            checked_on: d(2026, 1, 5),
        };
        let new = NewRentalItem::new(kind, number, ItemState::Available).unwrap();
        store
            .write(|w| {
                w.record_category_check(family, &c, by)?;
                let item = w.insert_rental_item(&new)?;
                w.lend(item, family, months, on, "Договор…", &[137, 80, 78, 71], by)?;
                Ok(item)
            })
            .unwrap()
    };
    // A walker from 01.02, due 01.03, back 20.02: on time, 19 days.
    let walker = lend(
        RentalKind::WALKER,
        "ХОД-0101",
        families[0],
        d(2026, 2, 1),
        1,
    );
    // A playpen from 15.02, due 15.03, still out: late, overdue now.
    lend(
        RentalKind::PLAYPEN,
        "МАН-0101",
        families[1],
        d(2026, 2, 15),
        1,
    );
    // A walker from 10.03, lost.
    let lost = lend(
        RentalKind::WALKER,
        "ХОД-0102",
        families[2],
        d(2026, 3, 10),
        1,
    );
    store
        .write(|w| {
            w.return_item(walker, false, "", d(2026, 2, 20), by)?;
            w.report_lost(lost, "", by)
        })
        .unwrap();
    let items = store.rental_items().unwrap().len();
    drop(store);
    (k, items)
}

fn run(k: &TempKiosk, args: &[&str]) -> std::process::Output {
    let data = k.data_dir();
    let key = k.key_file();
    let mut all = vec![
        "--data-dir",
        data.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "report",
    ];
    all.extend_from_slice(args);
    // The tests read the CSV as a script does: the plain style.
    if !args.iter().any(|a| ["html", "xlsx", "--excel"].contains(a)) {
        all.push("--plain");
    }
    ladoshka(k.dir.path(), &all)
}

fn value<'a>(csv: &'a str, code: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(&format!("{code},")))
        .unwrap_or_else(|| panic!("no row {code} in {csv}"))
        .rsplit(',')
        .next()
        .unwrap()
}

#[test]
fn rental_report_as_csv_and_html_and_in_the_indicators() {
    let (k, items) = kiosk_with_loans();

    let out = run(
        &k,
        &["rental", "--from", "2026-02-01", "--to", "31.03.2026"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(csv.lines().next().unwrap(), "код,показатель,значение");
    assert_eq!(value(&csv, "1"), items.to_string());
    assert_eq!(value(&csv, "1.6"), "1", "one item lost");
    assert!(csv.contains("\n3,Выдачи за период,3\n3.1,2026-02,2\n3.2,2026-03,1\n4,"));
    assert_eq!(value(&csv, "4.5"), "2", "two walkers");
    assert_eq!(value(&csv, "5"), "3", "families served");
    assert_eq!(value(&csv, "6"), "1");
    assert_eq!(value(&csv, "6.1"), "19.0");
    assert_eq!(
        value(&csv, "7"),
        "50.0",
        "the walker on time, the playpen late"
    );
    assert_eq!((value(&csv, "7.1"), value(&csv, "7.2")), ("2", "1"));
    assert_eq!(value(&csv, "8"), "1", "the playpen is still out");

    let page = k.dir.path().join("rental.html");
    let out = run(
        &k,
        &[
            "rental",
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-31",
            "--format",
            "html",
            "--lang",
            "en",
            "--operator",
            "КЦСОН «Радуга»",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("rental report 2026-02-01 – 2026-03-31 written to"));
    let html = std::fs::read_to_string(&page).unwrap();
    for expected in [
        "<!DOCTYPE html>",
        "<h1>Social rental</h1>",
        "КЦСОН «Радуга» · 01.02.2026 – 31.03.2026",
        "Items by kind and state",
        ">2026-03<",
        "Overdue rate, %",
        ">50.0<",
        ">19.0<",
    ] {
        assert!(html.contains(expected), "«{expected}» not in {html}");
    }
    assert_eq!(html.matches("<svg").count(), 2);

    // The indicators carry the rental block under the rental loans.
    let out = run(
        &k,
        &["indicators", "--from", "2026-02-01", "--to", "2026-03-31"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(value(&csv, "П.1"), "3");
    assert_eq!(value(&csv, "П.2"), "50.0");
    assert_eq!(value(&csv, "П.3"), items.to_string());
    assert_eq!(value(&csv, "П.3.6"), "1");

    // Tatar labels; a backwards period is refused like the indicators'.
    let out = run(
        &k,
        &[
            "rental",
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-31",
            "--lang",
            "tt",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Прокаттан файдаланган гаиләләр,3"));
    let out = run(
        &k,
        &["rental", "--from", "2026-03-31", "--to", "2026-02-01"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("swap --from and --to"),
        "{}",
        text(&out)
    );
}

/// What a centre opens in Excel with Russian settings: by default the CSV has a byte-order
/// mark, `;` and decimal commas; `--format xlsx` writes a workbook whose figures are number
/// cells and whose period is two date cells.
#[test]
fn rental_report_for_a_spreadsheet_csv_for_excel_and_xlsx() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let (k, items) = kiosk_with_loans();
    let period = ["rental", "--from", "2026-02-01", "--to", "2026-03-31"];

    let out = run(&k, &[&period[..], &["--excel"]].concat());
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        &out.stdout[..3],
        b"\xEF\xBB\xBF",
        "UTF-8 with a byte-order mark"
    );
    let csv = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert_eq!(csv.lines().next().unwrap(), "код;показатель;значение");
    assert!(
        csv.contains("\n\"=\"\"6.1\"\"\";"),
        "a numbered code stays text: {csv}"
    );
    assert!(csv.contains(";19,0\n"), "a decimal comma: {csv}");
    let en = run(&k, &[&period[..], &["--excel", "--lang", "en"]].concat());
    let en = String::from_utf8(en.stdout[3..].to_vec()).unwrap();
    assert!(
        en.starts_with("code,indicator,value\n") && en.contains(",19.0\n"),
        "{en}"
    );

    let book = k.dir.path().join("rental.xlsx");
    let out = run(
        &k,
        &[
            &period[..],
            &["--format", "xlsx", "--out", book.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut book: Xlsx<_> = open_workbook(&book).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let row = |code: &str| {
        range
            .rows()
            .find(|r| r[0] == Data::String(code.into()))
            .unwrap_or_else(|| panic!("no row {code}"))
            .to_vec()
    };
    assert_eq!(row("1")[2], Data::Float(items as f64));
    assert_eq!(row("6.1")[2], Data::Float(19.0));
    assert_eq!(row("7")[2], Data::Float(50.0));
    let day = |c: u32| match range.get_value((1, c)) {
        Some(Data::DateTime(d)) => d.as_datetime().unwrap().date(),
        other => panic!("a date cell, not {other:?}"),
    };
    assert_eq!((day(1), day(2)), (d(2026, 2, 1), d(2026, 3, 31)));
}

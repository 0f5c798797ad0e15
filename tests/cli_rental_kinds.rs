//! Kinds of equipment the centre adds: `<data dir>/rental/kinds.toml` checked with
//! `rental kinds check`, an item of a new kind added with `rental add`, its title on the labels
//! and in the report, its default term; a kind the list does not name refused; a broken file
//! refusing new items (nothing guessed), and removing it going back to the shipped seven.

mod common;

use common::{printed as text, run, TempKiosk};
use ladoshka::domain::{ItemState, Language, NewRentalItem, RentalKind};

/// The shipped list with one kind of the centre's own added at the end.
fn with_bath_seat() -> String {
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/rental/kinds.toml"),
    )
    .unwrap();
    format!(
        "{shipped}\n[[kinds]]\nkey = \"bath_seat\"\ntitle = {{ ru = \"Стульчик для купания\", tt = \"Коену урындыгы\", en = \"Bath seat\" }}\nterm_months = 6\nprefix = \"ВАН\"\n"
    )
}

#[test]
fn a_centre_adds_a_kind_and_lends_it_like_the_others() {
    let k = TempKiosk::new();
    let out = run(&k, &["rental", "kinds", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("No centre's file at"), "{said}");
    assert!(
        said.contains("ok     walker: Ходунки (9 months, numbers ХОД-0001)"),
        "{said}"
    );
    assert!(said.contains(": 7 kinds."), "{said}");

    // Before the centre names it, a new kind is refused with the kinds there are.
    let out = run(
        &k,
        &[
            "rental",
            "add",
            "--kind",
            "bath_seat",
            "--number",
            "ВАН-0001",
        ],
    );
    assert!(!out.status.success());
    let said = text(&out);
    assert!(
        said.contains("«bath_seat» is not one of the centre's kinds of equipment")
            && said.contains("walker"),
        "{said}"
    );
    let out = run(
        &k,
        &[
            "rental",
            "add",
            "--kind",
            "Bath Seat",
            "--number",
            "ВАН-0001",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("is not a kind's key"), "{}", text(&out));

    // The centre adds it.
    let centre = k.data_dir().join("rental").join("kinds.toml");
    std::fs::create_dir_all(centre.parent().unwrap()).unwrap();
    std::fs::write(&centre, with_bath_seat()).unwrap();
    let out = run(&k, &["rental", "kinds", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("ok     bath_seat: Стульчик для купания (6 months, numbers ВАН-0001)")
            && said.contains(": 8 kinds."),
        "{said}"
    );
    let out = run(
        &k,
        &[
            "rental",
            "add",
            "--kind",
            "bath_seat",
            "--number",
            "ван-0001",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["rental", "list"]);
    assert!(
        text(&out).contains("ВАН-0001       bath_seat"),
        "{}",
        text(&out)
    );

    // Its title is on the labels' kind and in the report; its term is the contract's default.
    let store = k.open();
    let kinds = store.rental_kinds().unwrap();
    let bath = RentalKind::from_key("bath_seat").unwrap();
    assert_eq!(kinds.title(bath, Language::Tt), "Коену урындыгы");
    assert_eq!(kinds.term_months(bath), 6);
    let facts = store.rental_facts().unwrap();
    assert_eq!(facts.kinds.last(), Some(&bath));
    drop(store);
    let report = k.dir.path().join("rental.csv");
    let out = run(
        &k,
        &[
            "report",
            "rental",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "csv",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = std::fs::read_to_string(&report).unwrap();
    assert!(csv.contains("Стульчик для купания"), "{csv}");
    let labels = k.dir.path().join("labels.pdf");
    let out = run(
        &k,
        &[
            "rental",
            "labels",
            "--kind",
            "bath_seat",
            "--out",
            labels.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1 labels on 1 page(s)"),
        "{}",
        text(&out)
    );

    // A broken file refuses new items with its line and field, and changes nothing.
    std::fs::write(
        &centre,
        with_bath_seat().replace(
            "term_months = 6\nprefix = \"ВАН\"",
            "term_months = 36\nprefix = \"ВАН\"",
        ),
    )
    .unwrap();
    let out = run(&k, &["rental", "kinds", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(
        said.contains("broken") && said.contains("kinds[8].term_months: is 36"),
        "{said}"
    );
    let mut store = k.open();
    let before = store.rental_items().unwrap().len();
    let err = store
        .write(|w| {
            w.insert_rental_item(
                &NewRentalItem::new(RentalKind::WALKER, "ХОД-0900", ItemState::Available).unwrap(),
            )
        })
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the centre's kinds file is broken")
            && err.contains("ladoshka rental kinds check"),
        "{err}"
    );
    assert_eq!(store.rental_items().unwrap().len(), before);

    // Removed, the shipped seven come back; the item of the centre's kind still shows, by key.
    std::fs::remove_file(&centre).unwrap();
    let kinds = store.rental_kinds().unwrap();
    assert_eq!(kinds.specs().len(), 7);
    assert_eq!(kinds.title(bath, Language::Ru), "bath_seat");
    let facts = store.rental_facts().unwrap();
    let report = ladoshka::domain::rental_report::compute(
        &facts,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    assert!(report.items_by_kind.iter().any(|(k, states)| *k == bath
        && states
            .iter()
            .any(|(s, n)| *s == ItemState::Available && *n == 1)));
}

//! The rental stock and the categories as an operator handles them from the command line:
//! `rental add` (with condition notes and a photo), `rental photo`, `rental list`,
//! `rental categories check`; and a centre's `<data dir>/rental/categories.toml` deciding who
//! may borrow.

mod common;

use std::io::Cursor;
use std::path::Path;

use chrono::NaiveDate;
use common::{ladoshka, printed as text, TempKiosk};
use image::{ImageFormat, Rgb, RgbImage};
use ladoshka::domain::eligibility::CategoryCheck;
use ladoshka::domain::{FamilyId, ItemState, NewRentalItem, RentalKind, StaffId};

fn run(k: &TempKiosk, args: &[&str]) -> std::process::Output {
    let data = k.data_dir();
    let key = k.key_file();
    let mut all = vec![
        "--data-dir",
        data.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "rental",
    ];
    all.extend_from_slice(args);
    ladoshka(k.dir.path(), &all)
}

fn photo_file(dir: &Path, name: &str, w: u32, h: u32, format: ImageFormat) -> String {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    img.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn items_are_added_photographed_and_listed() {
    let k = TempKiosk::new();
    let dir = k.dir.path();
    let out = run(&k, &["list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("No rental items yet"), "{}", text(&out));

    let out = run(
        &k,
        &[
            "add",
            "--kind",
            "walker",
            "--number",
            "ход-0100",
            "--condition",
            "царапина на раме",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Added ХОД-0100 (walker), available."),
        "{}",
        text(&out)
    );

    let big = photo_file(dir, "stroller.png", 1000, 800, ImageFormat::Png);
    let out = run(
        &k,
        &[
            "add",
            "--kind",
            "stroller_transformer",
            "--number",
            "КОЛ-0100",
            "--photo",
            &big,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("with a photo 640×512"),
        "{}",
        text(&out)
    );

    // The same number again, an unknown kind, a text file as the photo: refused, nothing added.
    let out = run(&k, &["add", "--kind", "walker", "--number", "ХОД-0100"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("already in the catalogue"),
        "{}",
        text(&out)
    );
    let out = run(&k, &["add", "--kind", "bicycle", "--number", "ВЕЛ-0001"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("walker"),
        "the kinds are listed: {}",
        text(&out)
    );
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "not a photo").unwrap();
    let out = run(
        &k,
        &[
            "add",
            "--kind",
            "playpen",
            "--number",
            "МАН-0100",
            "--photo",
            notes.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("is not a PNG or JPEG photo: choose another file"),
        "{}",
        text(&out)
    );

    // A photo for the walker, from a JPEG.
    let jpeg = photo_file(dir, "walker.jpg", 400, 300, ImageFormat::Jpeg);
    let out = run(&k, &["photo", "ход-0100", &jpeg]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("(400×300)"), "{}", text(&out));
    // An unknown number, a text file: refused with what to do.
    let out = run(&k, &["photo", "ХОД-9999", &jpeg]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("there is no item «ХОД-9999» in the catalogue"),
        "{}",
        text(&out)
    );
    let out = run(&k, &["photo", "КОЛ-0100", notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("choose another file"), "{}", text(&out));
    let out = run(&k, &["photo", "КОЛ-0100", "/nonexistent/photo.png"]);
    assert!(
        text(&out).contains("cannot read the photo"),
        "{}",
        text(&out)
    );

    let out = run(&k, &["list"]);
    assert!(out.status.success(), "{}", text(&out));
    let listed = text(&out);
    let line = |n: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(n))
            .unwrap_or_else(|| panic!("no {n} in {listed}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(line("ХОД-0100"), ["ХОД-0100", "walker", "available", "yes"]);
    assert_eq!(
        line("КОЛ-0100"),
        ["КОЛ-0100", "stroller_transformer", "available", "yes"]
    );
    assert!(
        !listed.contains("МАН-0100"),
        "the refused item is not there"
    );
    assert!(listed.contains("2 items."), "{listed}");

    // What the store holds: the stroller's photo was not replaced by the text file.
    let store = k.open();
    let (id, _, _, notes) = store.rental_item_by_number("ХОД-0100").unwrap().unwrap();
    assert_eq!(notes, "царапина на раме");
    let photo = store.item_photo(id).unwrap().unwrap();
    assert_eq!(image::guess_format(&photo).unwrap(), ImageFormat::Jpeg);
    let (id, ..) = store.rental_item_by_number("КОЛ-0100").unwrap().unwrap();
    let img = image::load_from_memory(&store.item_photo(id).unwrap().unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (640, 512));
}

const CENTRE_FILE: &str = r#"format = 1

[documents]
passport = { ru = "Паспорт родителя", tt = "Ата-ананың паспорты", en = "Parent's passport" }
birth_certificate = { ru = "Свидетельство о рождении", tt = "Туу турында таныклык", en = "Birth certificate" }

[[categories]]
key = "district_pilot"
title = { ru = "Пилот района", tt = "Район пилоты", en = "District pilot" }
documents = ["passport", "birth_certificate"]
child_under_months = 24
"#;

#[test]
fn categories_files_are_checked() {
    let k = TempKiosk::new();
    // No file named and no centre's file: the shipped list.
    let out = run(&k, &["categories", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("the kiosk uses the shipped list"), "{said}");
    assert!(
        said.contains("ok     infant_allowance: ") && said.contains("child under 18 months"),
        "{said}"
    );
    assert!(said.contains(": 5 categories."), "{said}");

    let good = k.dir.path().join("categories.toml");
    std::fs::write(&good, CENTRE_FILE).unwrap();
    let out = run(&k, &["categories", "check", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("ok     district_pilot: Пилот района (documents: passport, birth_certificate; child under 24 months)"),
        "{}",
        text(&out)
    );

    let bad = k.dir.path().join("broken.toml");
    std::fs::write(
        &bad,
        CENTRE_FILE.replace(
            r#""passport", "birth_certificate""#,
            r#""passport", "snils""#,
        ),
    )
    .unwrap();
    let out = run(&k, &["categories", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out);
    assert!(
        said.contains(&format!(
            "broken {}:10: categories[1].documents: «snils» is not under [documents]",
            bad.display()
        )),
        "{said}"
    );

    // The centre's copy in the data directory is what `check` alone reads.
    let centre = k.data_dir().join("rental").join("categories.toml");
    std::fs::create_dir_all(centre.parent().unwrap()).unwrap();
    std::fs::write(&centre, CENTRE_FILE).unwrap();
    let out = run(&k, &["categories", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("district_pilot"), "{}", text(&out));
    assert!(!text(&out).contains("infant_allowance"), "{}", text(&out));

    let out = run(&k, &["categories", "check", "/nonexistent/categories.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("cannot read"), "{}", text(&out));
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_centres_categories_file_decides_who_may_borrow() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let today = d(2026, 11, 30);
    let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let by = StaffId(1);
    let families: Vec<FamilyId> = store.families().unwrap().iter().map(|f| f.id).collect();
    let item = |store: &mut ladoshka::store::Store, n: &str| {
        let new = NewRentalItem::new(RentalKind::CHANGING_TABLE, n, ItemState::Available).unwrap();
        store.write(|w| w.insert_rental_item(&new)).unwrap()
    };
    let check = |category: &str, docs: &[&str]| CategoryCheck {
        category: category.into(),
        documents_seen: docs.iter().map(|s| s.to_string()).collect(),
        checked_on: today,
    };
    assert_eq!(store.rental_categories().unwrap().len(), 5, "shipped");

    // The centre replaces the list with its own.
    let centre = k.data_dir().join("rental").join("categories.toml");
    std::fs::create_dir_all(centre.parent().unwrap()).unwrap();
    std::fs::write(&centre, CENTRE_FILE).unwrap();
    let cats = store.rental_categories().unwrap();
    assert_eq!(cats.len(), 1);
    assert_eq!(cats[0].key, "district_pilot");
    let before = store.unsent_outbox_count().unwrap();
    let err = store
        .write(|w| {
            w.record_category_check(
                families[0],
                &check(
                    "single_parent",
                    &["passport", "birth_certificate", "single_parent_proof"],
                ),
                by,
            )
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("not one of the centre's categories"),
        "{err}"
    );
    assert_eq!(store.unsent_outbox_count().unwrap(), before);

    // A family under the centre's own category borrows.
    let table = item(&mut store, "ПЕЛ-0100");
    store
        .write(|w| {
            w.record_category_check(
                families[0],
                &check("district_pilot", &["passport", "birth_certificate"]),
                by,
            )?;
            w.lend(
                table,
                families[0],
                6,
                today,
                "Договор…",
                &[137, 80, 78, 71],
                by,
            )
        })
        .unwrap();

    // A broken centre file stops lending with its line and field, and writes nothing.
    let other = item(&mut store, "ПЕЛ-0101");
    store
        .write(|w| {
            w.record_category_check(
                families[1],
                &check("district_pilot", &["passport", "birth_certificate"]),
                by,
            )
        })
        .unwrap();
    std::fs::write(
        &centre,
        CENTRE_FILE.replace("child_under_months = 24", "child_under_months = \"24\""),
    )
    .unwrap();
    let before = store.unsent_outbox_count().unwrap();
    let err = store
        .write(|w| {
            w.lend(
                other,
                families[1],
                6,
                today,
                "Договор…",
                &[137, 80, 78, 71],
                by,
            )
        })
        .unwrap_err();
    let said = err.to_string();
    assert!(
        said.contains("the centre's categories file is broken")
            && said.contains("categories.toml:11: child_under_months:")
            && said.contains("ladoshka rental categories check"),
        "{said}"
    );
    assert_eq!(
        store.unsent_outbox_count().unwrap(),
        before,
        "nothing written"
    );

    // Fixed (here: removed), lending goes on under the shipped list.
    std::fs::remove_file(&centre).unwrap();
    let err = store
        .write(|w| {
            w.lend(
                other,
                families[1],
                6,
                today,
                "Договор…",
                &[137, 80, 78, 71],
                by,
            )
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("«district_pilot» is not one of the centre's categories"),
        "the shipped list does not know the centre's category: {err}"
    );
}

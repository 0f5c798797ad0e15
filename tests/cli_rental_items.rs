//! The rental stock as an operator handles it from the command line: `rental add` (with
//! condition notes and a photo), `rental photo`, `rental list`.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::{ladoshka, printed as text, TempKiosk};
use image::{ImageFormat, Rgb, RgbImage};

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
    let png = store.item_photo(id).unwrap().unwrap();
    assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);
    let (id, ..) = store.rental_item_by_number("КОЛ-0100").unwrap().unwrap();
    let img = image::load_from_memory(&store.item_photo(id).unwrap().unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (640, 512));
}

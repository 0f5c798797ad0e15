//! Photos of rental items on a real SQLCipher store: a PNG and a JPEG made here are stored as
//! PNGs no larger than 640 px on the longer side (never enlarged) and read back; a text file is
//! refused with nothing written; the outbox carries the photo's SHA-256 and size, not its bytes;
//! the item's history notes the change.

mod common;

use std::io::Cursor;

use common::TempKiosk;
use image::{ImageFormat, Rgb, RgbImage};
use ladoshka::crypto::{PinHash, PinPepper};
use ladoshka::domain::{ItemState, NewRentalItem, NewStaff, Pin, RentalKind, Role, StaffId};
use ladoshka::store::{Store, StoreError};

/// A `w`×`h` picture with a gradient and a dark square, encoded as `format`.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        if x < w / 4 && y < h / 4 {
            Rgb([20, 20, 60])
        } else {
            Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 180])
        }
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// A staff member to take the photos (staff are referenced by the records).
fn staff(store: &mut Store) -> StaffId {
    store
        .write(|w| {
            w.insert_staff(
                &NewStaff::new("Алия", "", "Хасанова", Role::Staff)?,
                &PinHash::with_iterations(
                    &Pin::parse("2222")?,
                    &PinPepper::from_bytes([1; 32]),
                    10,
                ),
            )
        })
        .unwrap()
}

fn item(store: &mut Store, number: &str) -> i64 {
    let new = NewRentalItem::new(RentalKind::WALKER, number, ItemState::Available).unwrap();
    store.write(|w| w.insert_rental_item(&new)).unwrap()
}

fn decoded(jpeg: &[u8]) -> image::DynamicImage {
    assert_eq!(
        image::guess_format(jpeg).unwrap(),
        ImageFormat::Jpeg,
        "stored as JPEG"
    );
    image::load_from_memory(jpeg).unwrap()
}

/// A JPEG as a phone writes a portrait photo: the sensor's landscape pixels (`w` × `h`, dark
/// on the left third) and an EXIF orientation of 6 ("turn 90° clockwise to show").
fn sideways_phone_photo(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    // A photo's grain: a little deterministic noise over each side (a flat picture would
    // compress better as PNG; a photo does not).
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 17) as u8;
        if x < w / 3 {
            image::Rgb([20 + grain, 20 + grain, 25 + grain])
        } else {
            image::Rgb([220 + grain, 215 + grain, 210 + grain])
        }
    });
    // TIFF little-endian, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
    let exif = vec![
        b'I', b'I', 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
    ];
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    encoder.set_exif_metadata(exif).unwrap();
    encoder
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[test]
fn a_phone_photo_is_stored_upright_and_as_a_jpeg_smaller_than_a_png() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let by = staff(&mut store);
    let a = item(&mut store, "ХОД-0911");
    // Landscape pixels 1600 × 1200, to be shown turned: 480 × 640 upright.
    let size = store
        .write(|w| w.set_item_photo(a, &sideways_phone_photo(1600, 1200), by))
        .unwrap();
    assert_eq!(size, (480, 640), "portrait, as the phone was held");
    let stored = store.item_photo(a).unwrap().unwrap();
    let img = decoded(&stored).to_rgb8();
    // The sensor's left third is now the top: dark at the top, light at the bottom.
    assert!(
        img.get_pixel(240, 20).0.iter().all(|&v| v < 90),
        "dark on top"
    );
    assert!(
        img.get_pixel(240, 600).0.iter().all(|&v| v > 180),
        "light below"
    );
    // The same picture as a PNG would be larger (figures for the note: printed).
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    println!(
        "640 px photo: JPEG {} bytes, PNG {} bytes",
        stored.len(),
        png.len()
    );
    assert!(
        stored.len() < png.len(),
        "JPEG {} < PNG {}",
        stored.len(),
        png.len()
    );
}

#[test]
fn png_and_jpeg_photos_are_stored_small_and_read_back() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let by = staff(&mut store);
    let a = item(&mut store, "ХОД-0901");
    let b = item(&mut store, "ХОД-0902");
    let c = item(&mut store, "ХОД-0903");
    assert_eq!(store.item_photo(a).unwrap(), None);

    // A wide PNG: shrunk to 640 on its longer side, keeping its shape.
    let size = store
        .write(|w| w.set_item_photo(a, &picture(1600, 900, ImageFormat::Png), by))
        .unwrap();
    assert_eq!(size, (640, 360));
    let png = store.item_photo(a).unwrap().expect("a photo");
    let img = decoded(&png);
    assert_eq!((img.width(), img.height()), (640, 360));
    // The dark corner is still there (the picture, not just its size).
    let px = img.to_rgb8().get_pixel(10, 10).0;
    assert!(px.iter().all(|&v| v < 90), "{px:?}");

    // A tall JPEG from a camera: 640 on the longer (vertical) side.
    let size = store
        .write(|w| w.set_item_photo(b, &picture(1200, 1600, ImageFormat::Jpeg), by))
        .unwrap();
    assert_eq!(size, (480, 640));
    let img = decoded(&store.item_photo(b).unwrap().unwrap());
    assert_eq!((img.width(), img.height()), (480, 640));

    // A small JPEG is never enlarged.
    let size = store
        .write(|w| w.set_item_photo(c, &picture(300, 200, ImageFormat::Jpeg), by))
        .unwrap();
    assert_eq!(size, (300, 200));
    assert_eq!(decoded(&store.item_photo(c).unwrap().unwrap()).width(), 300);

    // A new photo replaces the old one.
    store
        .write(|w| w.set_item_photo(a, &picture(200, 100, ImageFormat::Png), by))
        .unwrap();
    let img = decoded(&store.item_photo(a).unwrap().unwrap());
    assert_eq!((img.width(), img.height()), (200, 100));

    // The outbox says which photo (its hash and size), never the picture itself.
    let rows: Vec<_> = store
        .unsent_outbox(1000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "rental_item_photo")
        .collect();
    assert_eq!(rows.len(), 4, "one row per photo set");
    assert_eq!(
        rows.iter().map(|r| r.op.as_str()).collect::<Vec<_>>(),
        ["insert", "insert", "insert", "update"]
    );
    let first: serde_json::Value = serde_json::from_str(&rows[0].payload).unwrap();
    assert_eq!(first["record"]["item"], a);
    assert_eq!(first["record"]["width"], 640);
    assert_eq!(first["record"]["sha256"].as_str().unwrap().len(), 64);
    assert!(first["record"]["bytes"].as_u64().unwrap() > 1000);
    for r in &rows {
        assert!(r.payload.len() < 400, "no image bytes in the outbox");
    }
    let last: serde_json::Value = serde_json::from_str(&rows[3].payload).unwrap();
    let stored = store.item_photo(a).unwrap().unwrap();
    assert_eq!(
        last["record"]["sha256"].as_str().unwrap(),
        hex::encode(ring::digest::digest(&ring::digest::SHA256, &stored)).as_str()
    );

    // The item's history notes each photo; its state stays.
    let history = store.item_history(a).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].0, "photo");
    assert_eq!(history[0].2, "available");
    assert!(history[0].4.contains("640×360"), "{:?}", history[0]);
    assert_eq!(
        store.rental_items_with_photos().unwrap(),
        vec![a, b, c],
        "the items with photos"
    );
}

#[test]
fn a_file_that_is_not_a_photo_is_refused_and_nothing_is_written() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let by = staff(&mut store);
    let a = item(&mut store, "КОЛ-0901");
    let before = store.unsent_outbox_count().unwrap();
    for bytes in [
        &b"inventory list, not a photo\n"[..],
        &[],
        // A PNG's signature with nothing after it.
        &[137, 80, 78, 71, 13, 10, 26, 10, 0, 0][..],
    ] {
        let err = store.write(|w| w.set_item_photo(a, bytes, by)).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert!(
            err.to_string()
                .contains("is not a PNG or JPEG photo: choose another file"),
            "{err}"
        );
    }
    // A GIF is a picture, but not one the kiosk takes.
    let err = store
        .write(|w| w.set_item_photo(a, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", by))
        .unwrap_err();
    assert!(err.to_string().contains("PNG or JPEG"), "{err}");
    assert_eq!(store.item_photo(a).unwrap(), None);
    assert_eq!(
        store.unsent_outbox_count().unwrap(),
        before,
        "nothing written"
    );
    assert!(store.item_history(a).unwrap().is_empty());

    // No such item: refused too.
    let err = store
        .write(|w| w.set_item_photo(999, &picture(10, 10, ImageFormat::Png), by))
        .unwrap_err();
    assert!(err.to_string().contains("999"), "{err}");
    assert_eq!(store.unsent_outbox_count().unwrap(), before);
}

#[test]
fn an_item_added_with_condition_notes_keeps_them() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let new = NewRentalItem::new(RentalKind::PLAYPEN, " ман-0901 ", ItemState::Available).unwrap();
    let id = store
        .write(|w| w.insert_rental_item_noting(&new, "  царапина на раме "))
        .unwrap();
    let (found, kind, state, notes) = store.rental_item_by_number("ман-0901").unwrap().unwrap();
    assert_eq!(
        (found, kind, state, notes.as_str()),
        (
            id,
            RentalKind::PLAYPEN,
            ItemState::Available,
            "царапина на раме"
        )
    );
    assert_eq!(store.rental_item_by_number("МАН-0999").unwrap(), None);
    let row = store
        .unsent_outbox(100)
        .unwrap()
        .into_iter()
        .find(|r| r.entity == "rental_item")
        .unwrap();
    assert!(row.payload.contains("царапина на раме"), "{}", row.payload);
    assert!(row.payload.contains("МАН-0901"), "{}", row.payload);
}

#[test]
fn the_demo_centre_has_a_few_photographed_items() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let with_photos = store.rental_items_with_photos().unwrap();
    assert_eq!(with_photos.len(), 3);
    for id in with_photos {
        let img = decoded(&store.item_photo(id).unwrap().unwrap());
        assert_eq!((img.width(), img.height()), (480, 360));
    }
    let (stroller, ..) = store.rental_item_by_number("КОЛ-0001").unwrap().unwrap();
    assert!(store.item_photo(stroller).unwrap().is_some());
}

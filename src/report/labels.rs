//! QR labels for rental items, as printable A4 sheets (PNG, 200 dpi): each label holds the
//! item's inventory number as a QR code (what a USB scanner types into the lending screen), the
//! number in large print under it, and the kind. No I/O here: the sheets come back as PNG bytes.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, Luma};
use qrcode::QrCode;

/// A4 at 200 dpi.
pub const SHEET: (u32, u32) = (1654, 2339);
const MARGIN: u32 = 80;
const COLUMNS: u32 = 3;
const ROWS: u32 = 6;
/// Labels on one sheet.
pub const PER_SHEET: usize = (COLUMNS * ROWS) as usize;
const QR_SIDE: u32 = 230;

static FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// The QR code of `number`, `QR_SIDE` pixels or a little more, with its quiet zone. It holds
/// the number's ASCII form (`domain::rental::label_code`): a USB scanner types it as key presses, and only
/// ASCII survives every keyboard layout.
pub fn qr_image(number: &str) -> GrayImage {
    let code = QrCode::new(crate::domain::rental::label_code(number).as_bytes())
        .expect("an inventory number always fits a QR code");
    code.render::<Luma<u8>>()
        .quiet_zone(true)
        .min_dimensions(QR_SIDE, QR_SIDE)
        .build()
}

/// The sheets for `items` (inventory number, the kind's title), in the order given, as PNG
/// files.
pub fn sheets(items: &[(String, String)]) -> Vec<Vec<u8>> {
    let font = FontRef::try_from_slice(FONT).expect("the bundled font is a font");
    items
        .chunks(PER_SHEET)
        .map(|chunk| png(&sheet(chunk, &font)))
        .collect()
}

/// Where label `n` of a sheet starts, and its size.
pub fn cell(n: usize) -> (u32, u32, u32, u32) {
    let (w, h) = (
        (SHEET.0 - 2 * MARGIN) / COLUMNS,
        (SHEET.1 - 2 * MARGIN) / ROWS,
    );
    let (col, row) = (n as u32 % COLUMNS, n as u32 / COLUMNS);
    (MARGIN + col * w, MARGIN + row * h, w, h)
}

fn sheet(items: &[(String, String)], font: &FontRef) -> GrayImage {
    let mut img = GrayImage::from_pixel(SHEET.0, SHEET.1, Luma([255]));
    for (n, (number, title)) in items.iter().enumerate() {
        let (x, y, w, h) = cell(n);
        // A light cutting line around the label.
        for i in x..x + w {
            img.put_pixel(i, y, Luma([200]));
            img.put_pixel(i, y + h - 1, Luma([200]));
        }
        for j in y..y + h {
            img.put_pixel(x, j, Luma([200]));
            img.put_pixel(x + w - 1, j, Luma([200]));
        }
        let qr = qr_image(number);
        let qx = x + (w - qr.width()) / 2;
        image::imageops::overlay(&mut img, &qr, i64::from(qx), i64::from(y + 8));
        let below = y + 8 + qr.height();
        text_centred(&mut img, font, number, 44.0, x + w / 2, below + 44);
        text_centred(&mut img, font, title, 26.0, x + w / 2, below + 82);
    }
    img
}

fn text_width(font: &FontRef, text: &str, px: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    text.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

/// Draws `text` centred on `cx` with its baseline at `baseline`.
fn text_centred(img: &mut GrayImage, font: &FontRef, text: &str, px: f32, cx: u32, baseline: u32) {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut x = cx as f32 - text_width(font, text, px) / 2.0;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(px, ab_glyph::point(x, baseline as f32));
        x += scaled.h_advance(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let b = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px_, py_) = (
                b.min.x as i64 + i64::from(gx),
                b.min.y as i64 + i64::from(gy),
            );
            if px_ >= 0 && py_ >= 0 && (px_ as u32) < img.width() && (py_ as u32) < img.height() {
                let p = img.get_pixel_mut(px_ as u32, py_ as u32);
                let ink = (255.0 * (1.0 - coverage.clamp(0.0, 1.0))) as u8;
                p.0[0] = p.0[0].min(ink);
            }
        });
    }
}

fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("a sheet encodes into memory");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<(String, String)> {
        (1..=n)
            .map(|i| (format!("ХОД-{i:04}"), "Ходунки".to_owned()))
            .collect()
    }

    #[test]
    fn eighteen_labels_a_sheet() {
        assert_eq!(sheets(&items(18)).len(), 1);
        assert_eq!(sheets(&items(19)).len(), 2);
        assert_eq!(sheets(&items(40)).len(), 3);
        assert!(sheets(&[]).is_empty());
    }

    #[test]
    fn each_label_holds_its_own_qr_code_and_printed_number() {
        let list = items(4);
        let png = &sheets(&list)[0];
        let sheet = image::load_from_memory(png).unwrap().to_luma8();
        assert_eq!(sheet.dimensions(), SHEET);
        for (n, (number, _)) in list.iter().enumerate() {
            let qr = qr_image(number);
            let (x, y, w, _) = cell(n);
            let qx = x + (w - qr.width()) / 2;
            // The code on the sheet is exactly the code of this label's number…
            let same = (0..qr.height()).all(|j| {
                (0..qr.width()).all(|i| sheet.get_pixel(qx + i, y + 8 + j) == qr.get_pixel(i, j))
            });
            assert!(same, "label {n} carries the QR code of {number}");
            // …and not the next label's.
            let other = qr_image(&list[(n + 1) % list.len()].0);
            assert_ne!(qr.as_raw(), other.as_raw());
            // The printed number is under it: dark pixels in the text band.
            let band_top = y + 8 + qr.height() + 8;
            let ink = (band_top..band_top + 40)
                .flat_map(|j| (x..x + w).map(move |i| (i, j)))
                .filter(|(i, j)| sheet.get_pixel(*i, *j).0[0] < 100)
                .count();
            assert!(
                ink > 200,
                "the number is printed under label {n}: {ink} dark pixels"
            );
        }
        // An empty cell stays white.
        let (x, y, w, h) = cell(10);
        assert!((y + 2..y + h - 2)
            .all(|j| (x + 2..x + w - 2).all(|i| sheet.get_pixel(i, j).0[0] == 255)));
    }
}

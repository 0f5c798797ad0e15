//! QR labels for rental items, as a PDF in exact millimetres for the label stock a centre
//! bought (`stock.rs`): each label holds the item's inventory number as a vector QR code (what
//! a USB scanner types into the lending screen), the number in large print under it, and the
//! kind's name, in the bundled font (Tatar letters included). No I/O here: the PDF comes back
//! as bytes. The PDF is written by `krilla` (MIT OR Apache-2.0), which embeds the font's subset.

pub mod stock;

use ab_glyph::{Font as _, FontRef};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use qrcode::{Color, QrCode};

pub use stock::{Stock, STOCKS};

static FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Points in a millimetre (a PDF's unit is 1/72 inch).
const PT: f32 = 72.0 / 25.4;
/// Blank paper kept around a label's contents, mm.
const PAD: f32 = 2.0;
/// The code's own white border, in modules (the label's padding adds to it).
const QUIET: usize = 2;

/// One label: the inventory number and the kind's title.
pub type Label = (String, String);

/// The labels could not be made into a PDF.
#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("the labels' PDF cannot be written: {0}")]
    Pdf(String),
}

/// The PDF for `labels` on `stock`, in the order given; the first `skip` places of the first
/// page are left blank (labels already used off a sheet).
pub fn pdf(labels: &[Label], stock: &Stock, skip: usize) -> Result<Vec<u8>, LabelError> {
    let font = Font::new(FONT.into(), 0).expect("the bundled font is a font");
    let measure = FontRef::try_from_slice(FONT).expect("the bundled font is a font");
    let mut doc = Document::new();
    let placed: Vec<Option<&Label>> = std::iter::repeat_n(None, skip % stock.per_page())
        .chain(labels.iter().map(Some))
        .collect();
    for page_labels in placed.chunks(stock.per_page()) {
        let settings = PageSettings::from_wh(stock.page.0 * PT, stock.page.1 * PT)
            .expect("a stock's page has a size");
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for (n, label) in page_labels.iter().enumerate() {
            let Some((number, title)) = label else {
                continue;
            };
            let (x, y) = stock.corner(n);
            let layout = Layout::of(stock, number, title, &measure);
            surface.set_fill(Some(krilla::paint::Fill::default()));
            if let Some(path) = qr_path(number, x + layout.qr.0, y + PAD, layout.qr.1) {
                surface.draw_path(&path);
            }
            for line in &layout.lines {
                surface.draw_text(
                    Point::from_xy((x + line.left) * PT, (y + line.baseline) * PT),
                    font.clone(),
                    line.size,
                    &line.text,
                    false,
                    TextDirection::Auto,
                );
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| LabelError::Pdf(format!("{e:?}")))
}

/// How many pages `count` labels take on `stock` after `skip` used places.
pub fn pages(count: usize, stock: &Stock, skip: usize) -> usize {
    (skip % stock.per_page() + count).div_ceil(stock.per_page())
}

/// Where a label's parts go, mm from its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The code's left edge and side (its top is at `PAD`).
    pub qr: (f32, f32),
    pub lines: Vec<TextLine>,
}

/// One line of print under the code.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Font size, pt.
    pub size: f32,
    pub left: f32,
    pub baseline: f32,
    /// The printed width, mm.
    pub width: f32,
}

impl Layout {
    /// The number in bold (at most 16 pt) and the kind's name (at most 9 pt) under the code,
    /// each as large as the label's width allows, centred; the code takes the rest.
    pub fn of(stock: &Stock, number: &str, title: &str, font: &FontRef) -> Layout {
        let (w, h) = stock.label;
        let room = w - 2.0 * PAD;
        let number = fit(font, number, 16.0, room);
        let title = fit(font, title, 9.0, room);
        // A line takes 1.2 em; 1 pt is 1/PT mm.
        let (nh, th) = (number.1 * 1.2 / PT, title.1 * 1.2 / PT);
        let side = (h - 2.0 * PAD - nh - th).min(room);
        let qr = ((w - side) / 2.0, side);
        let under = PAD + side;
        let line = |(text, size, width): (String, f32, f32), baseline| TextLine {
            left: (w - width) / 2.0,
            text,
            size,
            baseline,
            width,
        };
        Layout {
            qr,
            lines: vec![
                line(number, under + nh * 0.85),
                line(title, under + nh + th * 0.85),
            ],
        }
    }
}

/// `text` at the largest size up to `max` pt (down to 5 pt) that fits `room` mm; below that,
/// shortened with "…". Returns the text, its size and its width in mm.
fn fit(font: &FontRef, text: &str, max: f32, room: f32) -> (String, f32, f32) {
    let mut size = max;
    while size > 5.0 && width(font, text, size) > room {
        size -= 0.5;
    }
    let mut kept: Vec<char> = text.chars().collect();
    let mut text = text.to_owned();
    while width(font, &text, size) > room && !kept.is_empty() {
        kept.pop();
        text = format!("{}…", kept.iter().collect::<String>().trim_end());
    }
    let w = width(font, &text, size);
    (text, size, w)
}

/// The width of `text` at `size` pt, in mm.
pub fn width(font: &FontRef, text: &str, size: f32) -> f32 {
    let em = font.units_per_em().unwrap_or(1000.0);
    let units: f32 = text
        .chars()
        .map(|c| font.h_advance_unscaled(font.glyph_id(c)))
        .sum();
    units / em * size / PT
}

/// The QR code of `number` (its ASCII form, `domain::rental::label_code`: a USB scanner types it
/// as key presses, and only ASCII survives every keyboard layout) as one path of squares, `side`
/// mm wide with its top-left corner at (`x`, `y`) mm.
fn qr_path(number: &str, x: f32, y: f32, side: f32) -> Option<krilla::geom::Path> {
    let code = QrCode::new(crate::domain::rental::label_code(number).as_bytes())
        .expect("an inventory number always fits a QR code");
    let n = code.width();
    let module = side / (n + 2 * QUIET) as f32 * PT;
    let (x0, y0) = (
        x * PT + QUIET as f32 * module,
        y * PT + QUIET as f32 * module,
    );
    let mut path = PathBuilder::new();
    for row in 0..n {
        // Runs of dark modules along the row: one rectangle each.
        let mut col = 0;
        while col < n {
            if code[(col, row)] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && code[(col, row)] == Color::Dark {
                col += 1;
            }
            let rect = Rect::from_xywh(
                x0 + start as f32 * module,
                y0 + row as f32 * module,
                (col - start) as f32 * module,
                module,
            )?;
            path.push_rect(rect);
        }
    }
    path.finish()
}

#[cfg(test)]
mod tests;

//! `ladoshka rental labels` as a centre prints them: the PDF is rendered by poppler
//! (`pdftoppm`, Debian's poppler-utils) and every QR code on every page is decoded back (rqrr)
//! to the item's number; the page is the stock's size; the print is the number and the kind's
//! name (`pdftotext`), Tatar letters included; one item alone, and places skipped on a used sheet.

mod common;

use std::path::Path;
use std::process::Command;

use common::{ladoshka, printed as text};
use ladoshka::domain::rental::label_code;
use ladoshka::report::labels::Stock;

fn demo(dir: &Path) -> String {
    let data = dir.join("data");
    assert!(
        ladoshka(dir, &["--data-dir", data.to_str().unwrap(), "demo-data"])
            .status
            .success()
    );
    data.to_str().unwrap().to_owned()
}

fn labels(dir: &Path, data: &str, name: &str, args: &[&str]) -> (std::path::PathBuf, String) {
    let out = dir.join(name);
    let mut all = vec![
        "--data-dir",
        data,
        "rental",
        "labels",
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let run = ladoshka(dir, &all);
    assert!(run.status.success(), "{}", text(&run));
    (out, text(&run))
}

/// The numbers of the demo's items (`rental list`'s first column).
fn numbers(dir: &Path, data: &str) -> Vec<String> {
    let list = ladoshka(dir, &["--data-dir", data, "rental", "list"]);
    let mut all: Vec<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|n| n.contains('-')) // not the closing "19 items."
        .collect();
    all.sort();
    all
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (Debian's poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The pages of `pdf` rendered at 200 dpi, in black and white as a scanner sees the print.
fn rendered(pdf: &Path) -> Vec<image::GrayImage> {
    let prefix = pdf.with_extension("");
    tool(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-gray",
            "-png",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let stem = prefix.file_name().unwrap().to_str().unwrap().to_owned();
    let mut pages: Vec<_> = std::fs::read_dir(pdf.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            name.starts_with(&format!("{stem}-")) && name.ends_with(".png")
        })
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|page| {
            let mut img = image::open(page).unwrap().to_luma8();
            for p in img.pixels_mut() {
                p.0[0] = if p.0[0] < 128 { 0 } else { 255 };
            }
            img
        })
        .collect()
}

/// The code in each label place of each page of `pdf` on `stock`, decoded place by place (a
/// place without a code gives nothing).
fn decoded(pdf: &Path, stock: &Stock) -> Vec<Vec<String>> {
    let px = |mm: f32| (mm * 200.0 / 25.4).round() as u32;
    rendered(pdf)
        .iter()
        .map(|page| {
            (0..stock.per_page())
                .filter_map(|n| {
                    let (x, y) = stock.corner(n);
                    let place = image::imageops::crop_imm(
                        page,
                        px(x),
                        px(y),
                        px(stock.label.0).min(page.width() - px(x)),
                        px(stock.label.1).min(page.height() - px(y)),
                    )
                    .to_image();
                    let mut prepared = rqrr::PreparedImage::prepare(place);
                    let grids = prepared.detect_grids();
                    assert!(grids.len() <= 1, "one code a label");
                    grids.first().map(|g| {
                        g.decode()
                            .unwrap_or_else(|e| {
                                panic!("the code in place {n} does not decode: {e}")
                            })
                            .1
                    })
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_label_decodes_back_to_its_number_on_every_stock() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo(tmp.path());
    let all = numbers(tmp.path(), &data);
    assert_eq!(all.len(), 19, "{all:?}");
    let mut codes: Vec<String> = all.iter().map(|n| label_code(n)).collect();
    codes.sort();
    for (stock, size, per_page) in [
        ("a4-3x7", "595.276 x 841.89 pts (A4)", 21),
        ("a4-3x8", "595.276 x 841.89 pts (A4)", 24),
        ("a4-2x7", "595.276 x 841.89 pts (A4)", 14),
        ("roll-58x40", "164.409 x 113.386 pts", 1),
    ] {
        let (pdf, said) = labels(
            tmp.path(),
            &data,
            &format!("{stock}.pdf"),
            &["--stock", stock],
        );
        let pages = 19usize.div_ceil(per_page);
        assert!(
            said.contains(&format!("19 labels on {pages} page(s)")),
            "{said}"
        );
        let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(
            info.contains(&format!("Page size:       {size}")),
            "{stock}: {info}"
        );
        assert!(
            info.contains(&format!("Pages:           {pages}\n")),
            "{stock}: {info}"
        );
        if stock == "roll-58x40" {
            continue; // 19 pages of one code each: the A4 stocks decode the same codes.
        }
        let found = decoded(&pdf, Stock::named(stock).unwrap());
        assert_eq!(found.len(), pages);
        let mut every: Vec<String> = found.concat();
        every.sort();
        assert_eq!(every, codes, "{stock}: every item's code, each once");
    }
}

#[test]
fn one_lost_label_alone_after_the_used_places_and_in_tatar() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo(tmp.path());
    let all = numbers(tmp.path(), &data);
    let lost = &all[3];
    let (pdf, said) = labels(
        tmp.path(),
        &data,
        "one.pdf",
        &["--item", lost, "--skip", "5", "--lang", "tt"],
    );
    assert!(said.contains("1 labels on 1 page(s)"), "{said}");
    let a4 = Stock::named("a4-3x7").unwrap();
    assert_eq!(decoded(&pdf, a4), vec![vec![label_code(lost)]]);
    // The sixth place of the 3 × 7 sheet: the second row, the third column (200 dpi).
    let png = image::open(tmp.path().join("one-1.png"))
        .unwrap()
        .to_luma8();
    let dots = |x0: f32, y0: f32| {
        let mm = 200.0 / 25.4;
        let (x0, y0) = ((x0 * mm) as u32, (y0 * mm) as u32);
        (y0..y0 + (42.0 * mm) as u32)
            .flat_map(|y| (x0..x0 + (69.0 * mm) as u32).map(move |x| (x, y)))
            .filter(|(x, y)| png.get_pixel(*x, *y).0[0] < 128)
            .count()
    };
    assert!(dots(140.0, 42.8) > 1000, "the label is in the sixth place");
    assert_eq!(dots(0.0, 0.5), 0, "the first place is left blank");
    assert_eq!(dots(70.0, 42.8), 0, "the fifth place is left blank");
    let words = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(words.contains(lost.as_str()), "{words}");

    // Tatar names keep their letters (ә, ө) in the PDF's text.
    let (pdf, _) = labels(tmp.path(), &data, "tt.pdf", &["--lang", "tt"]);
    let words = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(words.contains("Биләү өстәле"), "{words}");

    // An unknown number or stock is refused with what to do.
    let run = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            &data,
            "rental",
            "labels",
            "--item",
            "НЕТ-0000",
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run).contains("no rental item has the number «НЕТ-0000»"),
        "{}",
        text(&run)
    );
    let run = ladoshka(
        tmp.path(),
        &["--data-dir", &data, "rental", "labels", "--stock", "a4-3x6"],
    );
    assert_eq!(run.status.code(), Some(64));
    assert!(
        text(&run).contains("a4-3x7 (A4, 21 labels 70 × 42.3 mm"),
        "{}",
        text(&run)
    );
}

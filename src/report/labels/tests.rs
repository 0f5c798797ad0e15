use super::*;

fn measure() -> FontRef<'static> {
    FontRef::try_from_slice(FONT).unwrap()
}

/// A long Tatar kind name (ә, ө, ү, җ, ң, һ are all in the bundled font).
const LONG_TT: &str = "Балалар өчен җылы һәм җиңел үзгәрүчән коляска";

#[test]
fn every_stock_fits_the_code_and_both_lines_inside_its_label() {
    let font = measure();
    for stock in &STOCKS {
        for (number, title) in [("ХОД-0001", "Ходунки"), ("КОЛ-0123", LONG_TT)] {
            let l = Layout::of(stock, number, title, &font);
            let (w, h) = stock.label;
            assert!(
                l.qr.1 >= 18.0,
                "{}: a code of {} mm scans",
                stock.name,
                l.qr.1
            );
            assert!(l.qr.0 >= PAD - 0.01 && l.qr.0 + l.qr.1 <= w - PAD + 0.01);
            for line in &l.lines {
                assert!(
                    line.width <= w - 2.0 * PAD + 0.01,
                    "{}: «{}»",
                    stock.name,
                    line.text
                );
                assert!(line.left >= PAD - 0.01, "{}", stock.name);
                assert!(line.baseline > PAD + l.qr.1 && line.baseline <= h - PAD + 0.5);
            }
            assert_eq!(l.lines[0].text, number, "the number is never shortened");
        }
    }
}

#[test]
fn a_name_too_long_for_the_smallest_print_is_shortened_with_an_ellipsis() {
    let font = measure();
    let (text, size, width) = fit(&font, &LONG_TT.repeat(3), 9.0, 54.0);
    assert_eq!(size, 5.0);
    assert!(text.ends_with('…') && width <= 54.0, "{text} {width}");
    let (same, size, _) = fit(&font, "Ходунки", 9.0, 54.0);
    assert_eq!((same.as_str(), size), ("Ходунки", 9.0));
}

#[test]
fn one_page_per_sheet_of_labels_and_skipped_places_count() {
    let a4 = Stock::named("a4-3x7").unwrap();
    assert_eq!(pages(21, a4, 0), 1);
    assert_eq!(pages(22, a4, 0), 2);
    assert_eq!(
        pages(2, a4, 20),
        2,
        "20 places used: the second label goes over"
    );
    assert_eq!(
        pages(1, a4, 21),
        1,
        "a whole sheet skipped is no sheet skipped"
    );
    assert_eq!(pages(3, Stock::named("roll-58x40").unwrap(), 0), 3);
    let labels: Vec<Label> = vec![("ХОД-0001".into(), LONG_TT.into())];
    assert!(pdf(&labels, a4, 0).unwrap().starts_with(b"%PDF-"));
}

//! The label stocks a centre buys, by the name it is asked for: each stock's page, label size,
//! grid and where its first label sits, in millimetres as the stationery shop's packet states
//! them. A new stock is one more line in [`STOCKS`].

/// One kind of label paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stock {
    /// The name `--stock` takes.
    pub name: &'static str,
    /// What it is, for `--help` and the error that lists the stocks.
    pub about: &'static str,
    /// The page (one sheet, or one label of a roll), width × height, mm.
    pub page: (f32, f32),
    /// One label, width × height, mm.
    pub label: (f32, f32),
    pub columns: u32,
    pub rows: u32,
    /// The first label's top-left corner from the page's, mm.
    pub first: (f32, f32),
    /// From one label's corner to the next one's, across and down, mm (the label plus any gap).
    pub pitch: (f32, f32),
}

impl Stock {
    /// Labels on one page.
    pub fn per_page(&self) -> usize {
        (self.columns * self.rows) as usize
    }

    /// Where label `n` of a page starts, mm from the page's top-left corner: row by row.
    pub fn corner(&self, n: usize) -> (f32, f32) {
        let (col, row) = (n as u32 % self.columns, n as u32 / self.columns);
        (
            self.first.0 + col as f32 * self.pitch.0,
            self.first.1 + row as f32 * self.pitch.1,
        )
    }

    /// The stock called `name`.
    pub fn named(name: &str) -> Option<&'static Stock> {
        STOCKS.iter().find(|s| s.name == name)
    }
}

/// Every stock the kiosk prints on. The first is the default.
pub const STOCKS: [Stock; 4] = [
    // A4, 3 × 7 labels of 70 × 42.3 mm, edge to edge (the commonest "21 на листе").
    Stock {
        name: "a4-3x7",
        about: "A4, 21 labels 70 × 42.3 mm (3 × 7)",
        page: (210.0, 297.0),
        label: (70.0, 42.3),
        columns: 3,
        rows: 7,
        first: (0.0, 0.45),
        pitch: (70.0, 42.3),
    },
    // A4, 3 × 8 labels of 70 × 37 mm, edge to edge ("24 на листе").
    Stock {
        name: "a4-3x8",
        about: "A4, 24 labels 70 × 37 mm (3 × 8)",
        page: (210.0, 297.0),
        label: (70.0, 37.0),
        columns: 3,
        rows: 8,
        first: (0.0, 0.5),
        pitch: (70.0, 37.0),
    },
    // A4, 2 × 7 labels of 99.1 × 38.1 mm with a 2.5 mm gap between the columns ("14 на
    // листе", the L7163 layout).
    Stock {
        name: "a4-2x7",
        about: "A4, 14 labels 99.1 × 38.1 mm (2 × 7, 2.5 mm between the columns)",
        page: (210.0, 297.0),
        label: (99.1, 38.1),
        columns: 2,
        rows: 7,
        first: (4.65, 15.15),
        pitch: (101.6, 38.1),
    },
    // One label a page for a thermal roll printer, 58 × 40 mm.
    Stock {
        name: "roll-58x40",
        about: "a label printer's roll, one label 58 × 40 mm a page",
        page: (58.0, 40.0),
        label: (58.0, 40.0),
        columns: 1,
        rows: 1,
        first: (0.0, 0.0),
        pitch: (58.0, 40.0),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_of_every_stock_lies_on_its_page_without_overlap() {
        for s in &STOCKS {
            assert!(
                s.pitch.0 >= s.label.0 && s.pitch.1 >= s.label.1,
                "{}",
                s.name
            );
            let (x, y) = s.corner(s.per_page() - 1);
            assert!(
                x >= 0.0 && x + s.label.0 <= s.page.0 + 0.01,
                "{} across",
                s.name
            );
            assert!(
                y >= 0.0 && y + s.label.1 <= s.page.1 + 0.01,
                "{} down",
                s.name
            );
            assert_eq!(Stock::named(s.name), Some(s));
        }
        assert_eq!(STOCKS[0].per_page(), 21);
        assert_eq!(Stock::named("a4-3x8").unwrap().per_page(), 24);
        assert_eq!(
            Stock::named("a4-2x7").unwrap().corner(3),
            (4.65 + 101.6, 15.15 + 38.1)
        );
        assert!(Stock::named("a4-3x6").is_none());
    }
}

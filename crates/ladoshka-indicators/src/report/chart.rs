//! The printable reports' horizontal bar charts, as inline SVG (prints on any printer, needs no
//! script). A label longer than its column is wrapped between words onto more lines, measured
//! with the bundled Noto Sans the chart asks for, so no label is ever clipped at the page's edge.

use ab_glyph::{Font, FontRef};
use maud::{html, Markup};

static FONT: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Regular.ttf");

/// The label column's width, px; the labels end 8 px before the bars.
pub const LABEL_BOX: f64 = 330.0 - 8.0;
/// The labels' size, px.
pub const LABEL_PX: f64 = 13.0;
/// The wrapping leaves this share of the box free, for a printer whose sans font is wider than
/// Noto Sans.
const SLACK: f64 = 0.92;
const LINE: f64 = 16.0;

/// The width of `text` in Noto Sans at `px` pixels.
pub fn width(text: &str, px: f64) -> f64 {
    let font = FontRef::try_from_slice(FONT).expect("the bundled font is a font");
    let em = f64::from(font.units_per_em().unwrap_or(1000.0));
    let units: f64 = text
        .chars()
        .map(|c| f64::from(font.h_advance_unscaled(font.glyph_id(c))))
        .sum();
    units / em * px
}

/// `label` broken between words into lines that fit the label column; a single word longer
/// than the column keeps a line of its own.
pub fn wrap(label: &str) -> Vec<String> {
    let room = LABEL_BOX * SLACK;
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if width(&format!("{line} {word}"), LABEL_PX) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// The chart of `bars` (label, value) titled `title`.
pub fn bar_chart(title: &str, bars: &[(&str, usize)]) -> Markup {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h): (f64, f64, f64) = (LABEL_BOX + 8.0, 300.0, 28.0);
    let mut rows = Vec::new();
    let mut y = 10.0;
    for (label, value) in bars {
        let lines = wrap(label);
        let h = row_h.max(LINE * lines.len() as f64 + 12.0);
        rows.push((lines, *value, y, h));
        y += h;
    }
    html! {
        figure {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" width=(label_w + bar_w + 60.0) height=(y + 20.0) role="img" aria-label=(title) font-family="'Noto Sans', sans-serif" {
                @for (lines, value, top, h) in &rows {
                    @let w = bar_w * *value as f64 / max as f64;
                    @let middle = top + h / 2.0;
                    @let first = middle - LINE * (lines.len() as f64 - 1.0) / 2.0 + 4.5;
                    @for (n, line) in lines.iter().enumerate() {
                        text x=(label_w - 8.0) y=(first + LINE * n as f64) text-anchor="end" font-size=(LABEL_PX) { (line) }
                    }
                    rect x=(label_w) y=(middle - 9.0) width=(w) height="18" fill="#3e7bd6" rx="3" {}
                    text x=(label_w + w + 6.0) y=(middle + 4.5) font-size="13" font-weight="bold" { (value) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::indicators::{kind_label, situation_label, TABLE_ORDER};
    use crate::report::rental::state_label;
    use ladoshka_domain::{ItemState, Language, SessionKind};

    const KINDS: [SessionKind; 4] = [
        SessionKind::IndividualPlayTherapy,
        SessionKind::Group,
        SessionKind::FamilyReconciliation,
        SessionKind::Diagnostic,
    ];
    const STATES: [ItemState; 7] = [
        ItemState::Available,
        ItemState::OnLoan,
        ItemState::AwaitingCleaning,
        ItemState::Cleaning,
        ItemState::InRepair,
        ItemState::Lost,
        ItemState::WrittenOff,
    ];

    /// Every label the charts draw, in every language: no line is wider than its column (the
    /// ПТСР line was clipped at the page's left edge before it was wrapped).
    #[test]
    fn every_label_of_every_chart_fits_its_column_in_every_language() {
        let mut widest = (0.0, String::new());
        for lang in [Language::Ru, Language::Tt, Language::En] {
            let mut labels: Vec<&str> = TABLE_ORDER
                .iter()
                .map(|(_, s)| situation_label(*s, lang))
                .collect();
            labels.extend(KINDS.iter().map(|k| kind_label(*k, lang)));
            labels.extend(STATES.iter().map(|s| state_label(*s, lang)));
            for label in labels {
                let lines = wrap(label);
                assert_eq!(
                    lines.join(" "),
                    label.split_whitespace().collect::<Vec<_>>().join(" ")
                );
                for line in lines {
                    let w = width(&line, LABEL_PX);
                    assert!(
                        w <= LABEL_BOX,
                        "«{line}» is {w:.0} px in a {LABEL_BOX} px column"
                    );
                    if w > widest.0 {
                        widest = (w, line);
                    }
                }
            }
        }
        assert!(
            widest.0 > LABEL_BOX * 0.6,
            "the widest line, «{}», fills the column",
            widest.1
        );
    }

    #[test]
    fn the_ptsd_line_takes_two_lines_and_the_chart_grows_for_it() {
        let ptsd = "посттравматическое расстройство после чрезвычайных ситуаций";
        assert!(width(ptsd, LABEL_PX) > LABEL_BOX, "too long for one line");
        assert_eq!(wrap(ptsd).len(), 2);
        let one = bar_chart("t", &[("утрата родителей", 3)]).into_string();
        let two = bar_chart("t", &[(ptsd, 3)]).into_string();
        assert_eq!(two.matches("text-anchor=\"end\"").count(), 2);
        assert!(
            two.contains(">посттравматическое расстройство после<"),
            "{two}"
        );
        let height = |svg: &str| {
            let at = svg.find(" height=\"").unwrap() + 9;
            svg[at..].split('"').next().unwrap().parse::<f64>().unwrap()
        };
        assert!(height(&two) > height(&one));
    }
}

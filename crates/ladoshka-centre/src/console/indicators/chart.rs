//! A horizontal bar chart as inline SVG that shrinks to a phone's width: a label above each
//! bar (wrapped onto a second line when long), the value after it. Colours come from the
//! stylesheet.

use maud::{html, Markup};

/// The most characters of a label on one line of the chart.
const LINE_CHARS: usize = 44;

/// `label` in lines of at most [`LINE_CHARS`] characters, broken between words.
fn wrap(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= LINE_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The chart of `bars` (label, value) titled `title`.
pub fn bars(title: &str, bars: &[(&str, usize)]) -> Markup {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (width, bar_max, line_h, bar_h) = (360.0, 300.0, 15.0, 14.0);
    let mut rows = Vec::new();
    let mut y = 0.0;
    for (label, value) in bars {
        let lines = wrap(label);
        let bar_y = y + line_h * lines.len() as f64 + 4.0;
        rows.push((lines, *value, y, bar_y));
        y = bar_y + bar_h + 10.0;
    }
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (y) } role="img" aria-label=(title) {
                @for (lines, value, top, bar_y) in &rows {
                    @let w = bar_max * *value as f64 / max as f64;
                    @for (n, line) in lines.iter().enumerate() {
                        text.label x="0" y=(top + line_h * (n + 1) as f64 - 2.0) { (line) }
                    }
                    rect.bar x="0" y=(bar_y) width=(w.max(1.0)) height=(bar_h) rx="3" {}
                    text.value x=(w + 6.0) y=(bar_y + 12.0) { (value) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_labels_are_wrapped_between_words() {
        let lines = super::wrap("посттравматическое расстройство после чрезвычайных ситуаций");
        assert_eq!(
            lines,
            [
                "посттравматическое расстройство после",
                "чрезвычайных ситуаций"
            ]
        );
        assert_eq!(super::wrap("диагностика"), ["диагностика"]);
    }
}

//! A horizontal bar chart as inline SVG that shrinks to a phone's width: a label above each
//! bar, the value after it. Colours come from the stylesheet.

use maud::{html, Markup};

/// The chart of `bars` (label, value) titled `title`.
pub fn bars(title: &str, bars: &[(&str, usize)]) -> Markup {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (width, bar_max, row) = (360.0, 300.0, 38.0);
    let height = row * bars.len() as f64 + 4.0;
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (height) } role="img" aria-label=(title) {
                @for (n, (label, value)) in bars.iter().enumerate() {
                    @let y = row * n as f64;
                    @let w = bar_max * *value as f64 / max as f64;
                    text.label x="0" y=(y + 13.0) { (label) }
                    rect.bar x="0" y=(y + 18.0) width=(w.max(1.0)) height="14" rx="3" {}
                    text.value x=(w + 6.0) y=(y + 30.0) { (value) }
                }
            }
        }
    }
}

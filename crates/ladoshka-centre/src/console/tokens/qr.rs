//! A QR code as inline SVG, drawn from the module matrix `qrcode` computes (`to_colors`,
//! `width`), so no renderer feature of `qrcode` is needed beyond the kiosk's.

use maud::{html, Markup};
use qrcode::{Color, QrCode};

/// The quiet zone around the code, in modules.
const QUIET: usize = 4;

/// `payload` as a scalable SVG QR code, or `None` when it is too long for one.
pub fn svg(payload: &str, label: &str) -> Option<Markup> {
    let code = QrCode::new(payload.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let side = width + 2 * QUIET;
    Some(html! {
        svg.qr xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (side) " " (side) }
            role="img" aria-label=(label) shape-rendering="crispEdges" {
            rect width=(side) height=(side) fill="#fff" {}
            path d=(path) fill="#000" {}
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_svg_has_one_square_per_dark_module() {
        let svg = super::svg("ladoshka-enrol:?token=1", "qr")
            .unwrap()
            .into_string();
        let code = qrcode::QrCode::new(b"ladoshka-enrol:?token=1").unwrap();
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == qrcode::Color::Dark)
            .count();
        assert_eq!(svg.matches("h1v1h-1z").count(), dark);
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
    }
}

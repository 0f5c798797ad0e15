//! A finger signature drawn on the screen: strokes of points scaled to the pad (0…1 on both
//! axes, so the pad's size on a given screen does not matter), the rule for what counts as a
//! signature rather than a stray touch, and the PNG image that is kept with the consent.

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma};

/// The stored image's size in pixels (the pad's aspect ratio is 3:1 on every screen).
pub const IMAGE_WIDTH: u32 = 900;
pub const IMAGE_HEIGHT: u32 = 300;
/// Pen radius in the stored image, in pixels.
const PEN_RADIUS: i32 = 3;

/// A point on the pad, both coordinates from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PadPoint {
    pub x: f32,
    pub y: f32,
}

impl PadPoint {
    /// A touch at (`x`, `y`) on a pad `width` × `height` big; clamped to the pad.
    pub fn on_pad(x: f32, y: f32, width: f32, height: f32) -> Self {
        let scale = |v: f32, size: f32| {
            if size > 0.0 {
                (v / size).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        Self {
            x: scale(x, width),
            y: scale(y, height),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    strokes: Vec<Vec<PadPoint>>,
}

impl Signature {
    /// A finger touched the pad: a new stroke begins.
    pub fn pen_down(&mut self, p: PadPoint) {
        self.strokes.push(vec![p]);
    }

    /// The finger moved while down.
    pub fn pen_move(&mut self, p: PadPoint) {
        match self.strokes.last_mut() {
            Some(stroke) if stroke.last() != Some(&p) => stroke.push(p),
            Some(_) => {}
            None => self.pen_down(p),
        }
    }

    /// One touch event as every signature pad on the screens reports it: phase 0 puts the
    /// finger down at (`x`, `y`) on a pad `w`×`h` large, any other phase moves it there.
    pub fn touch(&mut self, phase: i32, x: f32, y: f32, w: f32, h: f32) {
        let p = PadPoint::on_pad(x, y, w, h);
        if phase == 0 {
            self.pen_down(p);
        } else {
            self.pen_move(p);
        }
    }

    pub fn clear(&mut self) {
        self.strokes.clear();
    }

    pub fn strokes(&self) -> &[Vec<PadPoint>] {
        &self.strokes
    }

    /// A signature, not a tap or a dot: the ink spans at least a fifth of the pad's width and
    /// the pen travelled at least half of it.
    pub fn is_signed(&self) -> bool {
        let points = self.strokes.iter().flatten();
        let (min_x, max_x) = points.fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p.x), hi.max(p.x))
        });
        let travelled: f32 = self
            .strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
            .sum();
        max_x - min_x >= 0.2 && travelled >= 0.5
    }

    /// Path commands for drawing the strokes in a 1000 × 1000 view box.
    pub fn path_commands(&self) -> String {
        let mut out = String::new();
        for stroke in &self.strokes {
            for (i, p) in stroke.iter().enumerate() {
                let verb = if i == 0 { 'M' } else { 'L' };
                out.push_str(&format!("{verb} {:.1} {:.1} ", p.x * 1000.0, p.y * 1000.0));
            }
            if stroke.len() == 1 {
                // A dot: a tiny line so it shows.
                let p = stroke[0];
                out.push_str(&format!("L {:.1} {:.1} ", p.x * 1000.0 + 1.0, p.y * 1000.0));
            }
        }
        out.trim_end().to_owned()
    }

    /// Dark ink on white, as a greyscale PNG of [`IMAGE_WIDTH`] × [`IMAGE_HEIGHT`].
    pub fn to_png(&self) -> Vec<u8> {
        let mut img = GrayImage::from_pixel(IMAGE_WIDTH, IMAGE_HEIGHT, Luma([255]));
        let to_px = |p: PadPoint| {
            (
                p.x * (IMAGE_WIDTH - 1) as f32,
                p.y * (IMAGE_HEIGHT - 1) as f32,
            )
        };
        for stroke in &self.strokes {
            let mut prev = to_px(stroke[0]);
            stamp(&mut img, prev);
            for p in &stroke[1..] {
                let next = to_px(*p);
                let steps =
                    ((next.0 - prev.0).abs().max((next.1 - prev.1).abs()).ceil() as usize).max(1);
                for s in 1..=steps {
                    let t = s as f32 / steps as f32;
                    stamp(
                        &mut img,
                        (
                            prev.0 + (next.0 - prev.0) * t,
                            prev.1 + (next.1 - prev.1) * t,
                        ),
                    );
                }
                prev = next;
            }
        }
        let mut png = Vec::new();
        img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("encoding a PNG into memory cannot fail");
        png
    }
}

/// Inks a round pen tip centred at `at`.
fn stamp(img: &mut GrayImage, at: (f32, f32)) {
    let (cx, cy) = (at.0.round() as i32, at.1.round() as i32);
    for dy in -PEN_RADIUS..=PEN_RADIUS {
        for dx in -PEN_RADIUS..=PEN_RADIUS {
            let (x, y) = (cx + dx, cy + dy);
            if dx * dx + dy * dy <= PEN_RADIUS * PEN_RADIUS
                && x >= 0
                && y >= 0
                && (x as u32) < img.width()
                && (y as u32) < img.height()
            {
                img.put_pixel(x as u32, y as u32, Luma([30]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> PadPoint {
        PadPoint { x, y }
    }

    fn scribble() -> Signature {
        let mut s = Signature::default();
        s.pen_down(p(0.1, 0.5));
        for i in 1..=20 {
            let x = 0.1 + i as f32 * 0.03;
            s.pen_move(p(x, if i % 2 == 0 { 0.3 } else { 0.7 }));
        }
        s
    }

    #[test]
    fn a_tap_or_a_short_line_is_not_a_signature() {
        let mut s = Signature::default();
        assert!(!s.is_signed());
        s.pen_down(p(0.5, 0.5));
        assert!(!s.is_signed());
        s.pen_move(p(0.6, 0.5));
        assert!(!s.is_signed(), "a tenth of the pad");
        assert!(scribble().is_signed());
    }

    #[test]
    fn a_long_flat_line_spanning_the_pad_counts() {
        let mut s = Signature::default();
        s.pen_down(p(0.1, 0.5));
        s.pen_move(p(0.7, 0.5));
        assert!(s.is_signed());
    }

    #[test]
    fn a_touch_in_phase_zero_starts_a_stroke_and_others_extend_it() {
        let mut s = Signature::default();
        s.touch(0, 90.0, 150.0, 900.0, 300.0);
        s.touch(1, 630.0, 150.0, 900.0, 300.0);
        assert!(s.is_signed(), "one stroke from 0.1 to 0.7 across the pad");
        s.touch(0, 450.0, 150.0, 900.0, 300.0);
        assert_eq!(s.strokes.len(), 2);
        assert_eq!(s.strokes[1], [p(0.5, 0.5)]);
    }

    #[test]
    fn touches_are_scaled_and_clamped_to_the_pad() {
        assert_eq!(PadPoint::on_pad(450.0, 150.0, 900.0, 300.0), p(0.5, 0.5));
        assert_eq!(PadPoint::on_pad(-5.0, 400.0, 900.0, 300.0), p(0.0, 1.0));
        assert_eq!(PadPoint::on_pad(5.0, 5.0, 0.0, 0.0), p(0.0, 0.0));
    }

    #[test]
    fn repeated_points_are_dropped_and_a_move_without_down_starts_a_stroke() {
        let mut s = Signature::default();
        s.pen_move(p(0.1, 0.1));
        s.pen_move(p(0.1, 0.1));
        s.pen_move(p(0.2, 0.1));
        assert_eq!(s.strokes(), &[vec![p(0.1, 0.1), p(0.2, 0.1)]]);
        s.clear();
        assert!(s.strokes().is_empty());
    }

    #[test]
    fn path_commands_draw_every_stroke() {
        let mut s = Signature::default();
        s.pen_down(p(0.1, 0.2));
        s.pen_move(p(0.3, 0.4));
        s.pen_down(p(0.5, 0.5));
        assert_eq!(
            s.path_commands(),
            "M 100.0 200.0 L 300.0 400.0 M 500.0 500.0 L 501.0 500.0"
        );
        assert_eq!(Signature::default().path_commands(), "");
    }

    #[test]
    fn the_png_has_ink_where_the_pen_went_and_nowhere_else() {
        let png = scribble().to_png();
        let img = image::load_from_memory_with_format(&png, ImageFormat::Png)
            .unwrap()
            .to_luma8();
        assert_eq!(img.dimensions(), (IMAGE_WIDTH, IMAGE_HEIGHT));
        let inked = img.pixels().filter(|px| px.0[0] < 128).count();
        assert!(inked > 2_000, "{inked} inked pixels");
        assert_eq!(
            img.get_pixel(IMAGE_WIDTH - 5, 5).0[0],
            255,
            "top right stays white"
        );
        assert!(
            img.get_pixel(
                (0.1 * (IMAGE_WIDTH - 1) as f32) as u32,
                (0.5 * (IMAGE_HEIGHT - 1) as f32) as u32
            )
            .0[0]
                < 128
        );
        assert_eq!(
            scribble().to_png(),
            png,
            "the same strokes give the same bytes"
        );
    }
}

//! The drawing canvas's pixels: paints each new piece of a child's line as it comes, hands the
//! picture to the screen, and makes the PNG kept with the drawing.
//!
//! Why pixels and not a Slint `Path`: a path that grows with every finger move is re-parsed and
//! re-tessellated whole on every move, so a long drawing gets slower and slower. Here a segment
//! costs only the pixels of its own bounding box (a thick line with round caps, anti-aliased),
//! however much is already on the paper. Undo, clear and reloading a stored drawing repaint
//! everything with [`Raster::from_drawing`].
//!
//! Handing the pixels to Slint without copying them: `slint::Image::from_rgba8` takes a
//! `SharedPixelBuffer`, which is reference-counted and copied on write. The screen's `Image`
//! holds the buffer it shows until it is given the next one, so painting into that same buffer
//! would copy all of it (8 MB at 1920×1080) on every finger move. Besides, Slint compares
//! images by buffer address, so an image of the same buffer changed in place would not be
//! redrawn. So the raster keeps two buffers: it paints into the one the screen is *not*
//! showing (no copy: nobody else holds it), and [`Raster::image`] hands that one out. The other
//! buffer is brought up to date with the few segments it missed the next time it is painted,
//! so each segment is painted twice, a few thousand pixels each time. If something still holds
//! the buffer being painted, the write copies it: slower but still right, and [`Raster::copies`]
//! counts it. `cargo bench --bench canvas` measures all of this (docs/PERFORMANCE.md): 0.03 ms
//! a segment at 1920×1080, against 2–3 ms for the copy.

use std::mem;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use slint::{Image, Rgba8Pixel, SharedPixelBuffer};

use crate::domain::drawing::{Drawing, Segment, MAX_SIDE, PAPER};

/// Pixels `x..x + width`, `y..y + height`: what one painted segment may have changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl PixelRect {
    pub fn contains(&self, x: u32, y: u32) -> bool {
        (self.x..self.x + self.width).contains(&x) && (self.y..self.y + self.height).contains(&y)
    }
}

/// A segment resolved to pixels: a capsule from `a` to `b` of radius `r`, in one colour.
#[derive(Debug, Clone, Copy)]
struct Dab {
    a: (f32, f32),
    b: (f32, f32),
    r: f32,
    rgb: [u8; 3],
}

/// White paper, `width` × `height` RGBA8 pixels, with what has been drawn on it.
#[derive(Clone)]
pub struct Raster {
    buffers: [SharedPixelBuffer<Rgba8Pixel>; 2],
    /// Segments painted into the other buffer that this one has not had yet.
    behind: [Vec<Dab>; 2],
    /// The buffer [`Raster::image`] last handed out.
    shown: usize,
    /// The other buffer has segments the shown one lacks.
    changed: bool,
    copies: usize,
}

impl Raster {
    /// Blank paper; each side is kept within 1…[`MAX_SIDE`] pixels like a [`Drawing`]'s.
    pub fn new(width: u32, height: u32) -> Self {
        let (width, height) = (width.clamp(1, MAX_SIDE), height.clamp(1, MAX_SIDE));
        Self {
            buffers: [blank(width, height), blank(width, height)],
            behind: [Vec::new(), Vec::new()],
            shown: 0,
            changed: false,
            copies: 0,
        }
    }

    /// The whole drawing painted afresh, stroke by stroke: for undo, clear and a stored drawing.
    /// Costs every segment once; the result is the same pixels as painting them one by one.
    pub fn from_drawing(drawing: &Drawing) -> Self {
        let mut paper = blank(drawing.width(), drawing.height());
        for segment in drawing.segments() {
            paint(&mut paper, &dab(segment, drawing.width()));
        }
        let twin =
            SharedPixelBuffer::clone_from_slice(paper.as_bytes(), paper.width(), paper.height());
        Self {
            buffers: [paper, twin],
            behind: [Vec::new(), Vec::new()],
            shown: 0,
            changed: false,
            copies: 0,
        }
    }

    pub fn width(&self) -> u32 {
        self.buffers[0].width()
    }

    pub fn height(&self) -> u32 {
        self.buffers[0].height()
    }

    /// Paints one segment (from [`Drawing::begin_stroke`] or [`Drawing::extend`]) and says
    /// which pixels it may have changed; `None` when it lies wholly off the paper.
    pub fn draw(&mut self, segment: &Segment) -> Option<PixelRect> {
        let dab = dab(*segment, self.width());
        let work = 1 - self.shown;
        let before = self.buffers[work].as_bytes().as_ptr();
        for missed in mem::take(&mut self.behind[work]) {
            paint(&mut self.buffers[work], &missed);
        }
        let rect = paint(&mut self.buffers[work], &dab);
        if self.buffers[work].as_bytes().as_ptr() != before {
            self.copies += 1;
        }
        if rect.is_some() {
            self.behind[self.shown].push(dab);
            self.changed = true;
        }
        rect
    }

    /// The picture as it is now, for the screen. Cheap: no pixels are copied. Give it to the
    /// screen before the next [`Raster::draw`], dropping the image shown before, or the next
    /// draw has to copy a buffer (see the module's notes).
    pub fn image(&mut self) -> Image {
        if self.changed {
            self.shown = 1 - self.shown;
            self.changed = false;
        }
        Image::from_rgba8(self.buffers[self.shown].clone())
    }

    /// The picture as it is now, as RGBA8 bytes, row by row.
    pub fn rgba(&self) -> &[u8] {
        self.buffers[self.current()].as_bytes()
    }

    /// How many times a draw found its buffer still held elsewhere and had to copy it whole.
    pub fn copies(&self) -> usize {
        self.copies
    }

    /// The picture as a PNG (RGB, no alpha: the paper is opaque) to store with the strokes.
    pub fn to_png(&self) -> Vec<u8> {
        let rgb: Vec<u8> = self
            .rgba()
            .chunks_exact(4)
            .flat_map(|px| [px[0], px[1], px[2]])
            .collect();
        let mut png = Vec::new();
        PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
            .write_image(&rgb, self.width(), self.height(), ExtendedColorType::Rgb8)
            .expect("a PNG of at most 8192×8192 pixels encodes into memory without fail");
        png
    }

    fn current(&self) -> usize {
        if self.changed {
            1 - self.shown
        } else {
            self.shown
        }
    }
}

fn blank(width: u32, height: u32) -> SharedPixelBuffer<Rgba8Pixel> {
    let mut buffer = SharedPixelBuffer::new(width.clamp(1, MAX_SIDE), height.clamp(1, MAX_SIDE));
    let [r, g, b] = PAPER;
    buffer.make_mut_slice().fill(Rgba8Pixel { r, g, b, a: 255 });
    buffer
}

fn dab(s: Segment, sheet_width: u32) -> Dab {
    Dab {
        a: (s.from.x, s.from.y),
        b: (s.to.x, s.to.y),
        r: s.thickness.width_px(sheet_width) / 2.0,
        rgb: s.tool.rgb(),
    }
}

/// Paints the capsule with an anti-aliased edge one pixel wide, touching only its bounding box.
fn paint(buffer: &mut SharedPixelBuffer<Rgba8Pixel>, d: &Dab) -> Option<PixelRect> {
    let (w, h) = (buffer.width() as f32, buffer.height() as f32);
    let reach = d.r + 1.0;
    let x0 = (d.a.0.min(d.b.0) - reach).floor().max(0.0);
    let y0 = (d.a.1.min(d.b.1) - reach).floor().max(0.0);
    let x1 = (d.a.0.max(d.b.0) + reach).ceil().min(w);
    let y1 = (d.a.1.max(d.b.1) + reach).ceil().min(h);
    let numbers = [d.a.0, d.a.1, d.b.0, d.b.1, d.r]
        .iter()
        .all(|v| v.is_finite());
    if !(numbers && x0 < x1 && y0 < y1) {
        return None; // off the paper, or not a number
    }
    let rect = PixelRect {
        x: x0 as u32,
        y: y0 as u32,
        width: (x1 - x0) as u32,
        height: (y1 - y0) as u32,
    };
    let stride = buffer.width() as usize;
    let pixels = buffer.make_mut_slice();
    let (dx, dy) = (d.b.0 - d.a.0, d.b.1 - d.a.1);
    let len2 = dx * dx + dy * dy;
    let outer2 = (d.r + 0.5) * (d.r + 0.5);
    let inner2 = if d.r > 0.5 {
        (d.r - 0.5) * (d.r - 0.5)
    } else {
        -1.0
    };
    let [r, g, b] = d.rgb;
    for y in rect.y..rect.y + rect.height {
        let py = y as f32 + 0.5 - d.a.1;
        let row = &mut pixels[y as usize * stride..][..stride];
        for x in rect.x..rect.x + rect.width {
            let px = x as f32 + 0.5 - d.a.0;
            // Distance² from the pixel's centre to the nearest point of the segment.
            let t = if len2 > 0.0 {
                ((px * dx + py * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (ex, ey) = (px - t * dx, py - t * dy);
            let dist2 = ex * ex + ey * ey;
            if dist2 >= outer2 {
                continue;
            }
            let dst = &mut row[x as usize];
            if dist2 <= inner2 {
                *dst = Rgba8Pixel { r, g, b, a: 255 };
            } else {
                let cover = ((d.r + 0.5 - dist2.sqrt()).clamp(0.0, 1.0) * 256.0) as u32;
                let mix = |src: u8, old: u8| {
                    ((u32::from(src) * cover + u32::from(old) * (256 - cover) + 128) >> 8) as u8
                };
                *dst = Rgba8Pixel {
                    r: mix(r, dst.r),
                    g: mix(g, dst.g),
                    b: mix(b, dst.b),
                    a: 255,
                };
            }
        }
    }
    Some(rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::drawing::{Colour, Point, Thickness, Tool};

    const PEN: Tool = Tool::Pen(Colour::DarkBlue);

    fn p(x: f32, y: f32) -> Point {
        Point::new(x, y)
    }

    fn at(raster: &Raster, x: u32, y: u32) -> [u8; 4] {
        let i = (y * raster.width() + x) as usize * 4;
        raster.rgba()[i..i + 4].try_into().unwrap()
    }

    fn white(raster: &Raster) -> bool {
        raster.rgba().iter().all(|&c| c == 255)
    }

    /// A few strokes of every kind: colours, thicknesses, a dot, the eraser, one off the edge.
    fn sample() -> Drawing {
        let mut d = Drawing::new(400, 300);
        let mut rng = fastrand::Rng::with_seed(7);
        for (i, colour) in Colour::ALL.into_iter().enumerate() {
            let thickness = Thickness::ALL[i % 3];
            d.begin_stroke(
                Tool::Pen(colour),
                thickness,
                p(rng.f32() * 400.0, rng.f32() * 300.0),
            );
            for _ in 0..20 {
                d.extend(p(rng.f32() * 400.0, rng.f32() * 300.0));
            }
            d.end_stroke();
        }
        d.begin_stroke(Tool::Eraser, Thickness::Thick, p(10.0, 150.0));
        d.extend(p(390.0, 150.0));
        d.begin_stroke(Tool::Pen(Colour::Yellow), Thickness::Thick, p(200.0, 20.0));
        d.begin_stroke(Tool::Pen(Colour::Black), Thickness::Medium, p(380.0, 290.0));
        d.extend(p(450.0, 350.0));
        d.end_stroke();
        d
    }

    /// Draws `d` again as a finger would, painting what each touch returns, as the screen does.
    fn paint_one_by_one(d: &Drawing) -> Raster {
        let mut raster = Raster::new(d.width(), d.height());
        let mut again = Drawing::new(d.width(), d.height());
        for (i, stroke) in d.strokes().iter().enumerate() {
            raster.draw(
                &again
                    .begin_stroke(stroke.tool, stroke.thickness, stroke.points[0])
                    .unwrap(),
            );
            for (j, &point) in stroke.points[1..].iter().enumerate() {
                raster.draw(&again.extend(point).unwrap());
                if (i + j) % 3 == 0 {
                    drop(raster.image()); // now and then, as frames come
                }
            }
            again.end_stroke();
        }
        assert_eq!(again.strokes(), d.strokes());
        raster
    }

    #[test]
    fn new_paper_is_white_and_opaque() {
        let mut raster = Raster::new(64, 32);
        assert_eq!((raster.width(), raster.height()), (64, 32));
        assert!(white(&raster));
        let image = raster.image();
        assert_eq!((image.size().width, image.size().height), (64, 32));
        assert_eq!(Raster::new(0, 0).rgba().len(), 4, "never an empty buffer");
    }

    #[test]
    fn a_segment_changes_pixels_only_inside_its_bounding_box() {
        let mut raster = Raster::new(200, 100);
        let mut d = Drawing::new(200, 100);
        d.begin_stroke(PEN, Thickness::Medium, p(50.0, 40.0));
        let segment = d.extend(p(120.0, 60.0)).unwrap();
        let rect = raster.draw(&segment).unwrap();
        // The capsule's box: the ends ± half of 2 px (medium on 200 px) ± the one-pixel edge.
        assert_eq!(
            rect,
            PixelRect {
                x: 48,
                y: 38,
                width: 74,
                height: 24
            }
        );
        let mut inked = 0;
        for y in 0..100 {
            for x in 0..200 {
                if at(&raster, x, y) != [255; 4] {
                    assert!(rect.contains(x, y), "({x}, {y}) changed outside {rect:?}");
                    inked += 1;
                }
            }
        }
        assert!(inked > 70, "{inked} pixels inked");
        assert_eq!(
            at(&raster, 85, 50),
            [0x1f, 0x3a, 0x93, 255],
            "the middle of the line is the pen's colour"
        );
    }

    #[test]
    fn the_line_is_round_capped_and_anti_aliased() {
        let mut raster = Raster::new(1000, 100);
        let mut d = Drawing::new(1000, 100);
        d.begin_stroke(Tool::Pen(Colour::Black), Thickness::Thick, p(300.0, 50.3)); // 24 px wide
        raster.draw(&d.extend(p(700.0, 50.3)).unwrap());
        assert_eq!(
            at(&raster, 500, 61),
            [0x14, 0x14, 0x14, 255],
            "11.2 px from the middle: inside"
        );
        let edge = at(&raster, 500, 62);
        assert!(
            edge[0] > 0x14 && edge[0] < 255,
            "12.2 px: the edge pixel is blended: {edge:?}"
        );
        assert_eq!(at(&raster, 500, 63), [255; 4], "13.2 px: outside");
        assert_eq!(
            at(&raster, 290, 50),
            [0x14, 0x14, 0x14, 255],
            "the cap covers beyond the end point"
        );
        assert_eq!(at(&raster, 289, 39), [255; 4], "but is round, not square");
    }

    #[test]
    fn a_dot_is_painted() {
        let mut raster = Raster::new(1000, 100);
        let mut d = Drawing::new(1000, 100);
        let dot = d
            .begin_stroke(
                Tool::Pen(Colour::OrangeRed),
                Thickness::Thick,
                p(500.0, 50.0),
            )
            .unwrap();
        let rect = raster.draw(&dot).unwrap();
        assert_eq!(at(&raster, 500, 50), [0xe8, 0x4a, 0x2c, 255]);
        assert_eq!(
            at(&raster, 510, 50),
            [0xe8, 0x4a, 0x2c, 255],
            "24 px across"
        );
        assert_eq!(at(&raster, 515, 50), [255; 4]);
        assert!(rect.width <= 27 && rect.height <= 27, "{rect:?}");
    }

    #[test]
    fn the_eraser_restores_white() {
        let mut raster = Raster::new(120, 60);
        let mut d = Drawing::new(120, 60);
        for (tool, thickness) in [(PEN, Thickness::Medium), (Tool::Eraser, Thickness::Thick)] {
            let dot = d.begin_stroke(tool, thickness, p(20.0, 30.0)).unwrap();
            let line = d.extend(p(100.0, 30.0)).unwrap();
            raster.draw(&dot);
            raster.draw(&line);
            assert_eq!(white(&raster), tool == Tool::Eraser);
            raster.image();
        }
        assert!(white(&raster), "the thick eraser covers the medium line");
        assert_eq!(raster.copies(), 0);
    }

    #[test]
    fn off_the_paper_paints_nothing() {
        let mut raster = Raster::new(50, 50);
        let mut d = Drawing::new(50, 50);
        d.begin_stroke(PEN, Thickness::Thick, p(-100.0, -100.0));
        assert_eq!(raster.draw(&d.extend(p(-60.0, -100.0)).unwrap()), None);
        assert!(white(&raster));
        let nan = Segment {
            tool: PEN,
            thickness: Thickness::Thin,
            from: p(f32::NAN, 1.0),
            to: p(1.0, 1.0),
        };
        assert_eq!(raster.draw(&nan), None);
    }

    #[test]
    fn from_drawing_equals_painting_segment_by_segment() {
        let d = sample();
        let whole = Raster::from_drawing(&d);
        let incremental = paint_one_by_one(&d);
        assert!(!white(&whole));
        assert!(
            whole.rgba() == incremental.rgba(),
            "the same pixels either way"
        );
        // And whichever buffer the screen got last, it has everything.
        let mut incremental = incremental;
        let image = incremental.image();
        let shown = image.to_rgba8().unwrap();
        assert!(shown.as_bytes() == whole.rgba());
    }

    #[test]
    fn undo_repaints_without_the_last_stroke() {
        let mut d = sample();
        let before_last = {
            let mut shorter = d.clone();
            shorter.undo();
            paint_one_by_one(&shorter)
        };
        d.undo();
        assert!(Raster::from_drawing(&d).rgba() == before_last.rgba());
        d.clear();
        assert!(white(&Raster::from_drawing(&d)));
    }

    #[test]
    fn each_image_shows_every_segment_so_far_and_is_a_new_image() {
        let mut raster = Raster::new(100, 100);
        let mut d = Drawing::new(100, 100);
        let mut screen = raster.image();
        raster.draw(
            &d.begin_stroke(PEN, Thickness::Thick, p(10.0, 10.0))
                .unwrap(),
        );
        for i in 1..10 {
            let s = d
                .extend(p(10.0 + 8.0 * i as f32, 10.0 + 8.0 * i as f32))
                .unwrap();
            raster.draw(&s);
            let next = raster.image();
            assert!(
                next != screen,
                "Slint compares images by buffer: a same one would not be redrawn"
            );
            screen = next; // the screen drops the old image
            assert!(
                screen.to_rgba8().unwrap().as_bytes() == Raster::from_drawing(&d).rgba(),
                "after segment {i}"
            );
        }
        assert!(raster.image() == screen, "nothing new, the same image");
        assert_eq!(
            raster.copies(),
            0,
            "no buffer was copied while the screen held only its image"
        );
    }

    #[test]
    fn a_held_image_is_copied_not_changed() {
        let mut raster = Raster::new(100, 100);
        let mut d = Drawing::new(100, 100);
        let first = raster.image();
        raster.draw(
            &d.begin_stroke(PEN, Thickness::Thick, p(50.0, 50.0))
                .unwrap(),
        );
        let second = raster.image();
        raster.draw(
            &d.begin_stroke(PEN, Thickness::Thick, p(20.0, 20.0))
                .unwrap(),
        );
        assert_eq!(
            raster.copies(),
            1,
            "both buffers were held, so the draw copied one"
        );
        assert!(
            first
                .to_rgba8()
                .unwrap()
                .as_bytes()
                .iter()
                .all(|&c| c == 255),
            "the held image did not change"
        );
        let second = second.to_rgba8().unwrap();
        let i = (20 * 100 + 20) * 4;
        assert_eq!(second.as_bytes()[i], 255, "nor did the other one");
    }

    #[test]
    fn png_decodes_to_the_same_picture() {
        let raster = Raster::from_drawing(&sample());
        let png = raster.to_png();
        let decoded = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .to_rgba8();
        assert_eq!(decoded.dimensions(), (400, 300));
        assert!(decoded.as_raw() == raster.rgba());
    }

    #[test]
    fn the_widget_palette_shows_the_colours_the_raster_paints() {
        let widget = include_str!("../../ui/widgets/drawing_canvas.slint");
        let palette = widget
            .split("palette: [")
            .nth(1)
            .and_then(|s| s.split(']').next())
            .expect("the widget has a palette");
        let shown: Vec<String> = palette
            .split(',')
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        let painted: Vec<String> = Colour::ALL
            .iter()
            .map(|c| format!("#{:02x}{:02x}{:02x}", c.rgb()[0], c.rgb()[1], c.rgb()[2]))
            .collect();
        assert_eq!(shown, painted);
    }
}

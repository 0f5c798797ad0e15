//! The drawing canvas at 1920×1080: the cost of one more segment of a child's line, including
//! the fresh `slint::Image` the screen is given, on blank paper and with 5,000 segments already
//! drawn (it must not grow with the drawing); p50, p99 and the worst of the timed runs.
//!
//! Also, for the reading in docs/PERFORMANCE.md: what painting into the buffer the screen still
//! holds would cost (Slint's copy on write of the whole buffer), repainting the whole drawing
//! (undo, clear, reload) and encoding the PNG that is stored.
//!
//! `cargo bench --bench canvas` runs the full measurement. Under `cargo test` it runs a small
//! version (200 earlier segments, 20 timed runs) to prove it works.

#[path = "support/timing.rs"]
mod timing;
use timing::time;

use std::time::Instant;

use ladoshka::domain::drawing::{Colour, Drawing, Point, Thickness, Tool};
use ladoshka::platform::canvas::Raster;
use slint::{Image, Rgba8Pixel, SharedPixelBuffer};

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

/// A finger wandering over the paper in steps of 5–25 px, as touch events arrive.
fn wander(rng: &mut fastrand::Rng, at: Point) -> Point {
    let (angle, step) = (rng.f32() * std::f32::consts::TAU, 5.0 + rng.f32() * 20.0);
    let clamp = |v: f32, side: u32| v.clamp(0.0, side as f32);
    Point::new(
        clamp(at.x + angle.cos() * step, WIDTH),
        clamp(at.y + angle.sin() * step, HEIGHT),
    )
}

/// Random-ish strokes (every colour and thickness, one in ten with the eraser) up to `segments`.
fn scribbles(segments: usize, rng: &mut fastrand::Rng) -> Drawing {
    let mut d = Drawing::new(WIDTH, HEIGHT);
    while d.segment_count() < segments {
        let tool = if rng.u8(0..10) == 0 {
            Tool::Eraser
        } else {
            Tool::Pen(Colour::ALL[rng.usize(0..8)])
        };
        let mut at = Point::new(rng.f32() * WIDTH as f32, rng.f32() * HEIGHT as f32);
        d.begin_stroke(tool, Thickness::ALL[rng.usize(0..3)], at);
        for _ in 0..rng.usize(10..80) {
            if d.segment_count() >= segments {
                break;
            }
            at = wander(rng, at);
            d.extend(at);
        }
        d.end_stroke();
    }
    d
}

/// One more segment of a thick line (the biggest box to paint) and the image for the screen,
/// which drops the one it showed, as `set_paper(raster.image())` does.
fn time_segments(
    mut drawing: Drawing,
    runs: usize,
    rng: &mut fastrand::Rng,
) -> ((f64, f64, f64), usize, Raster) {
    let mut raster = Raster::from_drawing(&drawing);
    let mut screen: Image = raster.image();
    let earlier = drawing.segment_count();
    let mut at = Point::new(WIDTH as f32 / 2.0, HEIGHT as f32 / 2.0);
    drawing.begin_stroke(Tool::Pen(Colour::OrangeRed), Thickness::Thick, at);
    let figures = time(runs, || {
        let segment = loop {
            at = wander(rng, at);
            if let Some(s) = drawing.extend(at) {
                break s;
            }
        };
        raster.draw(&segment);
        screen = raster.image();
    });
    assert!(screen.size().width == WIDTH);
    (figures, earlier, raster)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (earlier, runs) = if full { (5_000, 1_000) } else { (200, 20) };
    let mut rng = fastrand::Rng::with_seed(2026);

    let (blank, _, blank_raster) = time_segments(Drawing::new(WIDTH, HEIGHT), runs, &mut rng);
    let setup = Instant::now();
    let drawing = scribbles(earlier, &mut rng);
    let (busy, had, busy_raster) = time_segments(drawing.clone(), runs, &mut rng);
    eprintln!(
        "set-up: {had} segments in {} strokes, painted in {:.2} s",
        drawing.strokes().len(),
        setup.elapsed().as_secs_f64()
    );
    let copies = blank_raster.copies() + busy_raster.copies();

    // What one buffer shared with the screen would cost: Slint copies it whole on write.
    let mut shared = SharedPixelBuffer::<Rgba8Pixel>::new(WIDTH, HEIGHT);
    let mut held = Image::from_rgba8(shared.clone());
    let naive = time(runs.min(200), || {
        shared.make_mut_slice()[0].r ^= 1;
        held = Image::from_rgba8(shared.clone());
    });
    let repaint = time(runs.min(20), || {
        let _ = Raster::from_drawing(&drawing);
    });
    let mut png_bytes = 0;
    let png = time(runs.min(10), || png_bytes = busy_raster.to_png().len());

    println!(
        "one segment, blank paper: p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms (goal: under 4 ms)",
        blank.0, blank.1, blank.2
    );
    println!("one segment, {had} segments already drawn: p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms (goal: under 4 ms)", busy.0, busy.1, busy.2);
    println!("(each: a thick segment painted, the image for the screen made, the old one dropped; {runs} timed runs; whole-buffer copies: {copies})");
    println!("for comparison, one buffer shared with the screen (copy on write of {WIDTH}×{HEIGHT}): p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms", naive.0, naive.1, naive.2);
    println!("repaint of the whole drawing ({had} segments; undo, clear, reload): p50 {:.3} ms, p99 {:.3} ms, worst {:.3} ms", repaint.0, repaint.1, repaint.2);
    println!(
        "PNG of the drawing ({} KB): p50 {:.3} ms, worst {:.3} ms",
        png_bytes / 1024,
        png.0,
        png.2
    );
    assert_eq!(
        copies, 0,
        "a draw copied a whole buffer: the screen's image was still held"
    );
}

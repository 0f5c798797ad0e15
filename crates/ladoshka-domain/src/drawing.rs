//! A child's free-hand drawing for art-therapy diagnostics, as strokes rather than pixels.
//!
//! The psychologist reads how a child draws, not only the result: which of the eight Lüscher
//! colours came first, what was drawn over or rubbed out. So the drawing is kept as the strokes
//! the finger made (stored as JSON beside the PNG the platform layer renders), and the rules a
//! child meets at the canvas live here: tools, thicknesses, undo, clear. No pixels, no I/O.
//!
//! Coordinates are canvas pixels: a drawing is `width` × `height` pixels, the size of the paper
//! on the screen it was made on. Pen sizes are relative to the sheet's width (see
//! [`Thickness`]), so a drawing looks the same re-rendered at another size.

use serde::{Deserialize, Serialize};

/// The biggest side of a drawing, in pixels: more than any kiosk screen, small enough that a
/// corrupt row cannot ask for gigabytes.
pub const MAX_SIDE: u32 = 8192;

/// A finger move shorter than this (in canvas pixels) adds no point: it would add nothing to
/// the picture but bytes.
const MIN_STEP: f32 = 1.0;

/// The eight colours of the Lüscher test, in its numbering; the palette shows them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Colour {
    Grey,
    DarkBlue,
    BlueGreen,
    OrangeRed,
    Yellow,
    Violet,
    Brown,
    Black,
}

impl Colour {
    pub const ALL: [Colour; 8] = [
        Self::Grey,
        Self::DarkBlue,
        Self::BlueGreen,
        Self::OrangeRed,
        Self::Yellow,
        Self::Violet,
        Self::Brown,
        Self::Black,
    ];

    /// The colour's number in the Lüscher test (0 grey … 7 black).
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// sRGB. The widget's palette (`ui/widgets/drawing_canvas.slint`) shows the same values.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Self::Grey => [0x8c, 0x8c, 0x8c],
            Self::DarkBlue => [0x1f, 0x3a, 0x93],
            Self::BlueGreen => [0x13, 0x80, 0x6b],
            Self::OrangeRed => [0xe8, 0x4a, 0x2c],
            Self::Yellow => [0xf7, 0xcf, 0x1d],
            Self::Violet => [0x8e, 0x3f, 0xa8],
            Self::Brown => [0x8a, 0x5a, 0x2b],
            Self::Black => [0x14, 0x14, 0x14],
        }
    }
}

/// The paper: what the eraser paints.
pub const PAPER: [u8; 3] = [0xff, 0xff, 0xff];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    Pen(Colour),
    /// Paints the paper colour back, at the chosen thickness.
    Eraser,
}

impl Tool {
    /// The sRGB the tool leaves on the paper.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Self::Pen(c) => c.rgb(),
            Self::Eraser => PAPER,
        }
    }
}

/// How wide the line is: a share of the sheet's width, so 1000 units are the whole width.
/// Thin is 4 units (7.7 px on a 1920 px sheet), medium 10 (19 px), thick 24 (46 px): the
/// thick one is about a child's fingertip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Thickness {
    Thin,
    Medium,
    Thick,
}

impl Thickness {
    pub const ALL: [Thickness; 3] = [Self::Thin, Self::Medium, Self::Thick];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// Thousandths of the sheet's width.
    pub fn units(self) -> u32 {
        match self {
            Self::Thin => 4,
            Self::Medium => 10,
            Self::Thick => 24,
        }
    }

    /// The line's width in pixels on a sheet `sheet_width` pixels wide (never under one pixel).
    pub fn width_px(self, sheet_width: u32) -> f32 {
        (self.units() as f32 * sheet_width as f32 / 1000.0).max(1.0)
    }
}

/// A point in canvas pixels; (0, 0) is the top-left corner of the paper. Stored as `[x, y]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f32; 2]", into = "[f32; 2]")]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }

    /// Tenths of a pixel are enough and keep the JSON short ("123.4", not "123.41279").
    fn rounded(self) -> Self {
        Self::new(
            (self.x * 10.0).round() / 10.0,
            (self.y * 10.0).round() / 10.0,
        )
    }

    fn distance(self, other: Point) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

impl From<[f32; 2]> for Point {
    fn from([x, y]: [f32; 2]) -> Self {
        Self { x, y }
    }
}

impl From<Point> for [f32; 2] {
    fn from(p: Point) -> Self {
        [p.x, p.y]
    }
}

/// One finger-down-to-finger-up line. A stroke of one point is a dot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub tool: Tool,
    pub thickness: Thickness,
    pub points: Vec<Point>,
}

impl Stroke {
    /// The pieces to paint, in order: the dot where the finger came down (painted at once, so
    /// a repaint must paint it too for the same pixels), then one per pair of neighbouring points.
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        let dot = self.points.first().map(|&p| self.segment(p, p));
        dot.into_iter()
            .chain(self.points.windows(2).map(|w| self.segment(w[0], w[1])))
    }

    fn segment(&self, from: Point, to: Point) -> Segment {
        Segment {
            tool: self.tool,
            thickness: self.thickness,
            from,
            to,
        }
    }
}

/// The piece of line the last touch added: what the canvas paints right away. `from == to`
/// is a dot (the stroke's first touch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub tool: Tool,
    pub thickness: Thickness,
    pub from: Point,
    pub to: Point,
}

/// A sheet of paper and the strokes on it, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    width: u32,
    height: u32,
    strokes: Vec<Stroke>,
    /// The last stroke is still under the finger.
    #[serde(skip)]
    live: bool,
    /// What each clear took away, so undo can bring it back: a child who taps the bin by
    /// mistake must not lose a drawing. Kept for this sitting only, never stored.
    #[serde(skip)]
    cleared: Vec<Vec<Stroke>>,
}

impl Drawing {
    /// Blank paper; each side is kept within 1…[`MAX_SIDE`] pixels.
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width: width.clamp(1, MAX_SIDE),
            height: height.clamp(1, MAX_SIDE),
            strokes: Vec::new(),
            live: false,
            cleared: Vec::new(),
        }
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn strokes(&self) -> &[Stroke] {
        &self.strokes
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    /// A touch at (`x`, `y`) on paper shown `shown_width` × `shown_height` big (in any unit),
    /// in this drawing's pixels. Not clamped: a line that runs off the edge is cut by the paper.
    pub fn point_at(&self, x: f32, y: f32, shown_width: f32, shown_height: f32) -> Point {
        let scale = |v: f32, shown: f32, side: u32| {
            if shown > 0.0 {
                v * side as f32 / shown
            } else {
                0.0
            }
        };
        Point::new(
            scale(x, shown_width, self.width),
            scale(y, shown_height, self.height),
        )
    }

    /// The finger touched the paper: a new stroke, and its first dot to paint. A stroke still
    /// open is ended first. `None` for a point that is not a number.
    pub fn begin_stroke(&mut self, tool: Tool, thickness: Thickness, at: Point) -> Option<Segment> {
        self.end_stroke();
        if !at.is_finite() {
            return None;
        }
        let at = at.rounded();
        self.strokes.push(Stroke {
            tool,
            thickness,
            points: vec![at],
        });
        self.live = true;
        Some(Segment {
            tool,
            thickness,
            from: at,
            to: at,
        })
    }

    /// The finger moved: the new piece of line to paint, or `None` when there is nothing new
    /// (no stroke under the finger, a move under a pixel, a point that is not a number).
    pub fn extend(&mut self, to: Point) -> Option<Segment> {
        if !self.live || !to.is_finite() {
            return None;
        }
        let stroke = self.strokes.last_mut()?;
        let from = *stroke.points.last()?;
        let to = to.rounded();
        if from.distance(to) < MIN_STEP {
            return None;
        }
        stroke.points.push(to);
        Some(Segment {
            tool: stroke.tool,
            thickness: stroke.thickness,
            from,
            to,
        })
    }

    /// The finger left the paper.
    pub fn end_stroke(&mut self) {
        self.live = false;
    }

    /// Takes back the last thing done: the last stroke, or a clear (the strokes come back).
    /// `false` when there is nothing to take back. The canvas is re-rendered after it.
    pub fn undo(&mut self) -> bool {
        self.end_stroke();
        if self.strokes.pop().is_some() {
            return true;
        }
        match self.cleared.pop() {
            Some(strokes) => {
                self.strokes = strokes;
                true
            }
            None => false,
        }
    }

    /// Blank paper again; undo brings the strokes back. Clearing blank paper does nothing.
    pub fn clear(&mut self) {
        self.end_stroke();
        if !self.strokes.is_empty() {
            self.cleared.push(std::mem::take(&mut self.strokes));
        }
    }

    /// How many pieces the canvas paints to render the drawing: each stroke's first dot and
    /// one per finger move, so one per point.
    pub fn segment_count(&self) -> usize {
        self.strokes.iter().map(|s| s.points.len()).sum()
    }

    /// Every piece to paint, oldest first: rendering these in order gives the picture.
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        self.strokes.iter().flat_map(Stroke::segments)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEN: Tool = Tool::Pen(Colour::DarkBlue);

    fn p(x: f32, y: f32) -> Point {
        Point::new(x, y)
    }

    /// A drawing with `n` two-point strokes.
    fn with_strokes(n: usize) -> Drawing {
        let mut d = Drawing::new(1000, 500);
        for i in 0..n {
            d.begin_stroke(PEN, Thickness::Medium, p(10.0 * i as f32, 10.0));
            d.extend(p(10.0 * i as f32, 100.0));
            d.end_stroke();
        }
        d
    }

    #[test]
    fn colours_are_the_eight_luscher_colours_in_order_and_distinct() {
        for (i, c) in Colour::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(Colour::from_index(i), Some(*c));
        }
        assert_eq!(Colour::from_index(8), None);
        assert_eq!(Colour::from_index(0), Some(Colour::Grey));
        assert_eq!(Colour::from_index(7), Some(Colour::Black));
        // Clearly distinct: every pair differs by at least 60 in some channel, none is the paper.
        for a in Colour::ALL {
            assert_ne!(a.rgb(), PAPER);
            for b in Colour::ALL.into_iter().filter(|b| *b != a) {
                let far = a
                    .rgb()
                    .iter()
                    .zip(b.rgb())
                    .map(|(x, y)| x.abs_diff(y))
                    .max()
                    .unwrap();
                assert!(far >= 60, "{a:?} and {b:?} look alike");
            }
        }
    }

    #[test]
    fn thickness_is_relative_to_the_sheet_and_grows() {
        assert_eq!(Thickness::from_index(2), Some(Thickness::Thick));
        assert_eq!(Thickness::from_index(3), None);
        assert_eq!(Thickness::Medium.width_px(1000), 10.0);
        assert_eq!(Thickness::Medium.width_px(2000), 20.0);
        assert!(Thickness::Thin.width_px(1920) < Thickness::Medium.width_px(1920));
        assert!(Thickness::Medium.width_px(1920) < Thickness::Thick.width_px(1920));
        assert_eq!(
            Thickness::Thin.width_px(10),
            1.0,
            "never thinner than a pixel"
        );
    }

    #[test]
    fn eraser_paints_the_paper() {
        assert_eq!(Tool::Eraser.rgb(), PAPER);
        assert_eq!(Tool::Pen(Colour::Yellow).rgb(), Colour::Yellow.rgb());
    }

    #[test]
    fn a_stroke_of_one_point_is_a_dot() {
        let mut d = Drawing::new(100, 100);
        let dot = d
            .begin_stroke(PEN, Thickness::Thick, p(20.0, 30.0))
            .unwrap();
        assert_eq!(dot.from, dot.to);
        assert_eq!(dot.to, p(20.0, 30.0));
        d.end_stroke();
        assert_eq!(d.segment_count(), 1);
        assert_eq!(d.segments().collect::<Vec<_>>(), vec![dot]);
    }

    #[test]
    fn extend_returns_the_new_piece_of_line() {
        let mut d = Drawing::new(100, 100);
        d.begin_stroke(Tool::Eraser, Thickness::Thin, p(1.0, 1.0));
        let s = d.extend(p(5.0, 1.0)).unwrap();
        assert_eq!(
            (s.from, s.to, s.tool, s.thickness),
            (p(1.0, 1.0), p(5.0, 1.0), Tool::Eraser, Thickness::Thin)
        );
        let s = d.extend(p(5.0, 9.0)).unwrap();
        assert_eq!((s.from, s.to), (p(5.0, 1.0), p(5.0, 9.0)));
        assert_eq!(
            d.strokes()[0].points,
            vec![p(1.0, 1.0), p(5.0, 1.0), p(5.0, 9.0)]
        );
        assert_eq!(d.segment_count(), 3, "the first dot and two pieces");
        let painted: Vec<_> = d.segments().map(|s| (s.from, s.to)).collect();
        assert_eq!(
            painted,
            [
                (p(1.0, 1.0), p(1.0, 1.0)),
                (p(1.0, 1.0), p(5.0, 1.0)),
                (p(5.0, 1.0), p(5.0, 9.0))
            ]
        );
    }

    #[test]
    fn extend_without_a_finger_down_or_with_nothing_new_adds_nothing() {
        let mut d = Drawing::new(100, 100);
        assert_eq!(d.extend(p(5.0, 5.0)), None, "no stroke yet");
        d.begin_stroke(PEN, Thickness::Thin, p(5.0, 5.0));
        assert_eq!(d.extend(p(5.0, 5.0)), None, "the same point");
        assert_eq!(d.extend(p(5.4, 5.4)), None, "under a pixel");
        assert_eq!(d.extend(p(f32::NAN, 5.0)), None);
        d.end_stroke();
        assert_eq!(d.extend(p(50.0, 50.0)), None, "the finger is up");
        assert_eq!(d.strokes()[0].points, vec![p(5.0, 5.0)]);
        assert_eq!(
            d.begin_stroke(PEN, Thickness::Thin, p(f32::INFINITY, 0.0)),
            None
        );
        assert_eq!(d.strokes().len(), 1);
    }

    #[test]
    fn points_keep_tenths_of_a_pixel() {
        let mut d = Drawing::new(100, 100);
        let s = d
            .begin_stroke(PEN, Thickness::Thin, p(1.234, 5.678))
            .unwrap();
        assert_eq!(s.to, p(1.2, 5.7));
        assert_eq!(d.strokes()[0].points[0], p(1.2, 5.7));
    }

    #[test]
    fn a_new_touch_ends_the_open_stroke() {
        let mut d = Drawing::new(100, 100);
        d.begin_stroke(PEN, Thickness::Thin, p(1.0, 1.0));
        d.begin_stroke(Tool::Pen(Colour::Yellow), Thickness::Thick, p(50.0, 50.0));
        let s = d.extend(p(60.0, 50.0)).unwrap();
        assert_eq!(s.tool, Tool::Pen(Colour::Yellow));
        assert_eq!(d.strokes().len(), 2);
        assert_eq!(d.strokes()[0].points.len(), 1);
    }

    #[test]
    fn undo_takes_back_the_last_stroke_and_nothing_on_empty_paper() {
        let mut d = Drawing::new(100, 100);
        assert!(!d.undo(), "nothing to undo");
        let mut d = with_strokes(3);
        assert!(d.undo());
        assert_eq!(d.strokes().len(), 2);
        assert_eq!(d.strokes()[1].points[0].x, 10.0, "the last one went");
        assert!(d.undo() && d.undo());
        assert!(d.is_empty());
        assert!(!d.undo());
    }

    #[test]
    fn undo_during_a_stroke_removes_it_and_stops_it() {
        let mut d = with_strokes(1);
        d.begin_stroke(PEN, Thickness::Thin, p(1.0, 1.0));
        d.extend(p(9.0, 9.0));
        assert!(d.undo());
        assert_eq!(d.strokes().len(), 1);
        assert_eq!(
            d.extend(p(20.0, 20.0)),
            None,
            "the finger has to touch again"
        );
    }

    #[test]
    fn clear_empties_the_paper_and_undo_brings_it_back() {
        let mut d = with_strokes(2);
        d.clear();
        assert!(d.is_empty());
        assert_eq!(d.segment_count(), 0);
        assert!(d.undo());
        assert_eq!(d.strokes(), with_strokes(2).strokes());
    }

    #[test]
    fn undo_after_clear_and_new_strokes_goes_back_step_by_step() {
        let mut d = with_strokes(2);
        d.clear();
        d.begin_stroke(Tool::Pen(Colour::Violet), Thickness::Thin, p(5.0, 5.0));
        d.end_stroke();
        d.clear();
        assert!(d.is_empty());
        assert!(d.undo(), "the second clear");
        assert_eq!(d.strokes().len(), 1);
        assert_eq!(d.strokes()[0].tool, Tool::Pen(Colour::Violet));
        assert!(d.undo(), "the violet dot");
        assert!(d.is_empty());
        assert!(d.undo(), "the first clear");
        assert_eq!(d.strokes().len(), 2);
        assert!(d.undo() && d.undo());
        assert!(!d.undo());
    }

    #[test]
    fn clearing_blank_paper_leaves_nothing_to_undo() {
        let mut d = Drawing::new(100, 100);
        d.clear();
        d.clear();
        assert!(!d.undo());
    }

    #[test]
    fn segment_count_counts_pieces_and_dots() {
        let mut d = with_strokes(4);
        assert_eq!(d.segment_count(), 8, "four dots and four pieces");
        d.begin_stroke(PEN, Thickness::Thin, p(0.0, 0.0));
        assert_eq!(d.segment_count(), 9, "a new dot");
        for i in 1..=10 {
            d.extend(p(i as f32 * 3.0, 0.0));
        }
        assert_eq!(d.segment_count(), 19, "and ten pieces");
        assert_eq!(d.segments().count(), d.segment_count());
    }

    #[test]
    fn touches_are_scaled_to_the_drawing() {
        let d = Drawing::new(1920, 1080);
        assert_eq!(d.point_at(480.0, 270.0, 960.0, 540.0), p(960.0, 540.0));
        assert_eq!(
            d.point_at(-10.0, 600.0, 960.0, 540.0),
            p(-20.0, 1200.0),
            "off the paper is not clamped"
        );
        assert_eq!(d.point_at(5.0, 5.0, 0.0, 0.0), p(0.0, 0.0));
    }

    #[test]
    fn size_is_kept_within_bounds() {
        let d = Drawing::new(0, 100_000);
        assert_eq!((d.width(), d.height()), (1, MAX_SIDE));
    }

    #[test]
    fn json_round_trip_keeps_the_strokes_and_is_compact() {
        let mut d = with_strokes(2);
        d.begin_stroke(Tool::Eraser, Thickness::Thick, p(1.25, 2.0));
        d.end_stroke();
        let json = serde_json::to_string(&d).unwrap();
        assert!(
            json.contains(r#""points":[[0.0,10.0],[0.0,100.0]]"#),
            "{json}"
        );
        assert!(json.contains(r#""tool":{"pen":"dark-blue"}"#), "{json}");
        assert!(
            json.contains(r#""tool":"eraser","thickness":"thick""#),
            "{json}"
        );
        let back: Drawing = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert_eq!((back.width(), back.height()), (1000, 500));
    }

    #[test]
    fn a_reloaded_drawing_takes_no_moves_until_touched_again() {
        let mut d = with_strokes(1);
        d.begin_stroke(PEN, Thickness::Thin, p(1.0, 1.0));
        let mut back: Drawing = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back.extend(p(50.0, 50.0)), None);
        assert!(back.undo());
        assert_eq!(back.strokes().len(), 1);
    }
}

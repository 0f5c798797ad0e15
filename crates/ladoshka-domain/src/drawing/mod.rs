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
mod tests;

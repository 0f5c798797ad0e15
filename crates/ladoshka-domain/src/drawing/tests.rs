//! Unit tests of `drawing`.

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

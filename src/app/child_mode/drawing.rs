//! Adapter of the drawing canvas in child mode: finger strokes become segments painted into a
//! pixel buffer one at a time (the cost of a segment does not grow with the drawing), undo and
//! clear repaint from the strokes, and every finished stroke is saved with the administration
//! (strokes and PNG, inside the encrypted database), so a drawing is never lost half-way.

use std::rc::Rc;

use slint::{ComponentHandle, Image};

use super::ChildModeState;
use crate::app::navigator::{Adapter, Route};
use crate::app::{AppWindow, ChildModeAdapter, Kiosk};
use crate::domain::drawing::{Colour, Drawing, Thickness, Tool};
use crate::domain::instrument::Answer;
use crate::platform::canvas::Raster;

/// The drawing being made, and its pixels.
#[derive(Default)]
pub(crate) struct DrawingState {
    drawing: Option<Drawing>,
    raster: Option<Raster>,
    item: String,
}

/// The canvas inside child mode: opened by child mode itself, never by a route.
pub(crate) struct Canvas {
    state: std::cell::RefCell<DrawingState>,
}

impl Adapter for Canvas {
    fn answers(&self, _: &Route) -> bool {
        false
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, _: &AppWindow) {
        clear(kiosk);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let a = ui.global::<ChildModeAdapter>();
    let k = kiosk.clone();
    a.on_stroke_began(move |x, y, w, h, colour, thickness, eraser| {
        k.idle.touched();
        let tool = if eraser {
            Tool::Eraser
        } else {
            Tool::Pen(Colour::from_index(colour as usize).unwrap_or(Colour::Black))
        };
        let thickness = Thickness::from_index(thickness as usize).unwrap_or(Thickness::Medium);
        paint(
            &k,
            |d| {
                let at = d.point_at(x, y, w, h);
                d.begin_stroke(tool, thickness, at)
            },
            (w, h),
        );
    });
    let k = kiosk.clone();
    a.on_stroke_moved(move |x, y, w, h| {
        paint(
            &k,
            |d| {
                let at = d.point_at(x, y, w, h);
                d.extend(at)
            },
            (w, h),
        );
    });
    let k = kiosk.clone();
    a.on_stroke_ended(move || {
        let ended = {
            let mut st = k.state_of::<DrawingState>();
            match st.drawing.as_mut() {
                Some(d) => {
                    d.end_stroke();
                    true
                }
                None => false,
            }
        };
        if ended {
            save(&k, false);
        }
    });
    let k = kiosk.clone();
    a.on_undo(move || {
        k.idle.touched();
        repaint(&k, |d| {
            d.undo();
        });
        save(&k, false);
    });
    let k = kiosk.clone();
    a.on_clear_drawing(move || {
        k.idle.touched();
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ChildModeAdapter>().set_asking_clear(true);
            crate::app::voice::say(&k, "drawing-clear");
        }
    });
    let k = kiosk.clone();
    a.on_clear_answered(move |wipe| {
        k.idle.touched();
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ChildModeAdapter>().set_asking_clear(false);
        }
        if wipe {
            repaint(&k, Drawing::clear);
            save(&k, false);
        }
    });
    let k = kiosk.clone();
    a.on_drawing_done(move || {
        k.idle.touched();
        save(&k, true);
    });
    Rc::new(Canvas {
        state: Default::default(),
    })
}

/// Starts the drawing of the question showing, from its saved strokes when it was begun before.
pub fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let (administration, item) = {
        let st = kiosk.view_of::<ChildModeState>();
        let cm = &*st;
        let item = cm
            .instrument
            .as_ref()
            .and_then(|i| i.items.get(cm.item))
            .map(|i| i.id.clone())
            .unwrap_or_default();
        (cm.administration, item)
    };
    *kiosk.state_of::<DrawingState>() = DrawingState {
        item: item.clone(),
        ..Default::default()
    };
    let a = ui.global::<ChildModeAdapter>();
    a.set_paper(Image::default());
    a.set_has_ink(false);
    kiosk.ask(
        move |s| s.drawing(administration, &item),
        |k, ui, r| match r {
            Ok(Some(stored)) => match serde_json::from_str::<Drawing>(&stored.strokes) {
                Ok(d) => {
                    let mut raster = Raster::from_drawing(&d);
                    let a = ui.global::<ChildModeAdapter>();
                    a.set_paper(raster.image());
                    a.set_has_ink(!d.is_empty());
                    let mut st = k.state_of::<DrawingState>();
                    st.drawing = Some(d);
                    st.raster = Some(raster);
                }
                Err(e) => {
                    tracing::error!("a saved drawing cannot be read, starting a new one: {e}")
                }
            },
            Ok(None) => {}
            Err(e) => tracing::error!("cannot read the saved drawing: {e}"),
        },
    );
}

/// Forgets the drawing (its strokes are saved already).
pub fn clear(kiosk: &Kiosk) {
    *kiosk.state_of::<DrawingState>() = DrawingState::default();
    if let Some(ui) = kiosk.ui.upgrade() {
        ui.global::<ChildModeAdapter>().set_asking_clear(false);
    }
}

/// Applies one change that yields a segment, and paints just that segment.
fn paint(
    kiosk: &Rc<Kiosk>,
    change: impl FnOnce(&mut Drawing) -> Option<crate::domain::drawing::Segment>,
    shown: (f32, f32),
) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let image = {
        let mut st = kiosk.state_of::<DrawingState>();
        let ds = &mut *st;
        if ds.drawing.is_none() {
            // The paper's own size, in logical pixels, the first time the finger touches it.
            let (w, h) = (
                (shown.0.round() as u32).max(1),
                (shown.1.round() as u32).max(1),
            );
            ds.drawing = Some(Drawing::new(w, h));
            ds.raster = Some(Raster::new(w, h));
        }
        let (Some(d), Some(r)) = (ds.drawing.as_mut(), ds.raster.as_mut()) else {
            return;
        };
        let Some(segment) = change(d) else { return };
        r.draw(&segment);
        r.image()
    };
    let a = ui.global::<ChildModeAdapter>();
    a.set_paper(image);
    a.set_has_ink(true);
}

/// Applies a change that needs the whole picture repainted (undo, clear).
fn repaint(kiosk: &Rc<Kiosk>, change: impl FnOnce(&mut Drawing)) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (image, ink) = {
        let mut st = kiosk.state_of::<DrawingState>();
        let ds = &mut *st;
        let Some(d) = ds.drawing.as_mut() else { return };
        change(d);
        let mut r = Raster::from_drawing(d);
        let image = r.image();
        ds.raster = Some(r);
        (image, !d.is_empty())
    };
    let a = ui.global::<ChildModeAdapter>();
    a.set_paper(image);
    a.set_has_ink(ink);
}

/// Saves the strokes and the picture; with `done`, answers the question with this drawing.
fn save(kiosk: &Rc<Kiosk>, done: bool) {
    let (administration, item, drawing) = {
        let st = kiosk.view_of::<ChildModeState>();
        let me = kiosk.view_of::<DrawingState>();
        (st.administration, me.item.clone(), me.drawing.clone())
    };
    let drawing = drawing.unwrap_or_else(|| Drawing::new(800, 600));
    let strokes = serde_json::to_string(&drawing).expect("a drawing always serialises");
    kiosk.ask(
        move |s| {
            // Painted afresh from the strokes here, on the store's thread, not the UI's.
            let png = Raster::from_drawing(&drawing).to_png();
            s.write(|w| {
                w.save_drawing(
                    administration,
                    &item,
                    drawing.width(),
                    drawing.height(),
                    &png,
                    &strokes,
                )
            })
        },
        move |k, _, r| match r {
            Ok(id) if done => {
                clear(k);
                super::answer(k, Answer::Drawing(id));
            }
            Ok(_) => {}
            Err(e) => tracing::error!("the drawing was not saved: {e}"),
        },
    );
}

//! Headless UI test of a drawing instrument (Slint testing backend), asserting the records:
//! the child draws on the canvas (strokes, undo), every stroke is saved, "I've finished" keeps
//! the picture as a PNG with its strokes; the psychologist's PIN opens the coding beside the
//! drawing; ticking signs and saving scores the symptom complexes; all of it goes to the outbox.

mod common;

use common::ui::{pump_until, shows, sign_in, tap, type_pin};
use ladoshka::app::{AppWindow, ChildModeAdapter, DiagnosticsAdapter, Navigation, Screen};
use ladoshka::domain::instrument::Answer;
use ladoshka::domain::ChildId;
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::SATURDAY_NIGHT;

fn screen(ui: &AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

#[test]
fn a_family_drawing_is_drawn_saved_coded_and_scored() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let (ui, store) = (&k.ui, k.store.clone());
    sign_in(ui, "Сафина А. С.", "1111");
    tap(ui, "Diagnostics");
    let d = ui.global::<DiagnosticsAdapter>();
    pump_until("the children", || d.get_children().row_count() > 1);
    let child = d.get_children().row_data(1).unwrap();
    let child_id = ChildId(i64::from(child.id));
    tap(ui, &child.name);
    pump_until("the instruments", || d.get_instruments().row_count() > 0);

    d.invoke_give("family-drawing".into());
    pump_until("the canvas", || {
        screen(ui) == Screen::ChildMode && ui.global::<ChildModeAdapter>().get_kind() == "drawing"
    });
    let cm = ui.global::<ChildModeAdapter>();
    assert!(!cm.get_has_ink(), "nothing to finish before the first line");
    // «Clear» asks first: «no» keeps every line; only «yes» rubs them out.
    cm.invoke_stroke_began(100.0, 100.0, 600.0, 400.0, 0, 1, false);
    cm.invoke_stroke_moved(200.0, 200.0, 600.0, 400.0);
    cm.invoke_stroke_ended();
    assert!(cm.get_has_ink());
    tap(ui, "Clear");
    assert!(cm.get_asking_clear(), "«Clear» asks before it wipes");
    assert!(shows(ui, "Rub out the whole drawing?"));
    assert!(cm.get_has_ink(), "nothing is wiped by the tap alone");
    tap(ui, "No, keep drawing");
    assert!(!cm.get_asking_clear());
    assert!(cm.get_has_ink(), "«no» keeps the drawing");
    tap(ui, "Clear");
    tap(ui, "Yes, rub it all out");
    assert!(!cm.get_asking_clear());
    assert!(!cm.get_has_ink(), "«yes» rubs it all out");
    // Two strokes on a 600×400 paper: a line in dark blue, then a thick one in orange-red.
    cm.invoke_stroke_began(50.0, 50.0, 600.0, 400.0, 1, 1, false);
    for k in 1..=20 {
        cm.invoke_stroke_moved(50.0 + 10.0 * k as f32, 50.0 + 5.0 * k as f32, 600.0, 400.0);
    }
    cm.invoke_stroke_ended();
    cm.invoke_stroke_began(300.0, 300.0, 600.0, 400.0, 3, 2, false);
    cm.invoke_stroke_moved(400.0, 320.0, 600.0, 400.0);
    cm.invoke_stroke_ended();
    assert!(cm.get_has_ink());
    assert!(cm.get_paper().size().width > 0);
    // Undo takes the second stroke away; every stroke is saved as it ends.
    cm.invoke_undo();
    let adm = store
        .call(move |s| {
            s.partial_administration(child_id, "family-drawing")
                .unwrap()
        })
        .unwrap();
    pump_until("the strokes saved", || {
        store
            .call(move |s| s.drawing(adm.id, "drawing").unwrap())
            .is_some_and(|d| {
                serde_json::from_str::<serde_json::Value>(&d.strokes).unwrap()["strokes"]
                    .as_array()
                    .is_some_and(|a| a.len() == 1)
            })
    });
    tap(ui, "I've finished");
    pump_until("thanks", || cm.get_kind() == "thanks");
    assert!(!shows(ui, "Rub out the whole drawing?"));
    let stored = store
        .call(move |s| s.drawing(adm.id, "drawing").unwrap())
        .unwrap();
    assert_eq!((stored.width, stored.height), (600, 400));
    let png = image::load_from_memory(&stored.png).unwrap().to_rgb8();
    assert_eq!(png.dimensions(), (600, 400));
    assert_ne!(
        png.get_pixel(150, 100).0,
        [255, 255, 255],
        "the line is in the picture"
    );
    assert_eq!(
        png.get_pixel(350, 310).0,
        [255, 255, 255],
        "the undone stroke is not"
    );
    // The child's part is done; the psychologist's checklist is not: it waits for coding.
    let waiting = store
        .call(move |s| s.administration(adm.id).unwrap())
        .unwrap();
    assert!(waiting.finished_at.is_none());
    assert!(
        matches!(waiting.answers.get("drawing"), Some(Answer::Drawing(id)) if *id == stored.id)
    );

    tap(ui, "Leave (for the grown-up)");
    type_pin(ui, "1111");
    pump_until("the coding", || {
        d.get_open_result() == adm.id as i32 && d.get_coding().row_count() > 0
    });
    pump_until("the drawing beside it", || d.get_has_drawing());
    // Tick two anxiety signs (0.1 + 0.2 = 0.3) and save: the result is scored and kept.
    // (The signs are pressed through the adapter: the testing backend does not reach into this
    // screen's scrolled result panel.)
    let ticked = |id: &str| {
        (0..d.get_coding().row_count())
            .map(|i| d.get_coding().row_data(i).unwrap())
            .find(|c| c.sign == id)
            .unwrap()
            .ticked
    };
    d.invoke_tick("signs".into(), "shading".into(), true);
    d.invoke_tick("signs".into(), "erasures".into(), true);
    d.invoke_tick("signs".into(), "heavy_or_broken_lines".into(), true);
    d.invoke_tick("signs".into(), "heavy_or_broken_lines".into(), false);
    assert!(ticked("shading") && ticked("erasures") && !ticked("heavy_or_broken_lines"));
    d.invoke_save_coding();
    pump_until("scored", || {
        store
            .call(move |s| s.administration(adm.id).unwrap())
            .unwrap()
            .finished_at
            .is_some()
    });
    let done = store
        .call(move |s| s.administration(adm.id).unwrap())
        .unwrap();
    let outcome: serde_json::Value =
        serde_json::from_str(done.outcome.as_deref().unwrap()).unwrap();
    assert_eq!(outcome["scales"]["anxiety"], 0.3);
    assert_eq!(outcome["scales"]["hostility"], 0.0);
    assert!(matches!(done.answers.get("signs"), Some(Answer::Checklist(t)) if t.len() == 2));
    let pending = store.call(|s| s.unsent_outbox(10_000).unwrap());
    assert!(
        pending
            .iter()
            .any(|r| r.entity == "drawing" && r.entity_id == stored.id),
        "the drawing goes to the outbox"
    );
}

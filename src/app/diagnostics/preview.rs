//! Believable contents for the diagnostics and child-mode screenshots (`ladoshka screenshot`),
//! made from the built-in instruments and a drawing made of strokes, with nothing read from a
//! database.

use chrono::NaiveDate;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::app::{
    AppWindow, ChildModeAdapter, DiagnosticsAdapter, DxChild, DxHistoryRow, DxInstrument, DxPoint,
};
use crate::domain::drawing::{Colour, Drawing, Point, Thickness, Tool};
use crate::domain::instrument::{self, texts_in, Answer, Answers};
use crate::domain::Language;
use crate::platform::canvas::Raster;
use crate::platform::instrument_files::Catalogue;

fn children(ui: &AppWindow, today: NaiveDate) {
    let demo = crate::demo::generate(today);
    let rows: Vec<DxChild> = demo
        .families
        .iter()
        .flat_map(|f| f.children.iter())
        .take(12)
        .enumerate()
        .map(|(i, c)| DxChild {
            id: i as i32 + 1,
            avatar: c.avatar.key().into(),
            name: format!("{} {}", c.first_name, c.surname).into(),
            chosen: i == 2,
        })
        .collect();
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_children(ModelRc::new(VecModel::from(rows)));
    a.set_child_chosen(true);
}

fn luscher_answers(first: [u8; 8], second: [u8; 8]) -> Answers {
    let mut a = Answers::default();
    a.set(
        "colours",
        Answer::Rankings(vec![first.to_vec(), second.to_vec()]),
    );
    a
}

/// A child of 9 with four results and eight moods.
pub fn diagnostics(ui: &AppWindow, today: NaiveDate, lang: Language) {
    children(ui, today);
    let c = Catalogue::built_in();
    let a = ui.global::<DiagnosticsAdapter>();
    let rows: Vec<DxInstrument> = c
        .instruments
        .iter()
        .filter(|i| i.has_child_part())
        .map(|i| DxInstrument {
            id: i.id.as_str().into(),
            title: i.title_in(lang).into(),
            minutes: i.minutes as i32,
            fits_age: i.fits_age(9),
            partial: i32::from(i.id == "ladder-shchur") * 7,
        })
        .collect();
    a.set_instruments(ModelRc::new(VecModel::from(rows)));
    let luscher = c.get("luscher-8").unwrap();
    let day = |d: i64| lang.short_date(today - chrono::Duration::days(d));
    let history = vec![
        DxHistoryRow {
            id: 7,
            date: day(0).into(),
            title: c.get("ladder-shchur").unwrap().title_in(lang).into(),
            state: "partial".into(),
            summary: SharedString::new(),
        },
        DxHistoryRow {
            id: 6,
            date: day(2).into(),
            title: c.get("family-drawing").unwrap().title_in(lang).into(),
            state: "coding".into(),
            summary: SharedString::new(),
        },
        DxHistoryRow {
            id: 5,
            date: day(9).into(),
            title: luscher.title_in(lang).into(),
            state: "finished".into(),
            summary: super::summary(
                luscher,
                &luscher_answers([3, 4, 2, 5, 1, 6, 0, 7], [3, 2, 4, 5, 1, 0, 6, 7]),
            )
            .into(),
        },
        DxHistoryRow {
            id: 4,
            date: day(30).into(),
            title: luscher.title_in(lang).into(),
            state: "finished".into(),
            summary: super::summary(
                luscher,
                &luscher_answers([6, 0, 5, 1, 3, 7, 2, 4], [0, 6, 7, 5, 1, 3, 2, 4]),
            )
            .into(),
        },
    ];
    a.set_history(ModelRc::new(VecModel::from(history)));
    let moods = [2.0, 2.0, 3.0, 2.0, 3.0, 4.0, 3.0, 4.0];
    let points: Vec<DxPoint> = moods
        .iter()
        .enumerate()
        .map(|(i, m)| DxPoint {
            label: (today - chrono::Duration::days(7 * (7 - i as i64)))
                .format("%d.%m")
                .to_string()
                .into(),
            value: *m,
        })
        .collect();
    a.set_mood(ModelRc::new(VecModel::from(points)));
    let at =
        |days_ago| super::super::clock::at_local(today - chrono::Duration::days(days_ago), 10, 0);
    a.set_mood_off_scale(ModelRc::new(VecModel::from(super::moods::off_scale_rows(
        &[
            (at(21), crate::domain::Mood::Scared),
            (at(7), crate::domain::Mood::Scared),
            (at(14), crate::domain::Mood::Unsaid),
        ],
    ))));
    a.set_open_result(0);
}

/// A family drawing, drawn and partly coded, beside its checklist; earlier results as history.
pub fn result(ui: &AppWindow, today: NaiveDate, lang: Language) {
    children(ui, today);
    let c = Catalogue::built_in();
    let i = c.get("family-drawing").unwrap();
    let signs = |ids: &[&str]| Answer::Checklist(ids.iter().map(|s| s.to_string()).collect());
    let checklist = i
        .psychologist_items()
        .find(|x| matches!(x.kind, instrument::ItemKind::Checklist { .. }))
        .unwrap();
    let ids: Vec<String> = match &checklist.kind {
        instrument::ItemKind::Checklist { signs } => signs.iter().map(|s| s.id.clone()).collect(),
        _ => Vec::new(),
    };
    let pick = |n: &[usize]| {
        n.iter()
            .filter_map(|k| ids.get(*k).map(String::as_str))
            .collect::<Vec<_>>()
    };
    let mut answers = Answers::default();
    let drawing_item = i
        .items
        .iter()
        .find(|x| matches!(x.kind, instrument::ItemKind::Drawing))
        .unwrap();
    answers.set(&drawing_item.id, Answer::Drawing(1));
    answers.set(&checklist.id, signs(&pick(&[0, 2, 5, 9])));
    let mut coding = Answers::default();
    coding.set(&checklist.id, signs(&pick(&[0, 2, 5, 9])));
    let earlier_answers = [pick(&[1, 3, 4, 6, 9, 12]), pick(&[1, 4, 6, 12])];
    let earlier: Vec<_> = earlier_answers
        .iter()
        .filter_map(|t| {
            let mut a = Answers::default();
            a.set(&drawing_item.id, Answer::Drawing(1));
            a.set(&checklist.id, signs(t));
            for q in i
                .psychologist_items()
                .filter(|x| matches!(x.kind, instrument::ItemKind::Text))
            {
                a.set(&q.id, Answer::Text("—".into()));
            }
            instrument::score(i, &a).ok()
        })
        .collect();
    for q in i
        .psychologist_items()
        .filter(|x| matches!(x.kind, instrument::ItemKind::Text))
    {
        answers.set(&q.id, Answer::Text("—".into()));
    }
    super::fill_scores(ui, i, &answers, &earlier, lang);
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_coding(ModelRc::new(VecModel::from(super::coding_rows(
        i, &coding, lang,
    ))));
    a.set_open_result(6);
    a.set_result_title(format!("{} · {}", i.title_in(lang), lang.short_date(today)).into());
    let mut raster = Raster::from_drawing(&family_drawing(900, 640));
    a.set_drawing(raster.image());
    a.set_has_drawing(true);
}

/// Two of the eight colour cards already chosen.
pub fn child_mode(ui: &AppWindow, lang: Language) {
    let c = Catalogue::built_in();
    let i = c.get("luscher-8").unwrap();
    let a = ui.global::<ChildModeAdapter>();
    a.set_kind("colours".into());
    a.set_prompt(texts_in(&i.items[0].prompt, lang).into());
    a.set_colours_left(ModelRc::new(VecModel::from(vec![2, 5, 1, 6, 0, 7])));
    a.set_round(1);
    a.set_rounds(2);
    a.set_progress(0.0);
    a.set_unlocking(false);
}

/// The canvas with a family drawing on it.
pub fn child_mode_drawing(ui: &AppWindow, lang: Language) {
    let c = Catalogue::built_in();
    let i = c.get("family-drawing").unwrap();
    let item = i
        .items
        .iter()
        .find(|x| matches!(x.kind, instrument::ItemKind::Drawing))
        .unwrap();
    let a = ui.global::<ChildModeAdapter>();
    a.set_kind("drawing".into());
    a.set_prompt(texts_in(&item.prompt, lang).into());
    a.set_progress(0.0);
    a.set_has_ink(true);
    let mut raster = Raster::from_drawing(&family_drawing(1400, 700));
    a.set_paper(raster.image());
}

/// A child's drawing of a family by a house under the sun, made of strokes as a finger would.
pub fn family_drawing(w: u32, h: u32) -> Drawing {
    let mut d = Drawing::new(w, h);
    let (fw, fh) = (w as f32, h as f32);
    let p = |x: f32, y: f32| Point::new(x * fw, y * fh);
    let stroke = |d: &mut Drawing, colour: Colour, thickness: Thickness, pts: &[(f32, f32)]| {
        d.begin_stroke(Tool::Pen(colour), thickness, p(pts[0].0, pts[0].1));
        for &(x, y) in &pts[1..] {
            d.extend(p(x, y));
        }
        d.end_stroke();
    };
    // The ground.
    stroke(
        &mut d,
        Colour::BlueGreen,
        Thickness::Thick,
        &[(0.02, 0.9), (0.3, 0.88), (0.6, 0.91), (0.98, 0.89)],
    );
    // The sun, a ring of short strokes around it.
    let ring: Vec<(f32, f32)> = (0..=24)
        .map(|k| {
            let t = k as f32 / 24.0 * std::f32::consts::TAU;
            (0.85 + 0.06 * t.cos() * fh / fw, 0.16 + 0.06 * t.sin())
        })
        .collect();
    stroke(&mut d, Colour::Yellow, Thickness::Thick, &ring);
    for k in 0..8 {
        let t = k as f32 / 8.0 * std::f32::consts::TAU;
        let (c, s) = (t.cos() * fh / fw, t.sin());
        stroke(
            &mut d,
            Colour::Yellow,
            Thickness::Medium,
            &[
                (0.85 + 0.08 * c, 0.16 + 0.08 * s),
                (0.85 + 0.12 * c, 0.16 + 0.12 * s),
            ],
        );
    }
    // The house with its roof, door and window.
    stroke(
        &mut d,
        Colour::Brown,
        Thickness::Medium,
        &[(0.08, 0.88), (0.08, 0.5), (0.34, 0.5), (0.34, 0.88)],
    );
    stroke(
        &mut d,
        Colour::OrangeRed,
        Thickness::Thick,
        &[(0.05, 0.52), (0.21, 0.28), (0.37, 0.52)],
    );
    stroke(
        &mut d,
        Colour::DarkBlue,
        Thickness::Medium,
        &[(0.18, 0.88), (0.18, 0.7), (0.25, 0.7), (0.25, 0.88)],
    );
    stroke(
        &mut d,
        Colour::DarkBlue,
        Thickness::Thin,
        &[
            (0.11, 0.58),
            (0.16, 0.58),
            (0.16, 0.65),
            (0.11, 0.65),
            (0.11, 0.58),
        ],
    );
    // Three people holding hands, the smallest in the middle.
    for (x, size, colour) in [
        (0.48, 1.0, Colour::Violet),
        (0.6, 0.7, Colour::OrangeRed),
        (0.72, 1.0, Colour::DarkBlue),
    ] {
        let top = 0.88 - 0.4 * size;
        let head: Vec<(f32, f32)> = (0..=16)
            .map(|k| {
                let t = k as f32 / 16.0 * std::f32::consts::TAU;
                (
                    x + 0.03 * size * t.cos() * fh / fw,
                    top + 0.05 * size + 0.05 * size * t.sin(),
                )
            })
            .collect();
        stroke(&mut d, Colour::Black, Thickness::Thin, &head);
        stroke(
            &mut d,
            colour,
            Thickness::Thick,
            &[(x, top + 0.1 * size), (x, top + 0.28 * size)],
        );
        stroke(
            &mut d,
            Colour::Black,
            Thickness::Thin,
            &[(x - 0.03, 0.88), (x, top + 0.28 * size), (x + 0.03, 0.88)],
        );
        stroke(
            &mut d,
            Colour::Black,
            Thickness::Thin,
            &[
                (x - 0.06, top + 0.2 * size),
                (x, top + 0.14 * size),
                (x + 0.06, top + 0.2 * size),
            ],
        );
    }
    d
}

//! Adapter of the diagnostics screen (psychologists): choose a child, hand an instrument to them
//! (child mode), resume one left half-way, code a drawing with its checklist, and read results —
//! scores with their earlier values, flags, interpretation, the drawing with zoom — and the
//! child's mood over time.

use std::rc::Rc;

use slint::{ComponentHandle, Image, ModelRc, SharedString, VecModel};

use super::{
    AppWindow, DiagnosticsAdapter, DxChild, DxCode, DxHistoryRow, DxInstrument, DxLine, DxPoint,
    Kiosk, Navigation, Screen,
};
use crate::domain::instrument::{
    self, texts_in, Answer, Answers, Instrument, ItemKind, Outcome, Respondent,
};
use crate::domain::{Child, ChildId, Language};
use crate::store::{Administration, StoreError};

#[derive(Default)]
pub(crate) struct DiagnosticsState {
    children: Vec<Child>,
    chosen: Option<ChildId>,
    administrations: Vec<Administration>,
    /// The administration whose result is open, and the psychologist's coding of it so far.
    open: Option<Administration>,
    coding: Answers,
}

pub fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<DiagnosticsAdapter>();
    let k = kiosk.clone();
    a.on_choose_child(move |id| {
        {
            let mut st = k.state.borrow_mut();
            st.diagnostics.chosen = Some(ChildId(i64::from(id)));
            st.diagnostics.open = None;
        }
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<DiagnosticsAdapter>().set_open_result(0);
        }
        load(&k, None);
    });
    let k = kiosk.clone();
    a.on_give(move |id| give(&k, id.as_str()));
    let k = kiosk.clone();
    a.on_resume(move |id| resume(&k, i64::from(id)));
    let k = kiosk.clone();
    a.on_show_result(move |id| {
        let adm = k
            .state
            .borrow()
            .diagnostics
            .administrations
            .iter()
            .find(|a| a.id == i64::from(id))
            .cloned();
        let Some(adm) = adm else { return };
        if child_part_open(&k, &adm) {
            resume(&k, adm.id);
        } else {
            show_result(&k, adm);
        }
    });
    let k = kiosk.clone();
    a.on_close_result(move || {
        k.state.borrow_mut().diagnostics.open = None;
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<DiagnosticsAdapter>();
            a.set_open_result(0);
            a.set_has_drawing(false);
            a.set_drawing(Image::default());
            a.set_zoomed(false);
        }
        load(&k, None);
    });
    let k = kiosk.clone();
    a.on_tick(move |item, sign, on| {
        {
            let mut st = k.state.borrow_mut();
            let coding = &mut st.diagnostics.coding;
            let mut ticked = match coding.get(&item) {
                Some(Answer::Checklist(t)) => t.clone(),
                _ => Vec::new(),
            };
            ticked.retain(|s| s != sign.as_str());
            if on {
                ticked.push(sign.to_string());
            }
            coding.set(&item, Answer::Checklist(ticked));
        }
        show_coding(&k);
    });
    let k = kiosk.clone();
    a.on_note(move |item, text| {
        k.state
            .borrow_mut()
            .diagnostics
            .coding
            .set(&item, Answer::Text(text.to_string()));
    });
    let k = kiosk.clone();
    a.on_save_coding(move || save_coding(&k));
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
}

/// Whether the child still has questions to answer in `adm` (it resumes in child mode).
fn child_part_open(kiosk: &Kiosk, adm: &Administration) -> bool {
    adm.finished_at.is_none()
        && kiosk
            .config
            .instruments
            .get(&adm.instrument)
            .is_some_and(|i| {
                i.child_items().any(|it| {
                    !it.optional && !adm.answers.get(&it.id).is_some_and(|x| it.is_complete(x))
                })
            })
}

/// Opens the screen with no child chosen.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::Diagnostics);
    load(kiosk, None);
}

/// Back from child mode: the child chosen, and the result of `administration` open.
pub fn open_after_child_mode(
    kiosk: &Rc<Kiosk>,
    ui: &AppWindow,
    child: Option<ChildId>,
    administration: i64,
) {
    clear(kiosk, ui);
    kiosk.state.borrow_mut().diagnostics.chosen = child;
    kiosk.navigate(ui, Screen::Diagnostics);
    load(kiosk, Some(administration));
}

pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    kiosk.state.borrow_mut().diagnostics = DiagnosticsState::default();
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_children(ModelRc::default());
    a.set_child_chosen(false);
    a.set_instruments(ModelRc::default());
    a.set_history(ModelRc::default());
    a.set_mood(ModelRc::default());
    a.set_open_result(0);
    a.set_lines(ModelRc::default());
    a.set_flags(ModelRc::default());
    a.set_bands(ModelRc::default());
    a.set_coding(ModelRc::default());
    a.set_pairs(SharedString::new());
    a.set_drawing(Image::default());
    a.set_has_drawing(false);
    a.set_zoomed(false);
    a.set_problem(SharedString::new());
}

type Loaded = (
    Vec<Child>,
    Vec<Administration>,
    Vec<(chrono::DateTime<chrono::Utc>, u8)>,
);

fn load(kiosk: &Rc<Kiosk>, then_open: Option<i64>) {
    let chosen = kiosk.state.borrow().diagnostics.chosen;
    kiosk.ask(
        move |s| -> Result<Loaded, StoreError> {
            let children = s.bookable_children()?;
            let (adms, moods) = match chosen {
                Some(c) => (s.administrations_of(c)?, s.moods_of(c)?),
                None => (Vec::new(), Vec::new()),
            };
            Ok((children, adms, moods))
        },
        move |k, ui, r| {
            if ui.global::<Navigation>().get_screen() != Screen::Diagnostics {
                return;
            }
            match r {
                Ok((children, adms, moods)) => {
                    {
                        let mut st = k.state.borrow_mut();
                        st.diagnostics.children = children;
                        st.diagnostics.administrations = adms;
                    }
                    show(k, ui, &moods);
                    if let Some(id) = then_open {
                        let adm = k
                            .state
                            .borrow()
                            .diagnostics
                            .administrations
                            .iter()
                            .find(|a| a.id == id)
                            .cloned();
                        // Left half-way, it waits in the lists; otherwise its result opens.
                        if let Some(adm) = adm.filter(|a| !child_part_open(k, a)) {
                            show_result(k, adm);
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("cannot read the diagnostics: {e}");
                    ui.global::<DiagnosticsAdapter>()
                        .set_problem("write".into());
                }
            }
        },
    );
}

fn show(kiosk: &Kiosk, ui: &AppWindow, moods: &[(chrono::DateTime<chrono::Utc>, u8)]) {
    let lang = kiosk.state_language();
    let st = kiosk.state.borrow();
    let d = &st.diagnostics;
    let a = ui.global::<DiagnosticsAdapter>();
    let rows: Vec<DxChild> = d
        .children
        .iter()
        .map(|c| DxChild {
            id: c.id.0 as i32,
            avatar: c.details.avatar.key().into(),
            name: format!("{} {}", c.details.first_name, c.details.surname).into(),
            chosen: Some(c.id) == d.chosen,
        })
        .collect();
    a.set_children(ModelRc::new(VecModel::from(rows)));
    let child = d
        .chosen
        .and_then(|id| d.children.iter().find(|c| c.id == id));
    a.set_child_chosen(child.is_some());
    let Some(child) = child else { return };
    let age = crate::domain::family::age_on(
        child.details.birth_date,
        super::clock::local_date(crate::platform::clock::now()),
    );
    let mut instruments: Vec<DxInstrument> = kiosk
        .config
        .instruments
        .instruments
        .iter()
        .filter(|i| i.has_child_part())
        .map(|i| DxInstrument {
            id: i.id.as_str().into(),
            title: i.title_in(lang).into(),
            minutes: i.minutes as i32,
            fits_age: i.fits_age(age),
            partial: d
                .administrations
                .iter()
                .rev()
                .find(|x| x.instrument == i.id && x.finished_at.is_none())
                .map_or(0, |x| x.id as i32),
        })
        .collect();
    // Those that fit the child's age first, in the order they were loaded.
    instruments.sort_by_key(|i| !i.fits_age);
    a.set_instruments(ModelRc::new(VecModel::from(instruments)));
    let history: Vec<DxHistoryRow> = d
        .administrations
        .iter()
        .rev()
        .map(|x| {
            let instrument = kiosk.config.instruments.get(&x.instrument);
            let title =
                instrument.map_or_else(|| x.instrument.clone(), |i| i.title_in(lang).to_owned());
            let (state, summary) = match (x.finished_at, instrument) {
                (Some(_), Some(i)) => ("finished", summary(i, &x.answers)),
                (Some(_), None) => ("finished", String::new()),
                (None, Some(i))
                    if !i.child_items().any(|it| {
                        !it.optional && !x.answers.get(&it.id).is_some_and(|v| it.is_complete(v))
                    }) =>
                {
                    ("coding", String::new())
                }
                (None, _) => ("partial", String::new()),
            };
            DxHistoryRow {
                id: x.id as i32,
                date: lang
                    .short_date(super::clock::local_date(x.started_at))
                    .into(),
                title: title.into(),
                state: state.into(),
                summary: summary.into(),
            }
        })
        .collect();
    a.set_history(ModelRc::new(VecModel::from(history)));
    let points: Vec<DxPoint> = moods
        .iter()
        .rev()
        .take(24)
        .rev()
        .map(|(at, m)| DxPoint {
            label: super::clock::local_date(*at)
                .format("%d.%m")
                .to_string()
                .into(),
            value: f32::from(*m),
        })
        .collect();
    a.set_mood(ModelRc::new(VecModel::from(points)));
}

/// The first figure of a finished result alone (its title is on the result's own screen), with
/// a mark when a flag is raised.
pub(crate) fn summary(i: &Instrument, answers: &Answers) -> String {
    match instrument::score(i, answers) {
        Ok(o) => {
            let flag = if o.flags.is_empty() { "" } else { "(!) " };
            let first = o
                .indices
                .first()
                .map(|(id, v)| (id, *v))
                .or_else(|| o.scales.first().map(|(id, v)| (id, *v)));
            match first {
                Some((id, v)) => format!("{flag}{}", number(v, decimals_of(i, id))),
                None => flag.trim().to_owned(),
            }
        }
        Err(_) => String::new(),
    }
}

fn title_of<'a>(i: &'a Instrument, id: &'a str, lang: Language) -> &'a str {
    i.scales
        .iter()
        .find(|s| s.id == id)
        .map(|s| texts_in(&s.title, lang))
        .or_else(|| {
            i.indices
                .iter()
                .find(|x| x.id == id)
                .map(|x| texts_in(&x.title, lang))
        })
        .unwrap_or(id)
}

fn decimals_of(i: &Instrument, id: &str) -> u8 {
    i.indices
        .iter()
        .find(|x| x.id == id)
        .map_or(2, |x| x.decimals)
}

fn number(v: f64, decimals: u8) -> String {
    // No «-0» for a sum of nothing.
    let v = if v == 0.0 { 0.0 } else { v };
    let s = format!("{v:.*}", usize::from(decimals));
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

fn give(kiosk: &Rc<Kiosk>, id: &str) {
    let Some(me) = kiosk.signed_in() else { return };
    let Some(child) = kiosk.state.borrow().diagnostics.chosen else {
        return;
    };
    let Some(instrument) = kiosk.config.instruments.get(id).cloned() else {
        return;
    };
    let (iid, version) = (instrument.id.clone(), instrument.version.clone());
    kiosk.ask(
        move |s| {
            let session = s.session_in_progress_with(child)?;
            s.write(|w| w.start_administration(child, &iid, &version, session, Some(me.staff)))
        },
        move |k, ui, r| match r {
            Ok(adm) => super::child_mode::start(k, ui, adm, child, instrument, Answers::default()),
            Err(StoreError::Invalid(m)) if m.contains("consent") => ui
                .global::<DiagnosticsAdapter>()
                .set_problem("consent".into()),
            Err(e) => {
                tracing::error!("the instrument could not be started: {e}");
                ui.global::<DiagnosticsAdapter>()
                    .set_problem("write".into());
            }
        },
    );
}

fn resume(kiosk: &Rc<Kiosk>, id: i64) {
    let adm = kiosk
        .state
        .borrow()
        .diagnostics
        .administrations
        .iter()
        .find(|a| a.id == id)
        .cloned();
    let Some(adm) = adm else { return };
    let Some(instrument) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        return;
    };
    let Some(ui) = kiosk.ui.upgrade() else { return };
    super::child_mode::start(kiosk, &ui, adm.id, adm.child, instrument, adm.answers);
}

fn show_result(kiosk: &Rc<Kiosk>, adm: Administration) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_problem(SharedString::new());
    let Some(i) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        a.set_problem("write".into());
        return;
    };
    a.set_open_result(adm.id as i32);
    a.set_result_title(
        format!(
            "{} · {}",
            i.title_in(lang),
            lang.short_date(super::clock::local_date(adm.started_at))
        )
        .into(),
    );
    // The psychologist's coding starts from what was saved.
    let mut coding = Answers::default();
    for item in i.psychologist_items() {
        if let Some(v) = adm.answers.get(&item.id) {
            coding.set(&item.id, v.clone());
        }
    }
    {
        let mut st = kiosk.state.borrow_mut();
        st.diagnostics.coding = coding;
        st.diagnostics.open = Some(adm.clone());
    }
    show_scores(kiosk, &ui, &i, &adm);
    show_coding(kiosk);
    // The drawing, if the instrument has one.
    a.set_has_drawing(false);
    a.set_drawing(Image::default());
    if let Some(item) = i.items.iter().find(|x| matches!(x.kind, ItemKind::Drawing)) {
        let (id, item) = (adm.id, item.id.clone());
        kiosk.ask(
            move |s| s.drawing(id, &item),
            move |k, ui, r| {
                let still = k
                    .state
                    .borrow()
                    .diagnostics
                    .open
                    .as_ref()
                    .is_some_and(|o| o.id == id);
                if let (true, Ok(Some(d))) = (still, r) {
                    if let Ok(img) = image::load_from_memory(&d.png) {
                        let rgba = img.to_rgba8();
                        let buf = slint::SharedPixelBuffer::<slint::Rgba8Pixel>::clone_from_slice(
                            rgba.as_raw(),
                            rgba.width(),
                            rgba.height(),
                        );
                        let a = ui.global::<DiagnosticsAdapter>();
                        a.set_drawing(Image::from_rgba8(buf));
                        a.set_has_drawing(true);
                    }
                }
            },
        );
    }
}

fn show_scores(kiosk: &Kiosk, ui: &AppWindow, i: &Instrument, adm: &Administration) {
    // The same instrument's earlier finished results, oldest first, scored with this definition.
    let earlier: Vec<Outcome> = kiosk
        .state
        .borrow()
        .diagnostics
        .administrations
        .iter()
        .filter(|x| {
            x.instrument == i.id && x.finished_at.is_some() && x.started_at <= adm.started_at
        })
        .filter_map(|x| instrument::score(i, &x.answers).ok())
        .collect();
    fill_scores(ui, i, &adm.answers, &earlier, kiosk.state_language());
}

/// Shows the scores of `answers` (with `earlier` results of the same instrument as history),
/// the flags raised, the bands and, for Lüscher, the pairs.
pub(crate) fn fill_scores(
    ui: &AppWindow,
    i: &Instrument,
    answers: &Answers,
    earlier: &[Outcome],
    lang: Language,
) {
    let a = ui.global::<DiagnosticsAdapter>();
    let outcome = instrument::score(i, answers).ok();
    let mut lines = Vec::new();
    let mut push = |id: &str, title: &str, value: Option<f64>, decimals: u8| {
        let history: Vec<f32> = earlier
            .iter()
            .filter_map(|o| o.values.get(id).map(|v| *v as f32))
            .collect();
        let top = history.iter().cloned().fold(0.0f32, f32::max);
        lines.push(DxLine {
            label: title.into(),
            value: value
                .map_or_else(|| "—".to_owned(), |v| number(v, decimals))
                .into(),
            history: ModelRc::new(VecModel::from(history)),
            top,
        });
    };
    for s in &i.scales {
        push(
            &s.id,
            texts_in(&s.title, lang),
            outcome.as_ref().and_then(|o| o.values.get(&s.id).copied()),
            2,
        );
    }
    for x in &i.indices {
        push(
            &x.id,
            texts_in(&x.title, lang),
            outcome
                .as_ref()
                .and_then(|o| o.indices.iter().find(|(k, _)| k == &x.id).map(|(_, v)| *v)),
            x.decimals,
        );
    }
    a.set_lines(ModelRc::new(VecModel::from(lines)));
    let flags: Vec<SharedString> = outcome
        .as_ref()
        .map(|o| {
            o.flags
                .iter()
                .filter_map(|f| i.flags.iter().find(|x| &x.id == f))
                .map(|f| texts_in(&f.message, lang).into())
                .collect()
        })
        .unwrap_or_default();
    a.set_flags(ModelRc::new(VecModel::from(flags)));
    let bands: Vec<SharedString> = outcome
        .as_ref()
        .map(|o| {
            o.bands
                .iter()
                .map(|&b| {
                    format!(
                        "{}: {}",
                        title_of(i, &i.bands[b].of, lang),
                        texts_in(&i.bands[b].text, lang)
                    )
                    .into()
                })
                .collect()
        })
        .unwrap_or_default();
    a.set_bands(ModelRc::new(VecModel::from(bands)));
    let pairs = outcome
        .as_ref()
        .and_then(|o| o.luscher.as_ref())
        .map(|l| {
            l.second
                .pairs
                .iter()
                .map(|p| {
                    format!(
                        "{} {}{}",
                        p.sign.symbol(),
                        p.colours[0].index(),
                        p.colours[1].index()
                    )
                })
                .collect::<Vec<_>>()
                .join("   ")
        })
        .unwrap_or_default();
    a.set_pairs(pairs.into());
}

/// The psychologist's part of `i` to fill in: each checklist's signs and each question.
pub(crate) fn coding_rows(i: &Instrument, coding: &Answers, lang: Language) -> Vec<DxCode> {
    let mut rows = Vec::new();
    for item in i.psychologist_items() {
        let heading = |label: &str| DxCode {
            item: item.id.as_str().into(),
            sign: SharedString::new(),
            label: label.into(),
            kind: "heading".into(),
            ticked: false,
            text: SharedString::new(),
        };
        match &item.kind {
            ItemKind::Checklist { signs } => {
                rows.push(heading(texts_in(&item.prompt, lang)));
                let ticked: &[String] = match coding.get(&item.id) {
                    Some(Answer::Checklist(t)) => t,
                    _ => &[],
                };
                for s in signs {
                    rows.push(DxCode {
                        item: item.id.as_str().into(),
                        sign: s.id.as_str().into(),
                        label: texts_in(&s.text, lang).into(),
                        kind: "sign".into(),
                        ticked: ticked.contains(&s.id),
                        text: SharedString::new(),
                    });
                }
            }
            ItemKind::Text => {
                let text = match coding.get(&item.id) {
                    Some(Answer::Text(t)) => t.clone(),
                    _ => String::new(),
                };
                rows.push(DxCode {
                    item: item.id.as_str().into(),
                    sign: SharedString::new(),
                    label: texts_in(&item.prompt, lang).into(),
                    kind: "text".into(),
                    ticked: false,
                    text: text.into(),
                });
            }
            _ => {}
        }
    }
    rows
}

fn show_coding(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let st = kiosk.state.borrow();
    let d = &st.diagnostics;
    let Some(adm) = &d.open else { return };
    let Some(i) = kiosk.config.instruments.get(&adm.instrument) else {
        return;
    };
    // A finished result is kept as it was: no more coding.
    let rows = if adm.finished_at.is_none() {
        coding_rows(i, &d.coding, lang)
    } else {
        Vec::new()
    };
    ui.global::<DiagnosticsAdapter>()
        .set_coding(ModelRc::new(VecModel::from(rows)));
}

fn save_coding(kiosk: &Rc<Kiosk>) {
    let (adm, coding) = {
        let st = kiosk.state.borrow();
        (st.diagnostics.open.clone(), st.diagnostics.coding.clone())
    };
    let Some(adm) = adm else { return };
    let Some(i) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        return;
    };
    let mut answers = adm.answers.clone();
    for item in i
        .items
        .iter()
        .filter(|x| x.answered_by == Respondent::Psychologist)
    {
        match (&item.kind, coding.get(&item.id)) {
            // A checklist with nothing ticked is an answer too: none of the signs was seen.
            (ItemKind::Checklist { .. }, v) => answers.set(
                &item.id,
                v.cloned().unwrap_or(Answer::Checklist(Vec::new())),
            ),
            (ItemKind::Text, Some(Answer::Text(t))) if !t.trim().is_empty() => {
                answers.set(&item.id, Answer::Text(t.trim().to_owned()))
            }
            _ => {}
        }
    }
    let outcome = instrument::score(&i, &answers);
    let id = adm.id;
    let position = adm.position;
    let json = outcome.as_ref().ok().map(Outcome::to_json);
    let missing = match &outcome {
        Err(instrument::ScoreError::Unanswered(left)) => left
            .iter()
            .map(|x| {
                i.item(x).map_or(x.as_str(), |it| {
                    texts_in(&it.prompt, kiosk.state_language())
                })
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    };
    let answers2 = answers.clone();
    kiosk.ask(
        move |s| match json {
            Some(j) => s.write(|w| w.finish_administration(id, &answers2, &j)),
            None => s.write(|w| w.save_answers(id, position, &answers2)),
        },
        move |k, ui, r| {
            let a = ui.global::<DiagnosticsAdapter>();
            match r {
                Ok(()) if missing.is_empty() => {
                    k.state.borrow_mut().diagnostics.open = None;
                    load(k, Some(id));
                }
                Ok(()) => {
                    a.set_problem("unfinished".into());
                    a.set_missing(missing.into());
                    if let Some(o) = k.state.borrow_mut().diagnostics.open.as_mut() {
                        o.answers = answers;
                    }
                }
                Err(e) => {
                    tracing::error!("the coding was not saved: {e}");
                    a.set_problem("write".into());
                }
            }
        },
    );
}

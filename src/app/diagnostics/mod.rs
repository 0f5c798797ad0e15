//! Adapter of the diagnostics screen (psychologists): choose a child, hand an instrument to them
//! (child mode), resume one left half-way, code a drawing with its checklist, and read results —
//! scores with their earlier values, flags, interpretation, the drawing with zoom — and the
//! child's mood over time.

use std::rc::Rc;

use slint::{ComponentHandle, Image, ModelRc, SharedString, VecModel};

use super::generation::{ask_current, Generation, Generational};
use super::navigator::{ChildModeStart, Route};
use super::{
    AppWindow, DiagnosticsAdapter, DxChild, DxCode, DxHistoryRow, DxInstrument, DxLine, DxPoint,
    Kiosk, Screen,
};
use crate::domain::instrument::{
    self, texts_in, Answer, Answers, Instrument, ItemKind, Outcome, Respondent,
};
use crate::domain::{Child, ChildId, Language};
use crate::store::{Administration, StoreError};

mod coding;
mod moods;
pub(crate) mod preview;
mod result;

pub(crate) use coding::coding_rows;
use coding::*;
use result::*;
pub(crate) use result::{fill_scores, summary};

#[derive(Default)]
pub(crate) struct DiagnosticsState {
    children: Vec<Child>,
    /// What is typed in «Find a child»: the list shows only the children it finds.
    search: String,
    chosen: Option<ChildId>,
    administrations: Vec<Administration>,
    /// The administration whose result is open, and the psychologist's coding of it so far.
    open: Option<Administration>,
    coding: Answers,
    /// Bumped by `clear`: a store answer asked before the screen was left, the colleague
    /// signed out or the idle timeout is dropped, so no child's results come back after.
    generation: Generation,
}

impl Generational for DiagnosticsState {
    const SCREEN: Screen = Screen::Diagnostics;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

/// Opens [`Route::Diagnostics`](super::navigator::Route::Diagnostics) and, back from child mode, [`Route::DiagnosticsResult`](super::navigator::Route::DiagnosticsResult).
pub(crate) struct Diagnostics {
    state: std::cell::RefCell<DiagnosticsState>,
}

impl super::navigator::Adapter for Diagnostics {
    fn answers(&self, route: &super::navigator::Route) -> bool {
        matches!(
            route,
            super::navigator::Route::Diagnostics
                | super::navigator::Route::DiagnosticsResult { .. }
        )
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: super::navigator::Route) {
        match route {
            super::navigator::Route::DiagnosticsResult {
                child,
                administration,
            } => open_after_child_mode(kiosk, ui, child, administration),
            _ => open(kiosk, ui),
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<DiagnosticsAdapter>();
    let k = kiosk.clone();
    a.on_choose_child(move |id| {
        {
            let mut st = k.state_of::<DiagnosticsState>();
            st.chosen = Some(ChildId(i64::from(id)));
            st.open = None;
        }
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<DiagnosticsAdapter>().set_open_result(0);
        }
        load(&k, None);
    });
    let k = kiosk.clone();
    a.on_search(move |text| {
        k.state_of::<DiagnosticsState>().search = text.to_string();
        if let Some(ui) = k.ui.upgrade() {
            show_children(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_give(move |id| give(&k, id.as_str()));
    let k = kiosk.clone();
    a.on_resume(move |id| resume(&k, i64::from(id)));
    let k = kiosk.clone();
    a.on_show_result(move |id| {
        let adm = k
            .view_of::<DiagnosticsState>()
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
        k.state_of::<DiagnosticsState>().open = None;
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
            let mut st = k.state_of::<DiagnosticsState>();
            let coding = &mut st.coding;
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
        k.state_of::<DiagnosticsState>()
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
    Rc::new(Diagnostics {
        state: Default::default(),
    })
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
    kiosk.state_of::<DiagnosticsState>().chosen = child;
    kiosk.navigate(ui, Screen::Diagnostics);
    load(kiosk, Some(administration));
}

pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<DiagnosticsState>();
        let mut generation = st.generation;
        generation.bump();
        *st = DiagnosticsState {
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<DiagnosticsAdapter>();
    a.set_children(ModelRc::default());
    a.set_child_chosen(false);
    a.set_instruments(ModelRc::default());
    a.set_history(ModelRc::default());
    a.set_mood(ModelRc::default());
    a.set_mood_off_scale(ModelRc::default());
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
    Vec<(chrono::DateTime<chrono::Utc>, crate::domain::Mood)>,
);

fn load(kiosk: &Rc<Kiosk>, then_open: Option<i64>) {
    let chosen = kiosk.view_of::<DiagnosticsState>().chosen;
    ask_current::<DiagnosticsState, _>(
        kiosk,
        move |s| -> Result<Loaded, StoreError> {
            let children = s.bookable_children()?;
            let (adms, moods, off_scale) = match chosen {
                Some(c) => (
                    s.administrations_of(c)?,
                    s.moods_of(c)?,
                    s.moods_off_scale_of(c)?,
                ),
                None => (Vec::new(), Vec::new(), Vec::new()),
            };
            Ok((children, adms, moods, off_scale))
        },
        move |k, ui, r| {
            // Another child chosen since: their own answer follows.
            if k.view_of::<DiagnosticsState>().chosen != chosen {
                return;
            }
            match r {
                Ok((children, adms, moods, off_scale)) => {
                    {
                        let mut st = k.state_of::<DiagnosticsState>();
                        st.children = children;
                        st.administrations = adms;
                    }
                    show(k, ui, &moods);
                    ui.global::<DiagnosticsAdapter>()
                        .set_mood_off_scale(ModelRc::new(VecModel::from(moods::off_scale_rows(
                            &off_scale,
                        ))));
                    if let Some(id) = then_open {
                        let adm = k
                            .view_of::<DiagnosticsState>()
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

/// The children list, narrowed by «Find a child» (the chosen child stays in it).
fn show_children(kiosk: &Kiosk, ui: &AppWindow) {
    show_children_of(
        &kiosk.view_of::<DiagnosticsState>(),
        &ui.global::<DiagnosticsAdapter>(),
    );
}

fn show_children_of(d: &DiagnosticsState, a: &DiagnosticsAdapter<'_>) {
    let rows: Vec<DxChild> = d
        .children
        .iter()
        .filter(|c| {
            Some(c.id) == d.chosen
                || crate::domain::names::found_by(
                    &d.search,
                    &[&c.details.first_name, &c.details.surname],
                )
        })
        .map(|c| DxChild {
            id: c.id.0 as i32,
            avatar: c.details.avatar.key().into(),
            name: format!("{} {}", c.details.first_name, c.details.surname).into(),
            chosen: Some(c.id) == d.chosen,
        })
        .collect();
    a.set_children(ModelRc::new(VecModel::from(rows)));
}

fn show(kiosk: &Kiosk, ui: &AppWindow, moods: &[(chrono::DateTime<chrono::Utc>, u8)]) {
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<DiagnosticsState>();
    let d = &*st;
    let a = ui.global::<DiagnosticsAdapter>();
    show_children_of(d, &a);
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

fn give(kiosk: &Rc<Kiosk>, id: &str) {
    let Some(me) = kiosk.signed_in() else { return };
    let Some(child) = kiosk.view_of::<DiagnosticsState>().chosen else {
        return;
    };
    let Some(instrument) = kiosk.config.instruments.get(id).cloned() else {
        return;
    };
    let (iid, version) = (instrument.id.clone(), instrument.version.clone());
    ask_current::<DiagnosticsState, _>(
        kiosk,
        move |s| {
            let session = s.session_in_progress_with(child)?;
            s.write(|w| w.start_administration(child, &iid, &version, session, Some(me.staff)))
        },
        move |k, ui, r| match r {
            Ok(adm) => {
                clear(k, ui);
                k.go(
                    ui,
                    Route::ChildMode(ChildModeStart {
                        administration: adm,
                        child,
                        instrument,
                        answers: Answers::default(),
                        return_to_session: None,
                    }),
                );
            }
            Err(StoreError::Refused(crate::domain::Refusal::NoConsent)) => ui
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
        .view_of::<DiagnosticsState>()
        .administrations
        .iter()
        .find(|a| a.id == id)
        .cloned();
    let Some(adm) = adm else { return };
    let Some(instrument) = kiosk.config.instruments.get(&adm.instrument).cloned() else {
        return;
    };
    let Some(ui) = kiosk.ui.upgrade() else { return };
    clear(kiosk, &ui);
    kiosk.go(
        &ui,
        Route::ChildMode(ChildModeStart {
            administration: adm.id,
            child: adm.child,
            instrument,
            answers: adm.answers,
            return_to_session: None,
        }),
    );
}

//! Adapter of child mode: one instrument shown to one child, one question at a time, each read
//! aloud; every answer saved at once (so a child who walks away leaves a partial administration
//! that resumes where it stopped); only the psychologist's PIN leaves it. When the child's part
//! is done the result is scored and kept, or waits for the psychologist's coding.

use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

pub mod drawing;

use super::navigator::{ChildModeStart, Route};
use super::{AppWindow, ChildModeAdapter, ChildOption, Kiosk, Screen};
use crate::domain::instrument::{
    self, texts_in, Answer, Answers, Instrument, Item, ItemKind, Respondent,
};
use crate::domain::{ChildId, Language, Pin};
use crate::platform::audio::Cue;

/// What child mode holds while it runs. Nothing of it is shown once it is left.
#[derive(Default)]
pub(crate) struct ChildModeState {
    pub administration: i64,
    pub child: Option<ChildId>,
    pub instrument: Option<Instrument>,
    pub answers: Answers,
    /// Index into the instrument's items of the question showing.
    pub item: usize,
    /// The colours chosen so far in this round.
    ranking: Vec<u8>,
    /// Which person of a colour-per-person item is being asked.
    person: usize,
    pin: String,
    pause: Option<slint::Timer>,
    /// The session screen to go back to after the PIN (the mood scale of a session).
    pub return_to_session: Option<i64>,
}

/// Opens [`Route::ChildMode`](super::navigator::Route::ChildMode).
pub(crate) struct ChildMode {
    state: std::cell::RefCell<ChildModeState>,
}

impl super::navigator::Adapter for ChildMode {
    fn answers(&self, route: &super::navigator::Route) -> bool {
        matches!(route, super::navigator::Route::ChildMode(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: super::navigator::Route) {
        if let super::navigator::Route::ChildMode(start) = route {
            super::child_present::conceal(kiosk, ui);
            begin(kiosk, ui, start);
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
    let a = ui.global::<ChildModeAdapter>();
    let k = kiosk.clone();
    a.on_colour(move |c| colour(&k, c as u8));
    let k = kiosk.clone();
    a.on_face(move |n| answer(&k, Answer::Face(n as u8)));
    let k = kiosk.clone();
    a.on_step(move |s| answer(&k, Answer::Ladder(s as u32)));
    let k = kiosk.clone();
    a.on_option(move |id| option(&k, id.as_str()));
    let k = kiosk.clone();
    a.on_skip(move || skip(&k));
    let k = kiosk.clone();
    a.on_again(move || show(&k));
    let k = kiosk.clone();
    a.on_ask_unlock(move || {
        k.idle.touched();
        k.state_of::<ChildModeState>().pin.clear();
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<ChildModeAdapter>();
            a.set_digits_typed(0);
            a.set_wrong_pin(false);
            a.set_unlocking(true);
        }
    });
    let k = kiosk.clone();
    a.on_digit(move |d| {
        k.idle.touched();
        let n = {
            let mut st = k.state_of::<ChildModeState>();
            let pin = &mut st.pin;
            if pin.len() < Pin::MAX_DIGITS && d.chars().all(|c| c.is_ascii_digit()) {
                pin.push_str(&d);
            }
            pin.len()
        };
        k.services.speakers.play(Cue::Tap);
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ChildModeAdapter>().set_digits_typed(n as i32);
        }
    });
    let k = kiosk.clone();
    a.on_erase(move || {
        let n = {
            let mut st = k.state_of::<ChildModeState>();
            st.pin.pop();
            st.pin.len()
        };
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ChildModeAdapter>().set_digits_typed(n as i32);
        }
    });
    let k = kiosk.clone();
    a.on_cancel_unlock(move || {
        k.state_of::<ChildModeState>().pin.clear();
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<ChildModeAdapter>();
            a.set_unlocking(false);
            a.set_digits_typed(0);
        }
    });
    let k = kiosk.clone();
    a.on_submit_pin(move || submit_pin(&k));
    Rc::new(ChildMode {
        state: Default::default(),
    })
}

/// Enters child mode for administration `start.administration` of `start.instrument`, at the
/// first unanswered question. The screen that asks has put its own view away first: nothing of
/// the psychologist's screen stays behind while the child holds the kiosk.
fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow, start: ChildModeStart) {
    let item = first_open(&start.instrument, &start.answers, 0);
    *kiosk.state_of::<ChildModeState>() = ChildModeState {
        administration: start.administration,
        child: Some(start.child),
        instrument: Some(start.instrument),
        answers: start.answers,
        item,
        return_to_session: start.return_to_session,
        ..Default::default()
    };
    let a = ui.global::<ChildModeAdapter>();
    a.set_unlocking(false);
    a.set_digits_typed(0);
    a.set_wrong_pin(false);
    kiosk.navigate(ui, Screen::ChildMode);
    show(kiosk);
}

/// Forgets everything of the child mode that ran.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<ChildModeState>() = ChildModeState::default();
    let a = ui.global::<ChildModeAdapter>();
    a.set_kind(SharedString::new());
    a.set_prompt(SharedString::new());
    a.set_options(ModelRc::default());
    a.set_colours_left(ModelRc::default());
    a.set_unlocking(false);
    a.set_digits_typed(0);
}

/// The first question at or after `from` that the child answers and has not finished.
fn first_open(instrument: &Instrument, answers: &Answers, from: usize) -> usize {
    (from..instrument.items.len())
        .find(|&i| {
            let item = &instrument.items[i];
            item.answered_by != Respondent::Psychologist
                && !answers.get(&item.id).is_some_and(|a| item.is_complete(a))
        })
        .unwrap_or(instrument.items.len())
}

fn yes_no(lang: Language) -> (&'static str, &'static str) {
    match lang {
        Language::Ru => ("Да", "Нет"),
        Language::Tt => ("Әйе", "Юк"),
        Language::En => ("Yes", "No"),
    }
}

fn show(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let a = ui.global::<ChildModeAdapter>();
    let st = kiosk.view_of::<ChildModeState>();
    let cm = &*st;
    let Some(instrument) = &cm.instrument else {
        return;
    };
    let child_items = instrument.child_items().count().max(1);
    let done = instrument.items[..cm.item.min(instrument.items.len())]
        .iter()
        .filter(|i| i.answered_by != Respondent::Psychologist)
        .count();
    a.set_progress(done as f32 / child_items as f32);
    let Some(item) = instrument.items.get(cm.item) else {
        a.set_kind("thanks".into());
        a.set_prompt(SharedString::new());
        drop(st);
        super::voice::say(kiosk, "child-thanks");
        return;
    };
    let prompt = texts_in(&item.prompt, lang).to_owned();
    a.set_prompt(prompt.as_str().into());
    a.set_can_skip(item.optional);
    let options = |list: Vec<ChildOption>| ModelRc::new(VecModel::from(list));
    match &item.kind {
        ItemKind::ColourRanking { repeat, .. } => {
            let round = match cm.answers.get(&item.id) {
                Some(Answer::Rankings(r)) => r.len() + 1,
                _ => 1,
            };
            let left: Vec<i32> = (0..8u8)
                .filter(|c| !cm.ranking.contains(c))
                .map(i32::from)
                .collect();
            a.set_kind("colours".into());
            a.set_round(round as i32);
            a.set_rounds(i32::from(*repeat));
            a.set_colours_left(ModelRc::new(VecModel::from(left)));
        }
        ItemKind::ColourPerPerson { people } => {
            let p = &people[cm.person.min(people.len() - 1)];
            a.set_kind("people".into());
            a.set_person(texts_in(&p.text, lang).into());
            a.set_can_skip(p.id != "me");
        }
        ItemKind::Faces => a.set_kind("faces".into()),
        ItemKind::Ladder { steps } => {
            a.set_kind("ladder".into());
            a.set_steps(*steps as i32);
        }
        ItemKind::Choice { options: o, .. } => {
            a.set_kind("choice".into());
            a.set_options(options(
                o.iter()
                    .map(|o| ChildOption {
                        id: o.id.as_str().into(),
                        label: texts_in(&o.text, lang).into(),
                        picture: o.picture.clone().unwrap_or_default().into(),
                    })
                    .collect(),
            ));
        }
        ItemKind::Likert { min, max, anchors } => {
            a.set_kind("choice".into());
            a.set_options(options(
                (*min..=*max)
                    .map(|v| {
                        let label = anchors.iter().find(|x| x.value == v).map_or_else(
                            || v.to_string(),
                            |x| format!("{v} — {}", texts_in(&x.text, lang)),
                        );
                        ChildOption {
                            id: v.to_string().into(),
                            label: label.into(),
                            picture: SharedString::new(),
                        }
                    })
                    .collect(),
            ));
        }
        ItemKind::YesNo { .. } => {
            let (yes, no) = yes_no(lang);
            a.set_kind("choice".into());
            a.set_options(options(vec![
                ChildOption {
                    id: "yes".into(),
                    label: yes.into(),
                    picture: SharedString::new(),
                },
                ChildOption {
                    id: "no".into(),
                    label: no.into(),
                    picture: SharedString::new(),
                },
            ]));
        }
        ItemKind::Drawing => {
            a.set_kind("drawing".into());
            drop(st);
            drawing::begin(kiosk, &ui);
            kiosk.services.speakers.speak(prompt, lang, "");
            return;
        }
        ItemKind::Checklist { .. } | ItemKind::Text => {}
    }
    drop(st);
    kiosk.services.speakers.speak(prompt, lang, "");
}

/// The question showing, if any.
fn current_item(kiosk: &Kiosk) -> Option<Item> {
    let st = kiosk.view_of::<ChildModeState>();
    st.instrument
        .as_ref()
        .and_then(|i| i.items.get(st.item))
        .cloned()
}

fn colour(kiosk: &Rc<Kiosk>, c: u8) {
    kiosk.idle.touched();
    match current_item(kiosk).map(|i| i.kind) {
        Some(ItemKind::ColourPerPerson { .. }) => person_colour(kiosk, Some(c)),
        Some(ItemKind::ColourRanking {
            repeat,
            pause_seconds,
        }) => {
            kiosk.services.speakers.play(Cue::Tap);
            let finished_round = {
                let mut st = kiosk.state_of::<ChildModeState>();
                let cm = &mut *st;
                if c > 7 || cm.ranking.contains(&c) {
                    return;
                }
                cm.ranking.push(c);
                cm.ranking.len() == 8
            };
            if !finished_round {
                show(kiosk);
                return;
            }
            let rounds = {
                let mut st = kiosk.state_of::<ChildModeState>();
                let cm = &mut *st;
                let item = cm.instrument.as_ref().unwrap().items[cm.item].id.clone();
                let ranking = std::mem::take(&mut cm.ranking);
                let mut all = match cm.answers.get(&item) {
                    Some(Answer::Rankings(r)) => r.clone(),
                    _ => Vec::new(),
                };
                all.push(ranking);
                let n = all.len();
                cm.answers.set(&item, Answer::Rankings(all));
                n
            };
            if rounds < usize::from(repeat) {
                save(kiosk, false);
                pause(kiosk, pause_seconds);
            } else {
                next(kiosk);
            }
        }
        _ => {}
    }
}

/// The rest between two rounds of colours, counted down on screen.
fn pause(kiosk: &Rc<Kiosk>, seconds: u32) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<ChildModeAdapter>();
    a.set_kind("pause".into());
    a.set_pause_left(seconds as i32);
    super::voice::say(kiosk, "child-rest");
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(kiosk);
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_secs(1),
        move || {
            let Some(k) = weak.upgrade() else { return };
            let Some(ui) = k.ui.upgrade() else { return };
            let a = ui.global::<ChildModeAdapter>();
            if a.get_kind() != "pause" {
                k.state_of::<ChildModeState>().pause = None;
                return;
            }
            // The pause counts as the child still being here.
            k.idle.touched();
            let left = a.get_pause_left() - 1;
            a.set_pause_left(left.max(0));
            if left <= 0 {
                k.state_of::<ChildModeState>().pause = None;
                show(&k);
            }
        },
    );
    kiosk.state_of::<ChildModeState>().pause = Some(timer);
}

fn person_colour(kiosk: &Rc<Kiosk>, c: Option<u8>) {
    kiosk.idle.touched();
    kiosk.services.speakers.play(Cue::Tap);
    let all_asked = {
        let mut st = kiosk.state_of::<ChildModeState>();
        let cm = &mut *st;
        let Some(instrument) = &cm.instrument else {
            return;
        };
        let item = &instrument.items[cm.item];
        let ItemKind::ColourPerPerson { people } = &item.kind else {
            return;
        };
        let person = &people[cm.person.min(people.len() - 1)];
        if c.is_none() && person.id == "me" {
            return;
        }
        let mut map = match cm.answers.get(&item.id) {
            Some(Answer::ColourPerPerson(m)) => m.clone(),
            _ => Default::default(),
        };
        match c {
            Some(c) => {
                map.insert(person.id.clone(), c);
            }
            None => {
                map.remove(&person.id);
            }
        }
        let id = item.id.clone();
        let n = people.len();
        cm.answers.set(&id, Answer::ColourPerPerson(map));
        cm.person += 1;
        cm.person >= n
    };
    if all_asked {
        kiosk.state_of::<ChildModeState>().person = 0;
        next(kiosk);
    } else {
        save(kiosk, false);
        show(kiosk);
    }
}

/// "Skip": a person not in the child's life, or an optional question.
fn skip(kiosk: &Rc<Kiosk>) {
    let item = current_item(kiosk);
    let people = item
        .as_ref()
        .is_some_and(|i| matches!(i.kind, ItemKind::ColourPerPerson { .. }));
    let optional = item.as_ref().is_some_and(|i| i.optional);
    if people {
        person_colour(kiosk, None);
    } else if optional {
        kiosk.idle.touched();
        let done = {
            let mut st = kiosk.state_of::<ChildModeState>();
            let cm = &mut *st;
            let Some(instrument) = &cm.instrument else {
                return;
            };
            cm.item = first_open(instrument, &cm.answers, cm.item + 1);
            cm.item >= instrument.items.len()
        };
        save(kiosk, done);
        show(kiosk);
    }
}

fn option(kiosk: &Rc<Kiosk>, id: &str) {
    let answer = match current_item(kiosk).map(|i| i.kind) {
        Some(ItemKind::Choice { .. }) => Answer::Choice(id.to_owned()),
        Some(ItemKind::Likert { .. }) => match id.parse() {
            Ok(v) => Answer::Likert(v),
            Err(_) => return,
        },
        Some(ItemKind::YesNo { .. }) => Answer::YesNo(id == "yes"),
        _ => return,
    };
    self::answer(kiosk, answer);
}

/// Records the answer to the question showing, and goes on.
pub(crate) fn answer(kiosk: &Rc<Kiosk>, answer: Answer) {
    kiosk.idle.touched();
    {
        let mut st = kiosk.state_of::<ChildModeState>();
        let cm = &mut *st;
        let Some(item) = cm.instrument.as_ref().and_then(|i| i.items.get(cm.item)) else {
            return;
        };
        if item.check(&answer).is_err() {
            return;
        }
        let id = item.id.clone();
        cm.answers.set(&id, answer);
    }
    kiosk.services.speakers.play(Cue::Tap);
    next(kiosk);
}

/// Moves to the next open question (saving the answers), or ends the child's part.
fn next(kiosk: &Rc<Kiosk>) {
    let done = {
        let mut st = kiosk.state_of::<ChildModeState>();
        let cm = &mut *st;
        let Some(instrument) = &cm.instrument else {
            return;
        };
        cm.item = first_open(instrument, &cm.answers, cm.item);
        cm.item >= instrument.items.len()
    };
    save(kiosk, done);
    if done {
        kiosk.services.speakers.play(Cue::Chime);
    }
    show(kiosk);
}

/// Saves the answers; when the child's part is done and nothing waits for the psychologist's
/// coding, scores the administration and keeps the result.
fn save(kiosk: &Rc<Kiosk>, child_part_done: bool) {
    let (id, answers, position, instrument) = {
        let st = kiosk.view_of::<ChildModeState>();
        let cm = &*st;
        (
            cm.administration,
            cm.answers.clone(),
            cm.item as u32,
            cm.instrument.clone(),
        )
    };
    let Some(instrument) = instrument else { return };
    let outcome = if child_part_done {
        instrument::score(&instrument, &answers)
            .ok()
            .map(|o| o.to_json())
    } else {
        None
    };
    kiosk.ask(
        move |s| match outcome {
            Some(json) => s.write(|w| w.finish_administration(id, &answers, &json)),
            None => s.write(|w| w.save_answers(id, position, &answers)),
        },
        |_, _, r| {
            if let Err(e) = r {
                tracing::error!("an answer was not saved: {e}");
            }
        },
    );
}

fn submit_pin(kiosk: &Rc<Kiosk>) {
    let typed = std::mem::take(&mut kiosk.state_of::<ChildModeState>().pin);
    super::hand_back::check(
        kiosk,
        &typed,
        |k, ui| {
            ui.global::<ChildModeAdapter>().set_digits_typed(0);
            let (child, administration, session) = {
                let st = k.view_of::<ChildModeState>();
                (st.child, st.administration, st.return_to_session)
            };
            clear(k, ui);
            // The child has just handed the kiosk back: still near the screen.
            super::child_present::conceal(k, ui);
            match session {
                Some(id) => k.go(ui, Route::Session(id)),
                None => k.go(
                    ui,
                    Route::DiagnosticsResult {
                        child,
                        administration,
                    },
                ),
            }
        },
        |ui| {
            let a = ui.global::<ChildModeAdapter>();
            a.set_digits_typed(0);
            a.set_wrong_pin(true);
        },
    );
}

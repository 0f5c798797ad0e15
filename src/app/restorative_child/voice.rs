//! The child's private answers before or after a meeting: how do you feel now (the check-in's
//! mood faces), do you feel safe here, do you want to go on — one per screen, read aloud —
//! then recorded for the facilitator (`Writer::record_voice`; parents never see them).

use std::rc::Rc;

use slint::ComponentHandle;

use super::{show_step, Open, RoomState};
use crate::app::navigator::VoiceStart;
use crate::app::{AppWindow, ChildVoiceStep, Kiosk, RestorativeChildAdapter, Screen};
use crate::domain::Mood;
use crate::platform::audio::Cue;
use crate::store::restorative::VoiceAnswers;

pub(super) fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow, start: VoiceStart) {
    ui.global::<RestorativeChildAdapter>()
        .set_first_name(start.first_name.as_str().into());
    kiosk.state_of::<RoomState>().open = Some(Open::Voice(start));
    kiosk.navigate(ui, Screen::RestorativeChild);
    show_step(kiosk, ui, ChildVoiceStep::Mood);
}

pub(super) fn connect(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<RestorativeChildAdapter>();
    let k = Rc::downgrade(kiosk);
    a.on_mood(move |code| {
        let Some(k) = k.upgrade() else { return };
        let Ok(mood) = Mood::from_code(i64::from(code)) else {
            return;
        };
        answered(&k, |st| st.mood = Some(mood), ChildVoiceStep::Safe);
    });
    let k = Rc::downgrade(kiosk);
    a.on_safe(move |n| {
        let Some(k) = k.upgrade() else { return };
        answered(&k, |st| st.safe = Some(said(n)), ChildVoiceStep::GoOn);
    });
    let k = Rc::downgrade(kiosk);
    a.on_go_on(move |n| {
        let Some(k) = k.upgrade() else { return };
        record(&k, said(n));
    });
}

/// 1 yes, 0 no (or "not really"), anything else «I don't want to say».
fn said(n: i32) -> Option<bool> {
    match n {
        1 => Some(true),
        0 => Some(false),
        _ => None,
    }
}

/// Keeps an answer and shows the next question (only while the voice questions are open).
fn answered(kiosk: &Rc<Kiosk>, keep: impl FnOnce(&mut RoomState), next: ChildVoiceStep) {
    {
        let mut st = kiosk.state_of::<RoomState>();
        if !matches!(st.open, Some(Open::Voice(_))) {
            return;
        }
        keep(&mut st);
    }
    kiosk.services.speakers.play(Cue::Tap);
    if let Some(ui) = kiosk.ui.upgrade() {
        show_step(kiosk, &ui, next);
    }
}

/// The last answer: all three go to the store; then thank you (or, refused, a grown-up).
fn record(kiosk: &Rc<Kiosk>, go_on: Option<bool>) {
    let (start, mood, safe) = {
        let st = kiosk.view_of::<RoomState>();
        let Some(Open::Voice(start)) = &st.open else {
            return;
        };
        let (Some(mood), Some(safe)) = (st.mood, st.safe) else {
            return;
        };
        (start.clone(), mood, safe)
    };
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RestorativeChildAdapter>();
    if a.get_busy() {
        return;
    }
    a.set_busy(true);
    kiosk.services.speakers.play(Cue::Tap);
    let answers = VoiceAnswers { mood, safe, go_on };
    let (case, child, moment) = (start.case, start.child, start.moment);
    kiosk.ask(
        move |s| s.write(|w| w.record_voice(case, child, moment, answers)),
        move |k, ui, r| {
            ui.global::<RestorativeChildAdapter>().set_busy(false);
            // Still the same child's questions (not left meanwhile)?
            if !matches!(&k.view_of::<RoomState>().open, Some(Open::Voice(v)) if v.case == case && v.child == child) {
                return;
            }
            match r {
                Ok(()) => show_step(k, ui, ChildVoiceStep::Thanks),
                Err(e) => {
                    tracing::error!(case = case.0, "the child's answers were not recorded: {e}");
                    show_step(k, ui, ChildVoiceStep::AskAdult);
                }
            }
        },
    );
}

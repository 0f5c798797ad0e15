//! The reconciliation room's screens that a child or a family holds, not the facilitator: the
//! child's private answers before or after a meeting ([`voice`]), the child's own yes or no to
//! taking part ([`child_yes`]), and the kiosk during the joint meeting with its «Нужна пауза»
//! ([`meeting`]). One adapter answers their three routes; nothing of the case but the child's
//! first name reaches these screens, and only the signed-in facilitator's PIN ([`hand_back`])
//! leads back to the case.

use std::cell::RefCell;
use std::rc::Rc;

use slint::ComponentHandle;

use super::navigator::{Adapter, ChildYesStart, MeetingStart, Route, VoiceStart};
use super::{
    AppWindow, ChildVoiceStep, HandBackAdapter, Kiosk, MeetingRoomAdapter, RestorativeChildAdapter,
};
use crate::domain::restorative::CaseId;
use crate::domain::Mood;

mod child_yes;
mod hand_back;
mod meeting;
pub mod preview;
mod voice;

/// What is open on these screens.
#[derive(Debug, Clone)]
pub(crate) enum Open {
    Voice(VoiceStart),
    Yes(ChildYesStart),
    Meeting(MeetingStart),
}

impl Open {
    fn case(&self) -> CaseId {
        match self {
            Open::Voice(v) => v.case,
            Open::Yes(y) => y.case,
            Open::Meeting(m) => m.case,
        }
    }
}

/// The state of the three screens; all of it forgotten on leave.
#[derive(Default)]
pub(crate) struct RoomState {
    open: Option<Open>,
    /// The voice answers so far (the last one completes them).
    mood: Option<Mood>,
    safe: Option<Option<bool>>,
    /// The facilitator's PIN as typed on the hand-back keypad.
    pin: String,
}

/// Opens [`Route::RestorativeVoice`], [`Route::RestorativeChildYes`] and [`Route::MeetingRoom`].
pub(crate) struct RestorativeChild {
    state: RefCell<RoomState>,
}

impl Adapter for RestorativeChild {
    fn answers(&self, route: &Route) -> bool {
        matches!(
            route,
            Route::RestorativeVoice(_) | Route::RestorativeChildYes(_) | Route::MeetingRoom(_)
        )
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        // The facilitator's screen is put away: a child or the other side holds the kiosk now.
        super::child_present::conceal(kiosk, ui);
        clear(kiosk, ui);
        match route {
            Route::RestorativeVoice(start) => voice::begin(kiosk, ui, start),
            Route::RestorativeChildYes(start) => child_yes::begin(kiosk, ui, start),
            Route::MeetingRoom(start) => meeting::begin(kiosk, ui, start),
            _ => {}
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    voice::connect(ui, kiosk);
    child_yes::connect(ui, kiosk);
    meeting::connect(ui, kiosk);
    hand_back::connect(ui, kiosk);
    Rc::new(RestorativeChild {
        state: RefCell::default(),
    })
}

/// Forgets the child, the case and anything typed; the screens' globals hold nothing after.
fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<RoomState>() = RoomState::default();
    let a = ui.global::<RestorativeChildAdapter>();
    a.set_first_name(Default::default());
    a.set_step(ChildVoiceStep::Mood);
    a.set_busy(false);
    ui.global::<MeetingRoomAdapter>().set_paused(false);
    let h = ui.global::<HandBackAdapter>();
    h.set_unlocking(false);
    h.set_digits_typed(0);
    h.set_wrong_pin(false);
}

/// Shows `step` of the child's screens and says its words.
fn show_step(kiosk: &Kiosk, ui: &AppWindow, step: ChildVoiceStep) {
    ui.global::<RestorativeChildAdapter>().set_step(step);
    let prompt = match step {
        ChildVoiceStep::Mood => "restorative-mood",
        ChildVoiceStep::Safe => "restorative-safe",
        ChildVoiceStep::GoOn => "restorative-go-on",
        ChildVoiceStep::Rules => "restorative-rules",
        ChildVoiceStep::AskYes => "restorative-ask-yes",
        ChildVoiceStep::Thanks => "restorative-thanks",
        ChildVoiceStep::AskAdult => "restorative-ask-adult",
    };
    super::voice::say(kiosk, prompt);
}

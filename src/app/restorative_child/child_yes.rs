//! The child's own yes to taking part (for a minor, one of the consent's parts): the rules in
//! three short sentences, read aloud, then «Ты хочешь участвовать?» by two pictures. Yes is
//! `ConsentPart::OwnYes`; no is a withdrawal. The facilitator signed in is the one who records
//! it. A refusal from the store shows «Попроси взрослого», never its words.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{show_step, Open, RoomState};
use crate::app::navigator::ChildYesStart;
use crate::app::{AppWindow, ChildVoiceStep, Kiosk, RestorativeChildAdapter, Screen};
use crate::domain::restorative::ConsentPart;
use crate::platform::audio::Cue;
use crate::store::restorative::CaseAct;

pub(super) fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow, start: ChildYesStart) {
    ui.global::<RestorativeChildAdapter>()
        .set_first_name(start.first_name.as_str().into());
    kiosk.state_of::<RoomState>().open = Some(Open::Yes(start));
    kiosk.navigate(ui, Screen::RestorativeChild);
    show_step(kiosk, ui, ChildVoiceStep::Rules);
}

pub(super) fn connect(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<RestorativeChildAdapter>();
    let k = Rc::downgrade(kiosk);
    a.on_rules_heard(move || {
        let Some(k) = k.upgrade() else { return };
        if !matches!(k.view_of::<RoomState>().open, Some(Open::Yes(_))) {
            return;
        }
        k.services.speakers.play(Cue::Tap);
        if let Some(ui) = k.ui.upgrade() {
            show_step(&k, &ui, ChildVoiceStep::AskYes);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_answer(move |yes| {
        if let Some(k) = k.upgrade() {
            answer(&k, yes);
        }
    });
}

fn answer(kiosk: &Rc<Kiosk>, yes: bool) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let start = match &kiosk.view_of::<RoomState>().open {
        Some(Open::Yes(start)) => start.clone(),
        _ => return,
    };
    let a = ui.global::<RestorativeChildAdapter>();
    if a.get_busy() {
        return;
    }
    kiosk.services.speakers.play(Cue::Tap);
    let Some(me) = kiosk.signed_in() else {
        tracing::error!("a child's yes with nobody signed in: not recorded");
        show_step(kiosk, &ui, ChildVoiceStep::AskAdult);
        return;
    };
    a.set_busy(true);
    let (case, party) = (start.case, start.party);
    let act = if yes {
        CaseAct::Consent {
            party,
            part: ConsentPart::OwnYes,
            signature_png: None,
        }
    } else {
        CaseAct::Withdraw { party }
    };
    kiosk.ask(
        move |s| s.write(|w| w.restorative_act(me.staff, case, act).map(|_| ())),
        move |k, ui, r| {
            ui.global::<RestorativeChildAdapter>().set_busy(false);
            if !matches!(&k.view_of::<RoomState>().open, Some(Open::Yes(y)) if y.case == case && y.party == party) {
                return;
            }
            match r {
                Ok(()) => show_step(k, ui, ChildVoiceStep::Thanks),
                Err(e) => {
                    // For the log only: the child sees a gentle «ask a grown-up».
                    tracing::warn!(case = case.0, party = party.0, "the child's answer was not recorded: {e}");
                    show_step(k, ui, ChildVoiceStep::AskAdult);
                }
            }
        },
    );
}

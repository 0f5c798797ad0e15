//! A consent signature on the case screen, at a party's preliminary meeting: a child's legal
//! representative signs that the child takes part, an adult signs for themself. The strokes stay
//! here until saved as a PNG with `CaseAct::Consent`; cancelling drops them.

use std::rc::Rc;

use slint::ComponentHandle;

use super::case::{act, part, refresh, CaseState};
use crate::app::{AppWindow, CaseAdapter, CaseProblem, Kiosk};
use crate::domain::restorative::PartyId;
use crate::store::restorative::CaseAct;

pub(super) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<CaseAdapter>();
    let k = kiosk.clone();
    a.on_start_sign(move |party, representative| {
        let mut st = k.state_of::<CaseState>();
        st.signing = Some((PartyId(party.into()), representative));
        st.ink.clear();
        st.closing = false;
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_stroke(move |phase, x, y, w, h| {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<CaseState>();
        st.ink.touch(phase, x, y, w, h);
        let a = ui.global::<CaseAdapter>();
        a.set_ink(st.ink.path_commands().into());
        a.set_signed(st.ink.is_signed());
    });
    let k = kiosk.clone();
    a.on_clear_ink(move || {
        k.state_of::<CaseState>().ink.clear();
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_cancel_sign(move || {
        let mut st = k.state_of::<CaseState>();
        st.signing = None;
        st.ink.clear();
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_save_signature(move || {
        let (signing, png) = {
            let st = k.view_of::<CaseState>();
            (st.signing, st.ink.is_signed().then(|| st.ink.to_png()))
        };
        let Some((party, representative)) = signing else {
            return;
        };
        let Some(png) = png else {
            if let Some(ui) = k.ui.upgrade() {
                super::case::problem(&ui, CaseProblem::Unsigned, "");
            }
            return;
        };
        let consent = CaseAct::Consent {
            party,
            part: part(representative),
            signature_png: Some(png),
        };
        act(&k, vec![consent], |st| {
            st.signing = None;
            st.ink.clear();
        });
    });
}

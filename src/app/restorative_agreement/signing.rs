//! Signing: a party (or a child's legal representative) signs the agreement with a finger on
//! the signature pad. While they sign, the screen shows only the agreement and their own name;
//! the strokes become a PNG kept with the case (`CaseAct::Sign`).

use std::rc::Rc;

use slint::ComponentHandle;

use super::super::AppWindow;
use super::{
    act, party_name, refuse, representatives, say, AgreementMode, AgreementNotice,
    AgreementProblem, AgreementState, Kiosk, RestorativeAgreementAdapter,
};
use crate::domain::restorative::Signer;
use crate::domain::Signature;
use crate::store::restorative::CaseAct;

pub(super) fn wire(a: &RestorativeAgreementAdapter, kiosk: &Rc<Kiosk>) {
    let k = kiosk.clone();
    a.on_start_sign(move |row, representative| start(&k, row, representative));
    let k = kiosk.clone();
    a.on_stroke(move |phase, x, y, w, h| {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<AgreementState>();
        if st.signing.is_none() {
            return;
        }
        st.ink.touch(phase, x, y, w, h);
        show_ink(&ui, &st.ink);
    });
    let k = kiosk.clone();
    a.on_clear_ink(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<AgreementState>();
        st.ink.clear();
        show_ink(&ui, &st.ink);
    });
    let k = kiosk.clone();
    a.on_confirm_sign(move || confirm(&k));
    let k = kiosk.clone();
    a.on_cancel_sign(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        stop(&k, &ui);
        say(&ui, AgreementNotice::None, "");
    });
}

pub(super) fn show_ink(ui: &AppWindow, ink: &Signature) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_ink(ink.path_commands().into());
    a.set_signed(ink.is_signed());
}

/// Opens the pad for the party on row `row` (or their representative).
fn start(kiosk: &Rc<Kiosk>, row: i32, representative: bool) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let name = {
        let mut st = kiosk.state_of::<AgreementState>();
        let Some(party) = st
            .view
            .as_ref()
            .and_then(|v| v.parties.get(row.max(0) as usize))
            .map(|p| p.party.clone())
        else {
            return;
        };
        if representative && !party.is_minor() {
            return;
        }
        let signer = if representative {
            Signer::Representative
        } else {
            Signer::Party
        };
        st.signing = Some((party.id, signer));
        st.ink.clear();
        if representative {
            representatives(st.view.as_ref(), party.id)
        } else {
            party_name(st.view.as_ref(), party.id)
        }
    };
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_signer_name(name.into());
    a.set_signer_is_representative(representative);
    show_ink(&ui, &Signature::default());
    // Nothing of anyone else stays on screen while one person signs.
    say(&ui, AgreementNotice::None, "");
    a.set_mode(AgreementMode::Signing);
}

/// Back from the pad to the agreement and the parties, the strokes forgotten.
fn stop(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<AgreementState>();
        st.signing = None;
        st.ink.clear();
    }
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_signer_name("".into());
    a.set_signer_is_representative(false);
    show_ink(ui, &Signature::default());
    if a.get_mode() == AgreementMode::Signing {
        a.set_mode(AgreementMode::Reading);
    }
}

/// «Save the signature»: the strokes as a PNG, recorded for the party signing now.
fn confirm(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (party, signer, png, name) = {
        let st = kiosk.view_of::<AgreementState>();
        let Some((party, signer)) = st.signing else {
            return;
        };
        if !st.ink.is_signed() {
            drop(st);
            refuse(&ui, AgreementProblem::NotSigned, "");
            return;
        }
        let name = match signer {
            Signer::Party => party_name(st.view.as_ref(), party),
            Signer::Representative => representatives(st.view.as_ref(), party),
        };
        (party, signer, st.ink.to_png(), name)
    };
    stop(kiosk, &ui);
    act(
        kiosk,
        CaseAct::Sign {
            party,
            signer,
            signature_png: png,
        },
        move |_, ui, _| say(ui, AgreementNotice::Signed, &name),
    );
}

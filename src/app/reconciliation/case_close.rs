//! Closing a case on its screen: the outcome (withdrawn; ended at the preliminary stage, with
//! who declined; not suitable, with the screening rule that holds) and the referring body's
//! response, which may also be written after the closure.

use std::rc::Rc;

use slint::ComponentHandle;

use super::case::{act, problem, refresh, CaseState};
use crate::app::{AppWindow, CaseAdapter, CaseOutcome, CaseProblem, Kiosk};
use crate::domain::restorative::{Outcome, PartyId};
use crate::store::restorative::CaseAct;

pub(super) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<CaseAdapter>();
    let k = kiosk.clone();
    a.on_start_close(move || {
        let mut st = k.state_of::<CaseState>();
        st.closing = true;
        st.signing = None;
        st.close_outcome = None;
        st.close_declined = None;
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_cancel_close(move || {
        k.state_of::<CaseState>().closing = false;
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_choose_outcome(move |o| {
        k.state_of::<CaseState>().close_outcome = Some(o);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_choose_declined(move |p| {
        k.state_of::<CaseState>().close_declined = Some(PartyId(p.into()));
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_save_close(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let outcome = {
            let st = k.view_of::<CaseState>();
            match st.close_outcome {
                Some(CaseOutcome::Withdrawn) => Some(Outcome::Withdrawn),
                Some(CaseOutcome::EndedAtPreliminary) => st
                    .close_declined
                    .map(|declined_by| Outcome::EndedAtPreliminary { declined_by }),
                Some(CaseOutcome::NotSuitable) => {
                    st.stop().map(|rule| Outcome::NotSuitable { rule })
                }
                _ => None,
            }
        };
        let Some(outcome) = outcome else {
            problem(&ui, CaseProblem::ChooseOutcome, "");
            return;
        };
        let text = ui.global::<CaseAdapter>().get_response().trim().to_owned();
        let close = CaseAct::Close {
            outcome,
            referrer_response: (!text.is_empty()).then_some(text),
        };
        act(&k, vec![close], |st| st.closing = false);
    });
    let k = kiosk.clone();
    a.on_save_response(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let text = ui.global::<CaseAdapter>().get_response().trim().to_owned();
        act(&k, vec![CaseAct::ReferrerResponse(text)], |_| {});
    });
}

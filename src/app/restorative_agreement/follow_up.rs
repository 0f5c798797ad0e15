//! The follow-up: to it once everyone has signed, each item checked as kept or not kept, the
//! harmed party told, and the case closed with the outcome its items give (and the referring
//! body's response when it is known).

use std::rc::Rc;

use slint::ComponentHandle;

use super::{act, say, AgreementNotice, Kiosk, RestorativeAgreementAdapter};
use crate::domain::restorative::{Outcome, Stage};
use crate::store::restorative::CaseAct;

pub(super) fn wire(a: &RestorativeAgreementAdapter, kiosk: &Rc<Kiosk>) {
    let k = kiosk.clone();
    a.on_to_follow_up(move || {
        act(&k, CaseAct::MoveTo(Stage::FollowUp), |_, ui, _| {
            say(ui, AgreementNotice::None, "")
        })
    });
    let k = kiosk.clone();
    a.on_check_item(move |item, kept| {
        let item = item.max(0) as usize;
        act(&k, CaseAct::CheckItem { item, kept }, move |_, ui, _| {
            say(ui, AgreementNotice::Checked, &(item + 1).to_string())
        })
    });
    let k = kiosk.clone();
    a.on_told(move || {
        act(&k, CaseAct::HarmedPartyTold, |_, ui, _| {
            say(ui, AgreementNotice::Told, "")
        })
    });
    let k = kiosk.clone();
    a.on_close_case(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let text = ui
            .global::<RestorativeAgreementAdapter>()
            .get_referrer_response()
            .trim()
            .to_owned();
        let referrer_response = (!text.is_empty()).then_some(text);
        act(
            &k,
            CaseAct::CloseAfterFollowUp { referrer_response },
            |_, ui, view| {
                let notice = match view.case.stage {
                    Stage::Closed(Outcome::AgreementKept) => AgreementNotice::ClosedKept,
                    Stage::Closed(Outcome::AgreementNotKept) => AgreementNotice::ClosedNotKept,
                    _ => AgreementNotice::None,
                };
                say(ui, notice, "");
            },
        )
    });
}

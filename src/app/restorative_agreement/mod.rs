//! Adapter of the agreement screen ([`Route::RestorativeAgreement`]): a restorative case's
//! agreement written item by item, read together large, signed with a finger by every party
//! (and a child's legal representative), copied to a USB stick for each party once all allow
//! it, and followed up item by item until the case closes (issue 21, stages 5 and 6). Only the
//! case's facilitator or an administrator opens it (the store refuses anyone else and audits
//! each opening). Refusals come back typed and are shown as the screen's own words.
//!
//! One file per part: `show` (the case onto the screen), `editor`, `signing`, `copies`,
//! `follow_up`, `words` (refusals as keys) and `preview` (screenshots).

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use slint::ComponentHandle;

use super::generation::{ask_current, Generation, Generational};
use super::navigator::{Adapter, Route};
use super::{
    AgreementMode, AgreementNotice, AgreementProblem, AppWindow, Kiosk,
    RestorativeAgreementAdapter, Screen,
};
use crate::domain::restorative::{CaseId, PartyId, Signer};
use crate::domain::{Signature, StaffId};
use crate::store::restorative::{CaseAct, CaseView};
use crate::store::StoreError;

mod copies;
mod editor;
mod follow_up;
pub(crate) mod preview;
mod show;
mod signing;
mod words;

pub use copies::copy_file_name;

/// An item being written: what, who does it and who checks (indices into the case's parties;
/// no checker: the facilitator), and by when.
#[derive(Debug, Clone)]
struct Draft {
    what: String,
    who: usize,
    checker: Option<usize>,
    by: NaiveDate,
}

#[derive(Default)]
pub(crate) struct AgreementState {
    case: Option<CaseId>,
    /// The case as the store last gave it.
    view: Option<CaseView>,
    draft: Vec<Draft>,
    /// The date the agreement being written will carry.
    made_on: Option<NaiveDate>,
    /// Who signs now, while the pad is open.
    signing: Option<(PartyId, Signer)>,
    ink: Signature,
    /// Bumped by `clear`: an answer for an earlier opening is dropped.
    generation: Generation,
}

impl Generational for AgreementState {
    const SCREEN: Screen = Screen::RestorativeAgreement;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

/// Opens [`Route::RestorativeAgreement`].
pub(crate) struct RestorativeAgreement {
    state: RefCell<AgreementState>,
}

impl Adapter for RestorativeAgreement {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::RestorativeAgreement(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::RestorativeAgreement(id) = route {
            open(kiosk, ui, id);
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
    let a = ui.global::<RestorativeAgreementAdapter>();
    let k = kiosk.clone();
    a.on_back(move || back(&k));
    editor::wire(&a, kiosk);
    signing::wire(&a, kiosk);
    copies::wire(&a, kiosk);
    follow_up::wire(&a, kiosk);
    Rc::new(RestorativeAgreement {
        state: Default::default(),
    })
}

/// Opens case `id` (the store checks the viewer and audits the opening).
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow, id: CaseId) {
    clear(kiosk, ui);
    kiosk.state_of::<AgreementState>().case = Some(id);
    kiosk.navigate(ui, Screen::RestorativeAgreement);
    let Some(viewer) = staff(kiosk) else { return };
    ui.global::<RestorativeAgreementAdapter>().set_busy(true);
    ask_current::<AgreementState, _>(
        kiosk,
        move |s| s.write(|w| w.restorative_case(viewer, id)),
        |k, ui, r| {
            ui.global::<RestorativeAgreementAdapter>().set_busy(false);
            match r {
                Ok(view) => show::case(k, ui, view),
                Err(e) => {
                    let a = ui.global::<RestorativeAgreementAdapter>();
                    a.set_mode(AgreementMode::Refused);
                    failed(k, ui, &e);
                }
            }
        },
    );
}

/// Forgets the case, the items being written and any signature.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<AgreementState>();
        let mut generation = st.generation;
        generation.bump();
        *st = AgreementState {
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_mode(AgreementMode::Loading);
    a.set_case_number(0);
    a.set_made_on("".into());
    a.set_busy(false);
    a.set_parties(Default::default());
    a.set_draft(Default::default());
    a.set_items(Default::default());
    a.set_all_signed(false);
    a.set_all_allow_copy(false);
    a.set_signer_name("".into());
    a.set_signer_is_representative(false);
    a.set_told_at("".into());
    a.set_outcome("".into());
    a.set_referrer_response("".into());
    signing::show_ink(ui, &Signature::default());
    say(ui, AgreementNotice::None, "");
}

fn back(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (case, opened) = {
        let st = kiosk.view_of::<AgreementState>();
        (st.case, st.view.is_some())
    };
    clear(kiosk, &ui);
    match case {
        Some(id) if opened => kiosk.go(&ui, Route::RestorativeCase(id)),
        _ => kiosk.go(&ui, Route::Reconciliation),
    }
}

pub(super) fn staff(kiosk: &Kiosk) -> Option<StaffId> {
    kiosk.signed_in().map(|s| s.staff)
}

/// Shows a refusal or failure (and no notice).
fn refuse(ui: &AppWindow, key: AgreementProblem, arg: &str) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_problem(key);
    a.set_problem_arg(arg.into());
    a.set_notice(AgreementNotice::None);
    a.set_notice_arg("".into());
}

/// Shows what just happened (and no problem).
fn say(ui: &AppWindow, key: AgreementNotice, arg: &str) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_problem(AgreementProblem::None);
    a.set_problem_arg("".into());
    a.set_notice(key);
    a.set_notice_arg(arg.into());
}

/// Why the store refused or failed, in the screen's words.
fn failed(kiosk: &Kiosk, ui: &AppWindow, e: &StoreError) {
    match e {
        StoreError::Refused(crate::domain::Refusal::Restorative(r)) => {
            tracing::info!("agreement: refused: {r}");
            let (key, arg) = words::refusal(r, kiosk.view_of::<AgreementState>().view.as_ref());
            refuse(ui, key, &arg);
        }
        _ => {
            tracing::error!("agreement: {e}");
            refuse(ui, AgreementProblem::Store, &e.to_string());
        }
    }
}

/// Records `act` on the open case; the case after it is shown, then `then` says what happened.
fn act(
    kiosk: &Rc<Kiosk>,
    act: CaseAct,
    then: impl FnOnce(&Rc<Kiosk>, &AppWindow, &CaseView) + 'static,
) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (Some(viewer), Some(id)) = (staff(kiosk), kiosk.view_of::<AgreementState>().case) else {
        return;
    };
    ui.global::<RestorativeAgreementAdapter>().set_busy(true);
    ask_current::<AgreementState, _>(
        kiosk,
        move |s| s.write(|w| w.restorative_act(viewer, id, act)),
        move |k, ui, r| {
            ui.global::<RestorativeAgreementAdapter>().set_busy(false);
            match r {
                Ok(view) => {
                    show::case(k, ui, view.clone());
                    then(k, ui, &view);
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

/// The name of party `id` in the open case.
fn party_name(view: Option<&CaseView>, id: PartyId) -> String {
    view.and_then(|v| v.parties.iter().find(|p| p.party.id == id))
        .map_or_else(String::new, |p| p.name.clone())
}

/// The names of a child's legal representatives.
fn representatives(view: Option<&CaseView>, id: PartyId) -> String {
    view.and_then(|v| v.parties.iter().find(|p| p.party.id == id))
        .map_or_else(String::new, |p| {
            p.party
                .representatives
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
}

/// Dates as the screen shows them.
fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

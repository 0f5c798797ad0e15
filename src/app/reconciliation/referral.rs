//! Adapter of the referral card (`Route::RestorativeReferral`): the date (today unless changed),
//! who referred, the programme, what the conflict is about (staff only), and the parties —
//! enrolled children, each with a legal representative (the parent's name to start with), and
//! adults of their families. «Open the case» registers it (`Writer::open_restorative_case`, the
//! signed-in colleague becomes the facilitator) and opens it; a refusal comes back as words.
//! A child not enrolled yet goes through the enrolment first. When the colleague leads one of
//! the children's own therapy, «Ask an administrator to allow it» takes the card to the
//! administrator's override (`Route::RestorativeOverride`); the card stays as it was until the
//! override comes back (`Route::RestorativeReferralBack`), cleared only once a case opened.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use chrono::{Days, NaiveDate};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::words::{self, Names};
use crate::app::generation::{ask_current, Generation, Generational};
use crate::app::navigator::{Adapter, OverrideStart, Route};
use crate::app::{
    AppWindow, CaseKind, CaseProblem, CaseSource, Kiosk, ReferralAdapter, ReferralCandidate,
    ReferralParty, Screen,
};
use crate::domain::restorative::{
    PartyId, PartyRole, PartyWho, Representative, RestorativeRefusal,
};
use crate::domain::{ChildId, FamilyId, Refusal};
use crate::store::restorative::{CaseCandidate, NewParty, Referral};
use crate::store::StoreError;

/// A party on the card, as typed.
#[derive(Debug, Clone)]
struct Draft {
    child: Option<ChildId>,
    family: FamilyId,
    name: String,
    role: PartyRole,
    representative: String,
}

#[derive(Default)]
pub(crate) struct ReferralState {
    generation: Generation,
    date: Option<NaiveDate>,
    candidates: Vec<CaseCandidate>,
    filter: String,
    parties: Vec<Draft>,
    /// The child whose own therapy the colleague leads, as the last refusal named them.
    leads_therapy_of: Option<ChildId>,
}

impl Generational for ReferralState {
    const SCREEN: Screen = Screen::RestorativeReferral;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

impl Names for ReferralState {
    /// The store numbers a card's parties in the card's order, from 1.
    fn party(&self, id: PartyId) -> String {
        usize::try_from(id.0 - 1)
            .ok()
            .and_then(|i| self.parties.get(i))
            .map_or(String::new(), |p| p.name.clone())
    }
    fn child(&self, id: ChildId) -> String {
        self.candidates
            .iter()
            .find(|c| c.child == id)
            .map_or(String::new(), |c| c.child_name.clone())
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let a = ui.global::<ReferralAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::Reconciliation);
        }
    });
    let k = kiosk.clone();
    a.on_shift_date(move |by| {
        let today = crate::app::clock::today();
        let mut st = k.state_of::<ReferralState>();
        let now = st.date.unwrap_or(today);
        let next = if by < 0 {
            now.checked_sub_days(Days::new(1))
        } else {
            now.checked_add_days(Days::new(1))
        };
        // A referral is never dated in the future.
        st.date = next.filter(|d| *d <= today).or(Some(now));
        drop(st);
        if let Some(ui) = k.ui.upgrade() {
            show_date(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_set_source(move |s| {
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ReferralAdapter>().set_source(s);
        }
    });
    let k = kiosk.clone();
    a.on_set_kind(move |kind| {
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<ReferralAdapter>().set_kind(kind);
        }
    });
    let k = kiosk.clone();
    a.on_search(move |text| {
        k.state_of::<ReferralState>().filter = text.to_string();
        if let Some(ui) = k.ui.upgrade() {
            show_candidates(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_add_child(move |i| add(&k, i, true));
    let k = kiosk.clone();
    a.on_add_adult(move |i| add(&k, i, false));
    let k = kiosk.clone();
    a.on_set_role(move |i, role| {
        if let Some(p) = k.state_of::<ReferralState>().parties.get_mut(i as usize) {
            p.role = words::role_of(role);
        }
        if let Some(ui) = k.ui.upgrade() {
            show_parties(&k, &ui);
        }
    });
    // Typed text stays in the field: the model is not rebuilt while typing.
    let k = kiosk.clone();
    a.on_set_name(move |i, text| {
        if let Some(p) = k.state_of::<ReferralState>().parties.get_mut(i as usize) {
            p.name = text.to_string();
        }
    });
    let k = kiosk.clone();
    a.on_set_representative(move |i, text| {
        if let Some(p) = k.state_of::<ReferralState>().parties.get_mut(i as usize) {
            p.representative = text.to_string();
        }
    });
    let k = kiosk.clone();
    a.on_remove(move |i| {
        let mut st = k.state_of::<ReferralState>();
        if (i as usize) < st.parties.len() {
            st.parties.remove(i as usize);
        }
        drop(st);
        if let Some(ui) = k.ui.upgrade() {
            show_parties(&k, &ui);
        }
    });
    let k = kiosk.clone();
    // The card stays as it is while the child is enrolled; closing the enrolment comes back to
    // it (`Route::RestorativeReferralBack`) with the new child among those to name.
    a.on_enrol(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.go(&ui, Route::EnrolmentForReferral);
        }
    });
    let k = kiosk.clone();
    a.on_open_case(move || open_case(&k));
    let k = kiosk.clone();
    a.on_ask_admin(move || ask_admin(&k));
    Rc::new(ReferralScreen {
        state: RefCell::default(),
    })
}

/// Opens [`Route::RestorativeReferral`] (a blank card) and [`Route::RestorativeReferralBack`]
/// (the card as it was left for the administrator's override).
struct ReferralScreen {
    state: RefCell<ReferralState>,
}

impl Adapter for ReferralScreen {
    fn answers(&self, route: &Route) -> bool {
        matches!(
            route,
            Route::RestorativeReferral | Route::RestorativeReferralBack(_)
        )
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        match route {
            // Not allowed: the card as it was, the refusal still said.
            Route::RestorativeReferralBack(None) => resume(kiosk, ui),
            // Allowed and opened: nothing of the card stays.
            Route::RestorativeReferralBack(Some(id)) => {
                clear(kiosk, ui);
                kiosk.go(ui, Route::RestorativeCase(id));
            }
            _ => open(kiosk, ui),
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn Any {
        &self.state
    }
}

fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::RestorativeReferral);
    show_date(kiosk, ui);
    load_candidates(kiosk);
}

/// Reads the children a referral may name, and shows them.
fn load_candidates(kiosk: &Rc<Kiosk>) {
    ask_current::<ReferralState, _>(
        kiosk,
        |s| s.case_candidates(),
        |k, ui, r| match r {
            Ok(candidates) => {
                k.state_of::<ReferralState>().candidates = candidates;
                show_candidates(k, ui);
            }
            Err(e) => {
                tracing::error!("cannot read the children a referral may name: {e}");
                problem(ui, CaseProblem::Store, "");
            }
        },
    );
}

/// The card again as it was left: the parties' typed names are rebuilt from the state, the
/// search starts afresh.
fn resume(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    kiosk.navigate(ui, Screen::RestorativeReferral);
    kiosk.state_of::<ReferralState>().filter.clear();
    show_date(kiosk, ui);
    show_candidates(kiosk, ui);
    show_parties(kiosk, ui);
    // A child enrolled meanwhile is among those to name.
    load_candidates(kiosk);
}

fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    let mut st = kiosk.state_of::<ReferralState>();
    let mut generation = st.generation;
    generation.bump();
    *st = ReferralState {
        generation,
        ..Default::default()
    };
    drop(st);
    let a = ui.global::<ReferralAdapter>();
    a.set_date(SharedString::new());
    a.set_source(CaseSource::Kdn);
    a.set_kind(CaseKind::Mediation);
    a.set_conflict(SharedString::new());
    a.set_candidates(ModelRc::default());
    a.set_parties(ModelRc::default());
    a.set_busy(false);
    problem(ui, CaseProblem::None, "");
}

fn problem(ui: &AppWindow, p: CaseProblem, arg: &str) {
    let a = ui.global::<ReferralAdapter>();
    a.set_problem(p);
    a.set_problem_arg(arg.into());
}

fn show_date(kiosk: &Kiosk, ui: &AppWindow) {
    let date = kiosk
        .view_of::<ReferralState>()
        .date
        .unwrap_or_else(crate::app::clock::today);
    ui.global::<ReferralAdapter>()
        .set_date(date.format("%d.%m.%Y").to_string().into());
}

fn show_candidates(kiosk: &Kiosk, ui: &AppWindow) {
    let st = kiosk.view_of::<ReferralState>();
    let filter = st.filter.trim().to_lowercase();
    let rows: Vec<ReferralCandidate> = st
        .candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| filter.is_empty() || c.child_name.to_lowercase().contains(&filter))
        .map(|(i, c)| ReferralCandidate {
            index: i as i32,
            child: c.child_name.as_str().into(),
            parent: c.parent_name.as_str().into(),
        })
        .collect();
    ui.global::<ReferralAdapter>()
        .set_candidates(ModelRc::new(VecModel::from(rows)));
}

fn show_parties(kiosk: &Kiosk, ui: &AppWindow) {
    let st = kiosk.view_of::<ReferralState>();
    let rows: Vec<ReferralParty> = st
        .parties
        .iter()
        .map(|p| ReferralParty {
            child: p.child.is_some(),
            name: p.name.as_str().into(),
            role: words::role(p.role),
            representative: p.representative.as_str().into(),
        })
        .collect();
    ui.global::<ReferralAdapter>()
        .set_parties(ModelRc::new(VecModel::from(rows)));
}

/// Adds candidate `index` (or an adult of their family, named as the parent to start with).
/// The first party is the harmed side, the next one the side that caused harm.
fn add(kiosk: &Rc<Kiosk>, index: i32, child: bool) {
    let mut st = kiosk.state_of::<ReferralState>();
    let Some(c) = usize::try_from(index)
        .ok()
        .and_then(|i| st.candidates.get(i))
        .cloned()
    else {
        return;
    };
    if child && st.parties.iter().any(|p| p.child == Some(c.child)) {
        return;
    }
    let role = match st.parties.len() {
        0 => PartyRole::Harmed,
        1 => PartyRole::CausedHarm,
        _ => PartyRole::Supporter,
    };
    st.parties.push(if child {
        Draft {
            child: Some(c.child),
            family: c.family,
            name: c.child_name.clone(),
            role,
            representative: c.parent_name.clone(),
        }
    } else {
        Draft {
            child: None,
            family: c.family,
            name: c.parent_name.clone(),
            role,
            representative: String::new(),
        }
    });
    drop(st);
    if let Some(ui) = kiosk.ui.upgrade() {
        show_parties(kiosk, &ui);
    }
}

/// The card as the store takes it; `None` (and the problem said) with fewer than two parties.
fn card(kiosk: &Kiosk, ui: &AppWindow) -> Option<Referral> {
    let a = ui.global::<ReferralAdapter>();
    let st = kiosk.view_of::<ReferralState>();
    if st.parties.len() < 2 {
        problem(ui, CaseProblem::NoParties, "");
        return None;
    }
    Some(Referral {
        kind: words::kind_of(a.get_kind()),
        source: words::source_of(a.get_source()),
        referred_on: st.date.unwrap_or_else(crate::app::clock::today),
        conflict: a.get_conflict().trim().to_owned(),
        parties: st
            .parties
            .iter()
            .map(|p| NewParty {
                who: match p.child {
                    Some(child) => PartyWho::Child(child),
                    None => PartyWho::Adult {
                        family: p.family,
                        name: p.name.clone(),
                    },
                },
                role: p.role,
                representatives: if p.child.is_some() {
                    vec![Representative {
                        name: p.representative.clone(),
                    }]
                } else {
                    Vec::new()
                },
            })
            .collect(),
    })
}

fn open_case(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<ReferralAdapter>();
    if a.get_busy() {
        return;
    }
    let Some(me) = kiosk.signed_in() else { return };
    let Some(referral) = card(kiosk, &ui) else {
        return;
    };
    kiosk.state_of::<ReferralState>().leads_therapy_of = None;
    a.set_busy(true);
    problem(&ui, CaseProblem::None, "");
    ask_current::<ReferralState, _>(
        kiosk,
        move |s| s.write(|w| w.open_restorative_case(me.staff, &referral)),
        |k, ui, r| {
            ui.global::<ReferralAdapter>().set_busy(false);
            match r {
                Ok(id) => {
                    clear(k, ui);
                    k.go(ui, Route::RestorativeCase(id));
                }
                Err(e) => {
                    if let StoreError::Refused(Refusal::Restorative(
                        RestorativeRefusal::FacilitatorLeadsTherapy { child },
                    )) = &e
                    {
                        k.state_of::<ReferralState>().leads_therapy_of = Some(*child);
                    }
                    let (p, arg) = words::problem_of(&e, &*k.view_of::<ReferralState>());
                    problem(ui, p, &arg);
                }
            }
        },
    );
}

/// «Ask an administrator to allow it»: the card, as it is, to the administrator's override.
fn ask_admin(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    if ui.global::<ReferralAdapter>().get_busy() {
        return;
    }
    let Some(me) = kiosk.signed_in() else { return };
    let Some(child) = kiosk.view_of::<ReferralState>().leads_therapy_of else {
        return;
    };
    let Some(referral) = card(kiosk, &ui) else {
        return;
    };
    kiosk.go(
        &ui,
        Route::RestorativeOverride(OverrideStart {
            referral,
            facilitator: me.staff,
            child,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_party_is_named_from_the_card() {
        let st = ReferralState {
            parties: vec![Draft {
                child: None,
                family: FamilyId(1),
                name: "Иванова Мария".into(),
                role: PartyRole::Harmed,
                representative: String::new(),
            }],
            ..Default::default()
        };
        assert_eq!(st.party(PartyId(1)), "Иванова Мария");
        assert_eq!(st.party(PartyId(2)), "");
    }
}

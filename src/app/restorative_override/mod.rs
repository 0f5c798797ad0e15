//! Adapter of the administrator's override (`Route::RestorativeOverride`): a referral was
//! refused because the colleague who would lead it leads one of its children's own therapy, and
//! an administrator may allow it with a written reason (issue 21). The screen says what is
//! asked with the child's first name only (another adult may be in the room), lists only the
//! administrators, takes the chosen one's PIN, checked like a sign-in (`Store::attempt_sign_in`:
//! counted, locked out after too many, audited), and the reason; then the store opens the case
//! with the override (`Writer::open_restorative_case_allowed`: the role looked up there, the
//! reason kept with the case as its disclosure, the permission in the audit trail).
//!
//! The referral card waits as it was: «Do not allow» returns to it
//! (`Route::RestorativeReferralBack(None)`), an opened case goes back through it with the case
//! (`Route::RestorativeReferralBack(Some(id))`) so that the card is cleared and the case opens.

use std::cell::RefCell;
use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::generation::{ask_current, Generation, Generational};
use super::navigator::{Adapter, OverrideStart, Route};
use super::{AppWindow, Kiosk, OverrideAdmin, OverrideProblem, RestorativeOverrideAdapter, Screen};
use crate::domain::restorative::{CaseId, Override, RestorativeRefusal};
use crate::domain::{Pin, PinCheck, Refusal, Role, StaffId};
use crate::platform::audio::Cue;
use crate::store::{Store, StoreError};

pub mod preview;

/// Everything the screen holds; forgotten on leave, after an answer, and on «Do not allow».
#[derive(Default)]
pub(crate) struct OverrideState {
    generation: Generation,
    start: Option<OverrideStart>,
    /// The administrators, in the order shown.
    admins: Vec<StaffId>,
    chosen: Option<StaffId>,
    /// The PIN as typed; cleared after each try.
    pin: String,
}

impl Generational for OverrideState {
    const SCREEN: Screen = Screen::RestorativeOverride;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

/// What the screen shows once the store has answered: the administrators, the colleague's
/// name, the child's first name.
struct Shown {
    admins: Vec<(StaffId, String)>,
    facilitator: String,
    child: String,
}

/// What came of «Allow».
enum Allowed {
    Opened(CaseId),
    Pin(PinCheck),
}

/// Opens [`Route::RestorativeOverride`].
struct OverrideScreen {
    state: RefCell<OverrideState>,
}

impl Adapter for OverrideScreen {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::RestorativeOverride(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::RestorativeOverride(start) = route {
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

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let a = ui.global::<RestorativeOverrideAdapter>();
    let k = Rc::downgrade(kiosk);
    a.on_choose(move |i| {
        let Some(k) = k.upgrade() else { return };
        let chosen = {
            let mut st = k.state_of::<OverrideState>();
            st.chosen = usize::try_from(i)
                .ok()
                .and_then(|i| st.admins.get(i))
                .copied();
            st.chosen.is_some()
        };
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<RestorativeOverrideAdapter>();
            a.set_chosen(if chosen { i } else { -1 });
            a.set_problem(OverrideProblem::None);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_digit(move |d| {
        let Some(k) = k.upgrade() else { return };
        let n = {
            let mut st = k.state_of::<OverrideState>();
            if st.pin.len() < Pin::MAX_DIGITS && d.chars().all(|c| c.is_ascii_digit()) {
                st.pin.push_str(&d);
            }
            st.pin.len()
        };
        k.services.speakers.play(Cue::Tap);
        show_digits(&k, n);
    });
    let k = Rc::downgrade(kiosk);
    a.on_erase(move || {
        let Some(k) = k.upgrade() else { return };
        let n = {
            let mut st = k.state_of::<OverrideState>();
            st.pin.pop();
            st.pin.len()
        };
        show_digits(&k, n);
    });
    let k = Rc::downgrade(kiosk);
    a.on_clear_pin(move || {
        let Some(k) = k.upgrade() else { return };
        k.state_of::<OverrideState>().pin.clear();
        show_digits(&k, 0);
    });
    let k = Rc::downgrade(kiosk);
    a.on_allow(move || {
        if let Some(k) = k.upgrade() {
            allow(&k);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_refuse(move || {
        let Some(k) = k.upgrade() else { return };
        if let Some(ui) = k.ui.upgrade() {
            if ui.global::<RestorativeOverrideAdapter>().get_busy() {
                return;
            }
            clear(&k, &ui);
            k.go(&ui, Route::RestorativeReferralBack(None));
        }
    });
    Rc::new(OverrideScreen {
        state: RefCell::default(),
    })
}

fn show_digits(kiosk: &Kiosk, n: usize) {
    if let Some(ui) = kiosk.ui.upgrade() {
        ui.global::<RestorativeOverrideAdapter>()
            .set_digits_typed(n as i32);
    }
}

fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow, start: OverrideStart) {
    clear(kiosk, ui);
    let (facilitator, child) = (start.facilitator, start.child);
    kiosk.state_of::<OverrideState>().start = Some(start);
    kiosk.navigate(ui, Screen::RestorativeOverride);
    ask_current::<OverrideState, _>(
        kiosk,
        move |s| -> Result<Shown, StoreError> {
            let admins = s
                .staff_cards()?
                .into_iter()
                .filter(|c| c.member.role == Role::Admin)
                .map(|c| (c.id, c.member.list_name()))
                .collect();
            Ok(Shown {
                admins,
                facilitator: s.staff_member(facilitator)?.details.list_name(),
                child: s.child(child)?.details.first_name,
            })
        },
        |k, ui, r| match r {
            Ok(shown) => show(k, ui, shown),
            Err(e) => {
                tracing::error!("the override screen cannot read who may allow it: {e}");
                problem(ui, OverrideProblem::Store, "");
            }
        },
    );
}

fn show(kiosk: &Kiosk, ui: &AppWindow, shown: Shown) {
    kiosk.state_of::<OverrideState>().admins = shown.admins.iter().map(|(id, _)| *id).collect();
    let rows: Vec<OverrideAdmin> = shown
        .admins
        .iter()
        .map(|(_, name)| OverrideAdmin {
            name: name.as_str().into(),
        })
        .collect();
    let a = ui.global::<RestorativeOverrideAdapter>();
    a.set_admins(ModelRc::new(VecModel::from(rows)));
    a.set_facilitator(shown.facilitator.into());
    a.set_child(shown.child.into());
}

fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<OverrideState>();
        let mut generation = st.generation;
        generation.bump();
        *st = OverrideState {
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<RestorativeOverrideAdapter>();
    a.set_facilitator(SharedString::new());
    a.set_child(SharedString::new());
    a.set_admins(ModelRc::default());
    a.set_chosen(-1);
    a.set_digits_typed(0);
    a.set_reason(SharedString::new());
    a.set_busy(false);
    problem(ui, OverrideProblem::None, "");
}

fn problem(ui: &AppWindow, p: OverrideProblem, arg: &str) {
    let a = ui.global::<RestorativeOverrideAdapter>();
    a.set_problem(p);
    a.set_problem_arg(arg.into());
}

/// «Allow»: the chosen administrator's PIN, then the case opened with their reason, in one
/// job on the store thread.
fn allow(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RestorativeOverrideAdapter>();
    if a.get_busy() {
        return;
    }
    let (typed, chosen, start) = {
        let mut st = kiosk.state_of::<OverrideState>();
        (std::mem::take(&mut st.pin), st.chosen, st.start.clone())
    };
    a.set_digits_typed(0);
    let Some(start) = start else { return };
    let Some(admin) = chosen else {
        problem(&ui, OverrideProblem::ChooseAdmin, "");
        return;
    };
    let Ok(pin) = Pin::parse(&typed) else { return };
    let allowed = Override {
        by: admin,
        // The store looks the role up itself.
        by_admin: false,
        reason: a.get_reason().to_string(),
    };
    let pepper = kiosk.services.pepper.clone();
    let cost = kiosk.config.pin_cost;
    let now = crate::platform::clock::now();
    a.set_busy(true);
    problem(&ui, OverrideProblem::None, "");
    ask_current::<OverrideState, _>(
        kiosk,
        move |s: &mut Store| -> Result<Allowed, StoreError> {
            match s.attempt_sign_in(admin, now, |hash| hash.check(&pin, &pepper, cost))? {
                PinCheck::Accepted => s
                    .write(|w| {
                        w.open_restorative_case_allowed(
                            start.facilitator,
                            &start.referral,
                            &allowed,
                        )
                    })
                    .map(Allowed::Opened),
                other => Ok(Allowed::Pin(other)),
            }
        },
        |k, ui, r| {
            ui.global::<RestorativeOverrideAdapter>().set_busy(false);
            match r {
                Ok(Allowed::Opened(id)) => {
                    clear(k, ui);
                    k.go(ui, Route::RestorativeReferralBack(Some(id)));
                }
                Ok(Allowed::Pin(check)) => {
                    k.services.speakers.play(Cue::Refused);
                    match check {
                        PinCheck::Wrong { tries_left } => {
                            problem(ui, OverrideProblem::WrongPin, &tries_left.to_string());
                        }
                        PinCheck::LockedNow { until } | PinCheck::StillLocked { until } => {
                            let at = super::clock::local_hh_mm(until);
                            problem(ui, OverrideProblem::Locked, &at);
                        }
                        PinCheck::Accepted => {}
                    }
                }
                Err(e) => {
                    k.services.speakers.play(Cue::Refused);
                    let (p, arg) = problem_of(&e);
                    problem(ui, p, arg);
                }
            }
        },
    );
}

/// Why the store did not open the case, as the screen's problem.
fn problem_of(e: &StoreError) -> (OverrideProblem, &'static str) {
    match e {
        StoreError::Refused(Refusal::Restorative(r)) => {
            tracing::info!("override: refused: {r}");
            match r {
                RestorativeRefusal::OverrideNotByAdmin { .. } => (OverrideProblem::NotAdmin, ""),
                RestorativeRefusal::OverrideWithoutReason => (OverrideProblem::NoReason, ""),
                _ => (OverrideProblem::Other, ""),
            }
        }
        other => {
            tracing::error!("override: {other}");
            (OverrideProblem::Store, "")
        }
    }
}

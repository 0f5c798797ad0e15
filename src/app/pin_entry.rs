//! Adapter of the PIN screen: collects digits (kept here, never in the UI), sends the check
//! to the store worker (PBKDF2 runs there, not on the UI thread), and shows the outcome:
//! the role's home, a gentle "not right", or the pause after too many wrong PINs.
//!
//! A colleague from the centre's roster who has no PIN here yet signs in once in three steps:
//! their starting code (checked by the store, with the same pause), a PIN of their own, and that
//! PIN again; the store checks the code once more as it keeps the new PIN.

use std::cell::RefCell;
use std::rc::Rc;

use slint::ComponentHandle;

use super::navigator::{Adapter, Route};
use super::{AppWindow, Kiosk, PinEntryAdapter, PinStatus, PinStep, Screen};
use crate::crypto::PinHash;
use crate::domain::{Pin, PinCheck};
use crate::platform::audio::Cue;
use crate::store::StaffCard;

/// Opens [`Route::PinEntry`] for one colleague.
struct PinEntry {
    first: Rc<RefCell<FirstSignIn>>,
}

/// How far a first sign-in went: the starting code the store accepted, then the new PIN typed
/// once. Forgotten when the screen opens again or the person goes back.
#[derive(Default)]
struct FirstSignIn {
    code: Option<String>,
    chosen: Option<String>,
}

impl Adapter for PinEntry {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::PinEntry(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::PinEntry(card) = route {
            *self.first.borrow_mut() = FirstSignIn::default();
            open_for(kiosk, ui, card);
            kiosk.navigate(ui, Screen::PinEntry);
        }
    }
    fn state(&self) -> &dyn std::any::Any {
        &()
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let first = Rc::new(RefCell::new(FirstSignIn::default()));
    let adapter = ui.global::<PinEntryAdapter>();
    adapter.set_max_digits(Pin::MAX_DIGITS as i32);
    let k = kiosk.clone();
    adapter.on_digit(move |d| {
        let Some(ui) = k.ui.upgrade() else { return };
        let a = ui.global::<PinEntryAdapter>();
        if matches!(a.get_status(), PinStatus::Checking | PinStatus::Locked) {
            return;
        }
        let typed = {
            let mut st = k.state.borrow_mut();
            if st.pin.len() < Pin::MAX_DIGITS
                && d.len() == 1
                && d.chars().all(|c| c.is_ascii_digit())
            {
                st.pin.push_str(&d);
            }
            st.pin.len()
        };
        k.services.speakers.play(Cue::Tap);
        a.set_digits_typed(typed as i32);
        a.set_status(PinStatus::Entering);
    });
    let k = kiosk.clone();
    adapter.on_erase(move || {
        edit(&k, |pin| {
            pin.pop();
        })
    });
    let k = kiosk.clone();
    adapter.on_clear(move || edit(&k, String::clear));
    let k = kiosk.clone();
    let f = first.clone();
    adapter.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.state.borrow_mut().pin.clear();
            *f.borrow_mut() = FirstSignIn::default();
            k.go(&ui, Route::StaffSelect);
        }
    });
    let k = kiosk.clone();
    let f = first.clone();
    adapter.on_submit(move || submit(&k, &f));
    Rc::new(PinEntry { first })
}

fn edit(kiosk: &Rc<Kiosk>, change: impl FnOnce(&mut String)) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<PinEntryAdapter>();
    if matches!(a.get_status(), PinStatus::Checking | PinStatus::Locked) {
        return;
    }
    let typed = {
        let mut st = kiosk.state.borrow_mut();
        change(&mut st.pin);
        st.pin.len()
    };
    a.set_digits_typed(typed as i32);
    a.set_status(PinStatus::Entering);
}

/// Shows the PIN screen for `card`, already paused if that colleague is locked.
fn open_for(kiosk: &Rc<Kiosk>, ui: &AppWindow, card: StaffCard) {
    let a = ui.global::<PinEntryAdapter>();
    a.set_name(card.member.list_name().into());
    a.set_role(card.member.role.key().into());
    a.set_digits_typed(0);
    a.set_step(if card.first_sign_in {
        PinStep::StartingCode
    } else {
        PinStep::Pin
    });
    match card
        .locked_until
        .filter(|t| *t > crate::platform::clock::now())
    {
        Some(until) => {
            a.set_locked_until(super::clock::local_hh_mm(until).into());
            a.set_status(PinStatus::Locked);
        }
        None => a.set_status(PinStatus::Entering),
    }
    let mut st = kiosk.state.borrow_mut();
    st.pin.clear();
    st.chosen = Some(card);
}

fn submit(kiosk: &Rc<Kiosk>, first: &Rc<RefCell<FirstSignIn>>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<PinEntryAdapter>();
    let (chosen, typed) = {
        let mut st = kiosk.state.borrow_mut();
        (st.chosen.clone(), std::mem::take(&mut st.pin))
    };
    let (Some(card), Ok(pin)) = (chosen, Pin::parse(&typed)) else {
        return;
    };
    match a.get_step() {
        PinStep::Pin => sign_in(kiosk, &a, card, pin),
        PinStep::StartingCode => check_code(kiosk, &a, card, pin, typed, first),
        PinStep::Choose => {
            first.borrow_mut().chosen = Some(typed);
            a.set_digits_typed(0);
            a.set_step(PinStep::Repeat);
            a.set_status(PinStatus::Entering);
        }
        PinStep::Repeat => {
            let (code, chosen) = {
                let f = first.borrow();
                (f.code.clone(), f.chosen.clone())
            };
            a.set_digits_typed(0);
            match (code, chosen) {
                (Some(code), Some(chosen)) if chosen == typed => {
                    keep_first_pin(kiosk, &a, card, code, pin)
                }
                (Some(_), _) => {
                    kiosk.services.speakers.play(Cue::Refused);
                    first.borrow_mut().chosen = None;
                    a.set_step(PinStep::Choose);
                    a.set_status(PinStatus::Mismatch);
                }
                (None, _) => a.set_step(PinStep::StartingCode),
            }
        }
    }
}

/// Shows a refusal the store answered with (a wrong PIN or code, or the pause).
fn show_refusal(kiosk: &Rc<Kiosk>, a: &PinEntryAdapter<'_>, check: PinCheck) {
    kiosk.services.speakers.play(Cue::Refused);
    match check {
        PinCheck::Accepted => a.set_status(PinStatus::Entering),
        PinCheck::Wrong { tries_left } => {
            a.set_tries_left(tries_left as i32);
            a.set_status(PinStatus::Wrong);
        }
        PinCheck::LockedNow { until } | PinCheck::StillLocked { until } => {
            a.set_locked_until(super::clock::local_hh_mm(until).into());
            a.set_status(PinStatus::Locked);
        }
    }
}

/// The starting code of a colleague's first sign-in: right, and they choose their PIN next.
fn check_code(
    kiosk: &Rc<Kiosk>,
    a: &PinEntryAdapter<'_>,
    card: StaffCard,
    code: Pin,
    typed: String,
    first: &Rc<RefCell<FirstSignIn>>,
) {
    a.set_status(PinStatus::Checking);
    let staff = card.id;
    let now = crate::platform::clock::now();
    let first = first.clone();
    kiosk.ask(
        move |s| s.check_starting_code(staff, now, |hash| hash.verify_starting_code(&code)),
        move |k, ui, outcome| {
            let a = ui.global::<PinEntryAdapter>();
            a.set_digits_typed(0);
            match outcome {
                Ok(PinCheck::Accepted) => {
                    k.services.speakers.play(Cue::Tap);
                    first.borrow_mut().code = Some(typed);
                    a.set_step(PinStep::Choose);
                    a.set_status(PinStatus::Entering);
                }
                Ok(check) => show_refusal(k, &a, check),
                Err(e) => {
                    tracing::error!("the starting code could not be checked: {e}");
                    a.set_status(PinStatus::Entering);
                }
            }
        },
    );
}

/// Keeps the PIN a colleague chose (hashed on the store's thread) and signs them in.
fn keep_first_pin(
    kiosk: &Rc<Kiosk>,
    a: &PinEntryAdapter<'_>,
    card: StaffCard,
    code: String,
    pin: Pin,
) {
    let Ok(code) = Pin::parse(&code) else { return };
    a.set_status(PinStatus::Checking);
    let pepper = kiosk.services.pepper.clone();
    let cost = kiosk.config.pin_cost;
    let staff = card.id;
    let now = crate::platform::clock::now();
    kiosk.ask(
        move |s| {
            let hash = PinHash::with_cost(&pin, &pepper, cost);
            s.choose_first_pin(staff, now, |h| h.verify_starting_code(&code), &hash)
        },
        move |k, ui, outcome| {
            let a = ui.global::<PinEntryAdapter>();
            match outcome {
                Ok(PinCheck::Accepted) => {
                    k.services.speakers.play(Cue::Chime);
                    a.set_step(PinStep::Pin);
                    a.set_status(PinStatus::Entering);
                    let card = StaffCard {
                        first_sign_in: false,
                        ..card
                    };
                    k.sign_in(ui, &card);
                }
                Ok(check) => {
                    a.set_step(PinStep::StartingCode);
                    show_refusal(k, &a, check);
                }
                Err(e) => {
                    tracing::error!("the new PIN could not be kept: {e}");
                    a.set_step(PinStep::StartingCode);
                    a.set_status(PinStatus::Entering);
                }
            }
        },
    );
}

fn sign_in(kiosk: &Rc<Kiosk>, a: &PinEntryAdapter<'_>, card: StaffCard, pin: Pin) {
    a.set_status(PinStatus::Checking);
    let pepper = kiosk.services.pepper.clone();
    let staff = card.id;
    let now = crate::platform::clock::now();
    let cost = kiosk.config.pin_cost;
    kiosk.ask(
        // A right PIN on an older hash is rehashed at today's cost, in the same transaction.
        move |s| s.attempt_sign_in(staff, now, |hash| hash.check(&pin, &pepper, cost)),
        move |k, ui, outcome| {
            let a = ui.global::<PinEntryAdapter>();
            a.set_digits_typed(0);
            match outcome {
                Ok(PinCheck::Accepted) => {
                    k.services.speakers.play(Cue::Chime);
                    a.set_status(PinStatus::Entering);
                    k.sign_in(ui, &card);
                }
                Ok(check) => show_refusal(k, &a, check),
                Err(e) => {
                    tracing::error!("the PIN could not be checked: {e}");
                    a.set_status(PinStatus::Entering);
                }
            }
        },
    );
}

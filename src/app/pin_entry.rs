//! Adapter of the PIN screen: collects digits (kept here, never in the UI), sends the check
//! to the store worker (PBKDF2 runs there, not on the UI thread), and shows the outcome:
//! the role's home, a gentle "not right", or the pause after too many wrong PINs.

use std::rc::Rc;

use slint::ComponentHandle;

use super::navigator::{Adapter, Route};
use super::{AppWindow, Kiosk, PinEntryAdapter, PinStatus, Screen};
use crate::domain::{Pin, PinCheck};
use crate::platform::audio::Cue;
use crate::store::StaffCard;

/// Opens [`Route::PinEntry`] for one colleague.
struct PinEntry;

impl Adapter for PinEntry {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::PinEntry(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::PinEntry(card) = route {
            open_for(kiosk, ui, card);
            kiosk.navigate(ui, Screen::PinEntry);
        }
    }
    fn state(&self) -> &dyn std::any::Any {
        &()
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
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
    adapter.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.state.borrow_mut().pin.clear();
            k.go(&ui, Route::StaffSelect);
        }
    });
    let k = kiosk.clone();
    adapter.on_submit(move || submit(&k));
    Rc::new(PinEntry)
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
    match card.locked_until.filter(|t| *t > crate::platform::clock::now()) {
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

fn submit(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<PinEntryAdapter>();
    let (chosen, typed) = {
        let mut st = kiosk.state.borrow_mut();
        (st.chosen.clone(), std::mem::take(&mut st.pin))
    };
    let (Some(card), Ok(pin)) = (chosen, Pin::parse(&typed)) else {
        return;
    };
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
                Ok(PinCheck::Wrong { tries_left }) => {
                    k.services.speakers.play(Cue::Refused);
                    a.set_tries_left(tries_left as i32);
                    a.set_status(PinStatus::Wrong);
                }
                Ok(PinCheck::LockedNow { until } | PinCheck::StillLocked { until }) => {
                    k.services.speakers.play(Cue::Refused);
                    a.set_locked_until(super::clock::local_hh_mm(until).into());
                    a.set_status(PinStatus::Locked);
                }
                Err(e) => {
                    tracing::error!("the PIN could not be checked: {e}");
                    a.set_status(PinStatus::Entering);
                }
            }
        },
    );
}

//! Handing the kiosk back to the facilitator: the PIN of the colleague signed in, checked like
//! a sign-in (`Store::attempt_sign_in`: counted, locked out after too many, audited), is the
//! only way from the child's screens or the meeting room back to the case.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{clear, RoomState};
use crate::app::navigator::Route;
use crate::app::{AppWindow, HandBackAdapter, Kiosk, Navigation, Screen};
use crate::domain::Pin;
use crate::platform::audio::Cue;

pub(super) fn connect(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<HandBackAdapter>();
    let k = Rc::downgrade(kiosk);
    a.on_ask(move || {
        let Some(k) = k.upgrade() else { return };
        k.idle.touched();
        k.state_of::<RoomState>().pin.clear();
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<HandBackAdapter>();
            a.set_digits_typed(0);
            a.set_wrong_pin(false);
            a.set_unlocking(true);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_digit(move |d| {
        let Some(k) = k.upgrade() else { return };
        k.idle.touched();
        let n = {
            let mut st = k.state_of::<RoomState>();
            if st.pin.len() < Pin::MAX_DIGITS && d.chars().all(|c| c.is_ascii_digit()) {
                st.pin.push_str(&d);
            }
            st.pin.len()
        };
        k.services.speakers.play(Cue::Tap);
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<HandBackAdapter>().set_digits_typed(n as i32);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_erase(move || {
        let Some(k) = k.upgrade() else { return };
        let n = {
            let mut st = k.state_of::<RoomState>();
            st.pin.pop();
            st.pin.len()
        };
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<HandBackAdapter>().set_digits_typed(n as i32);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_cancel(move || {
        let Some(k) = k.upgrade() else { return };
        k.state_of::<RoomState>().pin.clear();
        if let Some(ui) = k.ui.upgrade() {
            let a = ui.global::<HandBackAdapter>();
            a.set_unlocking(false);
            a.set_digits_typed(0);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_submit(move || {
        if let Some(k) = k.upgrade() {
            submit(&k);
        }
    });
}

fn submit(kiosk: &Rc<Kiosk>) {
    let typed = std::mem::take(&mut kiosk.state_of::<RoomState>().pin);
    let Some(case) = kiosk.view_of::<RoomState>().open.as_ref().map(|o| o.case()) else {
        return;
    };
    crate::app::hand_back::check(
        kiosk,
        &typed,
        move |k, ui| {
            ui.global::<HandBackAdapter>().set_digits_typed(0);
            clear(k, ui);
            k.go(ui, Route::RestorativeCase(case));
            // The case screen opens at once; should none answer, the facilitator's home does:
            // the child's screens never stay after the PIN.
            if matches!(
                ui.global::<Navigation>().get_screen(),
                Screen::RestorativeChild | Screen::MeetingRoom
            ) {
                tracing::error!("no screen opened the case after the hand-back: to the home");
                k.go(ui, Route::RoleHome);
            }
        },
        |ui| {
            let a = ui.global::<HandBackAdapter>();
            a.set_digits_typed(0);
            a.set_wrong_pin(true);
        },
    );
}

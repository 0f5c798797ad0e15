//! The one way a child's screen gives the kiosk back to the colleague who handed it over: their
//! PIN, checked exactly like a sign-in (`Store::attempt_sign_in`: counted, locked out after too
//! many, audited). Child mode (diagnostics) and the reconciliation room's child screens and
//! meeting room all end through here, so the rule cannot drift between them.

use std::rc::Rc;

use super::{AppWindow, Kiosk};
use crate::domain::{Pin, PinCheck, SignOutReason};
use crate::platform::audio::Cue;

/// Checks `typed` against the signed-in colleague's PIN on the store thread. Accepted: `accepted`
/// runs (it leaves the child's screen). Wrong: the refusal sound and `wrong`. Locked out: nobody
/// may leave the child's screen from here, so the kiosk goes home where nothing of the child is.
/// With nobody signed in the kiosk goes home too.
pub(crate) fn check(
    kiosk: &Rc<Kiosk>,
    typed: &str,
    accepted: impl FnOnce(&Rc<Kiosk>, &AppWindow) + 'static,
    wrong: impl FnOnce(&AppWindow) + 'static,
) {
    let Some(me) = kiosk.signed_in() else {
        if let Some(ui) = kiosk.ui.upgrade() {
            kiosk.return_home(&ui, SignOutReason::Hidden);
        }
        return;
    };
    // Too short or not digits: the keypad does not submit such a PIN; nothing to check.
    let Ok(pin) = Pin::parse(typed) else { return };
    let pepper = kiosk.services.pepper.clone();
    let now = crate::platform::clock::now();
    let cost = kiosk.config.pin_cost;
    kiosk.ask(
        move |s| s.attempt_sign_in(me.staff, now, |hash| hash.check(&pin, &pepper, cost)),
        move |k, ui, outcome| match outcome {
            Ok(PinCheck::Accepted) => accepted(k, ui),
            Ok(PinCheck::Wrong { .. }) => {
                k.services.speakers.play(Cue::Refused);
                wrong(ui);
            }
            Ok(PinCheck::LockedNow { .. } | PinCheck::StillLocked { .. }) => {
                k.services.speakers.play(Cue::Refused);
                k.return_home(ui, SignOutReason::Hidden);
            }
            Err(e) => tracing::error!("the PIN could not be checked: {e}"),
        },
    );
}

//! "A child may see the screen." The psychologist's screens (a session, the schedule's day,
//! help routes) stand in the playroom, where a child can read them: route steps name risks
//! («суицидальные мысли…»), lists carry surnames, a session has private notes. While a child
//! may be present — the default from sign-in on, and again whenever a session starts or child
//! mode is entered or left — those screens leave surnames, notes and route-step texts out of
//! what they hand Slint (not merely hidden by Slint: they are not in the model). One tap on
//! "Show" (`ChildPresentBar`) brings them back until the next of those moments; "Hide again"
//! puts them away. Screens ask [`revealed`] when they fill themselves.

use slint::ComponentHandle;

use super::{AppWindow, ChildPresent, Kiosk};

/// Whether surnames, notes and risk texts may be shown now (the psychologist tapped "Show"
/// since the last time a child may have come near the screen).
pub(crate) fn revealed(kiosk: &Kiosk) -> bool {
    kiosk.state.borrow().revealed
}

/// Shows (`true`) or hides again (`false`) what a child must not read; the screen that asked
/// fills itself again.
pub(crate) fn set_revealed(kiosk: &Kiosk, ui: &AppWindow, revealed: bool) {
    kiosk.state.borrow_mut().revealed = revealed;
    ui.global::<ChildPresent>().set_present(!revealed);
}

/// A child may be near: a session starts, child mode is entered or left, someone signs out.
pub(crate) fn conceal(kiosk: &Kiosk, ui: &AppWindow) {
    set_revealed(kiosk, ui, false);
}

/// A child's name as a screen a child may see shows it: the surname only when revealed.
pub(crate) fn child_name(
    kiosk: &Kiosk,
    first: &str,
    surname: &str,
    may_show_surname: bool,
) -> String {
    if may_show_surname && revealed(kiosk) {
        format!("{first} {surname}")
    } else {
        first.to_owned()
    }
}

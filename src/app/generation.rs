//! Answers for a screen that is gone. The store answers on the UI thread some time after a
//! screen asked; by then the screen may have been left, the colleague signed out or the idle
//! timeout have cleared it, and an answer written into it then would bring back what was just
//! forgotten (a child's tiles, a psychologist's results, child mode for nobody). A screen keeps
//! a [`Generation`], bumped whenever it forgets (its `clear`); [`ask_current`] hands an answer
//! on only while the generation it was asked in is still the screen's, the screen still shows
//! and, for a staff screen, someone is signed in. Any other answer is dropped. The rental desk,
//! the check-in and the diagnostics screen share it.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Kiosk, Navigation, Screen};
use crate::store::Store;

/// How many times a screen has forgotten everything: answers asked for an earlier one are stale.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Generation(u64);

impl Generation {
    /// The screen forgets: every answer still on its way is stale from now on.
    pub(crate) fn bump(&mut self) {
        self.0 = self.0.wrapping_add(1);
    }
}

/// A screen's state that keeps a [`Generation`].
pub(crate) trait Generational: 'static {
    /// The screen the answers are for: an answer that arrives on any other is dropped.
    const SCREEN: Screen;
    /// Whether the screen is only for a signed-in colleague (its answers are dropped once
    /// nobody is).
    const STAFF_ONLY: bool;
    fn generation(&self) -> Generation;
}

/// Whether an answer asked in `generation` may still be shown on the screen of `S`.
pub(crate) fn is_current<S: Generational>(
    kiosk: &Kiosk,
    ui: &AppWindow,
    generation: Generation,
) -> bool {
    kiosk.view_of::<S>().generation() == generation
        && (!S::STAFF_ONLY || kiosk.signed_in().is_some())
        && ui.global::<Navigation>().get_screen() == S::SCREEN
}

/// Runs `job` on the store thread; `then` gets the answer only while the screen of `S` that
/// asked is still current (see [`is_current`]); a stale answer is dropped.
pub(crate) fn ask_current<S: Generational, R: Send + 'static>(
    kiosk: &Rc<Kiosk>,
    job: impl FnOnce(&mut Store) -> R + Send + 'static,
    then: impl FnOnce(&Rc<Kiosk>, &AppWindow, R) + 'static,
) {
    ask_current_else::<S, R>(kiosk, job, then, |_, _| {});
}

/// As [`ask_current`], but a stale answer goes to `stale` (which must show nothing): for what
/// has to be kept whatever the screen shows now, such as a child's wrong code.
pub(crate) fn ask_current_else<S: Generational, R: Send + 'static>(
    kiosk: &Rc<Kiosk>,
    job: impl FnOnce(&mut Store) -> R + Send + 'static,
    then: impl FnOnce(&Rc<Kiosk>, &AppWindow, R) + 'static,
    stale: impl FnOnce(&Rc<Kiosk>, R) + 'static,
) {
    let generation = kiosk.view_of::<S>().generation();
    kiosk.ask(job, move |k, ui, r| {
        if is_current::<S>(k, ui, generation) {
            then(k, ui, r);
        } else {
            tracing::debug!("a store answer for a screen since cleared is dropped");
            stale(k, r);
        }
    });
}

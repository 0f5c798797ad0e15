//! The kiosk during a joint meeting: no names and nothing of the case, a very large «Нужна
//! пауза» that anyone may tap without a PIN. A tap chimes for the facilitator, is recorded with
//! its time (`Writer::record_pause`), and shows the calm pause screen until «Продолжить». Only
//! «Завершить встречу» with the facilitator's PIN leads back to the case.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{Open, RoomState};
use crate::app::navigator::MeetingStart;
use crate::app::{AppWindow, Kiosk, MeetingRoomAdapter, Screen};
use crate::platform::audio::Cue;

pub(super) fn begin(kiosk: &Rc<Kiosk>, ui: &AppWindow, start: MeetingStart) {
    kiosk.state_of::<RoomState>().open = Some(Open::Meeting(start));
    ui.global::<MeetingRoomAdapter>().set_paused(false);
    // The last prompt may have been a child's question: 🔊 has nothing to repeat here.
    kiosk.services.speakers.forget();
    kiosk.navigate(ui, Screen::MeetingRoom);
}

pub(super) fn connect(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<MeetingRoomAdapter>();
    let k = Rc::downgrade(kiosk);
    a.on_pause(move || {
        if let Some(k) = k.upgrade() {
            pause(&k);
        }
    });
    let k = Rc::downgrade(kiosk);
    a.on_resume(move || {
        let Some(k) = k.upgrade() else { return };
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<MeetingRoomAdapter>().set_paused(false);
        }
    });
}

/// «Нужна пауза»: the chime, the record with the tap's time, the pause screen. Each tap is
/// recorded, even one while the pause already shows (a second person asking counts).
fn pause(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (case, session) = match &kiosk.view_of::<RoomState>().open {
        Some(Open::Meeting(m)) => (m.case, m.session),
        _ => return,
    };
    let at = crate::platform::clock::now();
    kiosk.services.speakers.play(Cue::Chime);
    ui.global::<MeetingRoomAdapter>().set_paused(true);
    kiosk.ask(
        move |s| s.write_at(at, |w| w.record_pause(case, session)),
        move |_, _, r| {
            if let Err(e) = r {
                tracing::error!(case = case.0, "a pause was not recorded: {e}");
            }
        },
    );
}

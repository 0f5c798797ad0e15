//! Adapter of the on-screen keyboard: a key becomes a key press of the window, so it types into
//! whichever text field has the focus, exactly as a hardware key would. The layout follows the
//! kiosk's language until someone switches it on the keyboard.

use slint::platform::{Key, WindowEvent};
use slint::{ComponentHandle, SharedString};

use super::{AppWindow, KeyboardAdapter};
use crate::domain::Language;

pub fn install(ui: &AppWindow) {
    let a = ui.global::<KeyboardAdapter>();
    let weak = ui.as_weak();
    a.on_type_text(move |text| {
        if let Some(ui) = weak.upgrade() {
            press(&ui, text);
        }
    });
    let weak = ui.as_weak();
    a.on_special(move |which| {
        let Some(ui) = weak.upgrade() else { return };
        let key = match which.as_str() {
            "backspace" => Key::Backspace,
            "next" => Key::Tab,
            other => {
                tracing::warn!("the keyboard sent an unknown special key «{other}»");
                return;
            }
        };
        press(&ui, key.into());
    });
}

fn press(ui: &AppWindow, text: SharedString) {
    ui.window()
        .dispatch_event(WindowEvent::KeyPressed { text: text.clone() });
    ui.window()
        .dispatch_event(WindowEvent::KeyReleased { text });
}

/// The keyboard's layout for the kiosk's language; shift off.
pub fn follow_language(ui: &AppWindow, lang: Language) {
    let a = ui.global::<KeyboardAdapter>();
    a.set_layout(lang.code().into());
    a.set_shift(false);
}

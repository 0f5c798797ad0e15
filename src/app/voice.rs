//! Voice prompts for the screens a child uses: each step says aloud what its words say, in the
//! kiosk's current language, so a child who cannot read can finish by pictures and sound.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Kiosk, Navigation, Screen, VoicePrompt};

/// Hooks the 🔊 button of the child's screens: the last prompt again, or at the public home
/// (where nothing is said by itself, as nobody may be there) its greeting.
pub(crate) fn connect_say_again(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let k = Rc::downgrade(kiosk);
    ui.global::<VoicePrompt>().on_say_again(move || {
        let Some(k) = k.upgrade() else { return };
        let Some(ui) = k.ui.upgrade() else { return };
        if ui.global::<Navigation>().get_screen() == Screen::PublicHome {
            say(&k, "home");
        } else {
            k.services.speakers.say_again();
        }
    });
}

/// Says prompt `key` (a row of `assets/voice/lines.tsv`) in the kiosk's language.
pub fn say(kiosk: &Kiosk, key: &str) {
    kiosk.services.speakers.say(key, kiosk.state_language());
}

/// "Thank you, Masha! Your psychologist will come soon." — with the name only when the family
/// agreed to show it; otherwise, or without a speech synthesiser, the recorded line.
pub fn say_thanks(kiosk: &Kiosk, public_name: &str) {
    let lang = kiosk.state_language();
    if public_name.is_empty() {
        kiosk.services.speakers.say("done", lang);
        return;
    }
    let text = match lang {
        crate::domain::Language::Ru => {
            format!("Спасибо, {public_name}! Твой психолог скоро придёт.")
        }
        crate::domain::Language::Tt => {
            format!("Рәхмәт, {public_name}! Синең психологың тиздән килер.")
        }
        crate::domain::Language::En => {
            format!("Thank you, {public_name}! Your psychologist will come soon.")
        }
    };
    kiosk.services.speakers.speak(text, lang, "done");
}

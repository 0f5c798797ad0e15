//! Voice prompts for the screens a child uses: each step says aloud what its words say, in the
//! kiosk's current language, so a child who cannot read can finish by pictures and sound.

use super::Kiosk;

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

//! Switching the language of every screen at once: the bundled translation, and the texts the
//! Rust side formats itself (the date).

use crate::domain::Language;

/// Selects the bundled translation for `lang` (English is the source language).
pub fn select(lang: Language) {
    if let Err(e) = slint::select_bundled_translation(lang.code()) {
        tracing::warn!(language = lang.code(), "cannot switch language: {e}");
    }
}

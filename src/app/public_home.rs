//! Adapter of the public home: the room's name, today's date in the chosen language, the
//! language switch and the way in for staff.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{AppWindow, Kiosk, PublicHomeAdapter, Screen};
use crate::domain::Language;

pub fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let adapter = ui.global::<PublicHomeAdapter>();
    adapter.set_demo(kiosk.config.demo);
    let k = kiosk.clone();
    adapter.on_language_chosen(move |code| {
        if let (Ok(lang), Some(ui)) = (Language::from_code(&code), k.ui.upgrade()) {
            k.set_language(&ui, lang);
            super::voice::say(&k, "home");
        }
    });
    let k = kiosk.clone();
    adapter.on_staff_entry(move || {
        if let Some(ui) = k.ui.upgrade() {
            super::staff_select::load(&k, &ui);
            k.navigate(&ui, Screen::StaffSelect);
        }
    });
    kiosk.ask(
        |s| s.rooms(),
        |k, ui, rooms| match rooms {
            Ok(rooms) => {
                set_room_name(ui, rooms.first().map(|r| r.details.name.as_str()));
                k.state.borrow_mut().room = rooms.first().map(|r| r.id);
            }
            Err(e) => tracing::error!("cannot read the rooms: {e}"),
        },
    );
}

/// The room this kiosk stands in (the first room until the set-up screen chooses one).
pub fn set_room_name(ui: &AppWindow, name: Option<&str>) {
    ui.global::<PublicHomeAdapter>()
        .set_room_name(name.unwrap_or("Ладошка").into());
}

pub fn show_language(ui: &AppWindow, lang: Language) {
    show_language_on(ui, lang, super::clock::today());
}

pub fn show_language_on(ui: &AppWindow, lang: Language, today: chrono::NaiveDate) {
    let adapter = ui.global::<PublicHomeAdapter>();
    adapter.set_language(lang.code().into());
    adapter.set_date_text(lang.long_date(today).into());
}

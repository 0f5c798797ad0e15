//! Adapter of the public home: the room's name, today's date in the chosen language, the
//! language switch and the way in for staff.

use std::rc::Rc;

use slint::ComponentHandle;

use super::navigator::{Adapter, Route};
use super::room_choice::set_room_name;
use super::{AppWindow, Kiosk, PublicHomeAdapter};
use crate::domain::Language;

/// The public home's adapter: it opens no route (every way home is the kiosk's own).
struct PublicHome;

impl Adapter for PublicHome {
    fn answers(&self, _: &Route) -> bool {
        false
    }
    fn language(&self, ui: &AppWindow, lang: Language) {
        show_language(ui, lang);
    }
    fn state(&self) -> &dyn std::any::Any {
        &()
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
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
            k.go(&ui, Route::StaffSelect);
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
    Rc::new(PublicHome)
}

pub fn show_language(ui: &AppWindow, lang: Language) {
    show_language_on(ui, lang, super::clock::today());
}

pub fn show_language_on(ui: &AppWindow, lang: Language, today: chrono::NaiveDate) {
    let adapter = ui.global::<PublicHomeAdapter>();
    adapter.set_language(lang.code().into());
    adapter.set_date_text(lang.long_date(today).into());
}

//! Adapter of the staff chooser: lists active colleagues (sorted in the screen's language)
//! and opens the PIN screen for the one tapped.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};

use super::navigator::{Adapter, Route};
use super::{AppWindow, Kiosk, Screen, StaffCardData, StaffSelectAdapter};
use crate::domain::Language;
use crate::store::StaffCard;

/// Opens [`Route::StaffSelect`]: the list reloaded, nobody's card out of date.
struct StaffSelect;

impl Adapter for StaffSelect {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::StaffSelect)
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, _: Route) {
        load(kiosk, ui);
        kiosk.navigate(ui, Screen::StaffSelect);
    }
    fn state(&self) -> &dyn std::any::Any {
        &()
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let adapter = ui.global::<StaffSelectAdapter>();
    let k = kiosk.clone();
    adapter.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.go_home(&ui);
        }
    });
    let k = kiosk.clone();
    adapter.on_chosen(move |id| {
        let Some(ui) = k.ui.upgrade() else { return };
        let card = k
            .state
            .borrow()
            .staff
            .iter()
            .find(|c| c.id.0 == i64::from(id))
            .cloned();
        if let Some(card) = card {
            k.go(&ui, Route::PinEntry(card));
        }
    });
    Rc::new(StaffSelect)
}

/// Asks the store for the colleagues and shows them when they arrive. The old list is
/// cleared first, so nobody can tap a card whose lock state is out of date.
pub fn load(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    kiosk.state.borrow_mut().staff.clear();
    show(ui, &[], crate::platform::clock::now());
    kiosk.ask(
        |s| s.staff_cards(),
        |k, ui, cards| match cards {
            Ok(mut cards) => {
                let lang = k.state.borrow().language;
                sort_for(lang, &mut cards);
                show(ui, &cards, crate::platform::clock::now());
                k.state.borrow_mut().staff = cards;
            }
            Err(e) => tracing::error!("cannot read the staff list: {e}"),
        },
    );
}

pub fn sort_for(lang: Language, cards: &mut [StaffCard]) {
    cards.sort_by(|a, b| lang.collate(&a.member.list_name(), &b.member.list_name()));
}

pub fn show(ui: &AppWindow, cards: &[StaffCard], now: chrono::DateTime<chrono::Utc>) {
    let rows: Vec<StaffCardData> = cards
        .iter()
        .map(|c| StaffCardData {
            id: c.id.0 as i32,
            name: c.member.list_name().into(),
            role: c.member.role.key().into(),
            locked: c.locked_until.is_some_and(|t| t > now),
        })
        .collect();
    ui.global::<StaffSelectAdapter>()
        .set_staff(ModelRc::new(VecModel::from(rows)));
}

//! Adapter of a signed-in colleague's home: the areas of their role, "hide" and "sign out";
//! the loans to chase (staff), the day's own sessions (psychologists, `today`) and the
//! agreement items due in their reconciliation cases (`due`).

mod due;
mod today;

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::chase::chase_rows;
use super::navigator::{Adapter, Route};
use super::{AppWindow, DeskPanel, Kiosk, RoleHomeAdapter, Screen};
use crate::domain::{Area, Role, SignOutReason};
use crate::store::StaffCard;

/// A colleague's home: greeted at sign-in, its lists refreshed on [`Route::RoleHome`].
struct RoleHome;

impl Adapter for RoleHome {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::RoleHome)
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, _: Route) {
        kiosk.navigate(ui, Screen::RoleHome);
        load_chase(kiosk, kiosk.signed_in().map_or(Role::Staff, |s| s.role));
        load_today(kiosk);
        load_due(kiosk);
    }
    fn signed_in(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, card: &StaffCard) {
        show(ui, card);
        load_chase(kiosk, card.member.role);
        load_today(kiosk);
        load_due(kiosk);
    }
    fn leave(&self, _: &Rc<Kiosk>, ui: &AppWindow) {
        clear(ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &()
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let adapter = ui.global::<RoleHomeAdapter>();
    let k = kiosk.clone();
    adapter.on_hide(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.return_home(&ui, SignOutReason::Hidden);
        }
    });
    let k = kiosk.clone();
    adapter.on_sign_out(move || {
        if let Some(ui) = k.ui.upgrade() {
            k.return_home(&ui, SignOutReason::SignedOut);
        }
    });
    let k = kiosk.clone();
    adapter.on_open_area(move |area| {
        let Some(ui) = k.ui.upgrade() else { return };
        let role = k.signed_in().map(|s| s.role);
        let allowed = role.and_then(|r| {
            r.areas()
                .iter()
                .find(|a| area_key(**a) == area.as_str())
                .copied()
        });
        let a = ui.global::<RoleHomeAdapter>();
        match allowed.and_then(route_of) {
            Some(route) => {
                a.set_unavailable_area(SharedString::new());
                k.go(&ui, route);
            }
            // No screen is built for this area yet: say so plainly rather than open an empty one.
            None => a.set_unavailable_area(if allowed.is_some() {
                area
            } else {
                SharedString::new()
            }),
        }
    });
    let k = kiosk.clone();
    adapter.on_open_session(move |id| {
        if let Some(ui) = k.ui.upgrade() {
            k.go(&ui, Route::Session(i64::from(id)));
        }
    });
    let k = kiosk.clone();
    adapter.on_open_case(move |id| {
        if let Some(ui) = k.ui.upgrade() {
            k.go(
                &ui,
                Route::RestorativeCase(crate::domain::restorative::CaseId(i64::from(id))),
            );
        }
    });
    Rc::new(RoleHome)
}

/// Where each area of a role's home leads; `None`: not built yet.
fn route_of(area: Area) -> Option<Route> {
    Some(match area {
        Area::Enrolment => Route::Enrolment,
        Area::Schedule => Route::Schedule,
        Area::Diagnostics => Route::Diagnostics,
        Area::HelpRoutes => Route::HelpRoutes,
        Area::Indicators => Route::Indicators,
        Area::DeviceAndSync => Route::DeviceSync,
        Area::WalkIns => Route::Door,
        Area::RentalDesk => Route::RentalDesk(DeskPanel::Stock),
        Area::RentalCatalogue => Route::RentalDesk(DeskPanel::Catalogue),
        Area::Overdue => Route::RentalDesk(DeskPanel::Overdue),
        Area::DataRequests => Route::DataRequests,
        Area::Reconciliation => Route::Reconciliation,
        Area::ChildrenProgress | Area::StaffAndPins | Area::RoomsAndSettings => return None,
    })
}

/// The key the `.slint` side uses for an area's title and picture.
pub fn area_key(area: Area) -> &'static str {
    match area {
        Area::Schedule => "schedule",
        Area::Diagnostics => "diagnostics",
        Area::HelpRoutes => "help_routes",
        Area::ChildrenProgress => "children_progress",
        Area::WalkIns => "walk_ins",
        Area::Enrolment => "enrolment",
        Area::RentalDesk => "rental_desk",
        Area::RentalCatalogue => "rental_catalogue",
        Area::Overdue => "overdue",
        Area::Indicators => "indicators",
        Area::DeviceAndSync => "device_and_sync",
        Area::StaffAndPins => "staff_and_pins",
        Area::RoomsAndSettings => "rooms_and_settings",
        Area::DataRequests => "data_requests",
        Area::Reconciliation => "reconciliation",
    }
}

pub fn show(ui: &AppWindow, card: &StaffCard) {
    show_role(ui, &card.member.greeting_name(), card.member.role);
}

pub fn show_role(ui: &AppWindow, greeting: &str, role: Role) {
    let a = ui.global::<RoleHomeAdapter>();
    a.set_greeting_name(greeting.into());
    a.set_role(role.key().into());
    let areas: Vec<SharedString> = role.areas().iter().map(|a| area_key(*a).into()).collect();
    a.set_areas(ModelRc::new(VecModel::from(areas)));
    a.set_unavailable_area(SharedString::new());
}

/// Fills the list of rental loans to chase (overdue or due within a week), for roles with the
/// overdue area; the most overdue first.
fn load_chase(kiosk: &Rc<Kiosk>, role: Role) {
    if !role.areas().contains(&Area::Overdue) {
        return;
    }
    let today = super::clock::local_date(crate::platform::clock::now());
    let lang = kiosk.state_language();
    kiosk.ask(
        move |s| Ok::<_, crate::store::StoreError>((s.loans_to_chase(today)?, s.rental_kinds()?)),
        move |_, ui, r| match r {
            Ok((lines, kinds)) => {
                ui.global::<RoleHomeAdapter>()
                    .set_chase(ModelRc::new(VecModel::from(chase_rows(
                        &lines, lang, &kinds,
                    ))))
            }
            Err(e) => tracing::error!("cannot read the loans to chase: {e}"),
        },
    );
}

/// Fills «today» with the signed-in psychologist's own sessions of the day.
fn load_today(kiosk: &Rc<Kiosk>) {
    let Some(me) = kiosk.signed_in().filter(|s| s.role == Role::Psychologist) else {
        return;
    };
    let (from, to) = super::clock::day_bounds(super::clock::today());
    kiosk.ask(
        move |s| Ok::<_, crate::store::StoreError>((s.calendar(from, to)?, s.rooms()?)),
        move |k, ui, r| {
            // Still the same colleague: a sign-out may have come in between.
            if k.signed_in().map(|s| s.staff) != Some(me.staff) {
                return;
            }
            match r {
                Ok((entries, rooms)) => {
                    let rooms: Vec<_> = rooms.into_iter().map(|r| (r.id, r.details.name)).collect();
                    show_today(ui, &entries, me.staff, &rooms);
                }
                Err(e) => tracing::error!("cannot read today's sessions: {e}"),
            }
        },
    );
}

/// Shows `me`'s sessions among `entries` (also the screenshots' way in).
pub fn show_today(
    ui: &AppWindow,
    entries: &[crate::store::CalendarEntry],
    me: crate::domain::StaffId,
    rooms: &[(crate::domain::RoomId, String)],
) {
    let a = ui.global::<RoleHomeAdapter>();
    a.set_today(ModelRc::new(VecModel::from(today::today_rows(
        entries, me, rooms,
    ))));
    a.set_shows_today(true);
}

/// Fills the agreement items due (overdue or within a week) of the signed-in colleague's
/// reconciliation cases (an administrator's: every case's), for roles with the area.
fn load_due(kiosk: &Rc<Kiosk>) {
    let Some(me) = kiosk
        .signed_in()
        .filter(|s| s.role.areas().contains(&Area::Reconciliation))
    else {
        return;
    };
    let today = super::clock::today();
    kiosk.ask(
        move |s| s.restorative_due(me.staff, today),
        move |k, ui, r| {
            // Still the same colleague: a sign-out may have come in between.
            if k.signed_in().map(|s| s.staff) != Some(me.staff) {
                return;
            }
            match r {
                Ok(items) => {
                    let revealed = super::child_present::revealed(k);
                    show_due(ui, &items, today, revealed, k.state_language());
                }
                Err(e) => tracing::error!("cannot read the agreement items due: {e}"),
            }
        },
    );
}

/// Shows the items of `items` due by a week from `today` (also the screenshots' way in).
pub fn show_due(
    ui: &AppWindow,
    items: &[crate::store::restorative::DueItem],
    today: chrono::NaiveDate,
    revealed: bool,
    lang: crate::domain::Language,
) {
    let rows = due::due_rows(items, today, revealed, lang);
    ui.global::<RoleHomeAdapter>()
        .set_due(ModelRc::new(VecModel::from(rows)));
}

/// Forgets everything the last colleague's home showed.
fn clear(ui: &AppWindow) {
    let a = ui.global::<RoleHomeAdapter>();
    a.set_due(ModelRc::default());
    a.set_chase(ModelRc::default());
    a.set_today(ModelRc::default());
    a.set_shows_today(false);
    a.set_greeting_name(SharedString::new());
    a.set_areas(ModelRc::default());
    a.set_unavailable_area(SharedString::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_keys_match_the_domain_serialisation() {
        for role in Role::ALL {
            for area in role.areas() {
                let serde_key = serde_json::to_value(area).unwrap();
                assert_eq!(serde_key.as_str().unwrap(), area_key(*area));
            }
        }
    }
}

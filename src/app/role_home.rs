//! Adapter of a signed-in colleague's home: the areas of their role, "hide" and "sign out".

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{AppWindow, Kiosk, RoleHomeAdapter};
use crate::domain::{Area, Role, SignOutReason};
use crate::store::StaffCard;

pub fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
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
        // No area is built yet: say so plainly rather than open an empty screen.
        let allowed = role.is_some_and(|r| r.areas().iter().any(|a| area_key(*a) == area.as_str()));
        if allowed && area.as_str() == area_key(Area::Enrolment) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::enrolment::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::Schedule) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::schedule::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::Diagnostics) {
            super::diagnostics::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::HelpRoutes) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::routes::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::Indicators) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::indicators::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::DeviceAndSync) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::device_sync::open(&k, &ui);
            return;
        }
        if allowed && area.as_str() == area_key(Area::WalkIns) {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::door::open(&k, &ui);
            return;
        }
        let desk = [
            (Area::RentalDesk, "stock"),
            (Area::RentalCatalogue, "catalogue"),
            (Area::Overdue, "overdue"),
        ];
        if let Some((_, panel)) = desk
            .iter()
            .find(|(a, _)| allowed && area.as_str() == area_key(*a))
        {
            ui.global::<RoleHomeAdapter>()
                .set_unavailable_area(SharedString::new());
            super::rental_desk::open(&k, &ui, panel);
            return;
        }
        ui.global::<RoleHomeAdapter>()
            .set_unavailable_area(if allowed { area } else { SharedString::new() });
    });
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
pub fn load_chase(kiosk: &Rc<Kiosk>, role: Role) {
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

/// The rows of the list, the most overdue first.
pub fn chase_rows(
    lines: &[crate::store::LoanLine],
    lang: crate::domain::Language,
    kinds: &crate::domain::RentalKinds,
) -> Vec<super::ChaseRow> {
    use crate::domain::loan::LoanStanding;
    let mut rows: Vec<(i64, super::ChaseRow)> = lines
        .iter()
        .filter_map(|l| {
            let (key, days, overdue) = match l.standing {
                LoanStanding::Overdue(d) => (-d, d, true),
                LoanStanding::DueSoon(d) => (d, d, false),
                LoanStanding::OnTime => return None,
            };
            let row = super::ChaseRow {
                item: format!("{} · {}", l.inventory_number, kinds.title(l.kind, lang)).into(),
                family: l.surname.as_str().into(),
                phone: l
                    .phone
                    .as_deref()
                    .map(|p| {
                        crate::domain::PhoneNumber::parse(p)
                            .map_or_else(|_| p.to_owned(), |n| n.display())
                    })
                    .unwrap_or_default()
                    .into(),
                days: days as i32,
                overdue,
            };
            Some((key, row))
        })
        .collect();
    rows.sort_by_key(|(k, _)| *k);
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Forgets everything the last colleague's home showed.
pub fn clear(ui: &AppWindow) {
    let a = ui.global::<RoleHomeAdapter>();
    a.set_chase(ModelRc::default());
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

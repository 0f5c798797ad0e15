//! The composition root: the one list of the kiosk's screens. Only this module names them all;
//! no screen names another (they ask the [navigator](super::navigator) for a route).

use std::rc::Rc;

use super::kiosk::{KioskConfig, Services};
use super::navigator::{Adapter, Kiosk};
use super::AppWindow;

/// Wires every screen of `ui` to the services and shows the public home.
pub fn start(ui: &AppWindow, services: Services, config: KioskConfig) -> Rc<Kiosk> {
    let kiosk = Kiosk::new(ui, services, config);
    let screens: Vec<Rc<dyn Adapter>> = vec![
        super::public_home::install(ui, &kiosk),
        super::staff_select::install(ui, &kiosk),
        super::pin_entry::install(ui, &kiosk),
        super::role_home::install(ui, &kiosk),
        super::check_in::install(ui, &kiosk),
        super::enrolment::install(ui, &kiosk),
        super::door::install(ui, &kiosk),
        super::booking::install(ui, &kiosk),
        super::schedule::install(ui, &kiosk),
        super::session::install(ui, &kiosk),
        super::indicators::install(ui, &kiosk),
        super::routes::install(ui, &kiosk),
        super::diagnostics::install(ui, &kiosk),
        super::child_mode::install(ui, &kiosk),
        super::child_mode::drawing::install(ui, &kiosk),
        super::rental_desk::install(ui, &kiosk),
        super::device_sync::install(ui, &kiosk),
        super::data_requests::install(ui, &kiosk),
        super::setup::install(ui, &kiosk),
        super::reconciliation::install_list(ui, &kiosk),
        super::reconciliation::install_referral(ui, &kiosk),
        super::reconciliation::install_case(ui, &kiosk),
        super::restorative_agreement::install(ui, &kiosk),
        super::restorative_child::install(ui, &kiosk),
        super::restorative_override::install(ui, &kiosk),
    ];
    kiosk.set_screens(screens);
    super::keyboard::install(ui);
    super::voice::connect_say_again(ui, &kiosk);
    // How the database key is protected: the administrator's home warns about the host key.
    slint::ComponentHandle::global::<super::KeySealAdapter>(ui)
        .set_seal(kiosk.config.key_seal.key().into());
    super::room_choice::choose(&kiosk);
    kiosk.set_language(ui, kiosk.config.language);
    kiosk.go_home(ui);
    kiosk
}

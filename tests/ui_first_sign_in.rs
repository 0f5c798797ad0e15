//! A colleague from the centre's roster signs in on a kiosk for the first time, headless: the
//! PIN screen asks for the starting code the centre gave her (a wrong one is refused gently and
//! counts), then a PIN of her own twice (two different PINs are refused and she chooses again),
//! and she reaches her home; from then on her own PIN signs her in and the code no longer does.
//! One test function: the testing backend can be set up once per process.

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use common::ui::{pump_until, shows, tap};
use i_slint_backend_testing::ElementHandle;
use ladoshka::app::{
    AppWindow, KioskConfig, Navigation, PinEntryAdapter, PinStatus, PinStep, RoleHomeAdapter,
    Screen,
};
use ladoshka::crypto::PinPepper;
use ladoshka::domain::centre_config::Colleague;
use ladoshka::domain::{Language, Role};
use ladoshka::platform::audio::Speakers;
use ladoshka::store::StoreWorker;
use ladoshka_centre::configuration::starting_code::StartingCodes;
use ladoshka_centre::secrets::DbKey;
use slint::ComponentHandle;

const NAME: &str = "Хасанова Р.";

fn screen(ui: &AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

fn keypad(ui: &AppWindow, digits: &str, then: &str) {
    for d in digits.chars() {
        tap(ui, &d.to_string());
    }
    tap(ui, then);
}

#[test]
fn a_colleague_from_the_roster_signs_in_with_her_starting_code_and_chooses_her_pin() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(common::instants::MONDAY_MORNING);
    let dir = common::TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([5; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let codes = StartingCodes::from_db_key(&DbKey::generate().unwrap());
    let her = Colleague {
        uid: "khasanova.r".into(),
        first_name: "Резеда".into(),
        patronymic: String::new(),
        last_name: "Хасанова".into(),
        role: Role::Psychologist,
        starting_code: codes.hash("khasanova.r", 1).unwrap(),
        units: vec![],
    };
    store.write(|w| w.apply_roster(&[her], &[])).unwrap();
    let code = codes.code("khasanova.r", 1);
    let store = StoreWorker::spawn(store);
    let ui = AppWindow::new().unwrap();
    let _kiosk = ladoshka::app::start(
        &ui,
        ladoshka::app::Services {
            store: store.clone(),
            pepper,
            speakers: Speakers::muted(),
        },
        KioskConfig {
            idle_timeout: Duration::from_secs(90),
            language: Language::En,
            ..Default::default()
        },
    );
    ui.show().unwrap();
    let pin = ui.global::<PinEntryAdapter>();

    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, NAME));
    tap(&ui, NAME);
    assert_eq!(screen(&ui), Screen::PinEntry);
    assert_eq!(pin.get_step(), PinStep::StartingCode);
    assert!(shows(&ui, "Enter your starting code"));

    // A wrong code: refused, and it counts.
    keypad(&ui, "12345678", "Next");
    pump_until("the code check", || pin.get_status() != PinStatus::Checking);
    assert_eq!(pin.get_status(), PinStatus::Wrong);
    assert_eq!(pin.get_tries_left(), 4);
    assert_eq!(pin.get_step(), PinStep::StartingCode);
    assert!(shows(
        &ui,
        "That code is not right. Tries left before a pause: 4"
    ));

    // The right code: she chooses her PIN.
    keypad(&ui, &code, "Next");
    pump_until("the code check", || pin.get_step() == PinStep::Choose);
    assert!(shows(&ui, "Choose your PIN for this kiosk"));
    keypad(&ui, "1357", "Next");
    assert_eq!(pin.get_step(), PinStep::Repeat);
    assert!(shows(&ui, "Type the same PIN again"));
    // Two different PINs: she chooses again.
    keypad(&ui, "1358", "Save my PIN");
    assert_eq!(pin.get_step(), PinStep::Choose);
    assert_eq!(pin.get_status(), PinStatus::Mismatch);
    assert!(shows(
        &ui,
        "The two PINs were not the same. Choose your PIN again."
    ));
    keypad(&ui, "1357", "Next");
    keypad(&ui, "1357", "Save my PIN");
    pump_until("her home", || screen(&ui) == Screen::RoleHome);
    assert_eq!(ui.global::<RoleHomeAdapter>().get_role(), "psychologist");
    assert_eq!(ui.global::<RoleHomeAdapter>().get_greeting_name(), "Резеда");
    let events: Vec<String> = store
        .call(|s| s.audit_entries(10).unwrap())
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert!(events.iter().any(|e| e == "pin_chosen"), "{events:?}");

    // Next time, her PIN signs her in on the plain PIN screen.
    tap(&ui, "Sign out");
    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, NAME));
    tap(&ui, NAME);
    assert_eq!(pin.get_step(), PinStep::Pin);
    keypad(&ui, "1357", "Sign in");
    pump_until("her home", || screen(&ui) == Screen::RoleHome);

    // The code no longer signs anyone in (it is not her PIN).
    tap(&ui, "Sign out");
    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, NAME));
    tap(&ui, NAME);
    keypad(&ui, &code, "Sign in");
    pump_until("the PIN check", || pin.get_status() != PinStatus::Checking);
    assert_eq!(pin.get_status(), PinStatus::Wrong);
    assert_eq!(screen(&ui), Screen::PinEntry);
    let _ = ElementHandle::find_by_accessible_label(&ui, NAME);
}

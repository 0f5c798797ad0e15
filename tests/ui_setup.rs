//! The first start of a new kiosk, headless: a database with no administrator opens
//! «Set up this kiosk» (not the public home), which does not time out; a name or a room left
//! empty is explained; two different PINs are refused; then the administrator (with a PIN that
//! signs in), the room and `kiosk.toml` are saved and the kiosk shows its public home in the
//! room. One test: the testing backend starts once a process.

mod common;

use std::time::Duration;

use common::ui::{pump_until, shows, tap};
use i_slint_backend_testing::ElementHandle;
use ladoshka::app::{
    KioskConfig, Navigation, PublicHomeAdapter, Screen, Services, SetupAdapter, SetupStep,
};
use ladoshka::domain::{Language, Pin, PinCheck, Role, RoomKind};
use ladoshka::platform::audio::Speakers;
use ladoshka::platform::kiosk_file::KioskFile;
use slint::ComponentHandle;

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;

fn screen(ui: &ladoshka::app::AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

fn type_into(ui: &ladoshka::app::AppWindow, label: &str, text: &str) {
    let field = ElementHandle::find_by_accessible_label(ui, label)
        .find(|e| e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::TextInput))
        .unwrap_or_else(|| panic!("no field «{label}»"));
    field.set_accessible_value(text);
}

fn keypad(ui: &ladoshka::app::AppWindow, digits: &str, then: &str) {
    for d in digits.chars() {
        tap(ui, &d.to_string());
    }
    tap(ui, then);
}

#[test]
fn a_new_kiosk_is_set_up_once_then_opens_its_public_home() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let dir = common::TempKiosk::new();
    let store = dir.open();
    assert!(
        !store.has_administrator().unwrap(),
        "a new database has none"
    );
    let worker = ladoshka::store::StoreWorker::spawn(store);
    let pepper = ladoshka::crypto::PinPepper::from_bytes([3; 32]);
    let ui = ladoshka::app::AppWindow::new().unwrap();
    let kiosk = ladoshka::app::start(
        &ui,
        Services {
            store: worker.clone(),
            pepper: pepper.clone(),
            speakers: Speakers::muted(),
        },
        KioskConfig {
            idle_timeout: Duration::from_secs(90),
            language: Language::En,
            ..Default::default()
        },
    );
    ladoshka::app::setup::show(&kiosk, &ui);
    ui.show().unwrap();
    assert_eq!(screen(&ui), Screen::Setup);
    assert!(shows(&ui, "Set up this kiosk"));

    // Nobody is signed in here, yet the screen waits however long the set-up takes.
    common::ui::elapse(Duration::from_secs(600));
    assert_eq!(screen(&ui), Screen::Setup);

    // One tap changes the language of this screen too.
    tap(&ui, "Татарча");
    let a = ui.global::<SetupAdapter>();
    assert_eq!(a.get_language(), "tt");
    assert!(shows(&ui, "Киоскны көйләү"), "the title in Tatar");
    tap(&ui, "English");
    assert_eq!(a.get_language(), "en");

    // Nothing typed: the first thing to fix is named in plain words.
    tap(&ui, "Next: the PIN");
    assert_eq!(a.get_step(), SetupStep::Details);
    assert_eq!(a.get_error(), "last-name");
    assert!(shows(&ui, "Type the administrator's surname in letters."));
    type_into(&ui, "Surname", "Нуриев");
    type_into(&ui, "First name", "Рустем");
    type_into(&ui, "Patronymic (optional)", "Маратович");
    tap(&ui, "Next: the PIN");
    assert_eq!(
        (a.get_last_name().as_str(), a.get_error().as_str()),
        ("Нуриев", "room-name")
    );
    assert!(shows(
        &ui,
        "Type the room's name as visitors should see it, in letters and numbers."
    ));
    type_into(
        &ui,
        "The room's name, as the public screen shows it",
        "Кабинет № 3 «Солнышко»",
    );
    tap(&ui, "Social rental");
    assert_eq!(a.get_room_kind(), "rental");
    tap(&ui, "Reconciliation room");
    tap(&ui, "Next: the PIN");
    assert_eq!(a.get_step(), SetupStep::Pin);
    assert_eq!(a.get_error(), "");

    // Two different PINs: refused, and the PIN is chosen again. Digits never reach Slint.
    keypad(&ui, "2468", "Next");
    assert_eq!(a.get_step(), SetupStep::PinRepeat);
    assert_eq!(a.get_digits_typed(), 0);
    keypad(&ui, "2469", "Save and start");
    assert_eq!(a.get_step(), SetupStep::Pin);
    assert!(shows(
        &ui,
        "The two PINs were not the same. Please choose the PIN again."
    ));
    // Back goes to the details with what was typed still there.
    tap(&ui, "Back");
    assert_eq!(a.get_step(), SetupStep::Details);
    assert_eq!(a.get_first_name(), "Рустем");
    tap(&ui, "Next: the PIN");
    keypad(&ui, "2468", "Next");
    keypad(&ui, "2468", "Save and start");
    pump_until("the public home", || screen(&ui) == Screen::PublicHome);
    assert_eq!(
        ui.global::<PublicHomeAdapter>().get_room_name(),
        "Кабинет № 3 «Солнышко»"
    );
    assert_eq!(
        a.get_first_name(),
        "",
        "nothing of the set-up stays on the screen"
    );

    // What was saved: the administrator with a PIN that works, the room, the settings file.
    let mut store = dir.open();
    assert!(store.has_administrator().unwrap());
    let cards = store.staff_cards().unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].member.role, Role::Admin);
    assert_eq!(cards[0].member.list_name(), "Нуриев Р. М.");
    let rooms = store.rooms().unwrap();
    assert_eq!(rooms.len(), 1);
    assert_eq!(rooms[0].details.name, "Кабинет № 3 «Солнышко»");
    assert_eq!(rooms[0].details.kind, RoomKind::Reconciliation);
    let counts = store.counts().unwrap();
    assert_eq!(
        counts.outbox_rows, 2,
        "the room and the administrator, nothing else"
    );
    let pin = Pin::parse("2468").unwrap();
    let check = store
        .attempt_sign_in(cards[0].id, ladoshka::platform::clock::now(), |h| {
            h.verify(&pin, &pepper)
        })
        .unwrap();
    assert_eq!(check, PinCheck::Accepted);
    let file = KioskFile::read(&dir.data_dir())
        .unwrap()
        .expect("kiosk.toml written");
    assert_eq!(file.language, Some(Language::En));
    assert_eq!(file.room.as_deref(), Some("Кабинет № 3 «Солнышко»"));
    assert_eq!(file.time_zone, None);

    // The administrator signs in as anyone does.
    tap(&ui, "For staff");
    pump_until("the staff list", || shows(&ui, "Нуриев Р. М."));
    tap(&ui, "Нуриев Р. М.");
    common::ui::type_pin(&ui, "2468");
    pump_until("the administrator's home", || {
        screen(&ui) == Screen::RoleHome
    });
    assert_eq!(kiosk.signed_in().map(|s| s.role), Some(Role::Admin));
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    worker.call(|_| ());
}

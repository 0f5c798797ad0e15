//! Headless UI tests of the app shell with Slint's testing backend (mock time): signing in
//! reaches the role's home, five wrong PINs lock, hide and the idle timeout return to the
//! public home; on a kiosk without a TPM the administrator's home warns about the key. One test function: the testing backend can be set up once per process.

mod common;

use std::time::Duration;

use chrono::NaiveDate;
use common::ui::{pump_until, tap};
use common::TempKiosk;
use i_slint_backend_testing::ElementHandle;
use ladoshka::app::{
    AppWindow, Kiosk, KioskConfig, Navigation, PinEntryAdapter, PinStatus, RoleHomeAdapter, Screen,
};
use ladoshka::crypto::PinPepper;
use ladoshka::domain::Language;
use ladoshka::platform::audio::Speakers;
use ladoshka::platform::key_seal::KeySeal;
use ladoshka::store::StoreWorker;
use slint::ComponentHandle;

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::SATURDAY_NOON;

const IDLE: Duration = Duration::from_secs(90);

/// The administrator's warning about a key sealed with the host key.
const NO_TPM: &str = "This kiosk has no TPM: the database key is not protected by hardware";

struct Harness {
    ui: AppWindow,
    _kiosk: std::rc::Rc<Kiosk>,
    store: StoreWorker,
    _dir: TempKiosk,
}

fn start() -> Harness {
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([5; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let store = StoreWorker::spawn(store);
    let ui = AppWindow::new().unwrap();
    let services = ladoshka::app::Services {
        store: store.clone(),
        pepper,
        speakers: Speakers::muted(),
    };
    let kiosk = ladoshka::app::start(
        &ui,
        services,
        KioskConfig {
            idle_timeout: IDLE,
            language: Language::En,
            // A kiosk without a TPM: the key is sealed with the host key on the same disk.
            key_seal: KeySeal::HostKey,
            ..Default::default()
        },
    );
    ui.show().unwrap();
    Harness {
        ui,
        _kiosk: kiosk,
        store,
        _dir: dir,
    }
}

fn screen(ui: &AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

fn choose_and_type(h: &Harness, name: &str, pin: &str) {
    tap(&h.ui, "For staff");
    assert_eq!(screen(&h.ui), Screen::StaffSelect);
    pump_until("the staff list", || {
        ElementHandle::find_by_accessible_label(&h.ui, name)
            .next()
            .is_some()
    });
    tap(&h.ui, name);
    assert_eq!(screen(&h.ui), Screen::PinEntry);
    for d in pin.chars() {
        tap(&h.ui, &d.to_string());
    }
    assert_eq!(
        h.ui.global::<PinEntryAdapter>().get_digits_typed(),
        pin.len() as i32
    );
}

fn audit_events(h: &Harness) -> Vec<String> {
    h.store
        .call(|s| s.audit_entries(50).unwrap())
        .into_iter()
        .rev()
        .map(|e| format!("{} {}", e.event, e.detail))
        .collect()
}

#[test]
fn staff_sign_in_lock_hide_and_idle_timeout() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);

    // --- The right PIN reaches the psychologist's home. ---
    let h = start();
    assert_eq!(screen(&h.ui), Screen::PublicHome);
    choose_and_type(&h, "Сафина А. С.", "1111");
    tap(&h.ui, "Sign in");
    pump_until("the psychologist's home", || {
        screen(&h.ui) == Screen::RoleHome
    });
    let home = h.ui.global::<RoleHomeAdapter>();
    assert_eq!(home.get_role(), "psychologist");
    assert!(
        !common::ui::shows(&h.ui, NO_TPM),
        "only the administrator is told about the key"
    );
    assert_eq!(home.get_greeting_name(), "Анна Сергеевна");
    assert!(
        ElementHandle::find_by_accessible_label(&h.ui, "Diagnostics")
            .next()
            .is_some()
    );
    assert!(
        ElementHandle::find_by_accessible_label(&h.ui, "Lend and take back")
            .next()
            .is_none()
    );

    // "Hide" returns to the public home at once and signs out.
    tap(&h.ui, "Hide");
    assert_eq!(screen(&h.ui), Screen::PublicHome);
    assert_eq!(home.get_greeting_name(), "");
    pump_until("the sign-out audit entry", || {
        audit_events(&h).last().map(String::as_str) == Some("sign_out hidden")
    });

    // --- The staff role gets its own home. ---
    choose_and_type(&h, "Закирова Г. И.", "4444");
    tap(&h.ui, "Sign in");
    pump_until("the staff home", || screen(&h.ui) == Screen::RoleHome);
    assert_eq!(home.get_role(), "staff");
    assert!(
        ElementHandle::find_by_accessible_label(&h.ui, "Diagnostics")
            .next()
            .is_none()
    );
    tap(&h.ui, "Sign out");
    assert_eq!(screen(&h.ui), Screen::PublicHome);

    // --- Five wrong PINs lock that person; the right PIN is refused while locked. ---
    choose_and_type(&h, "Морозов Д. А.", "9876");
    let pin = h.ui.global::<PinEntryAdapter>();
    for attempt in 1..=5 {
        if attempt > 1 {
            for d in "9876".chars() {
                tap(&h.ui, &d.to_string());
            }
        }
        tap(&h.ui, "Sign in");
        pump_until("the PIN check", || pin.get_status() != PinStatus::Checking);
        if attempt < 5 {
            assert_eq!(pin.get_status(), PinStatus::Wrong, "attempt {attempt}");
            assert_eq!(pin.get_tries_left(), 5 - attempt);
        }
    }
    assert_eq!(pin.get_status(), PinStatus::Locked);
    assert!(!pin.get_locked_until().is_empty());
    // Keys do nothing while locked.
    tap(&h.ui, "3");
    assert_eq!(pin.get_digits_typed(), 0);
    assert_eq!(screen(&h.ui), Screen::PinEntry);
    let events = audit_events(&h);
    assert!(events.iter().any(|e| e == "locked minutes=5"), "{events:?}");
    // Coming back to this person later still shows the lock, before any PIN is typed.
    tap(&h.ui, "Back");
    tap(&h.ui, "Back");
    tap(&h.ui, "For staff");
    pump_until("the staff list", || {
        ElementHandle::find_by_accessible_label(&h.ui, "Морозов Д. А.")
            .next()
            .is_some()
    });
    tap(&h.ui, "Морозов Д. А.");
    assert_eq!(pin.get_status(), PinStatus::Locked);
    // A colleague can still sign in.
    tap(&h.ui, "Back");
    pump_until("the staff list", || {
        ElementHandle::find_by_accessible_label(&h.ui, "Нуриев Р. М.")
            .next()
            .is_some()
    });
    tap(&h.ui, "Нуриев Р. М.");
    for d in "9999".chars() {
        tap(&h.ui, &d.to_string());
    }
    tap(&h.ui, "Sign in");
    pump_until("the admin home", || screen(&h.ui) == Screen::RoleHome);
    assert_eq!(home.get_role(), "admin");
    // No TPM: the administrator's home says so, with what it means and what to do.
    assert_eq!(
        h.ui.global::<ladoshka::app::KeySealAdapter>().get_seal(),
        "host"
    );
    assert!(
        common::ui::shows(&h.ui, NO_TPM),
        "the no-TPM warning is on the admin's home"
    );

    // --- Idle: nothing happens before the timeout; touches restart it; then back home. ---
    common::ui::elapse(IDLE - Duration::from_secs(5));
    assert_eq!(screen(&h.ui), Screen::RoleHome);
    tap(&h.ui, "Device and sync"); // a touch restarts the countdown
    assert_eq!(screen(&h.ui), Screen::DeviceSync);
    common::ui::elapse(IDLE - Duration::from_secs(5));
    assert_eq!(
        screen(&h.ui),
        Screen::DeviceSync,
        "a touch must restart the idle countdown"
    );
    common::ui::elapse(Duration::from_secs(6));
    assert_eq!(screen(&h.ui), Screen::PublicHome);
    pump_until("the idle sign-out entry", || {
        audit_events(&h).last().map(String::as_str) == Some("sign_out idle")
    });

    // The idle timeout also leaves the sign-in screens, which hold no session.
    tap(&h.ui, "For staff");
    common::ui::elapse(IDLE + Duration::from_secs(1));
    assert_eq!(screen(&h.ui), Screen::PublicHome);

    // --- One tap switches the language of the public home. ---
    tap(&h.ui, "Татарча");
    let public = h.ui.global::<ladoshka::app::PublicHomeAdapter>();
    assert_eq!(public.get_language(), "tt");
    assert!(public.get_date_text().contains("ноябрь") || !public.get_date_text().is_empty());
    assert!(
        ElementHandle::find_by_accessible_label(&h.ui, "Хезмәткәрләр өчен")
            .next()
            .is_some()
    );
    tap(&h.ui, "Русский");
    assert!(
        ElementHandle::find_by_accessible_label(&h.ui, "Для сотрудников")
            .next()
            .is_some()
    );
    // The last tap's write done before the process exits (see common::ui::DemoKiosk's Drop).
    h.store.call(|_| ());
}

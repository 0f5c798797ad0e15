//! Helpers shared by the integration tests: a fresh data directory with a fresh key.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ladoshka::crypto::DbKey;
use ladoshka::store::{Store, DB_FILE};

pub struct TempKiosk {
    pub dir: tempfile::TempDir,
    pub key: DbKey,
}

impl TempKiosk {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
            key: DbKey::generate(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir().join(DB_FILE)
    }

    pub fn key_file(&self) -> PathBuf {
        let path = self.dir.path().join("test.key");
        if !path.exists() {
            std::fs::write(&path, self.key.to_file_text()).unwrap();
        }
        path
    }

    pub fn open(&self) -> Store {
        std::fs::create_dir_all(self.data_dir()).unwrap();
        Store::open(&self.db_path(), &self.key).expect("open store")
    }
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Headless UI helpers (Slint's testing backend).
pub mod ui {
    use std::time::{Duration, Instant};

    use i_slint_backend_testing::ElementHandle;
    use ladoshka::app::{AppWindow, Navigation};
    use slint::ComponentHandle;

    /// Lets the event loop run the store's answers until `done` holds (fails after 10 s).
    pub fn pump_until(what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            slint::quit_event_loop().unwrap();
            slint::run_event_loop().unwrap();
            if done() {
                return;
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn shows(ui: &AppWindow, label: &str) -> bool {
        ElementHandle::find_by_accessible_label(ui, label)
            .next()
            .is_some()
    }

    /// Presses the first element labelled `label` (as a screen reader or a finger would).
    pub fn tap(ui: &AppWindow, label: &str) {
        let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label).collect();
        assert!(
            !found.is_empty(),
            "nothing labelled «{label}» on screen {:?}",
            ui.global::<Navigation>().get_screen()
        );
        found[0].invoke_accessible_default_action();
    }

    /// A kiosk on a fresh demo centre (mock time, English), at its public home.
    pub struct DemoKiosk {
        pub ui: AppWindow,
        pub kiosk: std::rc::Rc<ladoshka::app::Kiosk>,
        pub store: ladoshka::store::StoreWorker,
        pub dir: super::TempKiosk,
    }

    pub fn demo_kiosk(speakers: ladoshka::platform::audio::Speakers) -> DemoKiosk {
        use ladoshka::app::{Kiosk, KioskConfig, Services};
        i_slint_backend_testing::init_integration_test_with_mock_time();
        let dir = super::TempKiosk::new();
        let mut store = dir.open();
        let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(day), &pepper, day).unwrap();
        let store = ladoshka::store::StoreWorker::spawn(store);
        let ui = AppWindow::new().unwrap();
        let kiosk = Kiosk::start(
            &ui,
            Services {
                store: store.clone(),
                pepper,
                speakers,
            },
            KioskConfig {
                idle_timeout: Duration::from_secs(90),
                language: ladoshka::domain::Language::En,
                operator: ladoshka::demo::DEMO_OPERATOR.into(),
                ..Default::default()
            },
        );
        ui.show().unwrap();
        pump_until("the room", || {
            !ui.global::<ladoshka::app::PublicHomeAdapter>()
                .get_room_name()
                .is_empty()
        });
        DemoKiosk {
            ui,
            kiosk,
            store,
            dir,
        }
    }

    /// Types `text` as key presses (Shift held for capitals) and ends it with Enter, as a USB
    /// barcode scanner does.
    pub fn scan_keys(ui: &AppWindow, text: &str) {
        use slint::platform::WindowEvent;
        let shift: slint::SharedString = slint::platform::Key::Shift.into();
        let press = |t: slint::SharedString| {
            ui.window()
                .dispatch_event(WindowEvent::KeyPressed { text: t.clone() });
            ui.window()
                .dispatch_event(WindowEvent::KeyReleased { text: t });
        };
        for c in text.chars().chain(std::iter::once('\n')) {
            // Scanners hold Shift for capital letters, as a keyboard does.
            if c.is_uppercase() {
                ui.window().dispatch_event(WindowEvent::KeyPressed {
                    text: shift.clone(),
                });
                press(c.to_string().into());
                ui.window().dispatch_event(WindowEvent::KeyReleased {
                    text: shift.clone(),
                });
            } else {
                press(c.to_string().into());
            }
        }
    }

    /// Types `pin` on the keypad showing and taps "Sign in".
    pub fn type_pin(ui: &AppWindow, pin: &str) {
        for d in pin.chars() {
            tap(ui, &d.to_string());
        }
        tap(ui, "Sign in");
    }

    /// Signs `name` in with `pin` from the public home, and waits for their home screen.
    pub fn sign_in(ui: &AppWindow, name: &str, pin: &str) {
        tap(ui, "For staff");
        pump_until("the staff list", || shows(ui, name));
        tap(ui, name);
        type_pin(ui, pin);
        pump_until("home", || {
            ui.global::<Navigation>().get_screen() == ladoshka::app::Screen::RoleHome
        });
    }
}

/// Runs the `ladoshka` binary with `home` as its XDG data home and no key in the environment.
pub fn ladoshka(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(args)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_DATA_DIR")
        .env_remove("LADOSHKA_KEY_FILE")
        .env("XDG_DATA_HOME", home)
        .env("LADOSHKA_LOG", "warn")
        .output()
        .expect("run ladoshka")
}

/// What a run printed, both streams.
pub fn printed(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

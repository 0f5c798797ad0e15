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
    /// A fresh data directory and key. A test that has not put the clock on a named instant
    /// yet (see [`at`]) runs from here on at [`STORE_NOW`].
    pub fn new() -> Self {
        if !matches!(
            ladoshka::platform::clock::source(),
            ladoshka::platform::clock::Source::Fixed(_)
        ) {
            at(STORE_NOW);
        }
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

/// The named instants the tests run at. No test reads the real date, weekday or hour: each
/// puts the kiosk's clock ([`ladoshka::platform::clock`]) on one of these with [`at`], and a
/// CLI test's `ladoshka` starts its clock at one through `LADOSHKA_NOW`. Times are Moscow time
/// (the kiosk's default zone) unless they say otherwise.
pub mod instants {
    /// A Monday morning as the centre opens (working hours are Mon–Fri 08:00–18:00).
    pub const MONDAY_MORNING: &str = "2026-11-23T08:00:00+03:00";
    /// The same Monday, ten minutes before the noon session.
    pub const MONDAY_BEFORE_NOON: &str = "2026-11-23T11:50:00+03:00";
    /// Friday, ten minutes before working hours end.
    pub const FRIDAY_CLOSING: &str = "2026-11-27T17:50:00+03:00";
    /// Saturday noon: no working hours at all.
    pub const SATURDAY_NOON: &str = "2026-11-28T12:00:00+03:00";
    /// Saturday night, half an hour before the day changes.
    pub const SATURDAY_NIGHT: &str = "2026-11-28T23:30:00+03:00";
    /// New Year's Eve, ten minutes before the year changes.
    pub const NEW_YEARS_EVE: &str = "2026-12-31T23:50:00+03:00";
    /// The night Volgograd left Moscow time + 1 for good (no daylight saving: the zone itself
    /// changed), half an hour before 02:00 +04 became 01:00 +03 and 01:00–02:00 came twice.
    pub const ZONE_CHANGE_NIGHT: &str = "2020-12-27T01:30:00+04:00";
    /// The zone of [`ZONE_CHANGE_NIGHT`].
    pub const ZONE_CHANGE_ZONE: chrono_tz::Tz = chrono_tz::Europe::Volgograd;

    /// Every named instant, for tests that run at each.
    pub const ALL: [&str; 7] = [
        MONDAY_MORNING,
        MONDAY_BEFORE_NOON,
        FRIDAY_CLOSING,
        SATURDAY_NOON,
        SATURDAY_NIGHT,
        NEW_YEARS_EVE,
        ZONE_CHANGE_NIGHT,
    ];

    pub fn instant(named: &str) -> chrono::DateTime<chrono::Utc> {
        ladoshka::platform::clock::parse_instant(named).expect("a named instant")
    }
}

/// Puts this test process's clock on the named instant `named` (see [`instants`]) and returns it.
pub fn at(named: &str) -> chrono::DateTime<chrono::Utc> {
    let t = instants::instant(named);
    ladoshka::platform::clock::fix(t);
    t
}

/// Every page of a SQLCipher 4 file decrypted with the kiosk's raw key (AES-256-CBC, the IV
/// in each page's reserved tail), free pages included: what a thief with the key would read.
pub fn decrypted_pages(file: &std::path::Path, key: &[u8; 32]) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap();
    assert_eq!(bytes.len() % SQLCIPHER_PAGE, 0, "whole pages");
    let mut plain = Vec::with_capacity(bytes.len());
    for (n, page) in bytes.chunks(SQLCIPHER_PAGE).enumerate() {
        plain.extend_from_slice(&decrypt_page(page, n == 0, key));
    }
    plain
}

/// Every frame of a SQLCipher 4 write-ahead log (`<file>-wal`) decrypted the same way: what the
/// log holds that is not in the file yet. A missing or empty log holds nothing.
pub fn decrypted_log(log: &std::path::Path, key: &[u8; 32]) -> Vec<u8> {
    const HEADER: usize = 32;
    const FRAME_HEADER: usize = 24;
    let bytes = std::fs::read(log).unwrap_or_default();
    let mut plain = Vec::new();
    if bytes.len() < HEADER {
        return plain;
    }
    for frame in bytes[HEADER..].chunks(FRAME_HEADER + SQLCIPHER_PAGE) {
        assert_eq!(frame.len(), FRAME_HEADER + SQLCIPHER_PAGE, "whole frames");
        let page_no = u32::from_be_bytes(frame[..4].try_into().unwrap());
        plain.extend_from_slice(&decrypt_page(&frame[FRAME_HEADER..], page_no == 1, key));
    }
    plain
}

const SQLCIPHER_PAGE: usize = 4096;

fn decrypt_page(page: &[u8], first: bool, key: &[u8; 32]) -> Vec<u8> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    type Dec = cbc::Decryptor<aes::Aes256>;
    const RESERVE: usize = 80; // 16-byte IV + 64-byte HMAC-SHA512
    let start = if first { 16 } else { 0 }; // page 1 starts with the salt
    let iv = &page[SQLCIPHER_PAGE - RESERVE..SQLCIPHER_PAGE - RESERVE + 16];
    let mut data = page[start..SQLCIPHER_PAGE - RESERVE].to_vec();
    Dec::new(key.into(), iv.into())
        .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut data)
        .unwrap();
    data
}

pub fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
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
pub mod restorative;

pub mod ui {
    use std::time::{Duration, Instant};

    use i_slint_backend_testing::ElementHandle;
    use ladoshka::app::{AppWindow, Navigation};
    use slint::ComponentHandle;

    /// Time passes: Slint's mocked timers and the kiosk's fixed clock move on together.
    pub fn elapse(by: Duration) {
        ladoshka::platform::clock::advance(by);
        i_slint_backend_testing::mock_elapsed_time(by);
    }

    /// Waits until the store has answered everything sent to it so far, then lets the event
    /// loop deliver those answers: a test that checks that nothing happened checks it after the
    /// answer, not after a guess at how long the answer takes.
    pub fn settle(store: &ladoshka::store::StoreWorker) {
        // An answer may ask the store again: three rounds cover the answers to the answers.
        for _ in 0..3 {
            slint::quit_event_loop().unwrap();
            slint::run_event_loop().unwrap();
            store.call(|_| ());
            slint::quit_event_loop().unwrap();
            slint::run_event_loop().unwrap();
        }
    }

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

    /// A test ends only once the store has done what it was sent (the last tap's write, often a
    /// sign-out): a process that exits while the store thread is inside SQLCipher can crash in
    /// OpenSSL's exit handlers (seen: SIGSEGV after `ui_staff_home` passed, 1 run in 24 under load).
    impl Drop for DemoKiosk {
        fn drop(&mut self) {
            self.store.call(|_| ());
        }
    }

    /// `at`: the named instant (see [`super::instants`]) the kiosk's clock stands at.
    pub fn demo_kiosk(speakers: ladoshka::platform::audio::Speakers, at: &str) -> DemoKiosk {
        i_slint_backend_testing::init_integration_test_with_mock_time();
        super::at(at);
        let dir = super::TempKiosk::new();
        let mut store = dir.open();
        let pepper = ladoshka::crypto::PinPepper::from_bytes([7; 32]);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        // Staff PINs hashed at the tests-only cost: dozens of seeds and sign-ins stay fast.
        ladoshka::demo::seed_with_pin_cost(
            &mut store,
            &ladoshka::demo::generate(day),
            &pepper,
            day,
            ladoshka::crypto::PinCost::TESTS_ONLY,
        )
        .unwrap();
        let (ui, kiosk, store) = start_kiosk(
            store,
            pepper,
            speakers,
            ladoshka::app::KioskConfig {
                operator: ladoshka::demo::DEMO_OPERATOR.into(),
                ..english()
            },
        );
        DemoKiosk {
            ui,
            kiosk,
            store,
            dir,
        }
    }

    /// What the UI tests run with unless they say otherwise: English, 90 s idle timeout, and
    /// staff PINs (set up or rehashed at sign-in) at the tests-only cost.
    pub fn english() -> ladoshka::app::KioskConfig {
        ladoshka::app::KioskConfig {
            idle_timeout: Duration::from_secs(90),
            language: ladoshka::domain::Language::En,
            pin_cost: ladoshka::crypto::PinCost::TESTS_ONLY,
            ..Default::default()
        }
    }

    /// The part every UI test shares: `store` on its own store thread, the kiosk started on
    /// it and shown, and the public home once it knows its room.
    pub fn start_kiosk(
        store: ladoshka::store::Store,
        pepper: ladoshka::crypto::PinPepper,
        speakers: ladoshka::platform::audio::Speakers,
        config: ladoshka::app::KioskConfig,
    ) -> (
        AppWindow,
        std::rc::Rc<ladoshka::app::Kiosk>,
        ladoshka::store::StoreWorker,
    ) {
        let store = ladoshka::store::StoreWorker::spawn(store);
        let ui = AppWindow::new().unwrap();
        let kiosk = ladoshka::app::start(
            &ui,
            ladoshka::app::Services {
                store: store.clone(),
                pepper,
                speakers,
            },
            config,
        );
        ui.show().unwrap();
        pump_until("the room", || {
            !ui.global::<ladoshka::app::PublicHomeAdapter>()
                .get_room_name()
                .is_empty()
        });
        (ui, kiosk, store)
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

/// The instant store tests run at when they name none.
pub const STORE_NOW: &str = instants::MONDAY_MORNING;

/// The instant a `ladoshka` run by [`ladoshka`] starts its clock at.
pub const CLI_NOW: &str = instants::MONDAY_MORNING;

/// Runs the `ladoshka` binary with `home` as its XDG data home and no key in the environment,
/// its clock started at [`CLI_NOW`].
pub fn ladoshka(home: &Path, args: &[&str]) -> std::process::Output {
    ladoshka_at(CLI_NOW, home, args)
}

/// Runs the `ladoshka` binary on the kiosk `k` (its data folder and key file) with `args`.
pub fn run(k: &TempKiosk, args: &[&str]) -> std::process::Output {
    let data = k.data_dir();
    let key = k.key_file();
    let mut all = vec![
        "--data-dir",
        data.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    ladoshka(k.dir.path(), &all)
}

/// [`ladoshka`] with its clock started at the instant `now` (RFC 3339, see [`instants`]).
pub fn ladoshka_at(now: &str, home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(args)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_DATA_DIR")
        .env_remove("LADOSHKA_KEY_FILE")
        .env("XDG_DATA_HOME", home)
        .env("LADOSHKA_LOG", "warn")
        // Its clock starts at a named instant, not at the real date and hour.
        .env(ladoshka::platform::clock::NOW_VARIABLE, now)
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

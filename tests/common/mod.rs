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
        Self { dir: tempfile::tempdir().expect("temp dir"), key: DbKey::generate() }
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
        ElementHandle::find_by_accessible_label(ui, label).next().is_some()
    }

    /// Presses the first element labelled `label` (as a screen reader or a finger would).
    pub fn tap(ui: &AppWindow, label: &str) {
        let found: Vec<_> = ElementHandle::find_by_accessible_label(ui, label).collect();
        assert!(!found.is_empty(), "nothing labelled «{label}» on screen {:?}", ui.global::<Navigation>().get_screen());
        found[0].invoke_accessible_default_action();
    }
}

//! Releasing a USB stick after an export, so the screen can say when it may be pulled out.
//!
//! The kiosk runs without privileges and cannot unmount anything itself. On the kiosk image a
//! root service does it on request (kiosk-image/README.md, «USB sticks»): the app creates the
//! empty file `eject` in the request folder (`/run/ladoshka-usb`, or `LADOSHKA_EJECT_DIR`), the
//! service flushes and unmounts every stick and deletes the file. The app waits (on the sync
//! thread, never the UI thread) until the file is gone and the stick is no longer among the
//! mounts it sees. Where there is no request folder (a desktop, a test) nothing is asked, and the
//! screen says the files are written; they were flushed with fsync, file and folder, either way.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The request folder on the kiosk image.
pub const EJECT_DIR: &str = "/run/ladoshka-usb";
/// The request file's name in it.
pub const REQUEST: &str = "eject";
/// How long the app waits for the stick to be released.
pub const WAIT: Duration = Duration::from_secs(30);

/// What became of the stick after an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ejection {
    /// Unmounted: it may be pulled out now.
    Released,
    /// Nothing here releases sticks (no request folder): the files are written and flushed.
    NoHelper,
    /// Asked, but still mounted after [`WAIT`]: wait before pulling it out.
    StillMounted,
}

/// The request folder: `LADOSHKA_EJECT_DIR`, else [`EJECT_DIR`].
pub fn request_dir() -> PathBuf {
    std::env::var_os("LADOSHKA_EJECT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(EJECT_DIR))
}

/// Asks for every stick to be released and waits until `stick` is unmounted.
pub fn eject(stick: &Path) -> Ejection {
    eject_with(&request_dir(), stick, WAIT, || {
        std::fs::read_to_string("/proc/self/mounts").unwrap_or_default()
    })
}

/// [`eject`] with the request folder, the wait and the mount table given.
pub fn eject_with(
    dir: &Path,
    stick: &Path,
    wait: Duration,
    mounts: impl Fn() -> String,
) -> Ejection {
    if !dir.is_dir() {
        return Ejection::NoHelper;
    }
    let request = dir.join(REQUEST);
    if let Err(e) = std::fs::write(&request, b"") {
        tracing::warn!(
            "cannot ask for the stick to be released ({}): {e}",
            request.display()
        );
        return Ejection::StillMounted;
    }
    let until = Instant::now() + wait;
    loop {
        let mounted = super::usb_stick::removable_mounts(&mounts())
            .iter()
            .any(|m| stick.starts_with(m));
        if !request.exists() && !mounted {
            tracing::info!("the USB stick was released");
            return Ejection::Released;
        }
        if Instant::now() >= until {
            tracing::warn!(
                "the USB stick is still mounted {} s after the request",
                wait.as_secs()
            );
            return Ejection::StillMounted;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn the_stick_counts_as_released_once_the_request_is_taken_and_it_is_unmounted() {
        let dir = tempfile::tempdir().unwrap();
        let stick = Path::new("/run/media/ladoshka/STICK/ladoshka");
        let table = Arc::new(Mutex::new(
            "/dev/sda1 /run/media/ladoshka/STICK vfat rw,nosuid 0 0\n".to_owned(),
        ));
        // The root service, played by a thread: takes the request, then unmounts.
        let (d, t) = (dir.path().to_path_buf(), table.clone());
        let service = std::thread::spawn(move || {
            while !d.join(REQUEST).exists() {
                std::thread::sleep(Duration::from_millis(10));
            }
            t.lock().unwrap().clear();
            std::fs::remove_file(d.join(REQUEST)).unwrap();
        });
        let seen = table.clone();
        let got = eject_with(dir.path(), stick, Duration::from_secs(20), move || {
            seen.lock().unwrap().clone()
        });
        service.join().unwrap();
        assert_eq!(got, Ejection::Released);
    }

    #[test]
    fn without_a_request_folder_nothing_is_asked_and_a_stuck_stick_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let stick = Path::new("/media/s");
        let mounts = || "/dev/sda1 /media/s vfat rw 0 0\n".to_owned();
        assert_eq!(
            eject_with(&dir.path().join("none"), stick, Duration::ZERO, mounts),
            Ejection::NoHelper
        );
        assert_eq!(
            eject_with(dir.path(), stick, Duration::from_millis(300), mounts),
            Ejection::StillMounted
        );
        assert!(
            dir.path().join(REQUEST).exists(),
            "the request stays for the service"
        );
    }
}

//! The camera folder: where pictures taken at the rental desk arrive as files, for staff to
//! attach the newest to a return. A USB camera's capture tool, a phone's transfer or a copy from
//! a stick saves JPEG or PNG files into `<data dir>/rental/camera/`; the desk takes the newest,
//! stores it (shrunk, inside the encrypted database) with the return, and then empties the folder
//! of every picture ([`clear`]: older ones would never be taken), so no picture stays outside the
//! encrypted database.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder inside the data directory.
pub const FOLDER: &str = "rental/camera";

/// Pictures larger than this are not read (a camera's photo is a few MB).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The camera folder of the data directory `data_dir`.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join(FOLDER)
}

fn is_picture(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png"))
}

/// Deletes every JPEG or PNG in `folder` (a link is removed, never followed; other files and
/// folders stay); returns how many went. A folder that does not exist has none.
pub fn clear(folder: &Path) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if is_picture(&path) && !entry.file_type()?.is_dir() {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The newest JPEG or PNG file in `folder` (by modification time, then name), if any. A folder
/// that does not exist has none.
pub fn newest(folder: &Path) -> std::io::Result<Option<PathBuf>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut best: Option<(SystemTime, PathBuf)> = None;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let is_picture = is_picture(&path);
        let meta = entry.metadata()?;
        if !is_picture || !meta.is_file() || meta.len() == 0 || meta.len() > MAX_BYTES {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if best
            .as_ref()
            .is_none_or(|(t, p)| (modified, &path) > (*t, p))
        {
            best = Some((modified, path));
        }
    }
    Ok(best.map(|(_, p)| p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn touch(dir: &Path, name: &str, age_s: u64) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, b"x").unwrap();
        let t = SystemTime::now() - Duration::from_secs(age_s);
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(t)
            .unwrap();
        p
    }

    #[test]
    fn clearing_removes_every_picture_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(clear(&dir.path().join("absent")).unwrap(), 0);
        touch(dir.path(), "old.jpg", 600);
        touch(dir.path(), "IMG_0002.JPEG", 10);
        touch(dir.path(), "b.png", 0);
        touch(dir.path(), "notes.txt", 1);
        std::fs::create_dir(dir.path().join("sub.png")).unwrap();
        assert_eq!(clear(dir.path()).unwrap(), 3);
        assert_eq!(newest(dir.path()).unwrap(), None);
        assert!(dir.path().join("notes.txt").exists());
        assert!(dir.path().join("sub.png").is_dir());
    }

    #[test]
    fn the_newest_picture_is_taken_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(newest(&dir.path().join("absent")).unwrap(), None);
        assert_eq!(newest(dir.path()).unwrap(), None);
        touch(dir.path(), "old.jpg", 600);
        let new = touch(dir.path(), "IMG_0002.JPEG", 10);
        touch(dir.path(), "notes.txt", 1);
        touch(dir.path(), "newer-but-not-a-picture.pdf", 0);
        std::fs::write(dir.path().join("empty.png"), b"").unwrap();
        std::fs::create_dir(dir.path().join("sub.png")).unwrap();
        assert_eq!(newest(dir.path()).unwrap(), Some(new));
        let newest_png = touch(dir.path(), "b.png", 0);
        assert_eq!(newest(dir.path()).unwrap(), Some(newest_png));
    }
}

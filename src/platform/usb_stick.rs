//! Where a USB stick is: the first removable-media mount point (`/media/…`, `/run/media/…`) in
//! `/proc/mounts`, or the folder `LADOSHKA_USB_DIR` names (for kiosks that mount sticks
//! elsewhere). The admin screen exports sealed bundles into `ladoshka/` on it, and a family's
//! data (the right of access) into `ladoshka/families/`.
//!
//! A stick is not trusted: [`write_whole`] refuses a folder that is a symbolic link, creates each
//! file new (`O_CREAT|O_EXCL`, which never follows a link) under a temporary name, flushes it and
//! renames it over its name (a rename replaces a link, never writes through it), so a stick
//! pulled out early holds whole files or none, and a link planted on it cannot make the kiosk
//! overwrite anything else.

use std::path::{Path, PathBuf};

/// The stick's folder, if one is mounted.
pub fn find() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("LADOSHKA_USB_DIR") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    removable_mounts(&mounts).into_iter().find(|p| p.is_dir())
}

/// The mount points under `/media/` or `/run/media/` in a `/proc/mounts` text, in order
/// (`\040` and the other octal escapes decoded).
pub fn removable_mounts(mounts: &str) -> Vec<PathBuf> {
    mounts
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(unescape)
        .filter(|p| p.starts_with("/media/") || p.starts_with("/run/media/"))
        .map(PathBuf::from)
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a file could not be written to the stick.
#[derive(Debug, thiserror::Error)]
pub enum StickError {
    #[error("cannot write to {path}: {source}. Check that the stick is mounted and writable")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is a symbolic link, not a folder: nothing was written. Choose the stick's own folder")]
    LinkedFolder { path: String },
}

/// Creates `dir` (a symbolic link there is refused).
pub fn prepare_dir(dir: &Path) -> Result<(), StickError> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(StickError::LinkedFolder {
            path: dir.display().to_string(),
        });
    }
    std::fs::create_dir_all(dir).map_err(io(dir))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StickError {
    let path = path.display().to_string();
    move |source| StickError::Io { path, source }
}

/// Writes `bytes` whole as `dir/name` (see the module's note); returns the file's path.
pub fn write_whole(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, StickError> {
    use std::io::Write;
    prepare_dir(dir)?;
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.part"));
    // A leftover of a write cut short (or anything planted under that name) goes first:
    // removing a link removes the link, not what it points to.
    if std::fs::symlink_metadata(&tmp).is_ok() {
        std::fs::remove_file(&tmp).map_err(io(&tmp))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    Ok(path)
}

/// The folder on the stick the bundles go to.
pub fn export_dir(stick: &Path) -> PathBuf {
    stick.join("ladoshka")
}

/// The folder on the stick printable reports go to (the indicators screen's «save»).
pub fn reports_dir(stick: &Path) -> PathBuf {
    export_dir(stick).join("reports")
}

/// The folder on the stick a family's data goes to.
pub fn families_dir(stick: &Path) -> PathBuf {
    export_dir(stick).join("families")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_and_a_planted_link_is_replaced_not_followed() {
        let stick = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, b"keep me").unwrap();
        let dir = stick.path().join("ladoshka");
        std::fs::create_dir(&dir).unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("f.json")).unwrap();
        std::os::unix::fs::symlink(&victim, dir.join(".f.json.part")).unwrap();
        let path = write_whole(&dir, "f.json", b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert!(!std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        let linked = stick.path().join("linked");
        std::os::unix::fs::symlink(outside.path(), &linked).unwrap();
        assert!(matches!(
            write_whole(&linked, "f.json", b"{}"),
            Err(StickError::LinkedFolder { .. })
        ));
        assert!(!outside.path().join("f.json").exists());
    }

    #[test]
    fn sticks_are_the_removable_media_mounts() {
        let mounts = "sysfs /sys sysfs rw 0 0\n/dev/vda1 / ext4 rw 0 0\n/dev/sdb1 /media/kiosk/KINGSTON vfat rw 0 0\n/dev/sdc1 /run/media/admin/My\\040Stick exfat rw 0 0\n";
        assert_eq!(
            removable_mounts(mounts),
            vec![
                PathBuf::from("/media/kiosk/KINGSTON"),
                PathBuf::from("/run/media/admin/My Stick")
            ]
        );
        assert!(removable_mounts("/dev/vda1 / ext4 rw 0 0\n").is_empty());
        assert_eq!(
            export_dir(Path::new("/media/s")),
            PathBuf::from("/media/s/ladoshka")
        );
    }
}

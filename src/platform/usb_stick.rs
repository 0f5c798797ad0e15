//! Where a USB stick is: the first removable-media mount point (`/media/…`, `/run/media/…`) in
//! `/proc/mounts`, or the folder `LADOSHKA_USB_DIR` names (for kiosks that mount sticks
//! elsewhere). The admin screen exports sealed bundles into `ladoshka/` on it.

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

/// The folder on the stick the bundles go to.
pub fn export_dir(stick: &Path) -> PathBuf {
    stick.join("ladoshka")
}

#[cfg(test)]
mod tests {
    use super::*;

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

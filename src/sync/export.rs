//! `ladoshka sync --to-dir DIR`: the bundles not yet acknowledged, written to a folder (a USB
//! stick) for `ladoshka-centre import DIR`. Each file is written whole under a temporary name,
//! flushed to the stick, renamed, and the folder flushed, so a stick pulled out early holds
//! whole bundles or none. The bundles stay on the kiosk until the centre's acknowledgement
//! reaches it (at the next online sync).
//!
//! A stick is not trusted: a folder that is a symbolic link is refused, and every file is
//! created new (`O_CREAT|O_EXCL`, which never follows a link) and renamed over its name (a
//! rename replaces a link, never writes through it), so a link planted on the stick cannot make
//! the kiosk overwrite anything else.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::{Store, StoreError, BUNDLE_ROWS};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot write to {path}: {source}. Check that the stick is mounted and writable")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is a symbolic link, not a folder: nothing was written. Choose the stick's own folder")]
    LinkedFolder { path: String },
    #[error("the centre's key fingerprint has not been confirmed on this kiosk, so nothing is sealed to it: compare {fingerprint} with the fingerprint the centre printed and confirm with `ladoshka enrol --fingerprint FINGERPRINT`")]
    Unconfirmed { fingerprint: String },
}

/// The file name of a bundle: device, first and last sequence number, so the names sort in
/// order and say what they hold.
pub fn file_name(device: &[u8; 16], first: u64, last: u64) -> String {
    format!(
        "ladoshka-{}-{first:012}-{last:012}.ldsb",
        hex::encode(device)
    )
}

/// Seals what is new and writes every unacknowledged bundle into `dir`; returns the files.
pub fn export_to_dir(store: &mut Store, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ExportError::Io { path, source }
    };
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ExportError::LinkedFolder {
            path: dir.display().to_string(),
        });
    }
    if let Some(centre) = store.centre()?.filter(|c| !c.confirmed) {
        return Err(ExportError::Unconfirmed {
            fingerprint: centre.public_key.fingerprint(),
        });
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    store.seal_pending(BUNDLE_ROWS)?;
    let device = store.sync_identity()?.device_id;
    let mut written = Vec::new();
    for bundle in store.pending_bundles()? {
        let path = dir.join(file_name(&device, bundle.first_seq, bundle.last_seq));
        let tmp = dir.join(format!(
            ".{}.part",
            path.file_name().unwrap_or_default().to_string_lossy()
        ));
        // A leftover of an export cut short (or anything planted under that name) goes first:
        // removing a link removes the link, not what it points to.
        if std::fs::symlink_metadata(&tmp).is_ok() {
            std::fs::remove_file(&tmp).map_err(io(&tmp))?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io(&tmp))?;
        f.write_all(&bundle.bytes).map_err(io(&tmp))?;
        f.sync_all().map_err(io(&tmp))?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
        store.mark_bundle_sent(bundle.id, Some(&dir.display().to_string()))?;
        written.push(path);
    }
    Ok(written)
}

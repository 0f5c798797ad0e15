//! `ladoshka sync --to-dir DIR`: the bundles not yet acknowledged, written to a folder (a USB
//! stick) for `ladoshka-centre import DIR`. Each file is written whole under a temporary name,
//! flushed to the stick, renamed, and the folder flushed, so a stick pulled out early holds
//! whole bundles or none. The bundles stay on the kiosk until the centre's acknowledgement
//! reaches it (at the next online sync).
//!
//! A stick is not trusted: the files are written by `usb_stick::write_whole` (a folder that is
//! a symbolic link is refused; every file is created new, `O_CREAT|O_EXCL`, which never follows a
//! link, and renamed over its name), so a link planted on the stick cannot make the kiosk
//! overwrite anything else.

use std::path::{Path, PathBuf};

use crate::platform::usb_stick::{self, StickError};
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

impl From<StickError> for ExportError {
    fn from(e: StickError) -> Self {
        match e {
            StickError::Io { path, source } => ExportError::Io { path, source },
            StickError::LinkedFolder { path } => ExportError::LinkedFolder { path },
        }
    }
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
    if let Some(centre) = store.centre()?.filter(|c| !c.confirmed) {
        return Err(ExportError::Unconfirmed {
            fingerprint: centre.public_key.fingerprint(),
        });
    }
    usb_stick::prepare_dir(dir)?;
    store.seal_pending(BUNDLE_ROWS)?;
    let device = store.sync_identity()?.device_id;
    let mut written = Vec::new();
    for bundle in store.pending_bundles()? {
        let name = file_name(&device, bundle.first_seq, bundle.last_seq);
        let path = usb_stick::write_whole(dir, &name, &bundle.bytes)?;
        store.mark_bundle_sent(bundle.id, Some(&dir.display().to_string()))?;
        written.push(path);
    }
    Ok(written)
}

//! `import DIR`: the bundles a kiosk wrote to a USB stick, through the same import as uploads.
//!
//! Every `*.ldsb` file in the folder (not its subfolders) is taken. They are imported in the order
//! of their headers — by device, then by first sequence number, then by name — so a stick holding
//! bundles 1…5 under any names imports all five; a file whose header cannot be read comes first
//! and is rejected with its reason.
//!
//! Only regular files are read: an entry named `*.ldsb` that is a symbolic link, a folder, a
//! FIFO or a device is rejected with what it is, never followed or opened (a link on a stick
//! could point anywhere on the centre's disk), and a file is opened with `O_NOFOLLOW` so a link
//! put in its place after the listing is refused too. Names are printed escaped.

use std::cmp::Ordering;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ladoshka_seal::{BundleHeader, DeviceId, HEADER_LEN};

use crate::centre::{Centre, MAX_BUNDLE_LEN};
use crate::store::{Held, Via};

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    Imported {
        device_id: DeviceId,
        first: u64,
        last: u64,
    },
    AlreadyHeld,
    Rejected(String),
}

/// One file and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name within the folder.
    pub name: String,
    pub outcome: FileOutcome,
}

impl FileReport {
    /// The line `import` prints for this file (the name escaped: no control characters reach
    /// the terminal).
    pub fn line(&self) -> String {
        let name = self.name.escape_debug();
        match &self.outcome {
            FileOutcome::Imported {
                device_id,
                first,
                last,
            } => format!(
                "imported {name} (device {}, rows {first}–{last})",
                hex::encode(device_id)
            ),
            FileOutcome::AlreadyHeld => format!("already held {name}"),
            FileOutcome::Rejected(why) => format!("rejected {name}: {why}"),
        }
    }
}

/// The folder could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("could not read the folder {path} ({source}): check that the stick is mounted and the path is right")]
pub struct FolderError {
    pub path: String,
    pub source: io::Error,
}

struct Candidate {
    name: String,
    path: PathBuf,
    /// Why the entry is not a regular file, when it is not one.
    not_regular: Option<&'static str>,
    /// (device id, first, last) from the header, when it could be read.
    order: Option<(DeviceId, u64, u64)>,
}

fn is_bundle_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ldsb"))
}

/// What a folder entry is, when it is not a regular file (its own type: links not followed).
fn not_regular(kind: fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_file() {
        None
    } else if kind.is_symlink() {
        Some("a symbolic link")
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_block_device() || kind.is_char_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    }
}

/// Opens a regular file without following a symbolic link (and without waiting on a FIFO).
fn open_regular(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// The header of a file, read from its first bytes only.
fn peek_header(path: &Path) -> Option<(DeviceId, u64, u64)> {
    let mut head = [0u8; HEADER_LEN];
    open_regular(path).ok()?.read_exact(&mut head).ok()?;
    BundleHeader::decode(&head)
        .ok()
        .map(|h| (h.device_id, h.first_seq, h.last_seq))
}

/// A file's bytes, or why it cannot be a bundle.
fn read_bundle(path: &Path) -> Result<Vec<u8>, String> {
    let file = open_regular(path).map_err(|e| format!("could not read the file ({e})"))?;
    let mut bytes = Vec::new();
    file.take(MAX_BUNDLE_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("could not read the file ({e})"))?;
    Ok(bytes)
}

/// Imports every bundle file in `dir`; one report per file, in the order they were imported.
pub fn import_dir(centre: &Centre, dir: &Path) -> Result<Vec<FileReport>, FolderError> {
    let folder_error = |source| FolderError {
        path: dir.display().to_string(),
        source,
    };
    let mut candidates = Vec::new();
    for entry in fs::read_dir(dir).map_err(folder_error)? {
        let entry = entry.map_err(folder_error)?;
        let path = entry.path();
        if !is_bundle_name(&path) {
            continue;
        }
        let not_regular = not_regular(entry.file_type().map_err(folder_error)?);
        candidates.push(Candidate {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            order: if not_regular.is_none() {
                peek_header(&path)
            } else {
                None
            },
            not_regular,
            path,
        });
    }
    candidates.sort_by(|a, b| match (&a.order, &b.order) {
        (Some(x), Some(y)) => x.cmp(y).then_with(|| a.name.cmp(&b.name)),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });

    Ok(candidates
        .into_iter()
        .map(|c| {
            let read = match c.not_regular {
                Some(what) => Err(format!(
                    "it is {what}, not a file: only the bundle files a kiosk wrote are imported"
                )),
                None => read_bundle(&c.path),
            };
            let outcome = match read {
                Err(why) => FileOutcome::Rejected(why),
                Ok(bytes) => match centre.receive(&bytes, Via::Usb) {
                    Ok(r) => match r.held {
                        Held::Imported { .. } => FileOutcome::Imported {
                            device_id: r.header.device_id,
                            first: r.header.first_seq,
                            last: r.header.last_seq,
                        },
                        Held::AlreadyHeld { .. } => FileOutcome::AlreadyHeld,
                    },
                    Err(e) => FileOutcome::Rejected(e.to_string()),
                },
            };
            FileReport {
                name: c.name,
                outcome,
            }
        })
        .collect())
}

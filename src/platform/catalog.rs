//! The centre's own lists that the kiosk reads from its data directory (the rental kinds of
//! equipment and the eligibility categories): the shipped list when the centre has no file, the
//! centre's file when it has one, and a broken file refused with its line and field, never
//! half-read and never silently replaced by the shipped list. A file is parsed again only when
//! its modification time or size changed, so a loan costs a `stat`, not a parse.
//!
//! Routes and instruments are folders of many files; they share the error
//! ([`DataFileError`]) and the reader (`domain::data_file`), not this cache.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::domain::data_file::DataFileError;
use crate::domain::eligibility::{self, Category};
use crate::domain::rental_kinds::{self, RentalKinds};

/// Why a centre's list cannot be used. Nothing that depends on it is done.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("cannot read the centre's {what} file {file}: {reason}: fix its permissions or remove it to use the shipped list")]
    Unreadable {
        what: &'static str,
        file: String,
        reason: std::io::Error,
    },
    #[error("the centre's {what} file is broken: {error}. Fix it (check it with `{command} {file}`) or remove it to use the shipped list")]
    Broken {
        what: &'static str,
        command: &'static str,
        file: String,
        error: DataFileError,
    },
}

/// A list as last read: its file, modification time, size, and what it said.
type LastRead<T> = (PathBuf, Option<SystemTime>, u64, T);

/// One of the centre's lists: where it lives in the data directory, what it is called in a
/// message, the command that checks it, the shipped list, the parser, and the last one read.
pub struct Catalog<T: 'static> {
    file: &'static str,
    what: &'static str,
    command: &'static str,
    shipped: fn() -> T,
    parse: fn(&str, &str) -> Result<T, DataFileError>,
    last: Mutex<Option<LastRead<T>>>,
}

/// The eligibility categories (`<data dir>/rental/categories.toml`).
pub static CATEGORIES: Catalog<Vec<Category>> = Catalog {
    file: eligibility::CENTRE_FILE,
    what: "categories",
    command: "ladoshka rental categories check",
    shipped: eligibility::default_categories,
    parse: eligibility::parse_categories,
    last: Mutex::new(None),
};

/// The kinds of equipment (`<data dir>/rental/kinds.toml`).
pub static KINDS: Catalog<RentalKinds> = Catalog {
    file: rental_kinds::CENTRE_FILE,
    what: "kinds",
    command: "ladoshka rental kinds check",
    shipped: rental_kinds::default_kinds,
    parse: rental_kinds::parse_kinds,
    last: Mutex::new(None),
};

impl<T: Clone> Catalog<T> {
    /// The list for the data directory `data_dir`; the shipped list without one (a database
    /// in memory) or when the centre has no file.
    pub fn load(&self, data_dir: Option<&Path>) -> Result<T, CatalogError> {
        let Some(dir) = data_dir else {
            return Ok((self.shipped)());
        };
        let file = dir.join(self.file);
        let unreadable = |reason: std::io::Error| CatalogError::Unreadable {
            what: self.what,
            file: file.display().to_string(),
            reason,
        };
        let meta = match std::fs::metadata(&file) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((self.shipped)()),
            Err(e) => return Err(unreadable(e)),
        };
        let stamp = (meta.modified().ok(), meta.len());
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((path, modified, len, parsed)) = last.as_ref() {
            if *path == file && (*modified, *len) == stamp && stamp.0.is_some() {
                return Ok(parsed.clone());
            }
        }
        let text = std::fs::read_to_string(&file).map_err(unreadable)?;
        let shown = file.display().to_string();
        let parsed = (self.parse)(&shown, &text).map_err(|error| CatalogError::Broken {
            what: self.what,
            command: self.command,
            file: shown.clone(),
            error,
        })?;
        *last = Some((file, stamp.0, stamp.1, parsed.clone()));
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_directory_or_no_file_gives_the_shipped_list() {
        assert_eq!(KINDS.load(None).unwrap(), rental_kinds::default_kinds());
        let dir = std::env::temp_dir().join(format!("ladoshka-catalog-{}", std::process::id()));
        assert_eq!(
            CATEGORIES.load(Some(&dir)).unwrap(),
            eligibility::default_categories()
        );
    }
}

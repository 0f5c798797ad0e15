//! The centre's own words for the reconciliation room as a file: `<data dir>/texts.toml` on the
//! kiosk (on the image `/var/lib/ladoshka/texts.toml`), or any file given to a report with
//! `--texts`. Its rules are the domain's (`domain::restorative::texts`); this module reads the
//! file and names it in errors.

use std::path::{Path, PathBuf};

use crate::domain::restorative::{CentreTexts, TextsError};

/// The file's name inside the data directory.
pub const FILE_NAME: &str = "texts.toml";

#[derive(Debug, thiserror::Error)]
pub enum TextsFileError {
    #[error("cannot read {file}: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Invalid { file: PathBuf, source: TextsError },
}

/// Reads the texts in `file`.
pub fn read(file: &Path) -> Result<CentreTexts, TextsFileError> {
    let text = std::fs::read_to_string(file).map_err(|source| TextsFileError::Read {
        file: file.to_owned(),
        source,
    })?;
    CentreTexts::parse(&text).map_err(|source| TextsFileError::Invalid {
        file: file.to_owned(),
        source,
    })
}

/// The texts of the data directory `dir`; none (the built-in words) when there is no file.
pub fn in_dir(dir: &Path) -> Result<CentreTexts, TextsFileError> {
    let file = dir.join(FILE_NAME);
    if file.exists() {
        read(&file)
    } else {
        Ok(CentreTexts::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_is_the_built_in_words_and_a_broken_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(in_dir(dir.path()).unwrap().is_empty());
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[ru]\n\"stage.referral\" = \"Карточка\"\n",
        )
        .unwrap();
        let t = in_dir(dir.path()).unwrap();
        assert_eq!(
            t.get(crate::domain::Language::Ru, "stage.referral"),
            Some("Карточка")
        );
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[ru]\n\"stage.shutle\" = \"x\"\n",
        )
        .unwrap();
        let e = in_dir(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("texts.toml") && e.contains("stage.shutle"),
            "{e}"
        );
    }
}

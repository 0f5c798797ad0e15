//! Where the instrument definitions come from: the ones built into the program (from
//! `assets/instruments/`, our own wording), and the files a centre imported into its database
//! (`ladoshka instrument import`, for official wording we may not type ourselves). Each file is
//! checked whole; a broken one is left out and its mistake reported, never half-loaded.

use std::path::PathBuf;

use crate::domain::instrument::{parse, DataFileError, Instrument, Licence};

/// The instruments shipped with Ladoshka, as (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "mood.toml",
        include_str!("../../assets/instruments/mood.toml"),
    ),
    (
        "luscher-8.toml",
        include_str!("../../assets/instruments/luscher-8.toml"),
    ),
    (
        "ladder-shchur.toml",
        include_str!("../../assets/instruments/ladder-shchur.toml"),
    ),
    (
        "family-drawing.toml",
        include_str!("../../assets/instruments/family-drawing.toml"),
    ),
    (
        "nonexistent-animal.toml",
        include_str!("../../assets/instruments/nonexistent-animal.toml"),
    ),
    (
        "cactus.toml",
        include_str!("../../assets/instruments/cactus.toml"),
    ),
    (
        "house-tree-person.toml",
        include_str!("../../assets/instruments/house-tree-person.toml"),
    ),
    (
        "colour-relations.toml",
        include_str!("../../assets/instruments/colour-relations.toml"),
    ),
];

/// Where a definition came from: the rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Shipped with the program: must be our own wording.
    BuiltIn,
    /// The centre's file: may carry official wording (`licence.kind = "imported"`).
    Centre,
}

/// The instruments that loaded, and the mistakes of those that did not.
#[derive(Debug, Default, Clone)]
pub struct Catalogue {
    pub instruments: Vec<Instrument>,
    pub errors: Vec<DataFileError>,
}

impl Catalogue {
    /// The built-in instruments.
    pub fn built_in() -> Catalogue {
        let mut c = Catalogue::default();
        for (name, text) in BUILT_IN {
            c.add(name, text, Origin::BuiltIn);
        }
        c
    }

    /// The built-in instruments and the centre's imported files.
    pub fn with_imported(imported: &[(String, String)]) -> Catalogue {
        let mut c = Catalogue::built_in();
        for (name, text) in imported {
            c.add(name, text, Origin::Centre);
        }
        c
    }

    /// Checks and adds one file; a broken one goes to `errors`.
    pub fn add(&mut self, file: &str, text: &str, origin: Origin) {
        match check(file, text, origin, &self.instruments) {
            Ok(i) => self.instruments.push(i),
            Err(e) => self.errors.push(e),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }
}

/// Parses `text` and applies the rules of its origin against what is already loaded.
pub fn check(
    file: &str,
    text: &str,
    origin: Origin,
    loaded: &[Instrument],
) -> Result<Instrument, DataFileError> {
    let i = parse(file, text)?;
    let line_of = |needle: &str| {
        text.find(needle)
            .map_or(1, |at| text[..at].matches('\n').count() + 1)
    };
    if origin == Origin::BuiltIn && matches!(i.licence, Licence::Imported { .. }) {
        return Err(DataFileError {
            file: file.into(),
            line: line_of("kind"),
            field: "licence.kind".into(),
            message: "an instrument with official wording is imported from the centre's file, never shipped in the program".into(),
        });
    }
    if let Some(other) = loaded.iter().find(|o| o.id == i.id) {
        return Err(DataFileError {
            file: file.into(),
            line: line_of("id"),
            field: "id".into(),
            message: format!(
                "«{}» is already loaded (version {}): give this instrument another id",
                i.id, other.version
            ),
        });
    }
    Ok(i)
}

/// Reads and checks files (for `ladoshka instrument check`), as the centre's.
pub fn from_files(files: &[PathBuf]) -> Catalogue {
    let mut c = Catalogue::default();
    for p in files {
        let name = p.display().to_string();
        match std::fs::read_to_string(p) {
            Ok(text) => c.add(&name, &text, Origin::Centre),
            Err(e) => c.errors.push(DataFileError {
                file: name,
                line: 0,
                field: "(file)".into(),
                message: format!("cannot be read: {e}"),
            }),
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_instrument_loads() {
        let c = Catalogue::built_in();
        assert!(c.errors.is_empty(), "{:#?}", c.errors);
        assert_eq!(c.instruments.len(), BUILT_IN.len());
        for i in &c.instruments {
            assert!(
                matches!(i.licence, Licence::OwnWording { .. }),
                "{} is ours",
                i.id
            );
            assert_eq!(i.languages.len(), 3, "{} has ru, tt and en", i.id);
        }
    }

    #[test]
    fn official_wording_is_never_built_in_and_ids_stay_unique() {
        let text = BUILT_IN[0].1;
        let err = check(
            "x.toml",
            text,
            Origin::Centre,
            &Catalogue::built_in().instruments,
        )
        .unwrap_err();
        assert!(err.message.contains("already loaded"), "{err}");
        let imported = include_str!("../../tests/fixtures/instruments/trauma-screen-8.toml");
        let err = check("trauma.toml", imported, Origin::BuiltIn, &[]).unwrap_err();
        assert_eq!(err.field, "licence.kind");
        let c = Catalogue::with_imported(&[("trauma-screen-8.toml".into(), imported.into())]);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.instruments.len(), BUILT_IN.len() + 1);
    }
}

//! Where the help-route templates come from: the four defaults built into the program (from
//! `assets/routes/`), or the centre's own files in a directory (`--routes-dir`). Each file is
//! checked whole; a broken one is left out and its mistake reported, never half-loaded.

use std::path::{Path, PathBuf};

use crate::domain::data_file::DataFileError;
use crate::domain::route::RouteTemplate;
use crate::domain::route_template::parse;

/// The defaults shipped with Ladoshka, as (file name, text).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "zhs1-loss-of-parents.toml",
        include_str!("../../assets/routes/zhs1-loss-of-parents.toml"),
    ),
    (
        "zhs2-abuse-or-assault.toml",
        include_str!("../../assets/routes/zhs2-abuse-or-assault.toml"),
    ),
    (
        "zhs3-emergency.toml",
        include_str!("../../assets/routes/zhs3-emergency.toml"),
    ),
    (
        "zhs4-return-from-combat-zone.toml",
        include_str!("../../assets/routes/zhs4-return-from-combat-zone.toml"),
    ),
];

/// The templates that loaded, and the mistakes of those that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub templates: Vec<RouteTemplate>,
    pub errors: Vec<DataFileError>,
}

/// The built-in defaults.
pub fn built_in() -> Loaded {
    collect(
        BUILT_IN
            .iter()
            .map(|(name, text)| (name.to_string(), Ok(text.to_string()))),
    )
}

/// Every `*.toml` in `dir`, by file name.
pub fn from_dir(dir: &Path) -> Loaded {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(e) => {
            return Loaded {
                templates: Vec::new(),
                errors: vec![DataFileError {
                    file: dir.display().to_string(),
                    line: 0,
                    field: "(folder)".into(),
                    message: format!("cannot be read: {e}"),
                }],
            }
        }
    };
    files.sort();
    from_files(&files)
}

/// The files named.
pub fn from_files(files: &[PathBuf]) -> Loaded {
    collect(files.iter().map(|p| {
        (
            p.display().to_string(),
            std::fs::read_to_string(p).map_err(|e| e.to_string()),
        )
    }))
}

fn collect(files: impl Iterator<Item = (String, Result<String, String>)>) -> Loaded {
    let mut out = Loaded::default();
    for (file, text) in files {
        let parsed = match text {
            Ok(text) => parse(&file, &text),
            Err(e) => Err(DataFileError {
                file: file.clone(),
                line: 0,
                field: "(file)".into(),
                message: format!("cannot be read: {e}"),
            }),
        };
        match parsed {
            Ok(t) => out.templates.push(t),
            Err(e) => out.errors.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::LifeSituation;

    #[test]
    fn the_defaults_cover_the_four_situations() {
        let loaded = built_in();
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let mut situations: Vec<LifeSituation> =
            loaded.templates.iter().map(|t| t.situation).collect();
        situations.sort();
        assert_eq!(situations, LifeSituation::ALL.to_vec());
        for t in &loaded.templates {
            assert!(t.steps.len() >= 5, "{} has {} steps", t.key, t.steps.len());
            assert!(
                t.steps.iter().any(|s| s.key_step),
                "{} marks its key steps",
                t.key
            );
        }
    }

    #[test]
    fn a_broken_file_is_left_out_and_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), BUILT_IN[0].1).unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            BUILT_IN[1]
                .1
                .replace("role = \"staff\"", "role = \"guard\""),
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a template").unwrap();
        let loaded = from_dir(dir.path());
        assert_eq!(
            loaded
                .templates
                .iter()
                .map(|t| t.key.as_str())
                .collect::<Vec<_>>(),
            vec!["a"]
        );
        assert_eq!(loaded.errors.len(), 1);
        assert!(loaded.errors[0].file.ends_with("b.toml"));
        assert!(
            loaded.errors[0].field.ends_with(".role"),
            "{}",
            loaded.errors[0]
        );
        let missing = from_dir(&dir.path().join("nope"));
        assert!(missing.errors[0].message.contains("cannot be read"));
    }
}

//! The configuration a centre sends down to its kiosks (issue 18 §3), as the kiosk and the
//! centre both read it: the centre's legal name, the rental kinds and categories, the instrument
//! files and the help-route templates, each the same text a centre would put on the kiosk.
//!
//! The centre checks a configuration whole before it publishes it, and the kiosk checks it again
//! before applying it, with the parsers that read those files on the kiosk: a configuration
//! either applies whole or not at all. Carrying it (sealed, signed, versioned) is
//! `ladoshka_seal`'s `ConfigPackage`; this module is only what is inside.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::data_file::DataFileError;
use crate::{eligibility, instrument, rental_kinds, route_template};

/// The only form of the document this build writes and reads.
pub const CONFIG_FORMAT: u32 = 1;
/// The longest legal name accepted (characters).
pub const MAX_LEGAL_NAME: usize = 300;

/// Everything a centre configures on its kiosks. A part left out keeps what the kiosk has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreConfig {
    pub format: u32,
    /// The centre's legal name, as consents and contracts print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<String>,
    /// The text of `rental/kinds.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rental_kinds: Option<String>,
    /// The text of `rental/categories.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rental_categories: Option<String>,
    /// Instrument files, as `ladoshka instrument import` takes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<ConfigFile>,
    /// Help-route templates, as `--routes-dir` takes them; when given, they replace the
    /// kiosk's templates as a whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<ConfigFile>,
}

/// One file of a configuration: its name (`name.toml`) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub name: String,
    pub text: String,
}

/// Why a configuration cannot be published or applied. Nothing of it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    #[error("the configuration cannot be read ({0}); it was made by another version of Ladoshka or damaged: publish it again at the centre")]
    Unreadable(String),

    #[error("the configuration is of form {found}, this kiosk reads form {known}: update the kiosk's software first")]
    UnknownFormat { found: u32, known: u32 },

    #[error("the configuration is empty: give at least the legal name, the rental kinds or categories, an instrument or a help-route template")]
    Empty,

    #[error("the legal name is empty or longer than {MAX_LEGAL_NAME} characters: write it as contracts should print it")]
    LegalName,

    #[error("{0}: correct the file and publish again")]
    File(#[from] DataFileError),

    #[error("the file name «{0}» is not allowed: use lower-case Latin letters, digits, '-', '_' and end it with .toml")]
    FileName(String),

    #[error("two instrument files define «{id}» ({first} and {second}): keep one")]
    DuplicateInstrument {
        id: String,
        first: String,
        second: String,
    },
}

impl CentreConfig {
    /// Reads a configuration from its JSON form, checked whole.
    pub fn from_json(bytes: &[u8]) -> Result<Self, ConfigProblem> {
        #[derive(Deserialize)]
        struct Form {
            format: u32,
        }
        let form: Form = serde_json::from_slice(bytes)
            .map_err(|e| ConfigProblem::Unreadable(e.to_string()))?;
        if form.format != CONFIG_FORMAT {
            return Err(ConfigProblem::UnknownFormat {
                found: form.format,
                known: CONFIG_FORMAT,
            });
        }
        let config: CentreConfig =
            serde_json::from_slice(bytes).map_err(|e| ConfigProblem::Unreadable(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    /// The JSON form the centre publishes.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a configuration is always JSON")
    }

    /// Checks every part with the parser the kiosk reads it with.
    pub fn check(&self) -> Result<(), ConfigProblem> {
        if self.legal_name.is_none()
            && self.rental_kinds.is_none()
            && self.rental_categories.is_none()
            && self.instruments.is_empty()
            && self.routes.is_empty()
        {
            return Err(ConfigProblem::Empty);
        }
        if let Some(name) = &self.legal_name {
            let n = name.trim().chars().count();
            if n == 0 || n > MAX_LEGAL_NAME || name.chars().any(char::is_control) {
                return Err(ConfigProblem::LegalName);
            }
        }
        if let Some(text) = &self.rental_kinds {
            rental_kinds::parse_kinds(rental_kinds::CENTRE_FILE, text)?;
        }
        if let Some(text) = &self.rental_categories {
            eligibility::parse_categories(eligibility::CENTRE_FILE, text)?;
        }
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut names = BTreeSet::new();
        for file in &self.instruments {
            if !allowed_name(&file.name) || !names.insert(file.name.as_str()) {
                return Err(ConfigProblem::FileName(file.name.clone()));
            }
            let parsed = instrument::parse(&file.name, &file.text)?;
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == parsed.id) {
                return Err(ConfigProblem::DuplicateInstrument {
                    id: parsed.id,
                    first: first.clone(),
                    second: file.name.clone(),
                });
            }
            seen.push((parsed.id, file.name.clone()));
        }
        let mut names = BTreeSet::new();
        for file in &self.routes {
            if !allowed_name(&file.name) || !names.insert(file.name.as_str()) {
                return Err(ConfigProblem::FileName(file.name.clone()));
            }
            route_template::parse(&file.name, &file.text)?;
        }
        Ok(())
    }

    /// One line for a person: what this configuration sets.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if self.legal_name.is_some() {
            parts.push("the legal name".to_string());
        }
        if self.rental_kinds.is_some() {
            parts.push("the rental kinds".to_string());
        }
        if self.rental_categories.is_some() {
            parts.push("the rental categories".to_string());
        }
        if !self.instruments.is_empty() {
            parts.push(format!("{} instrument file(s)", self.instruments.len()));
        }
        if !self.routes.is_empty() {
            parts.push(format!("{} help-route template(s)", self.routes.len()));
        }
        parts.join(", ")
    }
}

/// A file name a kiosk may write into its data folder: no folder, nothing hidden.
fn allowed_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".toml") else {
        return false;
    };
    !stem.is_empty()
        && !stem.starts_with(['.', '-'])
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
        && !stem.contains("..")
}

#[cfg(test)]
mod tests;

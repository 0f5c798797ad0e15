//! The configuration a centre sends down to its kiosks (issue 18 §3), as the kiosk and the
//! centre both read it: the centre's legal name, the rental kinds and categories, the instrument
//! files and the help-route templates, each the same text a centre would put on the kiosk; the
//! colleagues who work on the kiosk and those switched off ([`roster`]); the families the centre
//! ordered erased there ([`ErasureOrder`]); the families its КЦСОН's other kiosks hold
//! ([`families`]).
//!
//! The centre checks a configuration whole before it publishes it, and the kiosk checks it again
//! before applying it, with the parsers that read those files on the kiosk: a configuration
//! either applies whole or not at all. Carrying it (sealed, signed, versioned) is
//! `ladoshka_seal`'s `ConfigPackage`; this module is only what is inside.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::data_file::DataFileError;
use crate::{eligibility, instrument, rental_kinds, route_template};

pub mod families;
pub mod roster;
pub use families::{Edit, FamilyProblem, SharedFamily};
pub use roster::{Colleague, RosterProblem};

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
    /// The colleagues who work on this kiosk. Each appears on its sign-in screen and sets a PIN
    /// of their own at their first sign-in here, with the starting code the centre gave them.
    /// A colleague the kiosk had from the centre and who is no longer listed keeps their account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<Colleague>,
    /// The centre's ids of colleagues switched off (they left the service): their accounts on
    /// the kiosk are switched off too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revoked_staff: Vec<String>,
    /// Families the centre ordered this kiosk to erase (152-ФЗ art. 21: a request made at the
    /// centre), by the kiosk's own family id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub erasure_orders: Vec<ErasureOrder>,
    /// The families the other kiosks of this kiosk's КЦСОН hold, each as last edited: the
    /// centre fills it for each kiosk when it makes the package, never when it publishes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub families: Vec<SharedFamily>,
}

/// The centre's order to erase one family on one kiosk. The kiosk erases it as its own
/// administrator would (the family's data, and the centre's copy through the erasure row it
/// sends); an order for a family the kiosk no longer holds is carried out already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasureOrder {
    /// The centre's number for the order, so its state can be followed per kiosk.
    pub order: u64,
    /// The family's id on this kiosk (the `entity_id` of its rows at the centre).
    pub family: i64,
    /// When the kiosk enrolled that family (Unix seconds, from its `family.insert` row), so the
    /// order never reaches a newer family that took the same id after this one was erased on
    /// the kiosk. `None` (a centre that does not send it): whichever family has the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolled_at: Option<i64>,
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

    #[error("{0}")]
    Roster(#[from] RosterProblem),

    #[error("{0}")]
    Families(#[from] FamilyProblem),

    #[error("erasure order {order} names family {family}, which is not a family id: the order cannot be carried out")]
    ErasureOrder { order: u64, family: i64 },
}

impl Default for CentreConfig {
    /// A configuration of this build's form that sets nothing yet (fill it, then [`Self::check`]).
    fn default() -> Self {
        Self {
            format: CONFIG_FORMAT,
            legal_name: None,
            rental_kinds: None,
            rental_categories: None,
            instruments: Vec::new(),
            routes: Vec::new(),
            staff: Vec::new(),
            revoked_staff: Vec::new(),
            erasure_orders: Vec::new(),
            families: Vec::new(),
        }
    }
}

impl CentreConfig {
    /// Reads a configuration from its JSON form, every part checked ([`Self::check_parts`]).
    pub fn from_json(bytes: &[u8]) -> Result<Self, ConfigProblem> {
        #[derive(Deserialize)]
        struct Form {
            format: u32,
        }
        let form: Form =
            serde_json::from_slice(bytes).map_err(|e| ConfigProblem::Unreadable(e.to_string()))?;
        if form.format != CONFIG_FORMAT {
            return Err(ConfigProblem::UnknownFormat {
                found: form.format,
                known: CONFIG_FORMAT,
            });
        }
        let config: CentreConfig =
            serde_json::from_slice(bytes).map_err(|e| ConfigProblem::Unreadable(e.to_string()))?;
        config.check_parts()?;
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
            && self.staff.is_empty()
            && self.revoked_staff.is_empty()
            && self.erasure_orders.is_empty()
        {
            return Err(ConfigProblem::Empty);
        }
        self.check_parts()
    }

    /// Checks every part, allowing a configuration with none: what one kiosk is sent of a
    /// published one may set nothing for it (a roster of another КЦСОН's colleagues), and it
    /// still moves the kiosk to the new version.
    pub fn check_parts(&self) -> Result<(), ConfigProblem> {
        roster::check(&self.staff, &self.revoked_staff)?;
        families::check(&self.families)?;
        if let Some(o) = self
            .erasure_orders
            .iter()
            .find(|o| o.order == 0 || o.family <= 0)
        {
            return Err(ConfigProblem::ErasureOrder {
                order: o.order,
                family: o.family,
            });
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
        if !self.staff.is_empty() {
            parts.push(format!("{} colleague(s)", self.staff.len()));
        }
        if !self.revoked_staff.is_empty() {
            parts.push(format!(
                "{} colleague(s) switched off",
                self.revoked_staff.len()
            ));
        }
        if !self.erasure_orders.is_empty() {
            parts.push(format!("{} erasure order(s)", self.erasure_orders.len()));
        }
        if !self.families.is_empty() {
            parts.push(format!("{} family(ies) of the КЦСОН", self.families.len()));
        }
        if parts.is_empty() {
            return "nothing for this kiosk".into();
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
        && stem.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
        && !stem.contains("..")
}

#[cfg(test)]
mod tests;

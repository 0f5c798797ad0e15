//! The colleagues a centre puts on its kiosks (issue 18 §3): a psychologist who works in three
//! rooms of one КЦСОН is listed once at the centre and appears on each of their kiosks.
//!
//! PIN hashes never leave a kiosk. The centre gives each colleague a one-time starting code
//! instead (`ladoshka-centre staff codes`); the package carries only that code's Argon2id hash,
//! sealed to the kiosk. At their first sign-in on a kiosk the colleague types the code and then
//! chooses the PIN they will use there: a child who taps an unknown name cannot take the
//! account, because the code is on the colleague's paper, not on the screen.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::staff::{NewStaff, Role};
use crate::DomainError;

/// The longest centre id of a colleague.
pub const MAX_UID: usize = 64;
/// The digits in a starting code: the most a PIN screen takes.
pub const STARTING_CODE_DIGITS: usize = crate::staff::Pin::MAX_DIGITS;

/// One colleague as the centre lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colleague {
    /// The centre's id for the person, the same on every kiosk (Latin letters, digits, `-`,
    /// `_`, `.`; at most [`MAX_UID`]).
    pub uid: String,
    pub first_name: String,
    #[serde(default)]
    pub patronymic: String,
    pub last_name: String,
    pub role: Role,
    /// The Argon2id hash (PHC string) of the colleague's starting code.
    pub starting_code: String,
    /// The КЦСОН (as the centre names kiosks' places) whose kiosks list this colleague; none:
    /// every kiosk. The centre keeps it; each kiosk's package lists only its own colleagues,
    /// without this list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
}

impl Colleague {
    /// The person as the kiosk keeps a colleague (names cleaned as the kiosk cleans them).
    pub fn details(&self) -> Result<NewStaff, DomainError> {
        NewStaff::new(
            &self.first_name,
            &self.patronymic,
            &self.last_name,
            self.role,
        )
    }
}

/// Why a roster cannot be published or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterProblem {
    #[error("the colleague id «{0}» is not allowed: use Latin letters, digits, '-', '_' or '.', at most {MAX_UID} characters")]
    Uid(String),

    #[error("the colleague «{0}» is listed twice: keep one entry")]
    Twice(String),

    #[error("the colleague «{uid}»: {problem}")]
    Name { uid: String, problem: String },

    #[error("the colleague «{0}» has no starting code the kiosk can check: publish the roster again with `ladoshka-centre config publish`")]
    StartingCode(String),

    #[error(
        "the colleague «{0}» is both listed and switched off: remove them from one of the two"
    )]
    ListedAndRevoked(String),
}

/// A centre id a kiosk will keep: short, plain, printable in any log.
pub fn allowed_uid(uid: &str) -> bool {
    !uid.is_empty()
        && uid.len() <= MAX_UID
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Checks the listed colleagues and the switched-off ids together.
pub fn check(staff: &[Colleague], revoked: &[String]) -> Result<(), RosterProblem> {
    let mut seen = BTreeSet::new();
    for c in staff {
        if !allowed_uid(&c.uid) {
            return Err(RosterProblem::Uid(c.uid.clone()));
        }
        if !seen.insert(c.uid.as_str()) {
            return Err(RosterProblem::Twice(c.uid.clone()));
        }
        c.details().map_err(|e| RosterProblem::Name {
            uid: c.uid.clone(),
            problem: e.to_string(),
        })?;
        if !c.starting_code.starts_with("$argon2id$") {
            return Err(RosterProblem::StartingCode(c.uid.clone()));
        }
    }
    let mut gone = BTreeSet::new();
    for uid in revoked {
        if !allowed_uid(uid) {
            return Err(RosterProblem::Uid(uid.clone()));
        }
        if seen.contains(uid.as_str()) {
            return Err(RosterProblem::ListedAndRevoked(uid.clone()));
        }
        if !gone.insert(uid.as_str()) {
            return Err(RosterProblem::Twice(uid.clone()));
        }
    }
    Ok(())
}

//! Console users as the command line manages them (`ladoshka-centre user add|disable|list`):
//! the checks on a new login and password, then the store.

use super::password::{self, PasswordCost};
use crate::store::console::{DisableOutcome, NewUser, Role, User, UserRefusal};
use crate::store::{CentreStore, StoreError};
use crate::time::now_unix;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a user was not added.
#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    #[error("«{0}» is not a usable login: use 1 to 64 letters, digits, '.', '_' or '-'")]
    BadLogin(String),
    #[error("the display name is empty: give the person's name with --name")]
    NoName,
    #[error("the password is shorter than {MIN_PASSWORD_CHARS} characters: choose a longer one (a phrase of several words is easy to remember)")]
    ShortPassword,
    #[error(transparent)]
    Refused(#[from] UserRefusal),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Randomness(#[from] crate::secrets::RandomnessFailed),
}

/// A login as kept: trimmed and in lower case.
pub fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

fn usable_login(login: &str) -> bool {
    (1..=64).contains(&login.chars().count())
        && login
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Adds a console user whose password is hashed at `cost` ([`PasswordCost::STANDARD`] on the
/// command line).
pub fn add(
    store: &dyn CentreStore,
    login: &str,
    display_name: &str,
    role: Role,
    password: &str,
    cost: PasswordCost,
) -> Result<User, AddUserError> {
    let login = normalise_login(login);
    if !usable_login(&login) {
        return Err(AddUserError::BadLogin(login));
    }
    let display_name = display_name.trim();
    if display_name.is_empty() {
        return Err(AddUserError::NoName);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AddUserError::ShortPassword);
    }
    let hash = password::hash(password, cost)?;
    store.add_user(
        &NewUser {
            login: &login,
            display_name,
            role,
            password_hash: &hash,
        },
        now_unix(),
    )??;
    Ok(store
        .user(&login)?
        .ok_or_else(|| StoreError::Corrupt("a console user just added is not there".into()))?)
}

/// Disables a user and ends their sessions.
pub fn disable(store: &dyn CentreStore, login: &str) -> Result<DisableOutcome, StoreError> {
    store.disable_user(&normalise_login(login), now_unix())
}

//! What the web console keeps: its users with their roles and password hashes, their sessions
//! (in the database, so several `serve` processes share them) and the audit log of who saw or
//! did what. A trait of its own, apart from the sync's [`super::CentreStore`] methods, so the
//! console's tables and the kiosks' tables change independently; every engine implements both.

use super::StoreError;

/// What a console user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything: devices and their revocation, enrolment tokens, the audit log.
    Admin,
    /// Sees the devices, the indicators, the erasures and the audit log; changes nothing.
    Methodologist,
    /// Sees the indicators only: aggregates, their CSV and the printable page.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Methodologist, Role::Analyst];

    /// The name kept in the store and given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Methodologist => "methodologist",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }
}

/// A console user as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// The Argon2id hash in PHC form (`$argon2id$v=19$m=…`).
    pub password_hash: String,
    /// Failed sign-ins since the last good one (or the last lockout).
    pub failed_in_row: u32,
    /// Signing in is refused until this Unix time.
    pub locked_until: Option<i64>,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// A user to add.
#[derive(Debug, Clone, Copy)]
pub struct NewUser<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
}

/// Why a user was not added. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserRefusal {
    #[error("a console user with the login «{login}» already exists: choose another login, or disable the old user first (`ladoshka-centre user disable --login {login}`) — a disabled login stays taken")]
    LoginTaken { login: String },
}

/// What `user disable` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisableOutcome {
    Disabled,
    AlreadyDisabled,
    Unknown,
}

/// How many failed sign-ins in a row lock a user out, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    pub failures: u32,
    pub secs: i64,
}

/// A signed-in session, with its user as the store holds them now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The session's CSRF token (32 random bytes), put in every form it is shown.
    pub csrf: Vec<u8>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    /// The user's login (for a failed sign-in, the login that was typed).
    pub login: String,
    /// What was done or seen: `sign-in`, `devices-viewed`, `device-revoked`, …
    pub action: String,
    /// What it was done to, in a few words (no child's data).
    pub subject: String,
    pub device_id: Option<Vec<u8>>,
    pub remote_addr: String,
}

/// The console's store, in every engine.
pub trait ConsoleStore {
    /// Adds a user; logins are unique for ever (a disabled user keeps theirs).
    fn add_user(
        &self,
        user: &NewUser<'_>,
        now: i64,
    ) -> Result<Result<i64, UserRefusal>, StoreError>;

    /// The user with this login, disabled or not.
    fn user(&self, login: &str) -> Result<Option<User>, StoreError>;

    /// Every user, by login.
    fn users(&self) -> Result<Vec<User>, StoreError>;

    /// Disables a user and ends their sessions.
    fn disable_user(&self, login: &str, now: i64) -> Result<DisableOutcome, StoreError>;

    /// Counts a failed sign-in; the `rule.failures`-th in a row locks the user for
    /// `rule.secs` (and starts the count again). Returns the lock's end when this one locked.
    fn sign_in_failed(
        &self,
        user_id: i64,
        now: i64,
        rule: Lockout,
    ) -> Result<Option<i64>, StoreError>;

    /// A good sign-in: the failure count starts again and any lock ends.
    fn sign_in_succeeded(&self, user_id: i64) -> Result<(), StoreError>;

    /// Keeps a new session under the SHA-256 of its cookie's token.
    fn create_session(
        &self,
        token_hash: &[u8; 32],
        user_id: i64,
        csrf: &[u8],
        now: i64,
    ) -> Result<(), StoreError>;

    /// The session with this token hash, and its user.
    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<Session>, StoreError>;

    /// Notes that the session was used now (the idle timeout counts from here).
    fn touch_session(&self, token_hash: &[u8; 32], now: i64) -> Result<(), StoreError>;

    /// Ends one session (sign-out, or found expired).
    fn end_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Ends every session last used before `idle_before` or begun before `created_before`.
    fn end_stale_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64, StoreError>;

    /// Adds a line to the audit log.
    fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError>;

    /// The newest `limit` lines of the audit log, newest first.
    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;
}

/// A role read back from the store (its CHECK keeps it one of three).
pub(crate) fn role_from(text: &str) -> Result<Role, StoreError> {
    Role::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("a console user has the role «{text}»")))
}

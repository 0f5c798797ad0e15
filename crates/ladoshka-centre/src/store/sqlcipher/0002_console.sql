-- Schema version 2: the web console's users, sessions and audit log.

-- Console users. A login is unique for ever: a disabled user keeps it.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'methodologist', 'analyst')),
    password_hash TEXT NOT NULL,
    failed_in_row INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL,
    disabled_at   INTEGER
) STRICT;

-- Signed-in sessions: only the SHA-256 of the cookie's 32 random bytes is kept.
CREATE TABLE console_sessions (
    token_hash   BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf         BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX console_sessions_user ON console_sessions (user_id);

-- Who saw or did what in the console.
CREATE TABLE console_audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    login       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    device_id   BLOB,
    remote_addr TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX console_audit_at ON console_audit (at);

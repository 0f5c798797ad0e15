-- Schema version 2: the web console's users, sessions and audit log.

-- Console users. A login is unique for ever: a disabled user keeps it.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'methodologist', 'analyst')),
    password_hash TEXT NOT NULL,
    failed_in_row BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

-- Signed-in sessions, shared by every server: only the SHA-256 of the cookie's token is kept.
CREATE TABLE console_sessions (
    token_hash   BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf         BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

-- Who saw or did what in the console.
CREATE TABLE console_audit (
    id          BIGSERIAL PRIMARY KEY,
    at          BIGINT NOT NULL,
    login       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    device_id   BYTEA,
    remote_addr TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_audit_at ON console_audit (at);

//! The console's users, sessions and audit log in the SQLCipher file (schema version 2).

use rusqlite::{params, ErrorCode, OptionalExtension, Row};

use super::SqlcipherStore;
use crate::store::console::{
    role_from, AuditEntry, ConsoleStore, DisableOutcome, Lockout, NewUser, Session, User,
    UserRefusal,
};
use crate::store::StoreError;

const USER_COLUMNS: &str = "u.id, u.login, u.display_name, u.role, u.password_hash, \
     u.failed_in_row, u.locked_until, u.created_at, u.disabled_at";

fn user_from(r: &Row<'_>) -> rusqlite::Result<(User, String)> {
    let role: String = r.get(3)?;
    Ok((
        User {
            id: r.get(0)?,
            login: r.get(1)?,
            display_name: r.get(2)?,
            role: crate::store::console::Role::Analyst,
            password_hash: r.get(4)?,
            failed_in_row: u32::try_from(r.get::<_, i64>(5)?).unwrap_or(u32::MAX),
            locked_until: r.get(6)?,
            created_at: r.get(7)?,
            disabled_at: r.get(8)?,
        },
        role,
    ))
}

/// The user with the role read back checked.
fn checked((mut user, role): (User, String)) -> Result<User, StoreError> {
    user.role = role_from(&role)?;
    Ok(user)
}

impl ConsoleStore for SqlcipherStore {
    fn add_user(
        &self,
        user: &NewUser<'_>,
        now: i64,
    ) -> Result<Result<i64, UserRefusal>, StoreError> {
        let db = self.db();
        let done = db.conn.execute(
            "INSERT INTO users (login, display_name, role, password_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                user.login,
                user.display_name,
                user.role.as_str(),
                user.password_hash,
                now
            ],
        );
        match done {
            Ok(_) => Ok(Ok(db.conn.last_insert_rowid())),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                Ok(Err(UserRefusal::LoginTaken {
                    login: user.login.to_string(),
                }))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn user(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.db()
            .conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.login = ?1"),
                [login],
                user_from,
            )
            .optional()?
            .map(checked)
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        let db = self.db();
        let mut stmt = db.conn.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users u ORDER BY u.login"
        ))?;
        let rows = stmt.query_map([], user_from)?;
        rows.map(|r| checked(r?)).collect()
    }

    fn disable_user(&self, login: &str, now: i64) -> Result<DisableOutcome, StoreError> {
        let mut db = self.db();
        let tx = db.conn.transaction()?;
        let found: Option<(i64, Option<i64>)> = tx
            .query_row(
                "SELECT id, disabled_at FROM users WHERE login = ?1",
                [login],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let outcome = match found {
            None => DisableOutcome::Unknown,
            Some((id, disabled)) => {
                tx.execute("DELETE FROM console_sessions WHERE user_id = ?1", [id])?;
                if disabled.is_some() {
                    DisableOutcome::AlreadyDisabled
                } else {
                    tx.execute(
                        "UPDATE users SET disabled_at = ?2 WHERE id = ?1",
                        params![id, now],
                    )?;
                    DisableOutcome::Disabled
                }
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    fn sign_in_failed(
        &self,
        user_id: i64,
        now: i64,
        rule: Lockout,
    ) -> Result<Option<i64>, StoreError> {
        let db = self.db();
        let locked: Option<Option<i64>> = db
            .conn
            .query_row(
                "UPDATE users SET
                   locked_until = CASE WHEN failed_in_row + 1 >= ?2 THEN ?3 ELSE locked_until END,
                   failed_in_row = CASE WHEN failed_in_row + 1 >= ?2 THEN 0 ELSE failed_in_row + 1 END
                 WHERE id = ?1
                 RETURNING CASE WHEN failed_in_row = 0 THEN locked_until END",
                params![user_id, i64::from(rule.failures), now + rule.secs],
                |r| r.get(0),
            )
            .optional()?;
        Ok(locked.flatten())
    }

    fn sign_in_succeeded(&self, user_id: i64) -> Result<(), StoreError> {
        self.db().conn.execute(
            "UPDATE users SET failed_in_row = 0, locked_until = NULL WHERE id = ?1",
            [user_id],
        )?;
        Ok(())
    }

    fn create_session(
        &self,
        token_hash: &[u8; 32],
        user_id: i64,
        csrf: &[u8],
        now: i64,
    ) -> Result<(), StoreError> {
        self.db().conn.execute(
            "INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, last_seen_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![&token_hash[..], user_id, csrf, now],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        let db = self.db();
        let found = db
            .conn
            .query_row(
                &format!(
                    "SELECT {USER_COLUMNS}, s.csrf, s.created_at, s.last_seen_at
                     FROM console_sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = ?1"
                ),
                [&token_hash[..]],
                |r| {
                    Ok((
                        user_from(r)?,
                        r.get::<_, Vec<u8>>(9)?,
                        r.get(10)?,
                        r.get(11)?,
                    ))
                },
            )
            .optional()?;
        found
            .map(|(user, csrf, created_at, last_seen_at)| {
                Ok(Session {
                    user: checked(user)?,
                    csrf,
                    created_at,
                    last_seen_at,
                })
            })
            .transpose()
    }

    fn touch_session(&self, token_hash: &[u8; 32], now: i64) -> Result<(), StoreError> {
        self.db().conn.execute(
            "UPDATE console_sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
            params![&token_hash[..], now],
        )?;
        Ok(())
    }

    fn end_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.db().conn.execute(
            "DELETE FROM console_sessions WHERE token_hash = ?1",
            [&token_hash[..]],
        )?;
        Ok(())
    }

    fn end_stale_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64, StoreError> {
        let n = self.db().conn.execute(
            "DELETE FROM console_sessions WHERE last_seen_at < ?1 OR created_at < ?2",
            params![idle_before, created_before],
        )?;
        Ok(n as u64)
    }

    fn audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        self.db().conn.execute(
            "INSERT INTO console_audit (at, login, action, subject, device_id, remote_addr)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.at,
                e.login,
                e.action,
                e.subject,
                e.device_id,
                e.remote_addr
            ],
        )?;
        Ok(())
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let db = self.db();
        let mut stmt = db.conn.prepare(
            "SELECT at, login, action, subject, device_id, remote_addr FROM console_audit
             ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                login: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                device_id: r.get(4)?,
                remote_addr: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

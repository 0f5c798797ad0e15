//! The console's users, sessions and audit log in PostgreSQL (schema version 2), shared by
//! every `serve` process: a session begun on one server is good on the others.

use r2d2_postgres::postgres::error::SqlState;
use r2d2_postgres::postgres::Row;

use super::PostgresStore;
use crate::store::console::{
    role_from, AuditEntry, ConsoleStore, DisableOutcome, Lockout, NewUser, Session, User,
    UserRefusal,
};
use crate::store::StoreError;

const USER_COLUMNS: &str = "u.id, u.login, u.display_name, u.role, u.password_hash, \
     u.failed_in_row, u.locked_until, u.created_at, u.disabled_at";

fn user_from(r: &Row) -> Result<User, StoreError> {
    Ok(User {
        id: r.get(0),
        login: r.get(1),
        display_name: r.get(2),
        role: role_from(r.get(3))?,
        password_hash: r.get(4),
        failed_in_row: u32::try_from(r.get::<_, i64>(5)).unwrap_or(u32::MAX),
        locked_until: r.get(6),
        created_at: r.get(7),
        disabled_at: r.get(8),
    })
}

impl ConsoleStore for PostgresStore {
    fn add_user(
        &self,
        user: &NewUser<'_>,
        now: i64,
    ) -> Result<Result<i64, UserRefusal>, StoreError> {
        let done = self.conn()?.query_one(
            "INSERT INTO users (login, display_name, role, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[
                &user.login,
                &user.display_name,
                &user.role.as_str(),
                &user.password_hash,
                &now,
            ],
        );
        match done {
            Ok(row) => Ok(Ok(row.get(0))),
            Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Ok(Err(UserRefusal::LoginTaken {
                    login: user.login.to_string(),
                }))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn user(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.conn()?
            .query_opt(
                &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.login = $1"),
                &[&login],
            )?
            .as_ref()
            .map(user_from)
            .transpose()
    }

    fn users(&self) -> Result<Vec<User>, StoreError> {
        self.conn()?
            .query(
                &format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.login"),
                &[],
            )?
            .iter()
            .map(user_from)
            .collect()
    }

    fn disable_user(&self, login: &str, now: i64) -> Result<DisableOutcome, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let found = tx.query_opt(
            "SELECT id, disabled_at FROM users WHERE login = $1 FOR UPDATE",
            &[&login],
        )?;
        let outcome = match found {
            None => DisableOutcome::Unknown,
            Some(r) => {
                let id: i64 = r.get(0);
                tx.execute("DELETE FROM console_sessions WHERE user_id = $1", &[&id])?;
                if r.get::<_, Option<i64>>(1).is_some() {
                    DisableOutcome::AlreadyDisabled
                } else {
                    tx.execute(
                        "UPDATE users SET disabled_at = $2 WHERE id = $1",
                        &[&id, &now],
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
        // One statement: two servers counting failures of one user at once add up.
        let row = self.conn()?.query_opt(
            "UPDATE users SET
               locked_until = CASE WHEN failed_in_row + 1 >= $2 THEN $3 ELSE locked_until END,
               failed_in_row = CASE WHEN failed_in_row + 1 >= $2 THEN 0 ELSE failed_in_row + 1 END
             WHERE id = $1
             RETURNING CASE WHEN failed_in_row = 0 THEN locked_until END",
            &[&user_id, &i64::from(rule.failures), &(now + rule.secs)],
        )?;
        Ok(row.and_then(|r| r.get(0)))
    }

    fn sign_in_succeeded(&self, user_id: i64) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE users SET failed_in_row = 0, locked_until = NULL WHERE id = $1",
            &[&user_id],
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
        self.conn()?.execute(
            "INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $4)",
            &[&&token_hash[..], &user_id, &csrf, &now],
        )?;
        Ok(())
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        let row = self.conn()?.query_opt(
            &format!(
                "SELECT {USER_COLUMNS}, s.csrf, s.created_at, s.last_seen_at
                 FROM console_sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1"
            ),
            &[&&token_hash[..]],
        )?;
        row.map(|r| {
            Ok(Session {
                user: user_from(&r)?,
                csrf: r.get(9),
                created_at: r.get(10),
                last_seen_at: r.get(11),
            })
        })
        .transpose()
    }

    fn touch_session(&self, token_hash: &[u8; 32], now: i64) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE console_sessions SET last_seen_at = $2 WHERE token_hash = $1",
            &[&&token_hash[..], &now],
        )?;
        Ok(())
    }

    fn end_session(&self, token_hash: &[u8; 32]) -> Result<(), StoreError> {
        self.conn()?.execute(
            "DELETE FROM console_sessions WHERE token_hash = $1",
            &[&&token_hash[..]],
        )?;
        Ok(())
    }

    fn end_stale_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64, StoreError> {
        Ok(self.conn()?.execute(
            "DELETE FROM console_sessions WHERE last_seen_at < $1 OR created_at < $2",
            &[&idle_before, &created_before],
        )?)
    }

    fn audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO console_audit (at, login, action, subject, device_id, remote_addr)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &e.at,
                &e.login,
                &e.action,
                &e.subject,
                &e.device_id,
                &e.remote_addr,
            ],
        )?;
        Ok(())
    }

    fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(self
            .conn()?
            .query(
                "SELECT at, login, action, subject, device_id, remote_addr FROM console_audit
                 ORDER BY id DESC LIMIT $1",
                &[&i64::from(limit)],
            )?
            .iter()
            .map(|r| AuditEntry {
                at: r.get(0),
                login: r.get(1),
                action: r.get(2),
                subject: r.get(3),
                device_id: r.get(4),
                remote_addr: r.get(5),
            })
            .collect())
    }
}

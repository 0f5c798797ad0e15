//! What the audit log records about people signing in and out. Every entry is also shipped
//! to the centre, so a locked-out colleague or a hidden screen can be explained later.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignOutReason {
    /// The person tapped "sign out".
    SignedOut,
    /// The person tapped "hide" (the screen went back to the public home at once).
    Hidden,
    /// Nobody touched the screen for the idle timeout.
    Idle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum AuditEvent {
    SignIn,
    SignOut { reason: SignOutReason },
    WrongPin { tries_left: u32 },
    Locked { minutes: i64 },
    RefusedWhileLocked,
}

impl AuditEvent {
    pub fn key(self) -> &'static str {
        match self {
            AuditEvent::SignIn => "sign_in",
            AuditEvent::SignOut { .. } => "sign_out",
            AuditEvent::WrongPin { .. } => "wrong_pin",
            AuditEvent::Locked { .. } => "locked",
            AuditEvent::RefusedWhileLocked => "refused_while_locked",
        }
    }

    pub fn detail(self) -> String {
        match self {
            AuditEvent::SignOut { reason } => serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            AuditEvent::WrongPin { tries_left } => format!("tries_left={tries_left}"),
            AuditEvent::Locked { minutes } => format!("minutes={minutes}"),
            AuditEvent::SignIn | AuditEvent::RefusedWhileLocked => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_details() {
        assert_eq!(AuditEvent::SignIn.key(), "sign_in");
        assert_eq!(
            AuditEvent::SignOut {
                reason: SignOutReason::Idle
            }
            .detail(),
            "idle"
        );
        assert_eq!(
            AuditEvent::SignOut {
                reason: SignOutReason::Hidden
            }
            .detail(),
            "hidden"
        );
        assert_eq!(
            AuditEvent::WrongPin { tries_left: 2 }.detail(),
            "tries_left=2"
        );
        assert_eq!(AuditEvent::Locked { minutes: 5 }.key(), "locked");
        assert_eq!(AuditEvent::RefusedWhileLocked.detail(), "");
    }
}

//! What the audit log records: people signing in and out, and every use of a data subject's
//! rights (152-ФЗ: a consent withdrawn, a family erased or exported, a child's results opened).
//! Every entry is also shipped to the centre, so a locked-out colleague, a hidden screen or an
//! erasure can be explained later. Entries name ids, never a name.

use serde::{Deserialize, Serialize};

use crate::family::{ChildId, FamilyId};
use crate::restorative::CaseId;
use crate::staff::StaffId;

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
    SignOut {
        reason: SignOutReason,
    },
    WrongPin {
        tries_left: u32,
    },
    Locked {
        minutes: i64,
    },
    RefusedWhileLocked,
    /// A colleague from the centre's roster chose their PIN on this kiosk with their starting
    /// code.
    PinChosen,
    /// A parent withdrew the consent for `child` (signed on the kiosk).
    ConsentWithdrawn {
        child: ChildId,
    },
    /// Everything of `family` (or of one child of it) was erased.
    Erased {
        family: FamilyId,
        child: Option<ChildId>,
    },
    /// Everything of `family` was erased on the centre's erasure order `order` (a request the
    /// family made at the centre), by no one on this kiosk.
    ErasedByOrder {
        family: FamilyId,
        order: u64,
    },
    /// A family's data was written out for the family (the right of access).
    Exported {
        family: FamilyId,
    },
    /// A colleague opened a child's diagnostic results.
    ResultsOpened {
        child: ChildId,
    },
    /// A restorative case was opened by its facilitator or an administrator.
    CaseOpened {
        case: CaseId,
    },
    /// A printable copy of a case's agreement was made (to leave the room).
    AgreementCopied {
        case: CaseId,
    },
    /// An administrator allowed `facilitator` to lead a case although they lead one of its
    /// children's own therapy (the reason is kept with the case, never here).
    ConflictAllowed {
        case: CaseId,
        facilitator: StaffId,
    },
}

impl AuditEvent {
    pub fn key(self) -> &'static str {
        match self {
            AuditEvent::SignIn => "sign_in",
            AuditEvent::SignOut { .. } => "sign_out",
            AuditEvent::WrongPin { .. } => "wrong_pin",
            AuditEvent::Locked { .. } => "locked",
            AuditEvent::RefusedWhileLocked => "refused_while_locked",
            AuditEvent::PinChosen => "pin_chosen",
            AuditEvent::ConsentWithdrawn { .. } => "consent_withdrawn",
            // The same key as a colleague's erasure: the data-requests screen lists both.
            AuditEvent::Erased { .. } | AuditEvent::ErasedByOrder { .. } => "erased",
            AuditEvent::Exported { .. } => "exported",
            AuditEvent::ResultsOpened { .. } => "results_opened",
            AuditEvent::CaseOpened { .. } => "case_opened",
            AuditEvent::AgreementCopied { .. } => "agreement_copied",
            AuditEvent::ConflictAllowed { .. } => "conflict_allowed",
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
            AuditEvent::ConsentWithdrawn { child } | AuditEvent::ResultsOpened { child } => {
                format!("child={}", child.0)
            }
            AuditEvent::Erased { family, child } => match child {
                Some(child) => format!("family={} child={}", family.0, child.0),
                None => format!("family={}", family.0),
            },
            AuditEvent::ErasedByOrder { family, order } => {
                format!("family={} centre_order={order}", family.0)
            }
            AuditEvent::Exported { family } => format!("family={}", family.0),
            AuditEvent::CaseOpened { case } | AuditEvent::AgreementCopied { case } => {
                format!("case={}", case.0)
            }
            AuditEvent::ConflictAllowed { case, facilitator } => {
                format!("case={} facilitator={}", case.0, facilitator.0)
            }
            AuditEvent::SignIn | AuditEvent::RefusedWhileLocked | AuditEvent::PinChosen => {
                String::new()
            }
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
        let erased = AuditEvent::Erased {
            family: FamilyId(3),
            child: Some(ChildId(7)),
        };
        assert_eq!(
            (erased.key(), erased.detail().as_str()),
            ("erased", "family=3 child=7")
        );
        let ordered = AuditEvent::ErasedByOrder {
            family: FamilyId(3),
            order: 12,
        };
        assert_eq!(
            (ordered.key(), ordered.detail().as_str()),
            ("erased", "family=3 centre_order=12")
        );
        let case = AuditEvent::CaseOpened { case: CaseId(4) };
        assert_eq!(
            (case.key(), case.detail().as_str()),
            ("case_opened", "case=4")
        );
        let copied = AuditEvent::AgreementCopied { case: CaseId(4) };
        assert_eq!(
            (copied.key(), copied.detail().as_str()),
            ("agreement_copied", "case=4")
        );
        let allowed = AuditEvent::ConflictAllowed {
            case: CaseId(4),
            facilitator: StaffId(2),
        };
        assert_eq!(
            (allowed.key(), allowed.detail().as_str()),
            ("conflict_allowed", "case=4 facilitator=2")
        );
        let opened = AuditEvent::ResultsOpened { child: ChildId(7) };
        assert_eq!(
            (opened.key(), opened.detail().as_str()),
            ("results_opened", "child=7")
        );
        assert_eq!(
            AuditEvent::Exported {
                family: FamilyId(3)
            }
            .detail(),
            "family=3"
        );
    }
}

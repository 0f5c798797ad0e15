//! The stages a case goes through and the outcomes it closes with, and which stage may follow
//! which. This is the shape of the way only; the guards that also depend on the case (screening,
//! consent, the agreement) are in [`super::Case`].
//!
//! ```text
//! referral → screening → preliminary ⇄ joint meeting → agreement → follow-up → closed
//!                                   └──── (shuttle) ────┘
//! ```
//! A joint meeting may be called off (back to preliminary meetings). Closures: withdrawn (any
//! stage before follow-up, save preliminary where a party's «no» ends it at the preliminary
//! stage), not suitable (after a screening rule: screening, preliminary, joint meeting), ended
//! at the preliminary stage, and from follow-up the agreement kept or not kept.

use serde::{Deserialize, Serialize};

use crate::DomainError;

use super::{PartyId, ScreeningRule};

/// How a case ended. Ending at the preliminary stage because a side declined is an outcome to
/// count, not a failure of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every item of the agreement was kept.
    AgreementKept,
    /// At least one item was not kept.
    AgreementNotKept,
    /// A party declined (or withdrew) at the preliminary stage.
    EndedAtPreliminary { declined_by: PartyId },
    /// A screening rule holds and the case did not go on as a shuttle programme.
    NotSuitable { rule: ScreeningRule },
    /// The case was withdrawn: by the referring body, or by a party after the preliminary stage.
    Withdrawn,
}

impl Outcome {
    /// The stored keys, in declaration order.
    pub const KEYS: [&'static str; 5] = [
        "agreement_kept",
        "agreement_not_kept",
        "ended_at_preliminary",
        "not_suitable",
        "withdrawn",
    ];

    /// The stored key; the party and the rule are stored beside it ([`Outcome::declined_by`],
    /// [`Outcome::rule`]).
    pub fn key(self) -> &'static str {
        match self {
            Outcome::AgreementKept => "agreement_kept",
            Outcome::AgreementNotKept => "agreement_not_kept",
            Outcome::EndedAtPreliminary { .. } => "ended_at_preliminary",
            Outcome::NotSuitable { .. } => "not_suitable",
            Outcome::Withdrawn => "withdrawn",
        }
    }

    pub fn declined_by(self) -> Option<PartyId> {
        match self {
            Outcome::EndedAtPreliminary { declined_by } => Some(declined_by),
            _ => None,
        }
    }

    pub fn rule(self) -> Option<ScreeningRule> {
        match self {
            Outcome::NotSuitable { rule } => Some(rule),
            _ => None,
        }
    }

    /// Back from the stored key and the columns beside it; the party is there exactly for
    /// «ended_at_preliminary» and the rule exactly for «not_suitable».
    pub fn from_key(
        key: &str,
        declined_by: Option<PartyId>,
        rule: Option<ScreeningRule>,
    ) -> Result<Self, DomainError> {
        let outcome = match (key, declined_by, rule) {
            ("agreement_kept", None, None) => Outcome::AgreementKept,
            ("agreement_not_kept", None, None) => Outcome::AgreementNotKept,
            ("ended_at_preliminary", Some(declined_by), None) => {
                Outcome::EndedAtPreliminary { declined_by }
            }
            ("not_suitable", None, Some(rule)) => Outcome::NotSuitable { rule },
            ("withdrawn", None, None) => Outcome::Withdrawn,
            _ => {
                return Err(DomainError::Unknown {
                    what: "outcome",
                    value: format!(
                        "{key} (party {:?}, rule {:?})",
                        declined_by.map(|p| p.0),
                        rule.map(ScreeningRule::key)
                    ),
                })
            }
        };
        Ok(outcome)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Registered from a referral card.
    Referral,
    /// Being screened; a facilitator is assigned.
    Screening,
    /// Preliminary meetings with each side separately: rules explained, consent, re-screening.
    Preliminary,
    /// The joint meeting is booked (or under way).
    JointMeeting,
    /// The written agreement is being made and signed.
    Agreement,
    /// Each item of the agreement is followed up.
    FollowUp,
    Closed(Outcome),
}

impl Stage {
    /// The stored keys, in order.
    pub const KEYS: [&'static str; 7] = [
        "referral",
        "screening",
        "preliminary",
        "joint_meeting",
        "agreement",
        "follow_up",
        "closed",
    ];

    /// The stored key; a closed case stores its outcome beside it ([`Stage::outcome`]).
    pub fn key(self) -> &'static str {
        match self {
            Stage::Referral => "referral",
            Stage::Screening => "screening",
            Stage::Preliminary => "preliminary",
            Stage::JointMeeting => "joint_meeting",
            Stage::Agreement => "agreement",
            Stage::FollowUp => "follow_up",
            Stage::Closed(_) => "closed",
        }
    }

    pub fn outcome(self) -> Option<Outcome> {
        match self {
            Stage::Closed(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Back from the stored key; the outcome is there exactly for «closed».
    pub fn from_key(key: &str, outcome: Option<Outcome>) -> Result<Self, DomainError> {
        let stage = match (key, outcome) {
            ("referral", None) => Stage::Referral,
            ("screening", None) => Stage::Screening,
            ("preliminary", None) => Stage::Preliminary,
            ("joint_meeting", None) => Stage::JointMeeting,
            ("agreement", None) => Stage::Agreement,
            ("follow_up", None) => Stage::FollowUp,
            ("closed", Some(outcome)) => Stage::Closed(outcome),
            _ => {
                return Err(DomainError::Unknown {
                    what: "case stage",
                    value: format!("{key} (outcome {:?})", outcome.map(Outcome::key)),
                })
            }
        };
        Ok(stage)
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Closed(_))
    }

    /// Whether the way allows `next` after this stage (the case's own guards come on top).
    pub fn can_become(self, next: Stage) -> bool {
        use Outcome as O;
        use Stage::*;
        matches!(
            (self, next),
            (Referral, Screening | Closed(O::Withdrawn))
                | (
                    Screening,
                    Preliminary | Closed(O::NotSuitable { .. } | O::Withdrawn)
                )
                | (
                    Preliminary,
                    JointMeeting
                        | Agreement
                        | Closed(
                            O::EndedAtPreliminary { .. } | O::NotSuitable { .. } | O::Withdrawn
                        )
                )
                | (
                    JointMeeting,
                    Preliminary | Agreement | Closed(O::NotSuitable { .. } | O::Withdrawn)
                )
                | (Agreement, FollowUp | Closed(O::Withdrawn))
                | (FollowUp, Closed(O::AgreementKept | O::AgreementNotKept))
        )
    }
}

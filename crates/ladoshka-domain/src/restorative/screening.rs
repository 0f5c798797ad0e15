//! Screening: the recorded answers that decide whether the sides may meet. Where a rule holds,
//! no joint meeting may be booked; the case continues only as a shuttle programme (separate
//! meetings) or closes as not suitable, naming the rule. Risk is screened again at every
//! preliminary meeting and before the joint meeting: the latest screening counts.

use serde::{Deserialize, Serialize};

use crate::session::keyed;
use crate::DomainError;

use super::RestorativeRefusal;

/// A reason screening stops a joint meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningRule {
    /// Violence is ongoing or someone's safety is at risk.
    OngoingViolenceOrSafetyRisk,
    /// The case involves sexual harm.
    SexualHarm,
    /// One side controls the other by coercion.
    CoerciveControl,
    /// The harmed party does not want to meet.
    HarmedPartyUnwilling,
}

keyed!(ScreeningRule, "screening rule",
    OngoingViolenceOrSafetyRisk => "ongoing_violence_or_safety_risk", SexualHarm => "sexual_harm",
    CoerciveControl => "coercive_control", HarmedPartyUnwilling => "harmed_party_unwilling");

impl ScreeningRule {
    /// The rule in words, for refusal messages.
    pub fn describe(self) -> &'static str {
        match self {
            ScreeningRule::OngoingViolenceOrSafetyRisk => {
                "violence is ongoing or safety is at risk"
            }
            ScreeningRule::SexualHarm => "the case involves sexual harm",
            ScreeningRule::CoerciveControl => "there is coercive control",
            ScreeningRule::HarmedPartyUnwilling => "the harmed party does not want to meet",
        }
    }
}

/// The facilitator's recorded answers at screening or at a preliminary meeting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub ongoing_violence_or_safety_risk: bool,
    pub sexual_harm: bool,
    pub coercive_control: bool,
    pub harmed_party_unwilling: bool,
}

impl Screening {
    /// Whether `rule` holds in these answers.
    pub fn holds(&self, rule: ScreeningRule) -> bool {
        match rule {
            ScreeningRule::OngoingViolenceOrSafetyRisk => self.ongoing_violence_or_safety_risk,
            ScreeningRule::SexualHarm => self.sexual_harm,
            ScreeningRule::CoerciveControl => self.coercive_control,
            ScreeningRule::HarmedPartyUnwilling => self.harmed_party_unwilling,
        }
    }

    /// Every rule that holds, in [`ScreeningRule::ALL`] order (safety first).
    pub fn rules_that_hold(&self) -> Vec<ScreeningRule> {
        ScreeningRule::ALL
            .iter()
            .copied()
            .filter(|r| self.holds(*r))
            .collect()
    }

    /// Whether the sides may meet; else the first rule that stops it.
    pub fn joint_meeting_allowed(&self) -> Result<(), RestorativeRefusal> {
        match self.rules_that_hold().first() {
            Some(rule) => Err(RestorativeRefusal::ScreeningStop(*rule)),
            None => Ok(()),
        }
    }
}

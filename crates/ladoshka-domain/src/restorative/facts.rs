//! What the indicators count of one case, and nothing more: no names, no words, no answers
//! but which screening rules held. The kiosk builds it from its own cases and ships it with
//! every change of a case, so the centre counts exactly what the kiosk counts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::agreement::ItemStatus;
use super::{
    Case, CaseId, Outcome, PartyRole, ProgrammeKind, ReferralSource, ScreeningRule, Stage,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub case: CaseId,
    pub kind: ProgrammeKind,
    pub source: ReferralSource,
    pub referred_on: NaiveDate,
    /// The stage now; a closed case carries its outcome.
    pub stage: Stage,
    pub closed_on: Option<NaiveDate>,
    /// Parties who are children (minors) and adults.
    pub minors: usize,
    pub adults: usize,
    /// Who declined, when the case ended at the preliminary stage.
    pub declined_role: Option<PartyRole>,
    /// The agreement's date, once one is written.
    pub agreement_made_on: Option<NaiveDate>,
    /// An agreement was written and signed by everyone it needs.
    pub agreement_reached: bool,
    /// Every item kept (`Some(true)`), one not kept (`Some(false)`), or not all checked yet.
    pub agreement_kept: Option<bool>,
    /// The screening rules that held at the latest screening.
    pub screening_rules: Vec<ScreeningRule>,
}

impl Case {
    /// The case as the indicators see it.
    pub fn facts(&self) -> CaseFacts {
        let minors = self.parties.iter().filter(|p| p.is_minor()).count();
        let agreement_reached = self
            .agreement
            .as_ref()
            .is_some_and(|a| !a.items.is_empty() && a.missing_signatures(&self.parties).is_empty());
        let agreement_kept = self
            .agreement
            .as_ref()
            .filter(|_| agreement_reached)
            .and_then(|a| {
                if a.items.iter().any(|i| i.status == ItemStatus::NotKept) {
                    Some(false)
                } else if a.items.iter().all(|i| i.status == ItemStatus::Kept) {
                    Some(true)
                } else {
                    None
                }
            });
        let declined_role = match self.stage {
            Stage::Closed(Outcome::EndedAtPreliminary { declined_by }) => self
                .parties
                .iter()
                .find(|p| p.id == declined_by)
                .map(|p| p.role),
            _ => None,
        };
        CaseFacts {
            declined_role,
            agreement_made_on: self.agreement.as_ref().map(|a| a.made_on),
            case: self.id,
            kind: self.kind,
            source: self.source,
            referred_on: self.referred_on,
            stage: self.stage,
            closed_on: self.closed_on,
            minors,
            adults: self.parties.len() - minors,
            agreement_reached,
            agreement_kept,
            screening_rules: self
                .screening
                .map(|s| s.rules_that_hold())
                .unwrap_or_default(),
        }
    }
}

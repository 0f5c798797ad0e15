//! The written agreement (примирительный договор / план): who does what, by when, and who
//! checks it; signed by every party (and a minor's representative). Then each item is followed
//! up, and the case's outcome is computed from the items: all kept, or not.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::session::keyed;
use crate::DomainError;

use super::{Outcome, Party, PartyId, RestorativeRefusal};

/// Who checks that an item was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checker {
    Party(PartyId),
    Facilitator,
}

/// Who signs for a party: the party, or (for a minor, as well) a legal representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    Party,
    Representative,
}

keyed!(Signer, "signer", Party => "party", Representative => "representative");

/// Where an item stands at follow-up; a checked item keeps the date it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Open,
    Kept,
    NotKept,
}

keyed!(ItemStatus, "agreement item status", Open => "open", Kept => "kept", NotKept => "not_kept");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementItem {
    /// What is to be done.
    pub what: String,
    /// The party who does it.
    pub who: PartyId,
    /// Done by this date.
    pub by: NaiveDate,
    pub checker: Checker,
    pub status: ItemStatus,
    /// When the checker recorded `status` (none while open).
    pub checked_on: Option<NaiveDate>,
}

impl AgreementItem {
    /// An item not yet checked.
    pub fn new(what: &str, who: PartyId, by: NaiveDate, checker: Checker) -> Self {
        Self {
            what: what.trim().to_owned(),
            who,
            by,
            checker,
            status: ItemStatus::Open,
            checked_on: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// The date the agreement was made.
    pub made_on: NaiveDate,
    pub items: Vec<AgreementItem>,
    /// Who signed, each once.
    pub signatures: Vec<(PartyId, Signer)>,
}

impl Agreement {
    /// An agreement not yet signed.
    pub fn new(made_on: NaiveDate, items: Vec<AgreementItem>) -> Self {
        Self {
            made_on,
            items,
            signatures: Vec::new(),
        }
    }

    /// The items alone: at least one; each with text, due no earlier than the agreement, and
    /// naming parties of the case.
    pub fn check_items(&self, parties: &[Party]) -> Result<(), RestorativeRefusal> {
        if self.items.is_empty() {
            return Err(RestorativeRefusal::EmptyAgreement);
        }
        let known = |id: PartyId| {
            if parties.iter().any(|p| p.id == id) {
                Ok(())
            } else {
                Err(RestorativeRefusal::UnknownParty { party: id })
            }
        };
        for (item, it) in self.items.iter().enumerate() {
            if it.what.trim().is_empty() {
                return Err(RestorativeRefusal::BlankItem { item });
            }
            if it.by < self.made_on {
                return Err(RestorativeRefusal::DueBeforeAgreement {
                    item,
                    by: it.by,
                    made_on: self.made_on,
                });
            }
            known(it.who)?;
            if let Checker::Party(p) = it.checker {
                known(p)?;
            }
        }
        Ok(())
    }

    /// The signatures still missing, in party order: every party's own, and a minor's
    /// representative's.
    pub fn missing_signatures(&self, parties: &[Party]) -> Vec<(PartyId, Signer)> {
        parties
            .iter()
            .flat_map(|p| {
                let mut needed = vec![(p.id, Signer::Party)];
                if p.is_minor() {
                    needed.push((p.id, Signer::Representative));
                }
                needed
            })
            .filter(|s| !self.signatures.contains(s))
            .collect()
    }

    /// The whole agreement: [`Agreement::check_items`], then every signature.
    pub fn validate(&self, parties: &[Party]) -> Result<(), RestorativeRefusal> {
        self.check_items(parties)?;
        let missing = self.missing_signatures(parties);
        if missing.is_empty() {
            Ok(())
        } else {
            Err(RestorativeRefusal::MissingSignatures { missing })
        }
    }
}

/// The items (by index) still open after their due date on `today` (due today is not overdue).
pub fn overdue(items: &[AgreementItem], today: NaiveDate) -> Vec<usize> {
    items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.status == ItemStatus::Open && it.by < today)
        .map(|(i, _)| i)
        .collect()
}

/// The outcome of a followed-up agreement: every item kept → kept, else not kept. Refused while
/// an item is still open (check each one, kept or not, first).
pub fn outcome_of(items: &[AgreementItem]) -> Result<Outcome, RestorativeRefusal> {
    let open: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.status == ItemStatus::Open)
        .map(|(i, _)| i)
        .collect();
    if !open.is_empty() {
        return Err(RestorativeRefusal::ItemsStillOpen { items: open });
    }
    if items.iter().all(|it| it.status == ItemStatus::Kept) {
        Ok(Outcome::AgreementKept)
    } else {
        Ok(Outcome::AgreementNotKept)
    }
}

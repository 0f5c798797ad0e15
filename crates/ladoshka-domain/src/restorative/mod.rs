//! Restorative programmes in the reconciliation rooms (кабинеты примирения и согласия): a
//! facilitator (ведущий) takes a referred conflict through screening, a preliminary meeting with
//! each side, a joint meeting, a written agreement and its follow-up, to a closure with an
//! outcome (docs: `DOMAIN.md`, «Reconciliation rooms»; issue 21).
//!
//! The rules that keep people safe are here as pure functions with typed refusals
//! ([`RestorativeRefusal`]): a screening rule stops a joint meeting, the facilitator is neutral,
//! nobody takes part without consent and anyone may withdraw at any moment, the sides never meet
//! in the corridor, and an agreement says who does what by when and is signed by everyone.
//! [`Case`] ties them into one state machine. Nothing here reads a clock or a database: the
//! store passes dates and what it holds, and keeps what comes back.

mod agreement;
mod case;
mod consent;
mod facts;
mod kinds;
mod neutrality;
mod party;
mod refusal;
mod screening;
mod stage;
mod stagger;
pub mod texts;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use agreement::{outcome_of, overdue, Agreement, AgreementItem, Checker, ItemStatus, Signer};
pub use case::Case;
pub use consent::{consent_gate, standing, ConsentAct, ConsentEvent, ConsentPart, Standing};
pub use facts::CaseFacts;
pub use kinds::{PartyRole, ProgrammeKind, ReferralSource};
pub use neutrality::{check_facilitator, conflicts, Disclosure, Override, TherapyLeads};
pub use party::{check_parties, Party, PartyWho, Representative};
pub use refusal::RestorativeRefusal;
pub use screening::{Screening, ScreeningRule};
pub use stage::{Outcome, Stage};
pub use stagger::{
    apart_enough, check_apart, harmed_side_at_door, staggered, SideTimes, DEFAULT_STAGGER,
};
pub use texts::{CentreTexts, TextsError};

/// A restorative case, as the store numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CaseId(pub i64);

/// One party of a case, as the store numbers it (a case's parties are rows of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartyId(pub i64);

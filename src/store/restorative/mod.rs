//! Restorative cases of the reconciliation room (issue 21), kept in the encrypted store: the
//! case itself is the domain's state machine ([`crate::domain::restorative::Case`]), saved
//! whole after every act together with an outbox row carrying its [`CaseFacts`] and the act;
//! the conflict's description, signatures, the child's own answers and pause taps are rows of
//! their own. Every opening of a case is audited; only its facilitator and an administrator
//! may open it.
//!
//! [`CaseFacts`]: crate::domain::restorative::CaseFacts

mod types;

pub use types::{
    CaseAct, CaseCandidate, CaseRow, CaseView, DueItem, JointBooking, MeetingRow, NewParty,
    PartyView, Referral, Side, VoiceAnswers, VoiceMoment, VoiceRow,
};

mod door;
mod meeting;
mod read;
mod write;
pub(crate) use door::side_at_door;

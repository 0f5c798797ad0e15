//! Why a restorative case refused what was asked, as one typed enum: a store call returns it
//! inside [`crate::Refusal::Restorative`] and a screen maps it to its words. Each message says
//! what happened and what to do. Nothing was changed when one comes back.

use chrono::{DateTime, NaiveDate, Utc};

use crate::family::ChildId;
use crate::staff::StaffId;

use super::{ConsentPart, PartyId, ScreeningRule, Signer};

fn parts(missing: &[(PartyId, ConsentPart)]) -> String {
    let part = |p: ConsentPart| match p {
        ConsentPart::OwnYes => "own consent",
        ConsentPart::RepresentativeSignature => "representative's signature",
    };
    missing
        .iter()
        .map(|(party, p)| format!("party {}: {}", party.0, part(*p)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn signatures(missing: &[(PartyId, Signer)]) -> String {
    missing
        .iter()
        .map(|(party, s)| match s {
            Signer::Party => format!("party {}", party.0),
            Signer::Representative => format!("the representative of party {}", party.0),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn numbers(items: &[usize]) -> String {
    items
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Item numbers are indices into the agreement's items; messages count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestorativeRefusal {
    #[error("a case at the {from} stage cannot move to {to}: the stages go referral, screening, preliminary meetings, joint meeting (not for shuttle), agreement, follow-up, closure")]
    BadTransition {
        from: &'static str,
        to: &'static str,
    },
    #[error(
        "the case is closed: nothing more is recorded on it but the referring body's response"
    )]
    CaseClosed,
    #[error("{action} is not done at the {stage} stage")]
    WrongStage {
        action: &'static str,
        stage: &'static str,
    },
    #[error("screening found that {}: no joint meeting may be booked; go on as a shuttle programme (separate meetings) or close the case as not suitable", .0.describe())]
    ScreeningStop(ScreeningRule),
    #[error("the case was closed as not suitable because {}, but the latest screening does not say so: record the screening first or choose another outcome", .rule.describe())]
    RuleDoesNotHold { rule: ScreeningRule },
    #[error("the case has not been screened: record the screening answers first")]
    NotScreened,
    #[error("no facilitator is assigned: assign one before the preliminary meetings")]
    NoFacilitator,
    #[error("the facilitator leads the own therapy of child {}: choose another facilitator, or an administrator may allow it with a written reason", .child.0)]
    FacilitatorLeadsTherapy { child: ChildId },
    #[error("only an administrator may allow a facilitator with a conflict of interest (staff member {} is not one): ask an administrator", .by.0)]
    OverrideNotByAdmin { by: StaffId },
    #[error(
        "an exception to the facilitator's neutrality needs its reason written down: write why"
    )]
    OverrideWithoutReason,
    #[error("not everyone has consented yet ({}): record each person's consent at their preliminary meeting first", parts(.missing))]
    NotEveryoneConsented {
        missing: Vec<(PartyId, ConsentPart)>,
    },
    #[error("party {} has declined or withdrawn: nothing that needs them may go ahead; close the case, or record their consent again in full if they change their mind", .party.0)]
    Withdrawn { party: PartyId },
    #[error("party {} has not declined or withdrawn: record their «no» first, or choose another outcome", .party.0)]
    NotDeclined { party: PartyId },
    #[error("party {} declined at the preliminary stage: close the case as ended at the preliminary stage, declined by them", .party.0)]
    DeclinedAtPreliminary { party: PartyId },
    #[error("a shuttle programme has no joint meeting (the sides never meet): go from the preliminary meetings to the agreement")]
    ShuttleNeverMeets,
    #[error("a {kind} programme reaches its agreement at the joint meeting: book the joint meeting first, or switch to a shuttle programme")]
    MeetFirst { kind: &'static str },
    #[error("party {} is not a party of this case: add them first", .party.0)]
    UnknownParty { party: PartyId },
    #[error("party {} (or the same child) is in the case twice: keep one", .party.0)]
    DuplicateParty { party: PartyId },
    #[error("party {} is an adult: an adult signs for themself, with no legal representative", .party.0)]
    NotAMinor { party: PartyId },
    #[error("party {} is a child: name the legal representative (a parent, a guardian, the guardianship body) who signs with them", .party.0)]
    NoRepresentative { party: PartyId },
    #[error("a name for party {} is empty: type the person's full name", .party.0)]
    BlankName { party: PartyId },
    #[error("a {kind} programme needs {needs}: add them, or choose another kind")]
    PartiesDoNotFit {
        kind: &'static str,
        needs: &'static str,
    },
    #[error("the two sides would pass each other in the corridor at {at}: keep their arrivals and departures at least {gap_minutes} minutes apart")]
    SidesWouldMeet { at: DateTime<Utc>, gap_minutes: i64 },
    #[error("a side would leave ({leaves}) before it arrives ({arrives}): check the times")]
    LeavesBeforeArriving {
        arrives: DateTime<Utc>,
        leaves: DateTime<Utc>,
    },
    #[error("there is no agreement yet: write it down first")]
    NoAgreement,
    #[error("the agreement has no items: write down who does what, by when, and who checks")]
    EmptyAgreement,
    #[error("item {} of the agreement has no text: write what is to be done", .item + 1)]
    BlankItem { item: usize },
    #[error("item {} is due on {by}, before the agreement's date {made_on}: choose a later date", .item + 1)]
    DueBeforeAgreement {
        item: usize,
        by: NaiveDate,
        made_on: NaiveDate,
    },
    #[error("the agreement is not signed by {}: ask them to sign", signatures(.missing))]
    MissingSignatures { missing: Vec<(PartyId, Signer)> },
    #[error("the agreement has no item {}", .item + 1)]
    NoSuchItem { item: usize },
    #[error("item {} cannot be checked on {on}, before the agreement's date {made_on}: check the date", .item + 1)]
    CheckedBeforeAgreement {
        item: usize,
        on: NaiveDate,
        made_on: NaiveDate,
    },
    #[error("items {} of the agreement are not checked yet: record each one as kept or not kept first", numbers(.items))]
    ItemsStillOpen { items: Vec<usize> },
    #[error(
        "the agreement's items say the outcome is «{computed}»: close the case with that outcome"
    )]
    OutcomeNotTheItems { computed: &'static str },
    #[error("only the case's facilitator or an administrator may open this case: ask them")]
    NotTheFacilitator,
    #[error(
        "a joint meeting is held in the reconciliation room (кабинет примирения): choose that room"
    )]
    NotReconciliationRoom,
    #[error("party {} has not agreed that the agreement may leave the room: record their consent to a copy first", .party.0)]
    CopyNotAllowed { party: PartyId },
}

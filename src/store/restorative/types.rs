//! What the store takes and gives for restorative cases: the referral card, the acts that
//! move a case, and the views the reconciliation screens show. Confidential words (the
//! conflict, screening answers) are only in [`CaseView`], which only the case's facilitator
//! and an administrator get, each time written in the audit trail.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::restorative::{
    Agreement, Case, CaseId, ConsentPart, Outcome, Override, Party, PartyId, PartyRole, PartyWho,
    ProgrammeKind, ReferralSource, Representative, Screening, SideTimes, Signer, Stage, Standing,
};
use crate::domain::{ChildId, FamilyId, Mood};

/// One party as the referral card names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParty {
    pub who: PartyWho,
    pub role: PartyRole,
    pub representatives: Vec<Representative>,
}

/// The referral card (регистрационная карточка).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub kind: ProgrammeKind,
    pub source: ReferralSource,
    pub referred_on: NaiveDate,
    /// What the conflict is about: staff-only.
    pub conflict: String,
    pub parties: Vec<NewParty>,
}

/// One change to a case, recorded by its facilitator (or an administrator).
#[derive(Debug, Clone, PartialEq)]
pub enum CaseAct {
    AssignFacilitator {
        staff: crate::domain::StaffId,
        override_: Option<Override>,
    },
    SetKind(ProgrammeKind),
    /// Screening answers, at the screening stage or re-screened at a preliminary meeting.
    Screening(Screening),
    MoveTo(Stage),
    /// A consent part; the representative's signature comes with its picture (PNG).
    Consent {
        party: PartyId,
        part: ConsentPart,
        signature_png: Option<Vec<u8>>,
    },
    /// Refusal or withdrawal: one tap, at any stage.
    Withdraw {
        party: PartyId,
    },
    Agreement(Agreement),
    Sign {
        party: PartyId,
        signer: Signer,
        signature_png: Vec<u8>,
    },
    /// The party agrees that a copy of the agreement may leave the room.
    AllowCopy {
        party: PartyId,
    },
    CheckItem {
        item: usize,
        kept: bool,
    },
    /// The harmed party was told whether the agreement was kept.
    HarmedPartyTold,
    Close {
        outcome: Outcome,
        referrer_response: Option<String>,
    },
    CloseAfterFollowUp {
        referrer_response: Option<String>,
    },
    ReferrerResponse(String),
}

impl CaseAct {
    /// The key the outbox row and the audit carry.
    pub fn key(&self) -> &'static str {
        match self {
            CaseAct::AssignFacilitator { .. } => "assign_facilitator",
            CaseAct::SetKind(_) => "set_kind",
            CaseAct::Screening(_) => "screening",
            CaseAct::MoveTo(_) => "move_to",
            CaseAct::Consent { .. } => "consent",
            CaseAct::Withdraw { .. } => "withdraw",
            CaseAct::Agreement(_) => "agreement",
            CaseAct::Sign { .. } => "sign",
            CaseAct::AllowCopy { .. } => "allow_copy",
            CaseAct::CheckItem { .. } => "check_item",
            CaseAct::HarmedPartyTold => "harmed_party_told",
            CaseAct::Close { .. } => "close",
            CaseAct::CloseAfterFollowUp { .. } => "close_after_follow_up",
            CaseAct::ReferrerResponse(_) => "referrer_response",
        }
    }
}

/// An enrolled child the referral card may name as a party, with the family's parent (the
/// usual legal representative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCandidate {
    pub child: ChildId,
    pub family: FamilyId,
    pub child_name: String,
    pub parent_name: String,
}

/// A line of the case list: what anyone with the reconciliation area may see (that a case
/// exists and its stage); `may_open` says whether this viewer may open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: CaseId,
    pub kind: ProgrammeKind,
    pub stage: Stage,
    pub referred_on: NaiveDate,
    pub may_open: bool,
    /// The agreement's items past their date (only for a viewer who may open the case).
    pub overdue: usize,
}

/// An agreement item waiting for its check, for the facilitator's due steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub case: CaseId,
    pub item: usize,
    pub what: String,
    pub by: NaiveDate,
    pub overdue: bool,
}

/// Which side of the corridor a party is on: the harmed side arrives first and leaves first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Harmed,
    Other,
}

/// A party with the names the facilitator needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyView {
    pub party: Party,
    /// Full name (a child's from the enrolment, an adult's from the referral).
    pub name: String,
    /// The first name: what a child's own screens may show.
    pub first_name: String,
    pub family: FamilyId,
    pub standing: Standing,
    pub side: Side,
}

/// A meeting of the case: the joint meeting is a booked session with both sides' times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub session: i64,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub harmed_side: SideTimes,
    pub other_side: SideTimes,
}

/// When a child answers: before or after a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceMoment {
    Before,
    After,
}

/// A child's private answers: how they feel, whether they feel safe here, whether they want
/// to go on (`None`: «I don't want to say»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceAnswers {
    pub mood: Mood,
    pub safe: Option<bool>,
    pub go_on: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceRow {
    pub child: ChildId,
    pub moment: VoiceMoment,
    pub answers: VoiceAnswers,
    pub at: DateTime<Utc>,
}

/// The whole case, for its facilitator or an administrator.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub case: Case,
    pub conflict: String,
    pub facilitator_name: Option<String>,
    pub parties: Vec<PartyView>,
    pub meetings: Vec<MeetingRow>,
    pub voices: Vec<VoiceRow>,
    /// «Нужна пауза» taps during this case's meetings.
    pub pauses: Vec<DateTime<Utc>>,
    /// Parties who agreed that a copy of the agreement may leave the room.
    pub copies_allowed: Vec<PartyId>,
    pub harmed_party_told: Option<DateTime<Utc>>,
}

/// The answer to booking the joint meeting: booked with both sides' times, or refused by the
/// calendar with the nearest free times (the case's own refusals come as `StoreError::Refused`).
#[derive(Debug, Clone, PartialEq)]
pub enum JointBooking {
    Booked {
        session: i64,
        harmed_side: SideTimes,
        other_side: SideTimes,
    },
    Refused {
        clashes: Vec<(DateTime<Utc>, crate::domain::conflict::Clash)>,
        offers: Vec<DateTime<Utc>>,
    },
}

//! What kind of programme a case runs, who referred it, and the role each party plays: the
//! figures the КДНиЗП asks for («cases by source and by programme kind») are counted on these
//! stored keys.

use serde::{Deserialize, Serialize};

use crate::session::keyed;
use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeKind {
    /// Программа примирения: the harmed side and the side that caused harm meet with the
    /// facilitator (victim–offender mediation).
    Mediation,
    /// Челночная: the sides never meet; the facilitator carries messages between separate
    /// meetings. What remains when screening stops a joint meeting.
    Shuttle,
    /// Семейная восстановительная встреча / семейный совет (family group conference):
    /// information, the family's private time, then the family's plan.
    FamilyConference,
    /// Круг сообщества (a circle).
    Circle,
}

keyed!(ProgrammeKind, "programme kind",
    Mediation => "mediation", Shuttle => "shuttle", FamilyConference => "family_conference",
    Circle => "circle");

impl ProgrammeKind {
    /// Whether the programme brings the sides together at a joint meeting (all but shuttle).
    pub fn meets(self) -> bool {
        !matches!(self, ProgrammeKind::Shuttle)
    }
}

/// Who referred the case (the registration card's «источник»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    /// Комиссия по делам несовершеннолетних и защите их прав (КДНиЗП).
    Kdn,
    /// Подразделение по делам несовершеннолетних of the police (ПДН).
    Pdn,
    School,
    OtherAgency,
    /// The family came by itself.
    Family,
    /// The centre's own psychologist referred it.
    OwnPsychologist,
}

keyed!(ReferralSource, "referral source",
    Kdn => "kdn", Pdn => "pdn", School => "school", OtherAgency => "other_agency",
    Family => "family", OwnPsychologist => "own_psychologist");

/// The part a person plays in a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The side that was harmed.
    Harmed,
    /// The side that caused the harm.
    CausedHarm,
    /// A member of the family (a family conference's main participants).
    FamilyMember,
    /// Someone who comes to support a side (a relative, a friend, a teacher).
    Supporter,
}

keyed!(PartyRole, "party role",
    Harmed => "harmed", CausedHarm => "caused_harm", FamilyMember => "family_member",
    Supporter => "supporter");

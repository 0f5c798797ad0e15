//! The reconciliation screens' keys: the domain's programme kinds, sources, stages, roles,
//! screening rules, outcomes and standings as the Slint enums the screens word in their own
//! language, and a refusal of a case as its problem key with the one detail it names (a party's
//! name, minutes). Screens never match a message.

use crate::app::{
    CaseKind, CaseOutcome, CaseProblem, CaseSource, CaseStage, PartyRoleKey, PartyStanding,
    ScreeningRuleKey,
};
use crate::domain::restorative::{
    ConsentPart, Outcome, PartyId, PartyRole, ProgrammeKind, ReferralSource, RestorativeRefusal,
    ScreeningRule, Stage, Standing,
};
use crate::domain::{ChildId, Refusal};
use crate::store::StoreError;

pub(crate) fn kind(k: ProgrammeKind) -> CaseKind {
    match k {
        ProgrammeKind::Mediation => CaseKind::Mediation,
        ProgrammeKind::Shuttle => CaseKind::Shuttle,
        ProgrammeKind::FamilyConference => CaseKind::FamilyConference,
        ProgrammeKind::Circle => CaseKind::Circle,
    }
}

pub(crate) fn kind_of(k: CaseKind) -> ProgrammeKind {
    match k {
        CaseKind::Mediation => ProgrammeKind::Mediation,
        CaseKind::Shuttle => ProgrammeKind::Shuttle,
        CaseKind::FamilyConference => ProgrammeKind::FamilyConference,
        CaseKind::Circle => ProgrammeKind::Circle,
    }
}

pub(crate) fn source(s: ReferralSource) -> CaseSource {
    match s {
        ReferralSource::Kdn => CaseSource::Kdn,
        ReferralSource::Pdn => CaseSource::Pdn,
        ReferralSource::School => CaseSource::School,
        ReferralSource::OtherAgency => CaseSource::OtherAgency,
        ReferralSource::Family => CaseSource::Family,
        ReferralSource::OwnPsychologist => CaseSource::OwnPsychologist,
    }
}

pub(crate) fn source_of(s: CaseSource) -> ReferralSource {
    match s {
        CaseSource::Kdn => ReferralSource::Kdn,
        CaseSource::Pdn => ReferralSource::Pdn,
        CaseSource::School => ReferralSource::School,
        CaseSource::OtherAgency => ReferralSource::OtherAgency,
        CaseSource::Family => ReferralSource::Family,
        CaseSource::OwnPsychologist => ReferralSource::OwnPsychologist,
    }
}

/// The stage's key, and the outcome's for a closed case (else `None`).
pub(crate) fn stage(s: Stage) -> (CaseStage, CaseOutcome) {
    match s {
        Stage::Referral => (CaseStage::Referral, CaseOutcome::None),
        Stage::Screening => (CaseStage::Screening, CaseOutcome::None),
        Stage::Preliminary => (CaseStage::Preliminary, CaseOutcome::None),
        Stage::JointMeeting => (CaseStage::JointMeeting, CaseOutcome::None),
        Stage::Agreement => (CaseStage::Agreement, CaseOutcome::None),
        Stage::FollowUp => (CaseStage::FollowUp, CaseOutcome::None),
        Stage::Closed(o) => (CaseStage::Closed, outcome(o)),
    }
}

pub(crate) fn outcome(o: Outcome) -> CaseOutcome {
    match o {
        Outcome::AgreementKept => CaseOutcome::AgreementKept,
        Outcome::AgreementNotKept => CaseOutcome::AgreementNotKept,
        Outcome::EndedAtPreliminary { .. } => CaseOutcome::EndedAtPreliminary,
        Outcome::NotSuitable { .. } => CaseOutcome::NotSuitable,
        Outcome::Withdrawn => CaseOutcome::Withdrawn,
    }
}

pub(crate) fn role(r: PartyRole) -> PartyRoleKey {
    match r {
        PartyRole::Harmed => PartyRoleKey::Harmed,
        PartyRole::CausedHarm => PartyRoleKey::CausedHarm,
        PartyRole::FamilyMember => PartyRoleKey::FamilyMember,
        PartyRole::Supporter => PartyRoleKey::Supporter,
    }
}

pub(crate) fn role_of(r: PartyRoleKey) -> PartyRole {
    match r {
        PartyRoleKey::Harmed => PartyRole::Harmed,
        PartyRoleKey::CausedHarm => PartyRole::CausedHarm,
        PartyRoleKey::FamilyMember => PartyRole::FamilyMember,
        PartyRoleKey::Supporter => PartyRole::Supporter,
    }
}

pub(crate) fn rule(r: ScreeningRule) -> ScreeningRuleKey {
    match r {
        ScreeningRule::OngoingViolenceOrSafetyRisk => ScreeningRuleKey::Violence,
        ScreeningRule::SexualHarm => ScreeningRuleKey::SexualHarm,
        ScreeningRule::CoerciveControl => ScreeningRuleKey::CoerciveControl,
        ScreeningRule::HarmedPartyUnwilling => ScreeningRuleKey::Unwilling,
    }
}

pub(crate) fn standing(s: &Standing) -> PartyStanding {
    match s {
        Standing::Consented => PartyStanding::Consented,
        Standing::Withdrawn => PartyStanding::Withdrawn,
        Standing::Missing(parts) => {
            let own = parts.contains(&ConsentPart::OwnYes);
            let rep = parts.contains(&ConsentPart::RepresentativeSignature);
            match (own, rep) {
                (true, true) => PartyStanding::MissingBoth,
                (false, true) => PartyStanding::MissingSignature,
                _ => PartyStanding::MissingOwn,
            }
        }
    }
}

/// Names the screen knows: a party's and a child's (empty when it knows none).
pub(crate) trait Names {
    fn party(&self, id: PartyId) -> String;
    fn child(&self, id: ChildId) -> String;
}

/// Why the store did not do it, as the screen's problem key and its detail.
pub(crate) fn problem_of(e: &StoreError, names: &dyn Names) -> (CaseProblem, String) {
    match e {
        StoreError::Refused(Refusal::Restorative(r)) => {
            tracing::info!("reconciliation: refused: {r}");
            refusal_words(r, names)
        }
        other => {
            tracing::error!("reconciliation: {other}");
            (CaseProblem::Store, String::new())
        }
    }
}

/// A refusal of the domain as the screen's problem key and its detail.
pub(crate) fn refusal_words(r: &RestorativeRefusal, names: &dyn Names) -> (CaseProblem, String) {
    use RestorativeRefusal as R;
    let none = String::new;
    match r {
        R::BlankName { .. } => (CaseProblem::BlankName, none()),
        R::NoRepresentative { party } => (CaseProblem::NoRepresentative, names.party(*party)),
        R::PartiesDoNotFit { .. } => (CaseProblem::PartiesDoNotFit, none()),
        R::DuplicateParty { party } => (CaseProblem::DuplicateParty, names.party(*party)),
        R::NotAMinor { party } => (CaseProblem::NotAMinor, names.party(*party)),
        R::FacilitatorLeadsTherapy { child } => {
            (CaseProblem::FacilitatorLeadsTherapy, names.child(*child))
        }
        R::OverrideNotByAdmin { .. } | R::OverrideWithoutReason => {
            (CaseProblem::OverrideNotByAdmin, none())
        }
        R::NotScreened => (CaseProblem::NotScreened, none()),
        R::NoFacilitator => (CaseProblem::NoFacilitator, none()),
        R::NotEveryoneConsented { missing } => {
            let mut who: Vec<String> = Vec::new();
            for (party, _) in missing {
                let name = names.party(*party);
                if !who.contains(&name) {
                    who.push(name);
                }
            }
            (CaseProblem::NotEveryoneConsented, who.join(", "))
        }
        R::Withdrawn { party } => (CaseProblem::Withdrawn, names.party(*party)),
        R::NotDeclined { party } => (CaseProblem::NotDeclined, names.party(*party)),
        R::DeclinedAtPreliminary { party } => {
            (CaseProblem::DeclinedAtPreliminary, names.party(*party))
        }
        R::ScreeningStop(_) => (CaseProblem::ScreeningStop, none()),
        R::RuleDoesNotHold { .. } => (CaseProblem::RuleDoesNotHold, none()),
        R::ShuttleNeverMeets => (CaseProblem::ShuttleNeverMeets, none()),
        R::MeetFirst { .. } => (CaseProblem::MeetFirst, none()),
        R::BadTransition { .. } => (CaseProblem::BadTransition, none()),
        R::CaseClosed => (CaseProblem::CaseClosed, none()),
        R::WrongStage { .. } => (CaseProblem::WrongStage, none()),
        R::SidesWouldMeet { gap_minutes, .. } => {
            (CaseProblem::SidesWouldMeet, gap_minutes.to_string())
        }
        R::NotTheFacilitator => (CaseProblem::NotTheFacilitator, none()),
        R::NotReconciliationRoom => (CaseProblem::NoRoom, none()),
        // The agreement's own refusals are worded on the agreement's screen; here they are
        // rare (a move to follow-up) and said plainly as "not done at this stage".
        _ => (CaseProblem::WrongStage, none()),
    }
}

//! A case as one state machine: every change is a method that either applies in full or
//! refuses with a [`RestorativeRefusal`] and leaves the case as it was. The store loads a case,
//! calls one method with the date and what it holds (therapy leads), and saves the result.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::family::ChildId;
use crate::staff::StaffId;

use super::agreement::{outcome_of, overdue, Agreement, ItemStatus, Signer};
use super::consent::{consent_gate, standing, ConsentAct, ConsentEvent, ConsentPart, Standing};
use super::neutrality::{check_facilitator, Disclosure, Override, TherapyLeads};
use super::party::{check_parties, Party};
use super::{
    CaseId, Outcome, PartyId, ProgrammeKind, ReferralSource, RestorativeRefusal, Screening, Stage,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub kind: ProgrammeKind,
    pub source: ReferralSource,
    pub referred_on: NaiveDate,
    pub parties: Vec<Party>,
    pub facilitator: Option<StaffId>,
    /// Conflicts of interest an administrator allowed.
    pub disclosures: Vec<Disclosure>,
    /// The latest screening: the one that counts.
    pub screening: Option<Screening>,
    /// The consent log, in the order recorded.
    pub consents: Vec<ConsentEvent>,
    pub agreement: Option<Agreement>,
    pub stage: Stage,
    pub closed_on: Option<NaiveDate>,
    /// The referring body's response to the outcome (free text).
    pub referrer_response: Option<String>,
}

type Done = Result<(), RestorativeRefusal>;

impl Case {
    /// A case registered from a referral card.
    pub fn open(
        id: CaseId,
        kind: ProgrammeKind,
        source: ReferralSource,
        referred_on: NaiveDate,
        parties: Vec<Party>,
    ) -> Result<Self, RestorativeRefusal> {
        check_parties(kind, &parties)?;
        Ok(Self {
            id,
            kind,
            source,
            referred_on,
            parties,
            facilitator: None,
            disclosures: Vec::new(),
            screening: None,
            consents: Vec::new(),
            agreement: None,
            stage: Stage::Referral,
            closed_on: None,
            referrer_response: None,
        })
    }

    /// The case's children, in party order.
    pub fn children(&self) -> Vec<ChildId> {
        self.parties.iter().filter_map(Party::child).collect()
    }

    fn party(&self, id: PartyId) -> Result<&Party, RestorativeRefusal> {
        self.parties
            .iter()
            .find(|p| p.id == id)
            .ok_or(RestorativeRefusal::UnknownParty { party: id })
    }

    /// Refuses unless the case is open and at one of `stages` (empty: any open stage).
    fn only_at(&self, action: &'static str, stages: &[Stage]) -> Done {
        if self.stage.is_closed() {
            return Err(RestorativeRefusal::CaseClosed);
        }
        if stages.is_empty() || stages.contains(&self.stage) {
            Ok(())
        } else {
            Err(RestorativeRefusal::WrongStage {
                action,
                stage: self.stage.key(),
            })
        }
    }

    const BEFORE_MEETING: [Stage; 3] = [Stage::Referral, Stage::Screening, Stage::Preliminary];

    /// Changes the programme kind before any joint meeting (e.g. to shuttle after a screening
    /// stop).
    pub fn set_kind(&mut self, kind: ProgrammeKind) -> Done {
        self.only_at("changing the programme kind", &Self::BEFORE_MEETING)?;
        check_parties(kind, &self.parties)?;
        self.kind = kind;
        Ok(())
    }

    /// Adds a party before any joint meeting; a child is checked against the facilitator's
    /// therapy caseload like at assignment. The new party's consent is missing until recorded.
    pub fn add_party(
        &mut self,
        party: Party,
        leads: &TherapyLeads,
        override_: Option<&Override>,
    ) -> Done {
        self.only_at("adding a party", &Self::BEFORE_MEETING)?;
        let mut parties = self.parties.clone();
        parties.push(party.clone());
        check_parties(self.kind, &parties)?;
        let disclosed = match (self.facilitator, party.child()) {
            (Some(f), Some(child)) => check_facilitator(f, &[child], leads, override_)?,
            _ => Vec::new(),
        };
        self.parties = parties;
        self.disclosures.extend(disclosed);
        Ok(())
    }

    /// Assigns (or replaces) the facilitator: refused if they lead one of the case's
    /// children's own therapy, unless an administrator allows it with a reason.
    pub fn assign_facilitator(
        &mut self,
        staff: StaffId,
        leads: &TherapyLeads,
        override_: Option<&Override>,
    ) -> Done {
        self.only_at("assigning a facilitator", &[])?;
        let disclosed = check_facilitator(staff, &self.children(), leads, override_)?;
        self.facilitator = Some(staff);
        self.disclosures.extend(disclosed);
        Ok(())
    }

    /// Records the screening answers; they replace the earlier ones. Done at screening, at
    /// every preliminary meeting and again before the joint meeting.
    pub fn record_screening(&mut self, screening: Screening) -> Done {
        self.only_at(
            "screening",
            &[Stage::Screening, Stage::Preliminary, Stage::JointMeeting],
        )?;
        self.screening = Some(screening);
        Ok(())
    }

    /// Records a party's consent (or half of a minor's) at their preliminary meeting.
    pub fn record_consent(&mut self, party: PartyId, part: ConsentPart, on: NaiveDate) -> Done {
        self.only_at("recording consent", &[Stage::Preliminary])?;
        if part == ConsentPart::RepresentativeSignature && !self.party(party)?.is_minor() {
            return Err(RestorativeRefusal::NotAMinor { party });
        }
        self.party(party)?; // the party exists (checked above only for a representative)
        self.consents.push(ConsentEvent {
            party,
            on,
            act: ConsentAct::Gave(part),
        });
        Ok(())
    }

    /// Records that a party declines or withdraws: allowed at any moment while the case is
    /// open. It stops the joint meeting and the agreement; at follow-up the items are still
    /// checked and decide the outcome.
    pub fn withdraw(&mut self, party: PartyId, on: NaiveDate) -> Done {
        self.only_at("recording a withdrawal", &[])?;
        self.party(party)?;
        self.consents.push(ConsentEvent {
            party,
            on,
            act: ConsentAct::Withdrew,
        });
        Ok(())
    }

    /// Whether everyone is still in and has consented.
    pub fn consent_gate(&self) -> Done {
        consent_gate(&self.parties, &self.consents)
    }

    fn screening_allows_meeting(&self) -> Done {
        self.screening
            .ok_or(RestorativeRefusal::NotScreened)?
            .joint_meeting_allowed()
    }

    /// Every guard on the move to `next`, without making it.
    pub fn may_move_to(&self, next: Stage) -> Done {
        if self.stage.is_closed() {
            return Err(RestorativeRefusal::CaseClosed);
        }
        if !self.stage.can_become(next) {
            return Err(RestorativeRefusal::BadTransition {
                from: self.stage.key(),
                to: next.key(),
            });
        }
        match next {
            Stage::Referral | Stage::Screening => Ok(()),
            Stage::Preliminary if self.stage == Stage::Screening => {
                self.screening.ok_or(RestorativeRefusal::NotScreened)?;
                self.facilitator.ok_or(RestorativeRefusal::NoFacilitator)?;
                Ok(())
            }
            // A joint meeting called off: back to separate meetings.
            Stage::Preliminary => Ok(()),
            Stage::JointMeeting => {
                if !self.kind.meets() {
                    return Err(RestorativeRefusal::ShuttleNeverMeets);
                }
                self.screening_allows_meeting()?;
                self.consent_gate()
            }
            Stage::Agreement => {
                if self.kind.meets() {
                    if self.stage == Stage::Preliminary {
                        return Err(RestorativeRefusal::MeetFirst {
                            kind: self.kind.key(),
                        });
                    }
                    self.screening_allows_meeting()?;
                }
                self.consent_gate()
            }
            Stage::FollowUp => {
                let agreement = self
                    .agreement
                    .as_ref()
                    .ok_or(RestorativeRefusal::NoAgreement)?;
                self.consent_gate()?;
                agreement.validate(&self.parties)
            }
            Stage::Closed(Outcome::EndedAtPreliminary { declined_by }) => {
                match standing(self.party(declined_by)?, &self.consents) {
                    Standing::Withdrawn => Ok(()),
                    _ => Err(RestorativeRefusal::NotDeclined { party: declined_by }),
                }
            }
            Stage::Closed(Outcome::NotSuitable { rule }) => {
                if self.screening.is_some_and(|s| s.holds(rule)) {
                    Ok(())
                } else {
                    Err(RestorativeRefusal::RuleDoesNotHold { rule })
                }
            }
            Stage::Closed(Outcome::Withdrawn) => {
                let declined = self
                    .parties
                    .iter()
                    .find(|p| standing(p, &self.consents) == Standing::Withdrawn);
                match declined {
                    Some(p) if self.stage == Stage::Preliminary => {
                        Err(RestorativeRefusal::DeclinedAtPreliminary { party: p.id })
                    }
                    _ => Ok(()),
                }
            }
            Stage::Closed(outcome @ (Outcome::AgreementKept | Outcome::AgreementNotKept)) => {
                let agreement = self
                    .agreement
                    .as_ref()
                    .ok_or(RestorativeRefusal::NoAgreement)?;
                let computed = outcome_of(&agreement.items)?;
                if computed == outcome {
                    Ok(())
                } else {
                    Err(RestorativeRefusal::OutcomeNotTheItems {
                        computed: computed.key(),
                    })
                }
            }
        }
    }

    /// Moves the case to `next` on `on` if every guard allows it; a closure keeps the date.
    pub fn move_to(&mut self, next: Stage, on: NaiveDate) -> Done {
        self.may_move_to(next)?;
        self.stage = next;
        if next.is_closed() {
            self.closed_on = Some(on);
        }
        Ok(())
    }

    /// Closes the case with `outcome` on `on`, with the referring body's response if there is
    /// one already (blank counts as none).
    pub fn close(
        &mut self,
        outcome: Outcome,
        on: NaiveDate,
        referrer_response: Option<&str>,
    ) -> Done {
        self.move_to(Stage::Closed(outcome), on)?;
        self.referrer_response = referrer_response.and_then(tidy);
        Ok(())
    }

    /// Closes a followed-up case with the outcome its items give.
    pub fn close_after_follow_up(
        &mut self,
        on: NaiveDate,
        referrer_response: Option<&str>,
    ) -> Result<Outcome, RestorativeRefusal> {
        self.only_at("closing after follow-up", &[Stage::FollowUp])?;
        let agreement = self
            .agreement
            .as_ref()
            .ok_or(RestorativeRefusal::NoAgreement)?;
        let outcome = outcome_of(&agreement.items)?;
        self.close(outcome, on, referrer_response)?;
        Ok(outcome)
    }

    /// The referring body's response, which often comes after closure (blank clears it).
    pub fn record_referrer_response(&mut self, text: &str) -> Done {
        if !self.stage.is_closed() {
            return Err(RestorativeRefusal::WrongStage {
                action: "recording the referring body's response",
                stage: self.stage.key(),
            });
        }
        self.referrer_response = tidy(text);
        Ok(())
    }

    /// Writes down (or rewrites) the agreement at the agreement stage. Its items are checked;
    /// it starts unsigned and every item open, so a changed text is signed again.
    pub fn set_agreement(&mut self, agreement: Agreement) -> Done {
        self.only_at("writing the agreement", &[Stage::Agreement])?;
        agreement.check_items(&self.parties)?;
        let mut agreement = agreement;
        agreement.signatures.clear();
        for item in &mut agreement.items {
            item.what = item.what.trim().to_owned();
            item.status = ItemStatus::Open;
            item.checked_on = None;
        }
        self.agreement = Some(agreement);
        Ok(())
    }

    /// A signature on the agreement: the party's own, or a minor's representative's. Refused
    /// for a party who has withdrawn.
    pub fn sign_agreement(&mut self, party: PartyId, signer: Signer) -> Done {
        self.only_at("signing the agreement", &[Stage::Agreement])?;
        let p = self.party(party)?;
        if signer == Signer::Representative && !p.is_minor() {
            return Err(RestorativeRefusal::NotAMinor { party });
        }
        if standing(p, &self.consents) == Standing::Withdrawn {
            return Err(RestorativeRefusal::Withdrawn { party });
        }
        let agreement = self
            .agreement
            .as_mut()
            .ok_or(RestorativeRefusal::NoAgreement)?;
        if !agreement.signatures.contains(&(party, signer)) {
            agreement.signatures.push((party, signer));
        }
        Ok(())
    }

    /// Records at follow-up whether item `item` was kept, checked on `on` (a later check
    /// replaces an earlier one).
    pub fn check_item(&mut self, item: usize, kept: bool, on: NaiveDate) -> Done {
        self.only_at("checking an agreement item", &[Stage::FollowUp])?;
        let agreement = self
            .agreement
            .as_mut()
            .ok_or(RestorativeRefusal::NoAgreement)?;
        let made_on = agreement.made_on;
        let it = agreement
            .items
            .get_mut(item)
            .ok_or(RestorativeRefusal::NoSuchItem { item })?;
        if on < made_on {
            return Err(RestorativeRefusal::CheckedBeforeAgreement { item, on, made_on });
        }
        it.status = if kept {
            ItemStatus::Kept
        } else {
            ItemStatus::NotKept
        };
        it.checked_on = Some(on);
        Ok(())
    }

    /// The agreement's items still open after their due date.
    pub fn overdue(&self, today: NaiveDate) -> Vec<usize> {
        self.agreement
            .as_ref()
            .map_or_else(Vec::new, |a| overdue(&a.items, today))
    }
}

/// Trimmed; `None` when blank.
fn tidy(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

//! Changing restorative cases: the referral that opens one, the acts that move it (each one
//! domain method on the loaded case, saved whole with its outbox row in the same transaction),
//! and the audited openings of a case and of a copy of its agreement.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::read::{load, may_open, stage_key, view};
use super::types::{CaseAct, CaseView, NewParty, Referral, Side};
use crate::domain::restorative::{
    Case, CaseFacts, CaseId, ConsentPart, Override, Party, PartyId, PartyRole, PartyWho,
    RestorativeRefusal, Signer, TherapyLeads,
};
use crate::domain::{AuditEvent, ChildId, Refusal, StaffId};
use crate::store::{ts, Op, StoreError, Writer};

/// What the outbox carries for every change of a case: the act, the facts the indicators
/// count, and the case itself with the conflict's description (sealed to the centre like
/// every record; the centre's reports read only `facts`).
#[derive(Serialize)]
struct CaseRecord<'a> {
    act: &'a str,
    facts: CaseFacts,
    case: &'a Case,
    conflict: &'a str,
}

fn refused(r: RestorativeRefusal) -> StoreError {
    StoreError::Refused(Refusal::Restorative(r))
}

impl Writer<'_> {
    /// Today in the kiosk's zone, at this write's "now".
    fn local_today(&self) -> NaiveDate {
        self.now
            .with_timezone(&crate::platform::clock::zone())
            .date_naive()
    }

    /// Who leads each child's own therapy: the psychologists of their individual play-therapy
    /// sessions that were not cancelled.
    fn therapy_leads(&self) -> Result<TherapyLeads, StoreError> {
        let mut stmt = self.tx.prepare(
            "SELECT DISTINCT p.child_id, s.psychologist_id FROM sessions s
             JOIN session_participants p ON p.session_id = s.id
             WHERE s.kind = 'individual_play_therapy' AND s.state != 'cancelled'",
        )?;
        let rows = stmt.query_map([], |r| Ok((ChildId(r.get(0)?), StaffId(r.get(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn is_admin(&self, staff: StaffId) -> Result<bool, StoreError> {
        let role: Option<String> = self
            .tx
            .query_row("SELECT role FROM staff WHERE id = ?1", [staff.0], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(role.as_deref() == Some("admin"))
    }

    /// Registers a referral; `by` becomes its facilitator (refused if they lead one of the
    /// children's own therapy). Children whose consent was withdrawn are refused.
    pub fn open_restorative_case(
        &mut self,
        by: StaffId,
        referral: &Referral,
    ) -> Result<CaseId, StoreError> {
        self.open_case(by, referral, None)
    }

    /// Registers a referral whose facilitator `by` leads one of the children's own therapy, as
    /// an administrator allowed it: `allowed.by` must hold the administrator role (looked up
    /// here, whatever `allowed.by_admin` says) and its reason must not be blank. The reason is
    /// kept with the case as its disclosure; the audit trail records who allowed it (ids only,
    /// never the reason). Without a conflict it opens like [`Self::open_restorative_case`].
    pub fn open_restorative_case_allowed(
        &mut self,
        by: StaffId,
        referral: &Referral,
        allowed: &Override,
    ) -> Result<CaseId, StoreError> {
        let allowed = Override {
            by_admin: self.is_admin(allowed.by)?,
            ..allowed.clone()
        };
        self.open_case(by, referral, Some(&allowed))
    }

    fn open_case(
        &mut self,
        by: StaffId,
        referral: &Referral,
        allowed: Option<&Override>,
    ) -> Result<CaseId, StoreError> {
        let mut parties = Vec::with_capacity(referral.parties.len());
        for (n, p) in referral.parties.iter().enumerate() {
            if let PartyWho::Child(child) = p.who {
                self.refuse_if_withdrawn(child)?;
            }
            let party = Party::new(
                PartyId(n as i64 + 1),
                p.who.clone(),
                p.role,
                p.representatives.clone(),
            )
            .map_err(refused)?;
            parties.push(party);
        }
        let next: i64 = self.tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM restorative_cases",
            [],
            |r| r.get(0),
        )?;
        let mut case = Case::open(
            CaseId(next),
            referral.kind,
            referral.source,
            referral.referred_on,
            parties,
        )
        .map_err(refused)?;
        let leads = self.therapy_leads()?;
        case.assign_facilitator(by, &leads, allowed)
            .map_err(refused)?;
        let state = serde_json::to_string(&case)
            .map_err(|e| StoreError::Invalid(format!("cannot record the case: {e}")))?;
        self.tx.execute(
            "INSERT INTO restorative_cases (id, opened_by, facilitator, kind, stage, referred_on, conflict, state, created_at, updated_at)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![next, by.0, case.kind.key(), stage_key(case.stage), case.referred_on.to_string(),
                referral.conflict.trim(), state, ts(self.now)],
        )?;
        self.insert_parties(&case, &referral.parties)?;
        self.ship(&case, "open", Op::Insert, referral.conflict.trim())?;
        if let (Some(o), false) = (allowed, case.disclosures.is_empty()) {
            self.audit(
                Some(o.by),
                AuditEvent::ConflictAllowed {
                    case: case.id,
                    facilitator: by,
                },
            )?;
        }
        Ok(case.id)
    }

    fn insert_parties(&mut self, case: &Case, given: &[NewParty]) -> Result<(), StoreError> {
        let family_of = |w: &Self, p: &Party| -> Result<i64, StoreError> {
            Ok(match &p.who {
                PartyWho::Child(child) => w.tx.query_row(
                    "SELECT family_id FROM children WHERE id = ?1",
                    [child.0],
                    |r| r.get(0),
                )?,
                PartyWho::Adult { family, .. } => family.0,
            })
        };
        let harmed_families = case
            .parties
            .iter()
            .filter(|p| p.role == PartyRole::Harmed)
            .map(|p| family_of(self, p))
            .collect::<Result<Vec<_>, _>>()?;
        debug_assert_eq!(case.parties.len(), given.len());
        for p in &case.parties {
            let family = family_of(self, p)?;
            let side = if p.role == PartyRole::Harmed
                || (matches!(p.role, PartyRole::FamilyMember | PartyRole::Supporter)
                    && harmed_families.contains(&family))
            {
                Side::Harmed
            } else {
                Side::Other
            };
            self.tx.execute(
                "INSERT INTO restorative_parties (case_id, party_id, family_id, child_id, side) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case.id.0, p.id.0, family, p.child().map(|c| c.0),
                    if side == Side::Harmed { "harmed" } else { "other" }],
            )?;
        }
        Ok(())
    }

    /// Saves the case's state and columns, and ships the change.
    pub(super) fn save_case(&mut self, case: &Case, act: &str) -> Result<(), StoreError> {
        let state = serde_json::to_string(case)
            .map_err(|e| StoreError::Invalid(format!("cannot record the case: {e}")))?;
        self.tx.execute(
            "UPDATE restorative_cases SET facilitator = ?2, kind = ?3, stage = ?4, closed_on = ?5, state = ?6, updated_at = ?7 WHERE id = ?1",
            params![case.id.0, case.facilitator.map(|s| s.0), case.kind.key(), stage_key(case.stage),
                case.closed_on.map(|d| d.to_string()), state, ts(self.now)],
        )?;
        let conflict: String = self.tx.query_row(
            "SELECT conflict FROM restorative_cases WHERE id = ?1",
            [case.id.0],
            |r| r.get(0),
        )?;
        self.ship(case, act, Op::Update, &conflict)
    }

    fn ship(&mut self, case: &Case, act: &str, op: Op, conflict: &str) -> Result<(), StoreError> {
        let record = CaseRecord {
            act,
            facts: case.facts(),
            case,
            conflict,
        };
        self.outbox("restorative_case", case.id.0, op, &record)?;
        Ok(())
    }

    /// Refuses anyone but the case's facilitator and an administrator.
    pub(super) fn admit(&self, viewer: StaffId, id: CaseId) -> Result<(), StoreError> {
        let facilitator: Option<Option<i64>> = self
            .tx
            .query_row(
                "SELECT facilitator FROM restorative_cases WHERE id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?;
        let facilitator = facilitator.ok_or(StoreError::NotFound {
            what: "restorative case",
            id: id.0,
        })?;
        if may_open(&self.tx, viewer, facilitator)? {
            Ok(())
        } else {
            Err(refused(RestorativeRefusal::NotTheFacilitator))
        }
    }

    /// The whole case for its facilitator or an administrator; the opening is audited.
    pub fn restorative_case(
        &mut self,
        viewer: StaffId,
        id: CaseId,
    ) -> Result<CaseView, StoreError> {
        self.admit(viewer, id)?;
        self.audit(Some(viewer), AuditEvent::CaseOpened { case: id })?;
        view(&self.tx, id)
    }

    /// The case for a printable copy of its agreement: every party must have allowed a copy.
    pub fn agreement_copy(&mut self, viewer: StaffId, id: CaseId) -> Result<CaseView, StoreError> {
        self.admit(viewer, id)?;
        let v = view(&self.tx, id)?;
        if v.case.agreement.is_none() {
            return Err(refused(RestorativeRefusal::NoAgreement));
        }
        if let Some(p) = v
            .case
            .parties
            .iter()
            .find(|p| !v.copies_allowed.contains(&p.id))
        {
            return Err(refused(RestorativeRefusal::CopyNotAllowed { party: p.id }));
        }
        self.audit(Some(viewer), AuditEvent::AgreementCopied { case: id })?;
        Ok(v)
    }

    /// One act on the case by its facilitator or an administrator: the domain's rules decide;
    /// a refusal writes nothing.
    pub fn restorative_act(
        &mut self,
        viewer: StaffId,
        id: CaseId,
        act: CaseAct,
    ) -> Result<CaseView, StoreError> {
        self.admit(viewer, id)?;
        let mut case = load(&self.tx, id)?;
        let today = self.local_today();
        let key = act.key();
        match act {
            CaseAct::AssignFacilitator { staff, override_ } => {
                let override_ = match override_ {
                    Some(o) => Some(Override {
                        by_admin: self.is_admin(o.by)?,
                        ..o
                    }),
                    None => None,
                };
                let leads = self.therapy_leads()?;
                case.assign_facilitator(staff, &leads, override_.as_ref())
                    .map_err(refused)?;
            }
            CaseAct::SetKind(kind) => case.set_kind(kind).map_err(refused)?,
            CaseAct::Screening(s) => case.record_screening(s).map_err(refused)?,
            CaseAct::MoveTo(stage) => case.move_to(stage, today).map_err(refused)?,
            CaseAct::Consent {
                party,
                part,
                signature_png,
            } => {
                case.record_consent(party, part, today).map_err(refused)?;
                if let Some(png) = signature_png {
                    let signer = match part {
                        ConsentPart::RepresentativeSignature => Signer::Representative,
                        ConsentPart::OwnYes => Signer::Party,
                    };
                    self.signature(id, party, "consent", signer, &png)?;
                }
            }
            CaseAct::Withdraw { party } => case.withdraw(party, today).map_err(refused)?,
            CaseAct::Agreement(agreement) => {
                case.set_agreement(agreement).map_err(refused)?;
                // A new text voids the signatures and the leave to copy the old one.
                self.tx.execute(
                    "DELETE FROM restorative_signatures WHERE case_id = ?1 AND what = 'agreement'",
                    [id.0],
                )?;
                self.tx
                    .execute("DELETE FROM restorative_copies WHERE case_id = ?1", [id.0])?;
            }
            CaseAct::Sign {
                party,
                signer,
                signature_png,
            } => {
                case.sign_agreement(party, signer).map_err(refused)?;
                self.signature(id, party, "agreement", signer, &signature_png)?;
            }
            CaseAct::AllowCopy { party } => {
                if !case.parties.iter().any(|p| p.id == party) {
                    return Err(refused(RestorativeRefusal::UnknownParty { party }));
                }
                if case.agreement.is_none() {
                    return Err(refused(RestorativeRefusal::NoAgreement));
                }
                self.tx.execute(
                    "INSERT OR IGNORE INTO restorative_copies (case_id, party_id, at) VALUES (?1, ?2, ?3)",
                    params![id.0, party.0, ts(self.now)],
                )?;
            }
            CaseAct::CheckItem { item, kept } => {
                case.check_item(item, kept, today).map_err(refused)?
            }
            CaseAct::HarmedPartyTold => {
                if case.agreement.is_none() {
                    return Err(refused(RestorativeRefusal::NoAgreement));
                }
                self.tx.execute(
                    "UPDATE restorative_cases SET harmed_told_at = ?2 WHERE id = ?1",
                    params![id.0, ts(self.now)],
                )?;
            }
            CaseAct::Close {
                outcome,
                referrer_response,
            } => case
                .close(outcome, today, referrer_response.as_deref())
                .map_err(refused)?,
            CaseAct::CloseAfterFollowUp { referrer_response } => {
                case.close_after_follow_up(today, referrer_response.as_deref())
                    .map_err(refused)?;
            }
            CaseAct::ReferrerResponse(text) => {
                case.record_referrer_response(&text).map_err(refused)?
            }
        }
        self.save_case(&case, key)?;
        view(&self.tx, id)
    }

    fn signature(
        &mut self,
        case: CaseId,
        party: PartyId,
        what: &str,
        signer: Signer,
        png: &[u8],
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO restorative_signatures (case_id, party_id, what, signer, png, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case.0, party.0, what, signer.key(), png, ts(self.now)],
        )?;
        let id = self.tx.last_insert_rowid();
        #[derive(Serialize)]
        struct SignatureRecord<'a> {
            case: i64,
            party: i64,
            what: &'a str,
            signer: &'a str,
            png_sha256: String,
        }
        let digest = ring::digest::digest(&ring::digest::SHA256, png);
        let png_sha256 = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        self.outbox(
            "restorative_signature",
            id,
            Op::Insert,
            &SignatureRecord {
                case: case.0,
                party: party.0,
                what,
                signer: signer.key(),
                png_sha256,
            },
        )?;
        Ok(())
    }
}

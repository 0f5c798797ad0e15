//! Unit tests of the restorative rules, one file per rule; the shared cases are built here:
//! a harmed child (party 1), a child who caused the harm (party 2) and that child's mother
//! (party 3, an adult), with facilitator 7.

mod agreement;
mod consent;
mod facts;
mod keys;
mod neutrality;
mod parties;
mod screening;
mod stages;
mod stagger;
mod withdrawal;

use chrono::NaiveDate;

use super::*;
use crate::family::{ChildId, FamilyId};
use crate::staff::StaffId;

pub(super) const HARMED: PartyId = PartyId(1);
pub(super) const CAUSED: PartyId = PartyId(2);
pub(super) const MOTHER: PartyId = PartyId(3);
pub(super) const HARMED_CHILD: ChildId = ChildId(10);
pub(super) const CAUSED_CHILD: ChildId = ChildId(20);
pub(super) const FACILITATOR: StaffId = StaffId(7);

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn today() -> NaiveDate {
    d(2026, 11, 23)
}

pub(super) fn child(id: PartyId, child: ChildId, role: PartyRole) -> Party {
    Party::new(
        id,
        PartyWho::Child(child),
        role,
        vec![Representative {
            name: "Иванова Мария Петровна".into(),
        }],
    )
    .unwrap()
}

pub(super) fn adult(id: PartyId, role: PartyRole) -> Party {
    Party::new(
        id,
        PartyWho::Adult {
            family: FamilyId(2),
            name: "Петрова Ольга Ивановна".into(),
        },
        role,
        vec![],
    )
    .unwrap()
}

pub(super) fn parties() -> Vec<Party> {
    vec![
        child(HARMED, HARMED_CHILD, PartyRole::Harmed),
        child(CAUSED, CAUSED_CHILD, PartyRole::CausedHarm),
        adult(MOTHER, PartyRole::FamilyMember),
    ]
}

pub(super) fn referred(kind: ProgrammeKind) -> Case {
    Case::open(
        CaseId(1),
        kind,
        ReferralSource::Kdn,
        d(2026, 11, 2),
        parties(),
    )
    .unwrap()
}

/// At the screening stage, screened with no rule holding, the facilitator assigned.
pub(super) fn screened(kind: ProgrammeKind) -> Case {
    let mut c = referred(kind);
    c.move_to(Stage::Screening, today()).unwrap();
    c.record_screening(Screening::default()).unwrap();
    c.assign_facilitator(FACILITATOR, &TherapyLeads::new(), None)
        .unwrap();
    c
}

pub(super) fn preliminary(kind: ProgrammeKind) -> Case {
    let mut c = screened(kind);
    c.move_to(Stage::Preliminary, today()).unwrap();
    c
}

/// Every consent of every party.
pub(super) fn all_consent(c: &mut Case) {
    for id in [HARMED, CAUSED] {
        c.record_consent(id, ConsentPart::OwnYes, today()).unwrap();
        c.record_consent(id, ConsentPart::RepresentativeSignature, today())
            .unwrap();
    }
    c.record_consent(MOTHER, ConsentPart::OwnYes, today())
        .unwrap();
}

/// At the preliminary stage with everyone's consent.
pub(super) fn consented(kind: ProgrammeKind) -> Case {
    let mut c = preliminary(kind);
    all_consent(&mut c);
    c
}

pub(super) fn at_joint_meeting() -> Case {
    let mut c = consented(ProgrammeKind::Mediation);
    c.move_to(Stage::JointMeeting, today()).unwrap();
    c
}

pub(super) fn items() -> Vec<AgreementItem> {
    vec![
        AgreementItem::new(
            "Вернуть телефон",
            CAUSED,
            d(2026, 12, 1),
            Checker::Party(HARMED),
        ),
        AgreementItem::new(
            "Извиниться перед классом",
            CAUSED,
            d(2026, 12, 10),
            Checker::Facilitator,
        ),
    ]
}

/// At the agreement stage, the agreement written but not signed.
pub(super) fn at_agreement() -> Case {
    let mut c = at_joint_meeting();
    c.move_to(Stage::Agreement, today()).unwrap();
    c.set_agreement(Agreement::new(today(), items())).unwrap();
    c
}

pub(super) fn sign_all(c: &mut Case) {
    for id in [HARMED, CAUSED] {
        c.sign_agreement(id, Signer::Party).unwrap();
        c.sign_agreement(id, Signer::Representative).unwrap();
    }
    c.sign_agreement(MOTHER, Signer::Party).unwrap();
}

pub(super) fn at_follow_up() -> Case {
    let mut c = at_agreement();
    sign_all(&mut c);
    c.move_to(Stage::FollowUp, today()).unwrap();
    c
}

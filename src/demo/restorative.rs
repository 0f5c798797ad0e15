//! The demo centre's reconciliation room: three restorative cases at different stages (one at
//! the preliminary meetings, one with its joint meeting booked, one in follow-up with an item
//! overdue), facilitated by the psychologist who holds the reconciliation room and so leads no
//! child's own therapy.

use chrono::{Duration, NaiveDate};

use super::KAZAN;
use crate::domain::free_slots::WorkingHours;
use crate::domain::restorative::{
    Agreement, AgreementItem, CaseId, Checker, ConsentPart, PartyId, PartyRole, PartyWho,
    ProgrammeKind, ReferralSource, Representative, Screening, Signer, Stage, DEFAULT_STAGGER,
};
use crate::domain::{Role, RoomKind};
use crate::store::restorative::{CaseAct, CaseCandidate, JointBooking, NewParty, Referral};
use crate::store::{BookingRules, Store, StoreError};

const HARMED: PartyId = PartyId(1);
const CAUSED: PartyId = PartyId(2);

fn child(c: &CaseCandidate, role: PartyRole) -> NewParty {
    NewParty {
        who: PartyWho::Child(c.child),
        role,
        representatives: vec![Representative {
            name: c.parent_name.clone(),
        }],
    }
}

fn referral(
    kind: ProgrammeKind,
    source: ReferralSource,
    on: NaiveDate,
    conflict: &str,
    a: &CaseCandidate,
    b: &CaseCandidate,
    adult: bool,
) -> Referral {
    let mut parties = vec![child(a, PartyRole::Harmed), child(b, PartyRole::CausedHarm)];
    if adult {
        parties.push(NewParty {
            who: PartyWho::Adult {
                family: b.family,
                name: b.parent_name.clone(),
            },
            role: PartyRole::FamilyMember,
            representatives: vec![],
        });
    }
    Referral {
        kind,
        source,
        referred_on: on,
        conflict: conflict.into(),
        parties,
    }
}

/// Seeds the three cases; the reconciliation room's psychologist facilitates them.
pub(super) fn seed_cases(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    let cards = store.staff_cards()?;
    let Some(facilitator) = cards
        .iter()
        .filter(|c| c.member.role == Role::Psychologist)
        .map(|c| c.id)
        .nth(2)
    else {
        return Ok(());
    };
    let Some(room) = store
        .rooms()?
        .into_iter()
        .find(|r| r.details.kind == RoomKind::Reconciliation)
    else {
        return Ok(());
    };
    // Two children of different families for each case, none in two cases.
    let mut pool = store.case_candidates()?;
    pool.dedup_by_key(|c| c.family);
    if pool.len() < 6 {
        return Ok(());
    }
    let f = facilitator;
    let act = |store: &mut Store, id: CaseId, a: CaseAct| {
        store.write(|w| w.restorative_act(f, id, a).map(|_| ()))
    };
    let consent =
        |store: &mut Store, id: CaseId, party: PartyId, minor: bool| -> Result<(), StoreError> {
            act(
                store,
                id,
                CaseAct::Consent {
                    party,
                    part: ConsentPart::OwnYes,
                    signature_png: None,
                },
            )?;
            if minor {
                let png = Some(crate::demo::demo_signature_png());
                act(
                    store,
                    id,
                    CaseAct::Consent {
                        party,
                        part: ConsentPart::RepresentativeSignature,
                        signature_png: png,
                    },
                )?;
            }
            Ok(())
        };
    let screened = |store: &mut Store, id: CaseId| -> Result<(), StoreError> {
        act(store, id, CaseAct::MoveTo(Stage::Screening))?;
        act(store, id, CaseAct::Screening(Screening::default()))?;
        act(store, id, CaseAct::MoveTo(Stage::Preliminary))
    };

    // 1. Preliminary meetings: the harmed side has consented, the other side's representative not yet.
    let r = referral(
        ProgrammeKind::Mediation,
        ReferralSource::Kdn,
        today - Duration::days(12),
        "Конфликт в школе: толкнул на лестнице, обидные прозвища в чате класса.",
        &pool[0],
        &pool[1],
        true,
    );
    let first = store.write(|w| w.open_restorative_case(f, &r))?;
    screened(store, first)?;
    consent(store, first, HARMED, true)?;
    act(
        store,
        first,
        CaseAct::Consent {
            party: CAUSED,
            part: ConsentPart::OwnYes,
            signature_png: None,
        },
    )?;

    // 2. Everyone consented; the joint meeting is booked tomorrow (or at the nearest free time).
    let r = referral(
        ProgrammeKind::FamilyConference,
        ReferralSource::School,
        today - Duration::days(20),
        "Ссора двух семей после драки детей во дворе; взаимные угрозы родителей.",
        &pool[2],
        &pool[3],
        false,
    );
    let second = store.write(|w| w.open_restorative_case(f, &r))?;
    screened(store, second)?;
    consent(store, second, HARMED, true)?;
    consent(store, second, CAUSED, true)?;
    // The demo's own day decides what is past, whatever the clock says.
    let midnight =
        crate::domain::recurrence::to_utc(today.and_hms_opt(0, 0, 0).expect("midnight"), KAZAN);
    let rules = BookingRules::at(midnight, KAZAN, WorkingHours::default());
    let mut at = crate::domain::recurrence::to_utc(
        (today + Duration::days(1))
            .and_hms_opt(12, 30, 0)
            .expect("a real time"),
        KAZAN,
    );
    for _ in 0..3 {
        match store
            .write(|w| w.book_joint_meeting(f, second, room.id, at, 60, DEFAULT_STAGGER, &rules))?
        {
            JointBooking::Booked { .. } => break,
            JointBooking::Refused { offers, .. } => match offers.first() {
                Some(next) => at = *next,
                None => break,
            },
        }
    }

    // 3. Follow-up: the agreement signed two weeks ago, one item kept, one overdue.
    let r = referral(
        ProgrammeKind::Mediation,
        ReferralSource::Family,
        today - Duration::days(40),
        "Порча чужого велосипеда; семья пострадавшего просит возмещения.",
        &pool[4],
        &pool[5],
        true,
    );
    let third = store.write(|w| w.open_restorative_case(f, &r))?;
    screened(store, third)?;
    consent(store, third, HARMED, true)?;
    consent(store, third, CAUSED, true)?;
    consent(store, third, PartyId(3), false)?;
    act(store, third, CaseAct::MoveTo(Stage::JointMeeting))?;
    act(store, third, CaseAct::MoveTo(Stage::Agreement))?;
    let made = today - Duration::days(14);
    let items = vec![
        AgreementItem::new(
            "Отремонтировать велосипед вместе с отцом",
            CAUSED,
            made + Duration::days(7),
            Checker::Party(HARMED),
        ),
        AgreementItem::new(
            "Встретиться с ведущим и рассказать, как идут дела",
            CAUSED,
            today - Duration::days(3),
            Checker::Facilitator,
        ),
    ];
    act(
        store,
        third,
        CaseAct::Agreement(Agreement::new(made, items)),
    )?;
    for (party, signer) in [
        (HARMED, Signer::Party),
        (HARMED, Signer::Representative),
        (CAUSED, Signer::Party),
        (CAUSED, Signer::Representative),
        (PartyId(3), Signer::Party),
    ] {
        let png = crate::demo::demo_signature_png();
        act(
            store,
            third,
            CaseAct::Sign {
                party,
                signer,
                signature_png: png,
            },
        )?;
    }
    act(store, third, CaseAct::MoveTo(Stage::FollowUp))?;
    act(
        store,
        third,
        CaseAct::CheckItem {
            item: 0,
            kept: true,
        },
    )?;
    Ok(())
}

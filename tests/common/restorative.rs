//! The restorative cases' test centre, shared by `tests/store_restorative*.rs`: the demo centre
//! with a facilitator, a colleague, an administrator and two children of two families, and the
//! steps of a case (open, preliminary stage, consents, the joint booking).

use super::TempKiosk;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use ladoshka::crypto::{PinCost, PinPepper};
use ladoshka::domain::free_slots::WorkingHours;
use ladoshka::domain::restorative::{
    CaseId, ConsentPart, PartyId, PartyRole, PartyWho, ProgrammeKind, ReferralSource,
    Representative, RestorativeRefusal, Screening, Stage, DEFAULT_STAGGER,
};
use ladoshka::domain::{Refusal, Role, RoomKind, StaffId};
use ladoshka::store::restorative::{CaseAct, CaseCandidate, JointBooking, NewParty, Referral};
use ladoshka::store::{BookingRules, Store, StoreError};

pub const CONFLICT: &str = "Драка на перемене из-за телефона";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub struct Centre {
    pub _k: TempKiosk,
    pub store: Store,
    pub facilitator: StaffId,
    pub colleague: StaffId,
    pub admin: StaffId,
    pub harmed: CaseCandidate,
    pub caused: CaseCandidate,
}

pub fn staff(store: &Store, role: Role) -> Vec<StaffId> {
    let cards = store.staff_cards().unwrap();
    cards
        .into_iter()
        .filter(|c| c.member.role == role)
        .map(|c| c.id)
        .collect()
}

/// The demo centre; two children of two families for whom the facilitator leads no therapy.
pub fn centre() -> Centre {
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let demo = ladoshka::demo::generate(today());
    ladoshka::demo::seed_with_pin_cost(&mut store, &demo, &pepper, today(), PinCost::TESTS_ONLY)
        .unwrap();
    let psychologists = staff(&store, Role::Psychologist);
    let admin = staff(&store, Role::Admin)[0];
    let candidates = store.case_candidates().unwrap();
    // Try each psychologist with pairs of children of two families until the referral opens.
    for &facilitator in &psychologists {
        for a in &candidates {
            for b in candidates.iter().filter(|b| b.family != a.family) {
                let referral = referral(a, b);
                let opened = store.write(|w| {
                    w.open_restorative_case(facilitator, &referral)?;
                    Err::<(), _>(StoreError::Invalid("only trying".into()))
                });
                if matches!(opened, Err(StoreError::Invalid(_))) {
                    let colleague = *psychologists.iter().find(|p| **p != facilitator).unwrap();
                    let (harmed, caused) = (a.clone(), b.clone());
                    return Centre {
                        _k: k,
                        store,
                        facilitator,
                        colleague,
                        admin,
                        harmed,
                        caused,
                    };
                }
            }
        }
    }
    panic!("no facilitator without a conflict of interest in the demo centre");
}

pub fn referral(harmed: &CaseCandidate, caused: &CaseCandidate) -> Referral {
    let child = |c: &CaseCandidate, role| NewParty {
        who: PartyWho::Child(c.child),
        role,
        representatives: vec![Representative {
            name: c.parent_name.clone(),
        }],
    };
    Referral {
        kind: ProgrammeKind::Mediation,
        source: ReferralSource::Kdn,
        referred_on: today(),
        conflict: CONFLICT.into(),
        parties: vec![
            child(harmed, PartyRole::Harmed),
            child(caused, PartyRole::CausedHarm),
            NewParty {
                who: PartyWho::Adult {
                    family: caused.family,
                    name: caused.parent_name.clone(),
                },
                role: PartyRole::FamilyMember,
                representatives: vec![],
            },
        ],
    }
}

pub const HARMED: PartyId = PartyId(1);
pub const CAUSED: PartyId = PartyId(2);
pub const PARENT: PartyId = PartyId(3);

pub fn rules() -> BookingRules {
    BookingRules::at(
        super::at(super::STORE_NOW),
        chrono_tz::Europe::Moscow,
        WorkingHours::default(),
    )
}

pub fn refusal(err: StoreError) -> RestorativeRefusal {
    match err {
        StoreError::Refused(Refusal::Restorative(r)) => r,
        other => panic!("expected a restorative refusal, got {other:?}"),
    }
}

pub fn reconciliation_room(store: &Store) -> ladoshka::domain::RoomId {
    store
        .rooms()
        .unwrap()
        .into_iter()
        .find(|r| r.details.kind == RoomKind::Reconciliation)
        .unwrap()
        .id
}

pub fn act(
    c: &mut Centre,
    id: CaseId,
    a: CaseAct,
) -> Result<ladoshka::store::restorative::CaseView, StoreError> {
    let f = c.facilitator;
    c.store.write(|w| w.restorative_act(f, id, a))
}

pub fn open(c: &mut Centre) -> CaseId {
    let (f, r) = (c.facilitator, referral(&c.harmed, &c.caused));
    c.store.write(|w| w.open_restorative_case(f, &r)).unwrap()
}

pub fn to_preliminary(c: &mut Centre, id: CaseId, screening: Screening) {
    act(c, id, CaseAct::MoveTo(Stage::Screening)).unwrap();
    act(c, id, CaseAct::Screening(screening)).unwrap();
    act(c, id, CaseAct::MoveTo(Stage::Preliminary)).unwrap();
}

pub fn consent_all(c: &mut Centre, id: CaseId) {
    for party in [HARMED, CAUSED] {
        act(
            c,
            id,
            CaseAct::Consent {
                party,
                part: ConsentPart::OwnYes,
                signature_png: None,
            },
        )
        .unwrap();
        let png = b"PNG representative".to_vec();
        act(
            c,
            id,
            CaseAct::Consent {
                party,
                part: ConsentPart::RepresentativeSignature,
                signature_png: Some(png),
            },
        )
        .unwrap();
    }
    act(
        c,
        id,
        CaseAct::Consent {
            party: PARENT,
            part: ConsentPart::OwnYes,
            signature_png: Some(b"PNG".to_vec()),
        },
    )
    .unwrap();
}

/// Books the joint meeting on Tuesday at 11:00 or at the first free time offered.
pub fn book(c: &mut Centre, id: CaseId) -> Result<(i64, chrono::DateTime<Utc>), StoreError> {
    let (f, room) = (c.facilitator, reconciliation_room(&c.store));
    let mut at = chrono_tz::Europe::Moscow
        .with_ymd_and_hms(2026, 11, 24, 11, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    for _ in 0..2 {
        match c
            .store
            .write(|w| w.book_joint_meeting(f, id, room, at, 60, DEFAULT_STAGGER, &rules()))?
        {
            JointBooking::Booked {
                session,
                harmed_side,
                other_side,
            } => {
                assert_eq!(harmed_side.arrives, at - Duration::minutes(15));
                assert_eq!(other_side.arrives, at);
                assert_eq!(other_side.leaves, at + Duration::minutes(75));
                return Ok((session, at));
            }
            JointBooking::Refused { offers, .. } => at = offers[0],
        }
    }
    panic!("no free time for the joint meeting");
}

/// Outbox rows of `entity` about case `id`.
pub fn outbox_count(store: &Store, entity: &str, id: CaseId) -> usize {
    let about =
        |p: &str| serde_json::from_str::<serde_json::Value>(p).unwrap()["record"]["case"] == id.0;
    store
        .unsent_outbox(10_000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == entity && about(&r.payload))
        .count()
}

//! Restorative cases on a real SQLCipher store (issue 21): a case walked from the referral to a
//! kept agreement with its outbox rows and audited openings; only the facilitator and an
//! administrator open a case; a screening rule, a missing consent or a withdrawal refuse the
//! joint meeting and write nothing; the facilitator is neutral; the door shows one side at a time.

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use common::TempKiosk;
use ladoshka::crypto::{PinCost, PinPepper};
use ladoshka::domain::free_slots::WorkingHours;
use ladoshka::domain::restorative::{
    Agreement, AgreementItem, CaseId, Checker, ConsentPart, Outcome, PartyId, PartyRole, PartyWho,
    ProgrammeKind, ReferralSource, Representative, RestorativeRefusal, Screening, ScreeningRule,
    Signer, Stage, DEFAULT_STAGGER,
};
use ladoshka::domain::{ChildId, Mood, Refusal, Role, RoomKind, StaffId};
use ladoshka::store::restorative::{
    CaseAct, CaseCandidate, JointBooking, NewParty, Referral, VoiceAnswers, VoiceMoment,
};
use ladoshka::store::{BookingRules, Store, StoreError};

const CONFLICT: &str = "Драка на перемене из-за телефона";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

struct Centre {
    _k: TempKiosk,
    store: Store,
    facilitator: StaffId,
    colleague: StaffId,
    admin: StaffId,
    harmed: CaseCandidate,
    caused: CaseCandidate,
}

fn staff(store: &Store, role: Role) -> Vec<StaffId> {
    let cards = store.staff_cards().unwrap();
    cards.into_iter().filter(|c| c.member.role == role).map(|c| c.id).collect()
}

/// The demo centre; two children of two families for whom the facilitator leads no therapy.
fn centre() -> Centre {
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let demo = ladoshka::demo::generate(today());
    ladoshka::demo::seed_with_pin_cost(&mut store, &demo, &pepper, today(), PinCost::TESTS_ONLY).unwrap();
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
                    return Centre { _k: k, store, facilitator, colleague, admin, harmed, caused };
                }
            }
        }
    }
    panic!("no facilitator without a conflict of interest in the demo centre");
}

fn referral(harmed: &CaseCandidate, caused: &CaseCandidate) -> Referral {
    let child = |c: &CaseCandidate, role| NewParty {
        who: PartyWho::Child(c.child),
        role,
        representatives: vec![Representative { name: c.parent_name.clone() }],
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
                who: PartyWho::Adult { family: caused.family, name: caused.parent_name.clone() },
                role: PartyRole::FamilyMember,
                representatives: vec![],
            },
        ],
    }
}

const HARMED: PartyId = PartyId(1);
const CAUSED: PartyId = PartyId(2);
const PARENT: PartyId = PartyId(3);

fn rules() -> BookingRules {
    BookingRules::at(common::at(common::STORE_NOW), chrono_tz::Europe::Moscow, WorkingHours::default())
}

fn refusal(err: StoreError) -> RestorativeRefusal {
    match err {
        StoreError::Refused(Refusal::Restorative(r)) => r,
        other => panic!("expected a restorative refusal, got {other:?}"),
    }
}

fn reconciliation_room(store: &Store) -> ladoshka::domain::RoomId {
    store.rooms().unwrap().into_iter().find(|r| r.details.kind == RoomKind::Reconciliation).unwrap().id
}

fn act(c: &mut Centre, id: CaseId, a: CaseAct) -> Result<ladoshka::store::restorative::CaseView, StoreError> {
    let f = c.facilitator;
    c.store.write(|w| w.restorative_act(f, id, a))
}

fn open(c: &mut Centre) -> CaseId {
    let (f, r) = (c.facilitator, referral(&c.harmed, &c.caused));
    c.store.write(|w| w.open_restorative_case(f, &r)).unwrap()
}

fn to_preliminary(c: &mut Centre, id: CaseId, screening: Screening) {
    act(c, id, CaseAct::MoveTo(Stage::Screening)).unwrap();
    act(c, id, CaseAct::Screening(screening)).unwrap();
    act(c, id, CaseAct::MoveTo(Stage::Preliminary)).unwrap();
}

fn consent_all(c: &mut Centre, id: CaseId) {
    for party in [HARMED, CAUSED] {
        act(c, id, CaseAct::Consent { party, part: ConsentPart::OwnYes, signature_png: None }).unwrap();
        let png = b"PNG representative".to_vec();
        act(c, id, CaseAct::Consent { party, part: ConsentPart::RepresentativeSignature, signature_png: Some(png) }).unwrap();
    }
    act(c, id, CaseAct::Consent { party: PARENT, part: ConsentPart::OwnYes, signature_png: Some(b"PNG".to_vec()) }).unwrap();
}

/// Books the joint meeting on Tuesday at 11:00 or at the first free time offered.
fn book(c: &mut Centre, id: CaseId) -> Result<(i64, chrono::DateTime<Utc>), StoreError> {
    let (f, room) = (c.facilitator, reconciliation_room(&c.store));
    let mut at = chrono_tz::Europe::Moscow.with_ymd_and_hms(2026, 11, 24, 11, 0, 0).unwrap().with_timezone(&Utc);
    for _ in 0..2 {
        match c.store.write(|w| w.book_joint_meeting(f, id, room, at, 60, DEFAULT_STAGGER, &rules()))? {
            JointBooking::Booked { session, harmed_side, other_side } => {
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

fn outbox_count(store: &Store, entity: &str) -> usize {
    store.unsent_outbox(10_000).unwrap().into_iter().filter(|r| r.entity == entity).count()
}

#[test]
fn a_case_goes_from_referral_to_a_kept_agreement_with_every_change_in_the_outbox() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening::default());
    let early = book(&mut c, id).unwrap_err();
    assert!(matches!(refusal(early), RestorativeRefusal::NotEveryoneConsented { .. }));
    consent_all(&mut c, id);
    let (session, at) = book(&mut c, id).unwrap();

    // The door shows the harmed side at its arrival and the other side at theirs, never both.
    let room = reconciliation_room(&c.store);
    let tiles_at = |store: &Store, now| {
        let tiles = store.arrivals(room, now, now - Duration::hours(1), now + Duration::hours(2)).unwrap();
        tiles.into_iter().filter(|t| t.session == session).flat_map(|t| t.participants).map(|p| p.child).collect::<Vec<ChildId>>()
    };
    assert_eq!(tiles_at(&c.store, at - Duration::minutes(20)), vec![c.harmed.child]);
    assert_eq!(tiles_at(&c.store, at - Duration::minutes(2)), vec![c.caused.child]);

    let (harmed_child, f) = (c.harmed.child, c.facilitator);
    let answers = VoiceAnswers { mood: Mood::Scared, safe: Some(true), go_on: None };
    c.store.write(|w| w.record_voice(id, harmed_child, VoiceMoment::Before, answers)).unwrap();
    c.store.write(|w| w.record_pause(id, Some(session))).unwrap();

    act(&mut c, id, CaseAct::MoveTo(Stage::Agreement)).unwrap();
    let due = today() + Duration::days(7);
    let items = vec![
        AgreementItem::new("Вернуть телефон", CAUSED, due, Checker::Party(HARMED)),
        AgreementItem::new("Поговорить с классом", CAUSED, due + Duration::days(7), Checker::Facilitator),
    ];
    act(&mut c, id, CaseAct::Agreement(Agreement::new(today(), items))).unwrap();
    let unsigned = refusal(act(&mut c, id, CaseAct::MoveTo(Stage::FollowUp)).unwrap_err());
    assert!(matches!(unsigned, RestorativeRefusal::MissingSignatures { .. }), "{unsigned:?}");
    for (party, signer) in [(HARMED, Signer::Party), (HARMED, Signer::Representative), (CAUSED, Signer::Party), (CAUSED, Signer::Representative), (PARENT, Signer::Party)] {
        act(&mut c, id, CaseAct::Sign { party, signer, signature_png: b"PNG".to_vec() }).unwrap();
    }
    let copy = refusal(c.store.write(|w| w.agreement_copy(f, id)).unwrap_err());
    assert_eq!(copy, RestorativeRefusal::CopyNotAllowed { party: HARMED });
    for party in [HARMED, CAUSED, PARENT] {
        act(&mut c, id, CaseAct::AllowCopy { party }).unwrap();
    }
    let view = c.store.write(|w| w.agreement_copy(f, id)).unwrap();
    assert_eq!(view.copies_allowed.len(), 3);

    act(&mut c, id, CaseAct::MoveTo(Stage::FollowUp)).unwrap();
    let later = today() + Duration::days(30);
    assert_eq!(c.store.restorative_due(f, later).unwrap().len(), 2);
    assert!(c.store.restorative_due(f, later).unwrap().iter().all(|d| d.overdue));
    assert!(c.store.restorative_due(c.colleague, later).unwrap().is_empty());
    act(&mut c, id, CaseAct::CheckItem { item: 0, kept: true }).unwrap();
    act(&mut c, id, CaseAct::CheckItem { item: 1, kept: true }).unwrap();
    act(&mut c, id, CaseAct::HarmedPartyTold).unwrap();
    let view = act(&mut c, id, CaseAct::CloseAfterFollowUp { referrer_response: Some("КДН приняла к сведению".into()) }).unwrap();
    assert_eq!(view.case.stage, Stage::Closed(Outcome::AgreementKept));
    assert!(view.harmed_party_told.is_some());
    assert_eq!(view.voices.len(), 1);
    assert_eq!(view.voices[0].answers.mood, Mood::Scared);
    assert_eq!(view.pauses.len(), 1);
    assert_eq!(view.meetings.len(), 1);
    assert_eq!(view.conflict, CONFLICT);

    // Every change shipped: the opening, and one row per act, the last with the facts.
    let rows: Vec<_> = c.store.unsent_outbox(10_000).unwrap().into_iter().filter(|r| r.entity == "restorative_case").collect();
    assert_eq!(rows[0].op, "insert");
    assert!(rows.len() >= 20, "{}", rows.len());
    let last: serde_json::Value = serde_json::from_str(&rows.last().unwrap().payload).unwrap();
    assert_eq!(last["record"]["act"], "close_after_follow_up");
    assert_eq!(last["record"]["facts"]["agreement_kept"], true);
    assert_eq!(last["record"]["facts"]["minors"], 2);
    assert_eq!(outbox_count(&c.store, "restorative_voice"), 1);
    assert_eq!(outbox_count(&c.store, "restorative_pause"), 1);
    assert_eq!(outbox_count(&c.store, "restorative_meeting"), 1);
    assert_eq!(c.store.restorative_facts().unwrap()[0].agreement_kept, Some(true));
}

#[test]
fn only_the_facilitator_and_an_administrator_open_a_case_and_each_opening_is_audited() {
    let mut c = centre();
    let id = open(&mut c);
    let (f, colleague, admin) = (c.facilitator, c.colleague, c.admin);
    let list = c.store.restorative_cases(colleague).unwrap();
    assert_eq!((list.len(), list[0].may_open, list[0].stage), (1, false, Stage::Referral));
    assert!(c.store.restorative_cases(f).unwrap()[0].may_open);

    let before = c.store.audit_entries(1000).unwrap().len();
    let refused = refusal(c.store.write(|w| w.restorative_case(colleague, id)).unwrap_err());
    assert_eq!(refused, RestorativeRefusal::NotTheFacilitator);
    let act_refused = c.store.write(|w| w.restorative_act(colleague, id, CaseAct::MoveTo(Stage::Screening)));
    assert_eq!(refusal(act_refused.unwrap_err()), RestorativeRefusal::NotTheFacilitator);
    assert_eq!(c.store.audit_entries(1000).unwrap().len(), before, "a refused opening writes nothing");

    c.store.write(|w| w.restorative_case(f, id)).unwrap();
    c.store.write(|w| w.restorative_case(admin, id)).unwrap();
    let audit = c.store.audit_entries(2).unwrap();
    assert!(audit.iter().all(|a| a.event == "case_opened" && a.detail == format!("case={}", id.0)), "{audit:?}");
}

#[test]
fn a_screening_rule_refuses_the_joint_meeting_and_writes_nothing() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening { sexual_harm: true, ..Screening::default() });
    consent_all(&mut c, id);
    let before = c.store.unsent_outbox_count().unwrap();
    let stop = refusal(book(&mut c, id).unwrap_err());
    assert_eq!(stop, RestorativeRefusal::ScreeningStop(ScreeningRule::SexualHarm));
    assert_eq!(c.store.unsent_outbox_count().unwrap(), before);
    // It may go on as shuttle work, or close as not suitable.
    act(&mut c, id, CaseAct::SetKind(ProgrammeKind::Shuttle)).unwrap();
    let closed = act(&mut c, id, CaseAct::Close { outcome: Outcome::NotSuitable { rule: ScreeningRule::SexualHarm }, referrer_response: None }).unwrap();
    assert_eq!(closed.case.facts().screening_rules, vec![ScreeningRule::SexualHarm]);
}

#[test]
fn a_withdrawal_stops_the_joint_meeting_and_the_case_ends_at_the_preliminary_stage() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening::default());
    consent_all(&mut c, id);
    act(&mut c, id, CaseAct::Withdraw { party: CAUSED }).unwrap();
    let refused = refusal(book(&mut c, id).unwrap_err());
    assert!(matches!(refused, RestorativeRefusal::Withdrawn { party: CAUSED } | RestorativeRefusal::NotEveryoneConsented { .. }), "{refused:?}");
    let view = act(&mut c, id, CaseAct::Close { outcome: Outcome::EndedAtPreliminary { declined_by: CAUSED }, referrer_response: None }).unwrap();
    assert_eq!(view.case.facts().declined_role, Some(PartyRole::CausedHarm));
}

#[test]
fn a_psychologist_who_leads_a_childs_therapy_cannot_facilitate_unless_an_administrator_allows_it() {
    let mut c = centre();
    let room = c.store.rooms().unwrap()[0].id;
    let (f, child) = (c.facilitator, c.harmed.child);
    let at = common::at(common::STORE_NOW) + Duration::days(2);
    c.store
        .write(|w| w.insert_session(&ladoshka::domain::NewSession::new(room, f, ladoshka::domain::SessionKind::IndividualPlayTherapy, at, 45, &[child])?))
        .unwrap();
    let r = referral(&c.harmed, &c.caused);
    let refused = refusal(c.store.write(|w| w.open_restorative_case(f, &r)).unwrap_err());
    assert_eq!(refused, RestorativeRefusal::FacilitatorLeadsTherapy { child });

    // A colleague opens it; the administrator may then allow the conflict with a reason.
    let colleague = c.colleague;
    let id = match c.store.write(|w| w.open_restorative_case(colleague, &r)) {
        Ok(id) => id,
        Err(e) => return eprintln!("the colleague leads one of the children's therapy too: {e}"),
    };
    let admin = c.admin;
    let without = ladoshka::domain::restorative::Override { by: admin, by_admin: true, reason: " ".into() };
    let no_reason = c.store.write(|w| w.restorative_act(admin, id, CaseAct::AssignFacilitator { staff: f, override_: Some(without) }));
    assert_eq!(refusal(no_reason.unwrap_err()), RestorativeRefusal::OverrideWithoutReason);
    let by_colleague = ladoshka::domain::restorative::Override { by: colleague, by_admin: true, reason: "единственный ведущий".into() };
    let not_admin = c.store.write(|w| w.restorative_act(admin, id, CaseAct::AssignFacilitator { staff: f, override_: Some(by_colleague) }));
    assert_eq!(refusal(not_admin.unwrap_err()), RestorativeRefusal::OverrideNotByAdmin { by: colleague });
    let allowed = ladoshka::domain::restorative::Override { by: admin, by_admin: false, reason: "единственный ведущий".into() };
    let view = c.store.write(|w| w.restorative_act(admin, id, CaseAct::AssignFacilitator { staff: f, override_: Some(allowed) })).unwrap();
    assert_eq!(view.case.facilitator, Some(f));
    assert_eq!(view.case.disclosures.len(), 1);
}

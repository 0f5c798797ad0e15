//! Restorative cases on a real SQLCipher store (issue 21): a case walked from the referral to a
//! kept agreement with its outbox rows and audited openings; only the facilitator and an
//! administrator open a case; a screening rule, a missing consent or a withdrawal refuse the
//! joint meeting and write nothing; the facilitator is neutral; the door shows one side at a time.

mod common;

use chrono::Duration;
use common::restorative::*;
use ladoshka::domain::restorative::{
    Agreement, AgreementItem, Checker, Outcome, PartyRole, ProgrammeKind, RestorativeRefusal,
    Screening, ScreeningRule, Signer, Stage,
};
use ladoshka::domain::{ChildId, Mood};
use ladoshka::store::restorative::{CaseAct, VoiceAnswers, VoiceMoment};
use ladoshka::store::Store;

#[test]
fn a_case_goes_from_referral_to_a_kept_agreement_with_every_change_in_the_outbox() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening::default());
    let early = book(&mut c, id).unwrap_err();
    assert!(matches!(
        refusal(early),
        RestorativeRefusal::NotEveryoneConsented { .. }
    ));
    consent_all(&mut c, id);
    let (session, at) = book(&mut c, id).unwrap();

    // The door shows the harmed side at its arrival and the other side at theirs, never both.
    let room = reconciliation_room(&c.store);
    let tiles_at = |store: &Store, now| {
        let tiles = store
            .arrivals(
                room,
                now,
                now - Duration::hours(1),
                now + Duration::hours(2),
            )
            .unwrap();
        tiles
            .into_iter()
            .filter(|t| t.session == session)
            .flat_map(|t| t.participants)
            .map(|p| p.child)
            .collect::<Vec<ChildId>>()
    };
    assert_eq!(
        tiles_at(&c.store, at - Duration::minutes(20)),
        vec![c.harmed.child]
    );
    assert_eq!(
        tiles_at(&c.store, at - Duration::minutes(2)),
        vec![c.caused.child]
    );

    let (harmed_child, f) = (c.harmed.child, c.facilitator);
    let answers = VoiceAnswers {
        mood: Mood::Scared,
        safe: Some(true),
        go_on: None,
    };
    c.store
        .write(|w| w.record_voice(id, harmed_child, VoiceMoment::Before, answers))
        .unwrap();
    c.store
        .write(|w| w.record_pause(id, Some(session)))
        .unwrap();

    act(&mut c, id, CaseAct::MoveTo(Stage::Agreement)).unwrap();
    let due = today() + Duration::days(7);
    let items = vec![
        AgreementItem::new("Вернуть телефон", CAUSED, due, Checker::Party(HARMED)),
        AgreementItem::new(
            "Поговорить с классом",
            CAUSED,
            due + Duration::days(7),
            Checker::Facilitator,
        ),
    ];
    act(
        &mut c,
        id,
        CaseAct::Agreement(Agreement::new(today(), items)),
    )
    .unwrap();
    let unsigned = refusal(act(&mut c, id, CaseAct::MoveTo(Stage::FollowUp)).unwrap_err());
    assert!(
        matches!(unsigned, RestorativeRefusal::MissingSignatures { .. }),
        "{unsigned:?}"
    );
    for (party, signer) in [
        (HARMED, Signer::Party),
        (HARMED, Signer::Representative),
        (CAUSED, Signer::Party),
        (CAUSED, Signer::Representative),
        (PARENT, Signer::Party),
    ] {
        act(
            &mut c,
            id,
            CaseAct::Sign {
                party,
                signer,
                signature_png: b"PNG".to_vec(),
            },
        )
        .unwrap();
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
    assert!(c
        .store
        .restorative_due(f, later)
        .unwrap()
        .iter()
        .all(|d| d.overdue));
    assert!(c
        .store
        .restorative_due(c.colleague, later)
        .unwrap()
        .is_empty());
    act(
        &mut c,
        id,
        CaseAct::CheckItem {
            item: 0,
            kept: true,
        },
    )
    .unwrap();
    act(
        &mut c,
        id,
        CaseAct::CheckItem {
            item: 1,
            kept: true,
        },
    )
    .unwrap();
    act(&mut c, id, CaseAct::HarmedPartyTold).unwrap();
    let view = act(
        &mut c,
        id,
        CaseAct::CloseAfterFollowUp {
            referrer_response: Some("КДН приняла к сведению".into()),
        },
    )
    .unwrap();
    assert_eq!(view.case.stage, Stage::Closed(Outcome::AgreementKept));
    assert!(view.harmed_party_told.is_some());
    assert_eq!(view.voices.len(), 1);
    assert_eq!(view.voices[0].answers.mood, Mood::Scared);
    assert_eq!(view.pauses.len(), 1);
    assert_eq!(view.meetings.len(), 1);
    assert_eq!(view.conflict, CONFLICT);

    // Every change shipped: the opening, and one row per act, the last with the facts.
    let rows: Vec<_> = c
        .store
        .unsent_outbox(10_000)
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == "restorative_case" && r.entity_id == id.0)
        .collect();
    assert_eq!(rows[0].op, "insert");
    assert!(rows.len() >= 20, "{}", rows.len());
    let last: serde_json::Value = serde_json::from_str(&rows.last().unwrap().payload).unwrap();
    assert_eq!(last["record"]["act"], "close_after_follow_up");
    assert_eq!(last["record"]["facts"]["agreement_kept"], true);
    assert_eq!(last["record"]["facts"]["minors"], 2);
    assert_eq!(outbox_count(&c.store, "restorative_voice", id), 1);
    assert_eq!(outbox_count(&c.store, "restorative_pause", id), 1);
    assert_eq!(outbox_count(&c.store, "restorative_meeting", id), 1);
    let facts = c.store.restorative_facts().unwrap();
    assert_eq!(
        facts.iter().find(|f| f.case == id).unwrap().agreement_kept,
        Some(true)
    );
}

#[test]
fn only_the_facilitator_and_an_administrator_open_a_case_and_each_opening_is_audited() {
    let mut c = centre();
    let id = open(&mut c);
    let (f, colleague, admin) = (c.facilitator, c.colleague, c.admin);
    let list = c.store.restorative_cases(colleague).unwrap();
    let row = list.iter().find(|r| r.id == id).unwrap();
    assert_eq!((row.may_open, row.stage), (false, Stage::Referral));
    assert!(
        c.store
            .restorative_cases(f)
            .unwrap()
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .may_open
    );
    assert!(c
        .store
        .restorative_cases(admin)
        .unwrap()
        .iter()
        .all(|r| r.may_open));

    let before = c.store.audit_entries(1000).unwrap().len();
    let refused = refusal(
        c.store
            .write(|w| w.restorative_case(colleague, id))
            .unwrap_err(),
    );
    assert_eq!(refused, RestorativeRefusal::NotTheFacilitator);
    let act_refused = c
        .store
        .write(|w| w.restorative_act(colleague, id, CaseAct::MoveTo(Stage::Screening)));
    assert_eq!(
        refusal(act_refused.unwrap_err()),
        RestorativeRefusal::NotTheFacilitator
    );
    assert_eq!(
        c.store.audit_entries(1000).unwrap().len(),
        before,
        "a refused opening writes nothing"
    );

    c.store.write(|w| w.restorative_case(f, id)).unwrap();
    c.store.write(|w| w.restorative_case(admin, id)).unwrap();
    let audit = c.store.audit_entries(2).unwrap();
    assert!(
        audit
            .iter()
            .all(|a| a.event == "case_opened" && a.detail == format!("case={}", id.0)),
        "{audit:?}"
    );
}

#[test]
fn a_screening_rule_refuses_the_joint_meeting_and_writes_nothing() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(
        &mut c,
        id,
        Screening {
            sexual_harm: true,
            ..Screening::default()
        },
    );
    consent_all(&mut c, id);
    let before = c.store.unsent_outbox_count().unwrap();
    let stop = refusal(book(&mut c, id).unwrap_err());
    assert_eq!(
        stop,
        RestorativeRefusal::ScreeningStop(ScreeningRule::SexualHarm)
    );
    assert_eq!(c.store.unsent_outbox_count().unwrap(), before);
    // It may go on as shuttle work, or close as not suitable.
    act(&mut c, id, CaseAct::SetKind(ProgrammeKind::Shuttle)).unwrap();
    let closed = act(
        &mut c,
        id,
        CaseAct::Close {
            outcome: Outcome::NotSuitable {
                rule: ScreeningRule::SexualHarm,
            },
            referrer_response: None,
        },
    )
    .unwrap();
    assert_eq!(
        closed.case.facts().screening_rules,
        vec![ScreeningRule::SexualHarm]
    );
}

#[test]
fn a_withdrawal_stops_the_joint_meeting_and_the_case_ends_at_the_preliminary_stage() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening::default());
    consent_all(&mut c, id);
    act(&mut c, id, CaseAct::Withdraw { party: CAUSED }).unwrap();
    let refused = refusal(book(&mut c, id).unwrap_err());
    assert!(
        matches!(
            refused,
            RestorativeRefusal::Withdrawn { party: CAUSED }
                | RestorativeRefusal::NotEveryoneConsented { .. }
        ),
        "{refused:?}"
    );
    let view = act(
        &mut c,
        id,
        CaseAct::Close {
            outcome: Outcome::EndedAtPreliminary {
                declined_by: CAUSED,
            },
            referrer_response: None,
        },
    )
    .unwrap();
    assert_eq!(view.case.facts().declined_role, Some(PartyRole::CausedHarm));
}

#[test]
fn a_psychologist_who_leads_a_childs_therapy_cannot_facilitate_unless_an_administrator_allows_it() {
    let mut c = centre();
    let room = c.store.rooms().unwrap()[0].id;
    let (f, child) = (c.facilitator, c.harmed.child);
    let at = common::at(common::STORE_NOW) + Duration::days(2);
    c.store
        .write(|w| {
            w.insert_session(&ladoshka::domain::NewSession::new(
                room,
                f,
                ladoshka::domain::SessionKind::IndividualPlayTherapy,
                at,
                45,
                &[child],
            )?)
        })
        .unwrap();
    let r = referral(&c.harmed, &c.caused);
    let refused = refusal(
        c.store
            .write(|w| w.open_restorative_case(f, &r))
            .unwrap_err(),
    );
    assert_eq!(
        refused,
        RestorativeRefusal::FacilitatorLeadsTherapy { child }
    );

    // The administrator opens it and may then allow the conflict, with a reason.
    let (colleague, admin) = (c.colleague, c.admin);
    let id = c
        .store
        .write(|w| w.open_restorative_case(admin, &r))
        .unwrap();
    let without = ladoshka::domain::restorative::Override {
        by: admin,
        by_admin: true,
        reason: " ".into(),
    };
    let no_reason = c.store.write(|w| {
        w.restorative_act(
            admin,
            id,
            CaseAct::AssignFacilitator {
                staff: f,
                override_: Some(without),
            },
        )
    });
    assert_eq!(
        refusal(no_reason.unwrap_err()),
        RestorativeRefusal::OverrideWithoutReason
    );
    let by_colleague = ladoshka::domain::restorative::Override {
        by: colleague,
        by_admin: true,
        reason: "единственный ведущий".into(),
    };
    let not_admin = c.store.write(|w| {
        w.restorative_act(
            admin,
            id,
            CaseAct::AssignFacilitator {
                staff: f,
                override_: Some(by_colleague),
            },
        )
    });
    assert_eq!(
        refusal(not_admin.unwrap_err()),
        RestorativeRefusal::OverrideNotByAdmin { by: colleague }
    );
    let allowed = ladoshka::domain::restorative::Override {
        by: admin,
        by_admin: false,
        reason: "единственный ведущий".into(),
    };
    let view = c
        .store
        .write(|w| {
            w.restorative_act(
                admin,
                id,
                CaseAct::AssignFacilitator {
                    staff: f,
                    override_: Some(allowed),
                },
            )
        })
        .unwrap();
    assert_eq!(view.case.facilitator, Some(f));
    assert_eq!(view.case.disclosures.len(), 1);
}

#[test]
fn erasing_a_family_erases_the_cases_it_took_part_in_to_the_last_byte() {
    let mut c = centre();
    let id = open(&mut c);
    to_preliminary(&mut c, id, Screening::default());
    let (harmed_child, admin) = (c.harmed.child, c.admin);
    let answers = VoiceAnswers {
        mood: Mood::Sad,
        safe: Some(false),
        go_on: Some(true),
    };
    c.store
        .write(|w| w.record_voice(id, harmed_child, VoiceMoment::Before, answers))
        .unwrap();
    let db = c._k.db_path();
    assert!(c.store.checkpoint().unwrap());
    let key = *c._k.key.as_bytes();
    assert!(common::holds(&common::decrypted_pages(&db, &key), CONFLICT));

    c.store.erase_family(c.caused.family, admin).unwrap();
    assert!(c
        .store
        .restorative_cases(admin)
        .unwrap()
        .iter()
        .all(|r| r.id != id));
    assert!(c
        .store
        .restorative_facts()
        .unwrap()
        .iter()
        .all(|f| f.case != id));
    let after = common::decrypted_pages(&db, &key);
    assert!(
        !common::holds(&after, CONFLICT),
        "the conflict's words are still in the file"
    );
    let rows = c.store.unsent_outbox(10_000).unwrap();
    assert!(
        rows.iter().all(|r| !r.payload.contains(CONFLICT)),
        "the outbox still carries the conflict"
    );
}

//! The written agreement, its signatures, its follow-up and the outcome computed from it.

use super::*;

use RestorativeRefusal as R;

fn agreement(items: Vec<AgreementItem>) -> Agreement {
    Agreement::new(today(), items)
}

#[test]
fn a_complete_signed_agreement_is_valid() {
    let c = at_follow_up();
    let a = c.agreement.as_ref().unwrap();
    assert_eq!(a.validate(&c.parties), Ok(()));
    assert!(a.missing_signatures(&c.parties).is_empty());
    assert_eq!(a.signatures.len(), 5);
}

#[test]
fn an_agreement_with_no_item_is_refused() {
    let mut c = at_agreement();
    assert_eq!(c.set_agreement(agreement(vec![])), Err(R::EmptyAgreement));
    assert_eq!(
        agreement(vec![]).validate(&c.parties),
        Err(R::EmptyAgreement)
    );
}

#[test]
fn an_item_with_blank_text_is_refused() {
    let mut c = at_agreement();
    let mut items = items();
    items.push(AgreementItem::new(
        "  \n ",
        CAUSED,
        today(),
        Checker::Facilitator,
    ));
    assert_eq!(
        c.set_agreement(agreement(items)),
        Err(R::BlankItem { item: 2 })
    );
    assert!(R::BlankItem { item: 2 }.to_string().contains("item 3"));
}

#[test]
fn an_item_due_before_the_agreement_is_refused_and_the_same_day_is_fine() {
    let mut c = at_agreement();
    let mut items = items();
    items[0].by = d(2026, 11, 22);
    assert_eq!(
        c.set_agreement(agreement(items.clone())),
        Err(R::DueBeforeAgreement {
            item: 0,
            by: d(2026, 11, 22),
            made_on: today()
        })
    );
    items[0].by = today();
    assert_eq!(c.set_agreement(agreement(items)), Ok(()));
}

#[test]
fn items_name_parties_of_the_case() {
    let mut c = at_agreement();
    let stranger = PartyId(9);
    let mut items = items();
    items[1].who = stranger;
    assert_eq!(
        c.set_agreement(agreement(items)),
        Err(R::UnknownParty { party: stranger })
    );
    let mut items = super::items();
    items[0].checker = Checker::Party(stranger);
    assert_eq!(
        c.set_agreement(agreement(items)),
        Err(R::UnknownParty { party: stranger })
    );
}

#[test]
fn a_missing_signature_is_refused() {
    let mut c = at_agreement();
    assert_eq!(
        c.move_to(Stage::FollowUp, today()),
        Err(R::MissingSignatures {
            missing: vec![
                (HARMED, Signer::Party),
                (HARMED, Signer::Representative),
                (CAUSED, Signer::Party),
                (CAUSED, Signer::Representative),
                (MOTHER, Signer::Party),
            ]
        })
    );
    sign_all(&mut c);
    // Take one signature away at a time: each is needed.
    for i in 0..5 {
        let mut short = c.clone();
        let gone = short.agreement.as_mut().unwrap().signatures.remove(i);
        assert_eq!(
            short.move_to(Stage::FollowUp, today()),
            Err(R::MissingSignatures {
                missing: vec![gone]
            })
        );
    }
    assert_eq!(c.move_to(Stage::FollowUp, today()), Ok(()));
}

#[test]
fn signing_is_for_parties_and_a_minors_representative() {
    let mut c = at_agreement();
    assert_eq!(
        c.sign_agreement(MOTHER, Signer::Representative),
        Err(R::NotAMinor { party: MOTHER })
    );
    assert_eq!(
        c.sign_agreement(PartyId(9), Signer::Party),
        Err(R::UnknownParty { party: PartyId(9) })
    );
    c.sign_agreement(HARMED, Signer::Party).unwrap();
    c.sign_agreement(HARMED, Signer::Party).unwrap();
    assert_eq!(
        c.agreement.as_ref().unwrap().signatures.len(),
        1,
        "once each"
    );
}

#[test]
fn a_rewritten_agreement_is_signed_again() {
    let mut c = at_agreement();
    sign_all(&mut c);
    c.set_agreement(agreement(items())).unwrap();
    assert!(c.agreement.as_ref().unwrap().signatures.is_empty());
}

#[test]
fn the_agreement_is_written_at_its_stage_and_needed_for_follow_up() {
    let mut c = at_joint_meeting();
    assert_eq!(
        c.set_agreement(agreement(items())),
        Err(R::WrongStage {
            action: "writing the agreement",
            stage: "joint_meeting"
        })
    );
    c.move_to(Stage::Agreement, today()).unwrap();
    assert_eq!(c.sign_agreement(HARMED, Signer::Party), Err(R::NoAgreement));
    assert_eq!(c.move_to(Stage::FollowUp, today()), Err(R::NoAgreement));
}

#[test]
fn overdue_items_are_open_past_their_date() {
    let mut c = at_follow_up();
    // Item 0 due 01.12, item 1 due 10.12.
    assert!(
        c.overdue(d(2026, 12, 1)).is_empty(),
        "due today is not overdue"
    );
    assert_eq!(c.overdue(d(2026, 12, 2)), vec![0]);
    assert_eq!(c.overdue(d(2026, 12, 11)), vec![0, 1]);
    c.check_item(0, true, d(2026, 12, 3)).unwrap();
    assert_eq!(c.overdue(d(2026, 12, 11)), vec![1]);
    c.check_item(1, false, d(2026, 12, 11)).unwrap();
    assert!(
        c.overdue(d(2026, 12, 11)).is_empty(),
        "not kept is checked, not overdue"
    );
    assert!(referred(ProgrammeKind::Mediation)
        .overdue(today())
        .is_empty());
}

#[test]
fn all_kept_is_agreement_kept() {
    let mut c = at_follow_up();
    c.check_item(0, true, d(2026, 12, 1)).unwrap();
    c.check_item(1, true, d(2026, 12, 9)).unwrap();
    let a = c.agreement.as_ref().unwrap();
    assert_eq!(a.items[1].status, ItemStatus::Kept);
    assert_eq!(a.items[1].checked_on, Some(d(2026, 12, 9)));
    assert_eq!(outcome_of(&a.items), Ok(Outcome::AgreementKept));
    assert_eq!(
        c.clone()
            .close(Outcome::AgreementNotKept, d(2026, 12, 12), None),
        Err(R::OutcomeNotTheItems {
            computed: "agreement_kept"
        })
    );
    assert_eq!(
        c.close_after_follow_up(d(2026, 12, 12), Some("КДН приняла к сведению")),
        Ok(Outcome::AgreementKept)
    );
    assert_eq!(c.stage, Stage::Closed(Outcome::AgreementKept));
    assert_eq!(c.closed_on, Some(d(2026, 12, 12)));
    assert_eq!(
        c.referrer_response.as_deref(),
        Some("КДН приняла к сведению")
    );
}

#[test]
fn one_item_not_kept_is_agreement_not_kept() {
    let mut c = at_follow_up();
    c.check_item(0, true, d(2026, 12, 1)).unwrap();
    c.check_item(1, false, d(2026, 12, 11)).unwrap();
    assert_eq!(
        c.clone()
            .close(Outcome::AgreementKept, d(2026, 12, 12), None),
        Err(R::OutcomeNotTheItems {
            computed: "agreement_not_kept"
        })
    );
    assert_eq!(
        c.close(Outcome::AgreementNotKept, d(2026, 12, 12), Some("  ")),
        Ok(())
    );
    assert_eq!(c.referrer_response, None, "a blank response is none");
}

#[test]
fn a_later_check_replaces_an_earlier_one() {
    let mut c = at_follow_up();
    c.check_item(1, false, d(2026, 12, 11)).unwrap();
    c.check_item(1, true, d(2026, 12, 20)).unwrap();
    c.check_item(0, true, d(2026, 12, 20)).unwrap();
    assert_eq!(
        c.close_after_follow_up(d(2026, 12, 21), None),
        Ok(Outcome::AgreementKept)
    );
}

#[test]
fn a_case_does_not_close_while_an_item_is_open() {
    let mut c = at_follow_up();
    assert_eq!(
        c.close_after_follow_up(d(2026, 12, 12), None),
        Err(R::ItemsStillOpen { items: vec![0, 1] })
    );
    c.check_item(1, true, d(2026, 12, 9)).unwrap();
    assert_eq!(
        c.close(Outcome::AgreementKept, d(2026, 12, 12), None),
        Err(R::ItemsStillOpen { items: vec![0] })
    );
    assert!(R::ItemsStillOpen { items: vec![0, 1] }
        .to_string()
        .contains("items 1, 2"));
}

#[test]
fn checks_name_a_real_item_on_a_real_date() {
    let mut c = at_follow_up();
    assert_eq!(
        c.check_item(2, true, d(2026, 12, 1)),
        Err(R::NoSuchItem { item: 2 })
    );
    assert_eq!(
        c.check_item(0, true, d(2026, 11, 1)),
        Err(R::CheckedBeforeAgreement {
            item: 0,
            on: d(2026, 11, 1),
            made_on: today()
        })
    );
    let mut early = at_agreement();
    assert_eq!(
        early.check_item(0, true, today()),
        Err(R::WrongStage {
            action: "checking an agreement item",
            stage: "agreement"
        })
    );
}

#[test]
fn the_referring_bodys_response_may_come_after_closure() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    assert_eq!(
        c.record_referrer_response("Спасибо"),
        Err(R::WrongStage {
            action: "recording the referring body's response",
            stage: "preliminary"
        })
    );
    c.close(Outcome::Withdrawn, today(), None).unwrap();
    assert_eq!(c.record_referrer_response("  Дело прекращено  "), Ok(()));
    assert_eq!(c.referrer_response.as_deref(), Some("Дело прекращено"));
    assert_eq!(c.record_referrer_response(""), Ok(()));
    assert_eq!(c.referrer_response, None);
}

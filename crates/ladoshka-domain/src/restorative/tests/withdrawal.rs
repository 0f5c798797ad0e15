//! Anyone may decline or withdraw at any stage: one event, which stops what needs them.

use super::*;

use RestorativeRefusal as R;

#[test]
fn at_referral_and_screening_the_case_closes_as_withdrawn() {
    let mut c = referred(ProgrammeKind::Mediation);
    c.withdraw(HARMED, today()).unwrap();
    assert_eq!(c.close(Outcome::Withdrawn, today(), None), Ok(()));

    let mut c = screened(ProgrammeKind::Mediation);
    c.withdraw(MOTHER, today()).unwrap();
    assert_eq!(c.close(Outcome::Withdrawn, today(), None), Ok(()));
}

#[test]
fn at_the_preliminary_stage_a_no_ends_the_programme_there() {
    let mut c = consented(ProgrammeKind::Mediation);
    c.withdraw(HARMED, today()).unwrap();
    assert_eq!(
        c.move_to(Stage::JointMeeting, today()),
        Err(R::Withdrawn { party: HARMED })
    );
    assert_eq!(
        c.clone().close(Outcome::Withdrawn, today(), None),
        Err(R::DeclinedAtPreliminary { party: HARMED })
    );
    assert_eq!(
        c.clone().close(
            Outcome::EndedAtPreliminary {
                declined_by: CAUSED
            },
            today(),
            None
        ),
        Err(R::NotDeclined { party: CAUSED })
    );
    assert_eq!(
        c.close(
            Outcome::EndedAtPreliminary {
                declined_by: HARMED
            },
            today(),
            None
        ),
        Ok(())
    );
    assert_eq!(
        c.stage.outcome().and_then(Outcome::declined_by),
        Some(HARMED)
    );
}

#[test]
fn a_shuttle_stops_too() {
    let mut c = consented(ProgrammeKind::Shuttle);
    c.withdraw(MOTHER, today()).unwrap();
    assert_eq!(
        c.move_to(Stage::Agreement, today()),
        Err(R::Withdrawn { party: MOTHER })
    );
}

#[test]
fn at_the_joint_meeting_a_withdrawal_stops_the_agreement() {
    let mut c = at_joint_meeting();
    c.withdraw(CAUSED, today()).unwrap();
    assert_eq!(
        c.move_to(Stage::Agreement, today()),
        Err(R::Withdrawn { party: CAUSED })
    );
    let mut called_off = c.clone();
    called_off.move_to(Stage::Preliminary, today()).unwrap();
    assert_eq!(
        called_off.close(
            Outcome::EndedAtPreliminary {
                declined_by: CAUSED
            },
            today(),
            None
        ),
        Ok(())
    );
    assert_eq!(c.close(Outcome::Withdrawn, today(), None), Ok(()));
}

#[test]
fn at_the_agreement_a_withdrawal_stops_signing_and_follow_up() {
    let mut c = at_agreement();
    c.withdraw(MOTHER, today()).unwrap();
    assert_eq!(
        c.sign_agreement(MOTHER, Signer::Party),
        Err(R::Withdrawn { party: MOTHER })
    );
    // Even with every signature given before the withdrawal.
    let mut signed = at_agreement();
    sign_all(&mut signed);
    signed.withdraw(HARMED, today()).unwrap();
    assert_eq!(
        signed.move_to(Stage::FollowUp, today()),
        Err(R::Withdrawn { party: HARMED })
    );
    assert_eq!(c.close(Outcome::Withdrawn, today(), None), Ok(()));
}

#[test]
fn at_follow_up_a_withdrawal_is_recorded_and_the_items_decide() {
    let mut c = at_follow_up();
    assert_eq!(c.withdraw(CAUSED, d(2026, 11, 30)), Ok(()));
    assert_eq!(
        c.consents.last(),
        Some(&ConsentEvent {
            party: CAUSED,
            on: d(2026, 11, 30),
            act: ConsentAct::Withdrew
        })
    );
    assert!(matches!(
        c.close(Outcome::Withdrawn, today(), None),
        Err(R::BadTransition { .. })
    ));
    c.check_item(0, false, d(2026, 12, 2)).unwrap();
    c.check_item(1, false, d(2026, 12, 11)).unwrap();
    assert_eq!(
        c.close_after_follow_up(d(2026, 12, 12), None),
        Ok(Outcome::AgreementNotKept)
    );
}

#[test]
fn after_closure_there_is_nothing_to_withdraw_from() {
    let mut c = referred(ProgrammeKind::Circle);
    c.close(Outcome::Withdrawn, today(), None).unwrap();
    assert_eq!(c.withdraw(HARMED, today()), Err(R::CaseClosed));
}

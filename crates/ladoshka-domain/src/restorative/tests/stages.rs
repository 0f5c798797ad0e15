//! The way a case goes: every pair of stages against the table of allowed moves, and the case's
//! guards on top.

use super::keys::every_outcome;
use super::*;

use RestorativeRefusal as R;

fn every_stage() -> Vec<Stage> {
    let mut all = vec![
        Stage::Referral,
        Stage::Screening,
        Stage::Preliminary,
        Stage::JointMeeting,
        Stage::Agreement,
        Stage::FollowUp,
    ];
    all.extend(every_outcome().into_iter().map(Stage::Closed));
    all
}

/// The allowed moves, written out as the documentation draws them.
fn allowed(from: Stage, to: Stage) -> bool {
    use Outcome as O;
    let closes = |o: Outcome| matches!(to, Stage::Closed(x) if std::mem::discriminant(&x) == std::mem::discriminant(&o));
    let not_suitable = closes(O::NotSuitable {
        rule: ScreeningRule::SexualHarm,
    });
    let ended = closes(O::EndedAtPreliminary {
        declined_by: PartyId(0),
    });
    let withdrawn = closes(O::Withdrawn);
    match from {
        Stage::Referral => to == Stage::Screening || withdrawn,
        Stage::Screening => to == Stage::Preliminary || not_suitable || withdrawn,
        Stage::Preliminary => {
            to == Stage::JointMeeting
                || to == Stage::Agreement
                || ended
                || not_suitable
                || withdrawn
        }
        Stage::JointMeeting => {
            to == Stage::Preliminary || to == Stage::Agreement || not_suitable || withdrawn
        }
        Stage::Agreement => to == Stage::FollowUp || withdrawn,
        Stage::FollowUp => closes(O::AgreementKept) || closes(O::AgreementNotKept),
        Stage::Closed(_) => false,
    }
}

#[test]
fn every_pair_of_stages_follows_the_table() {
    let all = every_stage();
    assert_eq!(all.len(), 6 + 8);
    let mut moves = 0;
    for from in &all {
        for to in &all {
            assert_eq!(
                from.can_become(*to),
                allowed(*from, *to),
                "{} → {} ({to:?})",
                from.key(),
                to.key()
            );
            moves += usize::from(from.can_become(*to));
        }
    }
    // referral 2, screening 1 + 4 rules + 1, preliminary 2 + 1 + 4 + 1, joint meeting 2 + 4 + 1,
    // agreement 2, follow-up 2.
    assert_eq!(moves, 27);
}

#[test]
fn nothing_moves_backwards_but_a_called_off_meeting() {
    let order = [
        Stage::Referral,
        Stage::Screening,
        Stage::Preliminary,
        Stage::JointMeeting,
        Stage::Agreement,
        Stage::FollowUp,
    ];
    for (i, from) in order.iter().enumerate() {
        for to in &order[..=i] {
            let expected = *from == Stage::JointMeeting && *to == Stage::Preliminary;
            assert_eq!(from.can_become(*to), expected, "{from:?} → {to:?}");
        }
    }
}

#[test]
fn a_forbidden_move_is_refused_by_its_keys() {
    let mut c = referred(ProgrammeKind::Mediation);
    for to in [
        Stage::Preliminary,
        Stage::JointMeeting,
        Stage::Agreement,
        Stage::FollowUp,
        Stage::Closed(Outcome::AgreementKept),
    ] {
        assert_eq!(
            c.move_to(to, today()),
            Err(R::BadTransition {
                from: "referral",
                to: to.key()
            })
        );
    }
    let mut c = at_follow_up();
    assert_eq!(
        c.move_to(Stage::Closed(Outcome::Withdrawn), today()),
        Err(R::BadTransition {
            from: "follow_up",
            to: "closed"
        })
    );
    assert_eq!(
        c.move_to(Stage::Agreement, today()),
        Err(R::BadTransition {
            from: "follow_up",
            to: "agreement"
        })
    );
}

#[test]
fn a_mediation_goes_all_the_way() {
    let mut c = at_follow_up();
    assert_eq!(c.stage, Stage::FollowUp);
    c.check_item(0, true, d(2026, 12, 1)).unwrap();
    c.check_item(1, true, d(2026, 12, 1)).unwrap();
    assert_eq!(
        c.close_after_follow_up(d(2026, 12, 2), None),
        Ok(Outcome::AgreementKept)
    );
}

#[test]
fn family_conferences_and_circles_meet_before_their_agreement() {
    for kind in [ProgrammeKind::FamilyConference, ProgrammeKind::Circle] {
        let mut c = consented(kind);
        assert_eq!(
            c.move_to(Stage::Agreement, today()),
            Err(R::MeetFirst { kind: kind.key() })
        );
        c.move_to(Stage::JointMeeting, today()).unwrap();
        assert_eq!(c.move_to(Stage::Agreement, today()), Ok(()));
    }
}

#[test]
fn a_shuttle_never_books_a_joint_meeting() {
    let mut c = consented(ProgrammeKind::Shuttle);
    assert_eq!(
        c.move_to(Stage::JointMeeting, today()),
        Err(R::ShuttleNeverMeets)
    );
    // The shuttle still needs everyone's consent for its agreement.
    let mut c = preliminary(ProgrammeKind::Shuttle);
    assert!(matches!(
        c.move_to(Stage::Agreement, today()),
        Err(R::NotEveryoneConsented { .. })
    ));
}

#[test]
fn a_joint_meeting_may_be_called_off() {
    let mut c = at_joint_meeting();
    assert_eq!(c.move_to(Stage::Preliminary, today()), Ok(()));
    assert_eq!(c.move_to(Stage::JointMeeting, today()), Ok(()));
}

#[test]
fn the_kind_changes_only_before_the_joint_meeting() {
    let mut c = at_joint_meeting();
    assert_eq!(
        c.set_kind(ProgrammeKind::Shuttle),
        Err(R::WrongStage {
            action: "changing the programme kind",
            stage: "joint_meeting"
        })
    );
}

#[test]
fn a_closed_case_takes_nothing_more() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    c.close(Outcome::Withdrawn, today(), None).unwrap();
    let before = c.clone();
    assert_eq!(c.move_to(Stage::Screening, today()), Err(R::CaseClosed));
    assert_eq!(
        c.close(Outcome::Withdrawn, today(), None),
        Err(R::CaseClosed)
    );
    assert_eq!(c.withdraw(HARMED, today()), Err(R::CaseClosed));
    assert_eq!(c.record_screening(Screening::default()), Err(R::CaseClosed));
    assert_eq!(
        c.assign_facilitator(FACILITATOR, &TherapyLeads::new(), None),
        Err(R::CaseClosed)
    );
    assert_eq!(c.set_kind(ProgrammeKind::Shuttle), Err(R::CaseClosed));
    assert_eq!(c, before);
}

#[test]
fn a_refusal_reaches_the_crates_refusal() {
    let r = crate::Refusal::from(R::ShuttleNeverMeets);
    assert_eq!(r.to_string(), R::ShuttleNeverMeets.to_string());
    assert!(matches!(
        r,
        crate::Refusal::Restorative(R::ShuttleNeverMeets)
    ));
}

//! Each screening rule stops a joint meeting and names itself; a shuttle programme goes on; the
//! latest screening counts.

use super::*;

fn only(rule: ScreeningRule) -> Screening {
    let mut s = Screening::default();
    match rule {
        ScreeningRule::OngoingViolenceOrSafetyRisk => s.ongoing_violence_or_safety_risk = true,
        ScreeningRule::SexualHarm => s.sexual_harm = true,
        ScreeningRule::CoerciveControl => s.coercive_control = true,
        ScreeningRule::HarmedPartyUnwilling => s.harmed_party_unwilling = true,
    }
    s
}

#[test]
fn a_clean_screening_allows_a_joint_meeting() {
    assert_eq!(Screening::default().joint_meeting_allowed(), Ok(()));
    assert!(Screening::default().rules_that_hold().is_empty());
    let mut c = consented(ProgrammeKind::Mediation);
    assert_eq!(c.move_to(Stage::JointMeeting, today()), Ok(()));
}

#[test]
fn each_rule_stops_a_joint_meeting_and_names_itself() {
    for rule in ScreeningRule::ALL.iter().copied() {
        let s = only(rule);
        assert!(s.holds(rule));
        assert_eq!(s.rules_that_hold(), vec![rule]);
        assert_eq!(
            s.joint_meeting_allowed(),
            Err(RestorativeRefusal::ScreeningStop(rule))
        );
        assert!(RestorativeRefusal::ScreeningStop(rule)
            .to_string()
            .contains(rule.describe()));
        for kind in [
            ProgrammeKind::Mediation,
            ProgrammeKind::FamilyConference,
            ProgrammeKind::Circle,
        ] {
            let mut c = consented(kind);
            c.record_screening(s).unwrap();
            let before = c.clone();
            assert_eq!(
                c.move_to(Stage::JointMeeting, today()),
                Err(RestorativeRefusal::ScreeningStop(rule)),
                "{kind:?}"
            );
            assert_eq!(c, before, "a refusal changes nothing");
            // … and the case may close as not suitable, naming the rule.
            assert_eq!(
                c.close(Outcome::NotSuitable { rule }, today(), None),
                Ok(())
            );
            assert_eq!(c.stage, Stage::Closed(Outcome::NotSuitable { rule }));
        }
    }
}

#[test]
fn with_several_rules_the_first_is_named_and_all_are_listed() {
    let s = Screening {
        ongoing_violence_or_safety_risk: false,
        sexual_harm: true,
        coercive_control: true,
        harmed_party_unwilling: true,
    };
    assert_eq!(
        s.joint_meeting_allowed(),
        Err(RestorativeRefusal::ScreeningStop(ScreeningRule::SexualHarm))
    );
    assert_eq!(
        s.rules_that_hold(),
        vec![
            ScreeningRule::SexualHarm,
            ScreeningRule::CoerciveControl,
            ScreeningRule::HarmedPartyUnwilling
        ]
    );
}

#[test]
fn a_stop_at_screening_closes_not_suitable_or_goes_on_as_shuttle() {
    for rule in ScreeningRule::ALL.iter().copied() {
        let mut c = referred(ProgrammeKind::Mediation);
        c.move_to(Stage::Screening, today()).unwrap();
        c.record_screening(only(rule)).unwrap();
        let mut closing = c.clone();
        assert_eq!(
            closing.close(Outcome::NotSuitable { rule }, today(), None),
            Ok(())
        );
        assert_eq!(closing.closed_on, Some(today()));
        // Or: a shuttle programme, which never needs a joint meeting.
        c.assign_facilitator(FACILITATOR, &TherapyLeads::new(), None)
            .unwrap();
        c.set_kind(ProgrammeKind::Shuttle).unwrap();
        c.move_to(Stage::Preliminary, today()).unwrap();
        all_consent(&mut c);
        c.record_screening(only(rule)).unwrap();
        assert_eq!(
            c.move_to(Stage::JointMeeting, today()),
            Err(RestorativeRefusal::ShuttleNeverMeets)
        );
        assert_eq!(c.move_to(Stage::Agreement, today()), Ok(()), "{rule:?}");
        c.set_agreement(Agreement::new(today(), items())).unwrap();
        sign_all(&mut c);
        assert_eq!(c.move_to(Stage::FollowUp, today()), Ok(()));
    }
}

#[test]
fn shuttle_goes_on_after_a_stop_found_at_a_preliminary_meeting() {
    let mut c = consented(ProgrammeKind::Mediation);
    c.record_screening(only(ScreeningRule::CoerciveControl))
        .unwrap();
    assert_eq!(
        c.move_to(Stage::Agreement, today()),
        Err(RestorativeRefusal::MeetFirst { kind: "mediation" })
    );
    c.set_kind(ProgrammeKind::Shuttle).unwrap();
    assert_eq!(c.move_to(Stage::Agreement, today()), Ok(()));
}

#[test]
fn the_latest_screening_counts() {
    let mut c = consented(ProgrammeKind::Mediation);
    c.record_screening(only(ScreeningRule::OngoingViolenceOrSafetyRisk))
        .unwrap();
    c.record_screening(Screening::default()).unwrap();
    assert_eq!(c.move_to(Stage::JointMeeting, today()), Ok(()));

    let mut c = consented(ProgrammeKind::Mediation);
    c.record_screening(Screening::default()).unwrap();
    c.record_screening(only(ScreeningRule::HarmedPartyUnwilling))
        .unwrap();
    assert_eq!(
        c.move_to(Stage::JointMeeting, today()),
        Err(RestorativeRefusal::ScreeningStop(
            ScreeningRule::HarmedPartyUnwilling
        ))
    );
}

#[test]
fn a_risk_found_after_booking_stops_the_meeting() {
    let mut c = at_joint_meeting();
    c.record_screening(only(ScreeningRule::OngoingViolenceOrSafetyRisk))
        .unwrap();
    assert_eq!(
        c.move_to(Stage::Agreement, today()),
        Err(RestorativeRefusal::ScreeningStop(
            ScreeningRule::OngoingViolenceOrSafetyRisk
        ))
    );
    // The meeting is called off: back to separate meetings, and on as shuttle.
    let mut called_off = c.clone();
    assert_eq!(called_off.move_to(Stage::Preliminary, today()), Ok(()));
    assert_eq!(called_off.set_kind(ProgrammeKind::Shuttle), Ok(()));
    assert_eq!(called_off.move_to(Stage::Agreement, today()), Ok(()));
    // Or closed as not suitable.
    assert_eq!(
        c.close(
            Outcome::NotSuitable {
                rule: ScreeningRule::OngoingViolenceOrSafetyRisk
            },
            today(),
            None
        ),
        Ok(())
    );
}

#[test]
fn not_suitable_needs_its_rule_to_hold() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    let rule = ScreeningRule::SexualHarm;
    assert_eq!(
        c.close(Outcome::NotSuitable { rule }, today(), None),
        Err(RestorativeRefusal::RuleDoesNotHold { rule })
    );
    c.record_screening(only(ScreeningRule::CoerciveControl))
        .unwrap();
    assert_eq!(
        c.close(Outcome::NotSuitable { rule }, today(), None),
        Err(RestorativeRefusal::RuleDoesNotHold { rule })
    );
    c.record_screening(only(rule)).unwrap();
    assert_eq!(
        c.close(Outcome::NotSuitable { rule }, today(), None),
        Ok(())
    );
}

#[test]
fn preliminary_meetings_need_a_screening_and_a_facilitator() {
    let mut c = referred(ProgrammeKind::Mediation);
    c.move_to(Stage::Screening, today()).unwrap();
    assert_eq!(
        c.move_to(Stage::Preliminary, today()),
        Err(RestorativeRefusal::NotScreened)
    );
    c.record_screening(Screening::default()).unwrap();
    assert_eq!(
        c.move_to(Stage::Preliminary, today()),
        Err(RestorativeRefusal::NoFacilitator)
    );
    c.assign_facilitator(FACILITATOR, &TherapyLeads::new(), None)
        .unwrap();
    assert_eq!(c.move_to(Stage::Preliminary, today()), Ok(()));
}

#[test]
fn screening_is_recorded_at_screening_preliminary_and_joint_meeting_stages_only() {
    let mut c = referred(ProgrammeKind::Mediation);
    assert_eq!(
        c.record_screening(Screening::default()),
        Err(RestorativeRefusal::WrongStage {
            action: "screening",
            stage: "referral"
        })
    );
    let mut c = at_agreement();
    assert_eq!(
        c.record_screening(Screening::default()),
        Err(RestorativeRefusal::WrongStage {
            action: "screening",
            stage: "agreement"
        })
    );
    let mut c = at_joint_meeting();
    assert_eq!(c.record_screening(Screening::default()), Ok(()));
}

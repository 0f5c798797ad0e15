//! What the indicators see of a case: counts and flags, following the case through its stages.

use super::*;

#[test]
fn a_referred_case_counts_its_minors_and_adults_and_has_no_agreement() {
    let f = referred(ProgrammeKind::Mediation).facts();
    assert_eq!((f.minors, f.adults), (2, 1));
    assert_eq!(f.source, ReferralSource::Kdn);
    assert_eq!(f.stage, Stage::Referral);
    assert!(!f.agreement_reached);
    assert_eq!(f.agreement_kept, None);
    assert!(f.screening_rules.is_empty());
}

#[test]
fn an_unsigned_agreement_is_not_reached_and_a_signed_one_is() {
    let mut c = at_agreement();
    assert!(!c.facts().agreement_reached);
    sign_all(&mut c);
    assert!(c.facts().agreement_reached);
    assert_eq!(c.facts().agreement_kept, None);
}

#[test]
fn kept_is_known_only_when_every_item_is_checked_or_one_is_not_kept() {
    let mut c = at_follow_up();
    c.check_item(0, true, today()).unwrap();
    assert_eq!(c.facts().agreement_kept, None);
    c.check_item(1, true, today()).unwrap();
    assert_eq!(c.facts().agreement_kept, Some(true));
    c.check_item(0, false, today()).unwrap();
    assert_eq!(c.facts().agreement_kept, Some(false));
    c.close_after_follow_up(today(), None).unwrap();
    let f = c.facts();
    assert_eq!(f.stage, Stage::Closed(Outcome::AgreementNotKept));
    assert_eq!(f.closed_on, Some(today()));
}

#[test]
fn the_rules_that_held_at_screening_are_counted_and_nothing_else_of_the_answers() {
    let mut c = referred(ProgrammeKind::Mediation);
    c.move_to(Stage::Screening, today()).unwrap();
    c.record_screening(Screening {
        coercive_control: true,
        ..Screening::default()
    })
    .unwrap();
    assert_eq!(
        c.facts().screening_rules,
        vec![ScreeningRule::CoerciveControl]
    );
    let json = serde_json::to_string(&c.facts()).unwrap();
    assert!(
        !json.contains("Иванова") && !json.contains("Петрова"),
        "{json}"
    );
}

#[test]
fn a_case_ended_at_the_preliminary_stage_says_the_role_of_who_declined() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    c.withdraw(CAUSED, today()).unwrap();
    c.close(
        Outcome::EndedAtPreliminary {
            declined_by: CAUSED,
        },
        today(),
        None,
    )
    .unwrap();
    assert_eq!(c.facts().declined_role, Some(PartyRole::CausedHarm));
    assert_eq!(at_agreement().facts().agreement_made_on, Some(today()));
}

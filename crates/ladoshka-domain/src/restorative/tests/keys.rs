//! Every stored key goes back to the value it came from, and unknown keys are refused.

use std::collections::BTreeSet;

use super::*;

fn unique(keys: impl IntoIterator<Item = &'static str>) -> bool {
    let keys: Vec<_> = keys.into_iter().collect();
    keys.len() == keys.iter().collect::<BTreeSet<_>>().len()
}

#[test]
fn simple_enums_round_trip_their_keys() {
    for k in ProgrammeKind::ALL {
        assert_eq!(ProgrammeKind::from_key(k.key()), Ok(*k));
    }
    for k in ReferralSource::ALL {
        assert_eq!(ReferralSource::from_key(k.key()), Ok(*k));
    }
    for k in PartyRole::ALL {
        assert_eq!(PartyRole::from_key(k.key()), Ok(*k));
    }
    for k in ScreeningRule::ALL {
        assert_eq!(ScreeningRule::from_key(k.key()), Ok(*k));
    }
    for k in ConsentPart::ALL {
        assert_eq!(ConsentPart::from_key(k.key()), Ok(*k));
    }
    for k in ConsentAct::ALL {
        assert_eq!(ConsentAct::from_key(k.key()), Ok(k));
    }
    for k in Signer::ALL {
        assert_eq!(Signer::from_key(k.key()), Ok(*k));
    }
    for k in ItemStatus::ALL {
        assert_eq!(ItemStatus::from_key(k.key()), Ok(*k));
    }
    assert_eq!(ProgrammeKind::ALL.len(), 4);
    assert_eq!(ReferralSource::ALL.len(), 6);
    assert_eq!(PartyRole::ALL.len(), 4);
    assert_eq!(ScreeningRule::ALL.len(), 4);
    assert!(unique(ProgrammeKind::ALL.iter().map(|k| k.key())));
    assert!(unique(ReferralSource::ALL.iter().map(|k| k.key())));
    assert!(unique(PartyRole::ALL.iter().map(|k| k.key())));
    assert!(unique(ScreeningRule::ALL.iter().map(|k| k.key())));
    assert!(unique(ConsentAct::ALL.iter().map(|k| k.key())));
}

#[test]
fn the_keys_are_the_ones_stored() {
    assert_eq!(ReferralSource::Kdn.key(), "kdn");
    assert_eq!(ProgrammeKind::FamilyConference.key(), "family_conference");
    assert_eq!(PartyRole::CausedHarm.key(), "caused_harm");
    assert_eq!(
        ScreeningRule::OngoingViolenceOrSafetyRisk.key(),
        "ongoing_violence_or_safety_risk"
    );
    assert_eq!(ConsentAct::Withdrew.key(), "withdrew");
    assert_eq!(Stage::JointMeeting.key(), "joint_meeting");
    assert_eq!(Stage::Closed(Outcome::Withdrawn).key(), "closed");
}

#[test]
fn unknown_keys_are_refused() {
    assert!(ProgrammeKind::from_key("").is_err());
    assert!(ReferralSource::from_key("police").is_err());
    assert!(PartyRole::from_key("Harmed").is_err());
    assert!(ScreeningRule::from_key("risk").is_err());
    assert!(ConsentAct::from_key("declined").is_err());
    assert!(Signer::from_key("child").is_err());
    assert!(ItemStatus::from_key("done").is_err());
    assert!(Stage::from_key("intake", None).is_err());
    assert!(Outcome::from_key("failed", None, None).is_err());
}

pub(super) fn every_outcome() -> Vec<Outcome> {
    let mut all = vec![
        Outcome::AgreementKept,
        Outcome::AgreementNotKept,
        Outcome::EndedAtPreliminary {
            declined_by: PartyId(4),
        },
        Outcome::Withdrawn,
    ];
    all.extend(
        ScreeningRule::ALL
            .iter()
            .map(|rule| Outcome::NotSuitable { rule: *rule }),
    );
    all
}

#[test]
fn outcomes_round_trip_with_their_party_and_rule() {
    for o in every_outcome() {
        assert_eq!(Outcome::from_key(o.key(), o.declined_by(), o.rule()), Ok(o));
        assert!(Outcome::KEYS.contains(&o.key()));
    }
    assert!(unique(Outcome::KEYS));
    // The party is there exactly for «ended at preliminary», the rule exactly for «not suitable».
    let p = Some(PartyId(1));
    let r = Some(ScreeningRule::SexualHarm);
    assert!(Outcome::from_key("ended_at_preliminary", None, None).is_err());
    assert!(Outcome::from_key("not_suitable", None, None).is_err());
    assert!(Outcome::from_key("not_suitable", p, r).is_err());
    assert!(Outcome::from_key("withdrawn", p, None).is_err());
    assert!(Outcome::from_key("agreement_kept", None, r).is_err());
}

#[test]
fn stages_round_trip_with_their_outcome() {
    let open = [
        Stage::Referral,
        Stage::Screening,
        Stage::Preliminary,
        Stage::JointMeeting,
        Stage::Agreement,
        Stage::FollowUp,
    ];
    for s in open {
        assert_eq!(Stage::from_key(s.key(), s.outcome()), Ok(s));
        assert!(Stage::from_key(s.key(), Some(Outcome::Withdrawn)).is_err());
    }
    for o in every_outcome() {
        let s = Stage::Closed(o);
        assert_eq!(Stage::from_key(s.key(), s.outcome()), Ok(s));
    }
    assert!(Stage::from_key("closed", None).is_err());
    assert!(unique(Stage::KEYS));
    assert_eq!(Stage::KEYS.len(), 7);
}

#[test]
fn a_whole_case_survives_serde() {
    let c = at_follow_up();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Case>(&json).unwrap(), c);
}

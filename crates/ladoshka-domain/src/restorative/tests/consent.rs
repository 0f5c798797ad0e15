//! The consent gate: a joint meeting only when every party has consented (a minor: their own
//! «yes» and a representative's signature; an adult: their own) and nobody has withdrawn since.

use super::*;

use RestorativeRefusal::{NotEveryoneConsented, Withdrawn};

fn everyone_but(skip: (PartyId, ConsentPart)) -> Case {
    let mut c = preliminary(ProgrammeKind::Mediation);
    for (id, part) in [
        (HARMED, ConsentPart::OwnYes),
        (HARMED, ConsentPart::RepresentativeSignature),
        (CAUSED, ConsentPart::OwnYes),
        (CAUSED, ConsentPart::RepresentativeSignature),
        (MOTHER, ConsentPart::OwnYes),
    ] {
        if (id, part) != skip {
            c.record_consent(id, part, today()).unwrap();
        }
    }
    c
}

fn refused_for(skip: (PartyId, ConsentPart)) {
    let mut c = everyone_but(skip);
    let refusal = NotEveryoneConsented {
        missing: vec![skip],
    };
    assert_eq!(c.consent_gate(), Err(refusal.clone()));
    assert_eq!(c.move_to(Stage::JointMeeting, today()), Err(refusal));
    assert_eq!(c.stage, Stage::Preliminary);
}

#[test]
fn everyone_consented_opens_the_gate() {
    let mut c = consented(ProgrammeKind::Mediation);
    assert_eq!(c.consent_gate(), Ok(()));
    for p in &c.parties {
        assert_eq!(standing(p, &c.consents), Standing::Consented);
    }
    assert_eq!(c.move_to(Stage::JointMeeting, today()), Ok(()));
}

#[test]
fn a_childs_own_yes_is_needed() {
    refused_for((HARMED, ConsentPart::OwnYes));
}

#[test]
fn a_representatives_signature_is_needed_for_a_minor() {
    refused_for((CAUSED, ConsentPart::RepresentativeSignature));
}

#[test]
fn an_adult_needs_their_own_consent() {
    refused_for((MOTHER, ConsentPart::OwnYes));
}

#[test]
fn with_nobody_asked_every_missing_part_is_listed_in_party_order() {
    let c = preliminary(ProgrammeKind::Mediation);
    assert_eq!(
        c.consent_gate(),
        Err(NotEveryoneConsented {
            missing: vec![
                (HARMED, ConsentPart::OwnYes),
                (HARMED, ConsentPart::RepresentativeSignature),
                (CAUSED, ConsentPart::OwnYes),
                (CAUSED, ConsentPart::RepresentativeSignature),
                (MOTHER, ConsentPart::OwnYes),
            ]
        })
    );
    let text = c.consent_gate().unwrap_err().to_string();
    assert!(text.contains("party 1: own consent"), "{text}");
    assert!(
        text.contains("party 2: representative's signature"),
        "{text}"
    );
}

#[test]
fn a_withdrawal_after_consent_closes_the_gate() {
    let mut c = consented(ProgrammeKind::Mediation);
    c.withdraw(CAUSED, today()).unwrap();
    assert_eq!(c.consent_gate(), Err(Withdrawn { party: CAUSED }));
    assert_eq!(
        c.move_to(Stage::JointMeeting, today()),
        Err(Withdrawn { party: CAUSED })
    );
    assert_eq!(standing(&c.parties[1], &c.consents), Standing::Withdrawn);
}

#[test]
fn a_withdrawal_is_named_before_missing_consents() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    c.withdraw(MOTHER, today()).unwrap();
    assert_eq!(c.consent_gate(), Err(Withdrawn { party: MOTHER }));
}

#[test]
fn declining_before_ever_consenting_is_the_same_event() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    c.withdraw(HARMED, today()).unwrap();
    assert_eq!(standing(&c.parties[0], &c.consents), Standing::Withdrawn);
}

#[test]
fn a_change_of_mind_counts_only_with_consent_given_again_in_full() {
    let mut c = consented(ProgrammeKind::Mediation);
    c.withdraw(HARMED, d(2026, 11, 24)).unwrap();
    c.record_consent(HARMED, ConsentPart::OwnYes, d(2026, 11, 25))
        .unwrap();
    // The representative's signature from before the withdrawal does not count.
    assert_eq!(c.consent_gate(), Err(Withdrawn { party: HARMED }));
    c.record_consent(
        HARMED,
        ConsentPart::RepresentativeSignature,
        d(2026, 11, 25),
    )
    .unwrap();
    assert_eq!(c.consent_gate(), Ok(()));
}

#[test]
fn only_a_minor_has_a_representatives_signature() {
    let mut c = preliminary(ProgrammeKind::Mediation);
    assert_eq!(
        c.record_consent(MOTHER, ConsentPart::RepresentativeSignature, today()),
        Err(RestorativeRefusal::NotAMinor { party: MOTHER })
    );
    assert_eq!(
        c.record_consent(PartyId(9), ConsentPart::OwnYes, today()),
        Err(RestorativeRefusal::UnknownParty { party: PartyId(9) })
    );
    assert_eq!(
        c.withdraw(PartyId(9), today()),
        Err(RestorativeRefusal::UnknownParty { party: PartyId(9) })
    );
    assert!(c.consents.is_empty());
}

#[test]
fn consent_is_recorded_at_the_preliminary_meeting() {
    let mut c = screened(ProgrammeKind::Mediation);
    assert_eq!(
        c.record_consent(HARMED, ConsentPart::OwnYes, today()),
        Err(RestorativeRefusal::WrongStage {
            action: "recording consent",
            stage: "screening"
        })
    );
}

#[test]
fn another_partys_events_do_not_count() {
    let c = everyone_but((MOTHER, ConsentPart::OwnYes));
    let mother = &c.parties[2];
    assert_eq!(
        standing(mother, &c.consents),
        Standing::Missing(vec![ConsentPart::OwnYes])
    );
}

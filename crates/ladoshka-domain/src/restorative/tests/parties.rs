//! Parties: a child comes with a representative, an adult signs alone, and a programme has the
//! parties it needs.

use super::*;

use RestorativeRefusal as R;

#[test]
fn a_child_needs_a_named_representative() {
    assert_eq!(
        Party::new(
            PartyId(1),
            PartyWho::Child(ChildId(1)),
            PartyRole::Harmed,
            vec![]
        ),
        Err(R::NoRepresentative { party: PartyId(1) })
    );
    assert_eq!(
        Party::new(
            PartyId(1),
            PartyWho::Child(ChildId(1)),
            PartyRole::Harmed,
            vec![Representative { name: " ".into() }]
        ),
        Err(R::BlankName { party: PartyId(1) })
    );
    let p = child(PartyId(1), ChildId(1), PartyRole::Harmed);
    assert!(p.is_minor());
    assert_eq!(p.child(), Some(ChildId(1)));
}

#[test]
fn an_adult_has_a_name_and_no_representative() {
    let who = |name: &str| PartyWho::Adult {
        family: FamilyId(1),
        name: name.into(),
    };
    assert_eq!(
        Party::new(PartyId(3), who("  "), PartyRole::Supporter, vec![]),
        Err(R::BlankName { party: PartyId(3) })
    );
    assert_eq!(
        Party::new(
            PartyId(3),
            who("Петров Олег"),
            PartyRole::Supporter,
            vec![Representative {
                name: "Кто-то".into()
            }]
        ),
        Err(R::NotAMinor { party: PartyId(3) })
    );
    let p = Party::new(
        PartyId(3),
        who("  Петров   Олег "),
        PartyRole::Supporter,
        vec![],
    )
    .unwrap();
    assert_eq!(p.who, who("Петров Олег"));
    assert!(!p.is_minor());
    assert_eq!(p.child(), None);
}

#[test]
fn mediation_and_shuttle_need_both_sides() {
    let family = vec![
        child(PartyId(1), ChildId(1), PartyRole::FamilyMember),
        adult(PartyId(2), PartyRole::FamilyMember),
    ];
    for kind in [ProgrammeKind::Mediation, ProgrammeKind::Shuttle] {
        assert_eq!(
            check_parties(kind, &family),
            Err(R::PartiesDoNotFit {
                kind: kind.key(),
                needs: "a harmed party and a party who caused the harm"
            })
        );
        assert_eq!(check_parties(kind, &parties()), Ok(()));
    }
    for kind in [ProgrammeKind::FamilyConference, ProgrammeKind::Circle] {
        assert_eq!(check_parties(kind, &family), Ok(()));
        assert_eq!(
            check_parties(kind, &family[..1]),
            Err(R::PartiesDoNotFit {
                kind: kind.key(),
                needs: "at least two parties"
            })
        );
    }
    // A family conference cannot become a mediation without both sides.
    let mut c = Case::open(
        CaseId(2),
        ProgrammeKind::FamilyConference,
        ReferralSource::Family,
        today(),
        family,
    )
    .unwrap();
    assert!(c.set_kind(ProgrammeKind::Mediation).is_err());
    assert_eq!(c.kind, ProgrammeKind::FamilyConference);
}

#[test]
fn nobody_is_in_a_case_twice() {
    let mut twice = parties();
    twice.push(child(PartyId(4), HARMED_CHILD, PartyRole::Supporter));
    assert_eq!(
        check_parties(ProgrammeKind::Circle, &twice),
        Err(R::DuplicateParty { party: PartyId(4) })
    );
    let mut same_id = parties();
    same_id.push(adult(MOTHER, PartyRole::Supporter));
    assert_eq!(
        Case::open(
            CaseId(1),
            ProgrammeKind::Circle,
            ReferralSource::School,
            today(),
            same_id
        ),
        Err(R::DuplicateParty { party: MOTHER })
    );
}

#[test]
fn parties_are_added_before_the_joint_meeting_only() {
    let leads = TherapyLeads::new();
    let grandma = adult(PartyId(5), PartyRole::Supporter);
    let mut c = preliminary(ProgrammeKind::Mediation);
    assert_eq!(c.add_party(grandma.clone(), &leads, None), Ok(()));
    // A new party's consent is missing until recorded.
    all_consent(&mut c);
    assert_eq!(
        c.consent_gate(),
        Err(R::NotEveryoneConsented {
            missing: vec![(PartyId(5), ConsentPart::OwnYes)]
        })
    );
    let mut c = at_joint_meeting();
    assert_eq!(
        c.add_party(adult(PartyId(6), PartyRole::Supporter), &leads, None),
        Err(R::WrongStage {
            action: "adding a party",
            stage: "joint_meeting"
        })
    );
}

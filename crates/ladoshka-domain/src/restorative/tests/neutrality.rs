//! The facilitator is not the psychologist of a child's own therapy, unless an administrator
//! allows it with a written reason.

use super::*;

const ADMIN: StaffId = StaffId(1);
const OTHER_PSYCHOLOGIST: StaffId = StaffId(8);

fn leads() -> TherapyLeads {
    [
        (CAUSED_CHILD, FACILITATOR),
        (HARMED_CHILD, OTHER_PSYCHOLOGIST),
        (ChildId(99), FACILITATOR),
    ]
    .into_iter()
    .collect()
}

fn admin(reason: &str) -> Override {
    Override {
        by: ADMIN,
        by_admin: true,
        reason: reason.into(),
    }
}

fn at_screening() -> Case {
    let mut c = referred(ProgrammeKind::Mediation);
    c.move_to(Stage::Screening, today()).unwrap();
    c
}

#[test]
fn a_facilitator_who_leads_a_childs_therapy_is_refused() {
    let children = [HARMED_CHILD, CAUSED_CHILD];
    assert_eq!(
        conflicts(FACILITATOR, &children, &leads()),
        vec![CAUSED_CHILD]
    );
    assert_eq!(
        check_facilitator(FACILITATOR, &children, &leads(), None),
        Err(RestorativeRefusal::FacilitatorLeadsTherapy {
            child: CAUSED_CHILD
        })
    );
    let mut c = at_screening();
    let before = c.clone();
    assert_eq!(
        c.assign_facilitator(FACILITATOR, &leads(), None),
        Err(RestorativeRefusal::FacilitatorLeadsTherapy {
            child: CAUSED_CHILD
        })
    );
    assert_eq!(c, before);
}

#[test]
fn leading_therapy_outside_the_case_is_no_conflict() {
    // FACILITATOR leads child 99's therapy, who is not in the case; OTHER leads HARMED's.
    assert_eq!(
        check_facilitator(FACILITATOR, &[HARMED_CHILD], &leads(), None),
        Ok(vec![])
    );
    assert_eq!(
        check_facilitator(StaffId(9), &[HARMED_CHILD, CAUSED_CHILD], &leads(), None),
        Ok(vec![])
    );
    let mut c = at_screening();
    assert_eq!(c.assign_facilitator(StaffId(9), &leads(), None), Ok(()));
    assert!(c.disclosures.is_empty());
}

#[test]
fn an_administrator_with_a_reason_may_allow_it_and_it_is_disclosed() {
    let mut c = at_screening();
    let o = admin("  Единственный ведущий в районе  ");
    assert_eq!(
        c.assign_facilitator(FACILITATOR, &leads(), Some(&o)),
        Ok(())
    );
    assert_eq!(c.facilitator, Some(FACILITATOR));
    assert_eq!(
        c.disclosures,
        vec![Disclosure {
            facilitator: FACILITATOR,
            child: CAUSED_CHILD,
            by: ADMIN,
            reason: "Единственный ведущий в районе".into(),
        }]
    );
}

#[test]
fn an_override_by_a_non_administrator_is_refused() {
    let o = Override {
        by: OTHER_PSYCHOLOGIST,
        by_admin: false,
        reason: "Семья просит".into(),
    };
    assert_eq!(
        o.check(),
        Err(RestorativeRefusal::OverrideNotByAdmin {
            by: OTHER_PSYCHOLOGIST
        })
    );
    let mut c = at_screening();
    assert_eq!(
        c.assign_facilitator(FACILITATOR, &leads(), Some(&o)),
        Err(RestorativeRefusal::OverrideNotByAdmin {
            by: OTHER_PSYCHOLOGIST
        })
    );
    assert_eq!(c.facilitator, None);
}

#[test]
fn an_override_without_a_reason_is_refused() {
    for blank in ["", "   ", "\n\t"] {
        assert_eq!(
            admin(blank).check(),
            Err(RestorativeRefusal::OverrideWithoutReason)
        );
        assert_eq!(
            check_facilitator(FACILITATOR, &[CAUSED_CHILD], &leads(), Some(&admin(blank))),
            Err(RestorativeRefusal::OverrideWithoutReason)
        );
    }
}

#[test]
fn an_override_is_not_looked_at_when_there_is_no_conflict() {
    let bad = Override {
        by: OTHER_PSYCHOLOGIST,
        by_admin: false,
        reason: String::new(),
    };
    assert_eq!(
        check_facilitator(FACILITATOR, &[HARMED_CHILD], &leads(), Some(&bad)),
        Ok(vec![])
    );
}

#[test]
fn a_child_added_later_is_checked_against_the_facilitator() {
    let mut c = preliminary(ProgrammeKind::FamilyConference);
    let sibling = child(PartyId(4), ChildId(99), PartyRole::FamilyMember);
    assert_eq!(
        c.add_party(sibling.clone(), &leads(), None),
        Err(RestorativeRefusal::FacilitatorLeadsTherapy { child: ChildId(99) })
    );
    assert_eq!(c.parties.len(), 3);
    assert_eq!(
        c.add_party(sibling, &leads(), Some(&admin("Согласовано с директором"))),
        Ok(())
    );
    assert_eq!(c.parties.len(), 4);
    assert_eq!(c.disclosures.len(), 1);
    assert_eq!(c.disclosures[0].child, ChildId(99));
}

#[test]
fn every_conflicting_child_is_disclosed() {
    let both: TherapyLeads = [(HARMED_CHILD, FACILITATOR), (CAUSED_CHILD, FACILITATOR)]
        .into_iter()
        .collect();
    let d = check_facilitator(
        FACILITATOR,
        &[CAUSED_CHILD, HARMED_CHILD],
        &both,
        Some(&admin("Так решено")),
    )
    .unwrap();
    assert_eq!(
        d.iter().map(|d| d.child).collect::<Vec<_>>(),
        vec![HARMED_CHILD, CAUSED_CHILD]
    );
}

//! The administrator's override of a facilitator's conflict of interest, on a real SQLCipher
//! store (issue 21, stage 2): a psychologist who leads one of the children's own therapy cannot
//! open the referral as its facilitator; an administrator may allow it, and only an
//! administrator (the store looks the role up, whatever the caller says) with a written reason.
//! A refusal writes nothing; an allowed case keeps the reason as its disclosure and the audit
//! trail says who allowed it, by ids only.

mod common;

use chrono::{Duration, NaiveDate};
use common::TempKiosk;
use ladoshka::crypto::{PinCost, PinPepper};
use ladoshka::domain::restorative::{
    CaseId, Disclosure, Override, PartyRole, PartyWho, ProgrammeKind, ReferralSource,
    Representative, RestorativeRefusal,
};
use ladoshka::domain::{NewSession, Refusal, Role, SessionKind, StaffId};
use ladoshka::store::restorative::{CaseCandidate, NewParty, Referral};
use ladoshka::store::{Store, StoreError};

const REASON: &str = "Единственный ведущий с подготовкой медиатора в центре";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn staff(store: &Store, role: Role) -> Vec<StaffId> {
    let cards = store.staff_cards().unwrap();
    cards
        .into_iter()
        .filter(|c| c.member.role == role)
        .map(|c| c.id)
        .collect()
}

fn referral(harmed: &CaseCandidate, caused: &CaseCandidate) -> Referral {
    let child = |c: &CaseCandidate, role| NewParty {
        who: PartyWho::Child(c.child),
        role,
        representatives: vec![Representative {
            name: c.parent_name.clone(),
        }],
    };
    Referral {
        kind: ProgrammeKind::Mediation,
        source: ReferralSource::School,
        referred_on: today(),
        conflict: "Ссора из-за телефона".into(),
        parties: vec![
            child(harmed, PartyRole::Harmed),
            child(caused, PartyRole::CausedHarm),
        ],
    }
}

fn refusal(err: StoreError) -> RestorativeRefusal {
    match err {
        StoreError::Refused(Refusal::Restorative(r)) => r,
        other => panic!("expected a restorative refusal, got {other:?}"),
    }
}

fn cases(store: &Store, viewer: StaffId) -> usize {
    store.restorative_cases(viewer).unwrap().len()
}

#[test]
fn a_conflict_of_interest_opens_only_with_an_administrators_reason_kept_with_the_case() {
    let k = TempKiosk::new();
    let mut store = k.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let demo = ladoshka::demo::generate(today());
    ladoshka::demo::seed_with_pin_cost(&mut store, &demo, &pepper, today(), PinCost::TESTS_ONLY)
        .unwrap();
    let psychologists = staff(&store, Role::Psychologist);
    let (facilitator, colleague) = (psychologists[0], psychologists[1]);
    let admin = staff(&store, Role::Admin)[0];

    // Children of three families whom neither psychologist leads in therapy yet; then the
    // facilitator starts leading the harmed child's.
    let far = |y| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
    };
    let led: Vec<_> = store
        .calendar(far(2000), far(2100))
        .unwrap()
        .into_iter()
        .filter(|e| e.session.kind == SessionKind::IndividualPlayTherapy)
        .filter(|e| [facilitator, colleague].contains(&e.session.psychologist))
        .flat_map(|e| e.session.participants)
        .collect();
    let mut free: Vec<CaseCandidate> = Vec::new();
    for c in store.case_candidates().unwrap() {
        if !led.contains(&c.child) && free.iter().all(|f| f.family != c.family) {
            free.push(c);
        }
    }
    assert!(free.len() >= 3, "{free:?}");
    let (harmed, caused, third) = (free[0].clone(), free[1].clone(), free[2].clone());
    let room = store.rooms().unwrap()[0].id;
    let at = common::at(common::STORE_NOW) + Duration::days(3);
    store
        .write(|w| {
            w.insert_session(&NewSession::new(
                room,
                facilitator,
                SessionKind::IndividualPlayTherapy,
                at,
                45,
                &[harmed.child],
            )?)
        })
        .unwrap();
    let r = referral(&harmed, &caused);
    let before_cases = cases(&store, admin);
    let before_audit = store.audit_entries(10_000).unwrap().len();
    let before_outbox = store.unsent_outbox_count().unwrap();

    // Refused without an override, naming the child.
    let refused = refusal(
        store
            .write(|w| w.open_restorative_case(facilitator, &r))
            .unwrap_err(),
    );
    assert_eq!(
        refused,
        RestorativeRefusal::FacilitatorLeadsTherapy {
            child: harmed.child
        }
    );

    // Refused when the one allowing it is a psychologist, even if the caller claims otherwise.
    let by_colleague = Override {
        by: colleague,
        by_admin: true,
        reason: REASON.into(),
    };
    let refused = refusal(
        store
            .write(|w| w.open_restorative_case_allowed(facilitator, &r, &by_colleague))
            .unwrap_err(),
    );
    assert_eq!(
        refused,
        RestorativeRefusal::OverrideNotByAdmin { by: colleague }
    );

    // Refused with a blank reason.
    let blank = Override {
        by: admin,
        by_admin: true,
        reason: "  \n ".into(),
    };
    let refused = refusal(
        store
            .write(|w| w.open_restorative_case_allowed(facilitator, &r, &blank))
            .unwrap_err(),
    );
    assert_eq!(refused, RestorativeRefusal::OverrideWithoutReason);

    // Nothing of the refusals was written.
    assert_eq!(cases(&store, admin), before_cases);
    assert_eq!(
        store.audit_entries(10_000).unwrap().len(),
        before_audit,
        "a refusal audits nothing"
    );
    assert_eq!(
        store.unsent_outbox_count().unwrap(),
        before_outbox,
        "a refusal ships nothing"
    );

    // An administrator with a reason: the case opens, the facilitator as asked; the caller's
    // `by_admin: false` does not matter, the store knows the role.
    let allowed = Override {
        by: admin,
        by_admin: false,
        reason: format!("  {REASON} "),
    };
    let id: CaseId = store
        .write(|w| w.open_restorative_case_allowed(facilitator, &r, &allowed))
        .unwrap();
    let audit = store.audit_entries(1).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].event.as_str(), audit[0].staff),
        ("conflict_allowed", Some(admin))
    );
    assert_eq!(
        audit[0].detail,
        format!("case={} facilitator={}", id.0, facilitator.0)
    );

    let view = store
        .write(|w| w.restorative_case(facilitator, id))
        .unwrap();
    assert_eq!(view.case.facilitator, Some(facilitator));
    assert_eq!(
        view.case.disclosures,
        [Disclosure {
            facilitator,
            child: harmed.child,
            by: admin,
            reason: REASON.into()
        }],
        "the reason is kept with the case, trimmed"
    );

    // The audit row shipped to the centre names ids, never the reason; the case's own row
    // carries the disclosure with the case (sealed like the conflict's description).
    let rows = store.unsent_outbox(10_000).unwrap();
    let audit_rows: Vec<_> = rows
        .iter()
        .filter(|r| r.entity == "audit" && r.payload.contains("conflict_allowed"))
        .collect();
    assert_eq!(
        audit_rows.len(),
        1,
        "one audit row for the allowed conflict"
    );
    assert!(
        !audit_rows[0].payload.contains("Единственный"),
        "{}",
        audit_rows[0].payload
    );
    assert!(rows.iter().any(|r| r.entity == "restorative_case"
        && r.entity_id == id.0
        && r.payload.contains("Единственный")));

    // Without a conflict, an override given anyway discloses and audits nothing.
    let plain = referral(&third, &caused);
    let before_audit = store.audit_entries(10_000).unwrap().len();
    let other = store
        .write(|w| w.open_restorative_case_allowed(colleague, &plain, &allowed))
        .unwrap();
    assert!(
        store.audit_entries(10_000).unwrap().len() == before_audit,
        "nothing to allow, nothing audited"
    );
    let v = store
        .write(|w| w.restorative_case(colleague, other))
        .unwrap();
    assert!(v.case.disclosures.is_empty());
}

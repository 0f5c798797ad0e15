//! The administrator's override of a facilitator's conflict of interest, headless on the demo
//! centre (issue 21, stage 2): a psychologist who leads a child's own therapy registers a
//! referral naming that child and is refused; «Ask an administrator to allow it» opens the
//! override, which names the colleague and the child's first name only (no surname, no word of
//! the conflict) and lists only administrators; «Do not allow» returns to the card as it was; a
//! wrong PIN and then an empty reason are refused in words and open nothing; the administrator's
//! PIN with a reason opens the case for the psychologist, with the reason kept as its disclosure
//! and the permission in the audit trail, and the card is cleared. One test function: the testing
//! backend can be set up once per process.

mod common;

use chrono::{Duration, NaiveDate};
use common::ui::{demo_kiosk, pump_until, settle, sign_in, tap, DemoKiosk};
use i_slint_backend_testing::ElementQuery;
use ladoshka::app::{
    CaseAdapter, CaseProblem, CaseSource, Navigation, OverrideProblem, ReconciliationAdapter,
    ReferralAdapter, RestorativeOverrideAdapter, Screen,
};
use ladoshka::domain::restorative::{CaseId, Disclosure};
use ladoshka::domain::{NewSession, SessionKind};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;
const CONFLICT: &str = "Ссора на перемене из-за разбитого телефона";
const REASON: &str = "Другого ведущего с подготовкой медиатора в центре нет";

fn screen(k: &DemoKiosk) -> Screen {
    k.ui.global::<Navigation>().get_screen()
}

/// Every text in the window: labels, values and descriptions of every element.
fn texts_in_window(k: &DemoKiosk) -> String {
    ElementQuery::from_root(&k.ui)
        .match_descendants()
        .find_all()
        .into_iter()
        .flat_map(|e| {
            [
                e.accessible_label(),
                e.accessible_value(),
                e.accessible_description(),
            ]
        })
        .flatten()
        .map(|t| t.to_string())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn type_digits(k: &DemoKiosk, pin: &str) {
    for d in pin.chars() {
        tap(&k.ui, &d.to_string());
    }
}

/// The administrator taps «Allow» and the store answers.
fn allow(k: &DemoKiosk) {
    let o = k.ui.global::<RestorativeOverrideAdapter>();
    tap(&k.ui, "Allow");
    pump_until("the answer", || !o.get_busy());
    settle(&k.store);
}

#[test]
fn a_conflict_of_interest_is_allowed_only_by_an_administrators_pin_and_reason() {
    let k = demo_kiosk(Speakers::muted(), INSTANT);
    let r = k.ui.global::<ReferralAdapter>();
    let o = k.ui.global::<RestorativeOverrideAdapter>();

    // Two children of two families whom Safina does not lead yet; then she takes on the first
    // one's individual play therapy.
    let (safina, admin, harmed, caused) = k.store.call(|s| {
        let cards = s.staff_cards().unwrap();
        let id = |n: &str| cards.iter().find(|c| c.member.list_name() == n).unwrap().id;
        let (safina, admin) = (id("Сафина А. С."), id("Нуриев Р. М."));
        let far = |y| {
            NaiveDate::from_ymd_opt(y, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
        };
        let led: Vec<_> = s
            .calendar(far(2000), far(2100))
            .unwrap()
            .into_iter()
            .filter(|e| {
                e.session.kind == SessionKind::IndividualPlayTherapy
                    && e.session.psychologist == safina
            })
            .flat_map(|e| e.session.participants)
            .collect();
        let mut free = Vec::new();
        for c in s.case_candidates().unwrap() {
            if !led.contains(&c.child)
                && free
                    .iter()
                    .all(|f: &ladoshka::store::restorative::CaseCandidate| f.family != c.family)
            {
                free.push(c);
            }
        }
        let (harmed, caused) = (free[0].clone(), free[1].clone());
        let room = s.rooms().unwrap()[0].id;
        let at = common::at(INSTANT) + Duration::days(1) + Duration::hours(3);
        s.write(|w| {
            w.insert_session(&NewSession::new(
                room,
                safina,
                SessionKind::IndividualPlayTherapy,
                at,
                45,
                &[harmed.child],
            )?)
        })
        .unwrap();
        (safina, admin, harmed, caused)
    });
    let (first_name, surname) = {
        let child = harmed.child;
        let c = k.store.call(move |s| s.child(child).unwrap());
        (c.details.first_name, c.details.surname)
    };

    // The referral card, refused: she leads the child's therapy.
    sign_in(&k.ui, "Сафина А. С.", "1111");
    tap(&k.ui, "Reconciliation");
    pump_until("the list", || {
        k.ui.global::<ReconciliationAdapter>().get_loaded()
    });
    tap(&k.ui, "New case");
    pump_until("the children to name", || {
        r.get_candidates().row_count() > 2
    });
    for name in [&harmed.child_name, &caused.child_name] {
        r.invoke_search(name.as_str().into());
        let c = r
            .get_candidates()
            .iter()
            .find(|c| c.child == name.as_str())
            .expect("the child is listed");
        r.invoke_add_child(c.index);
    }
    r.invoke_search("".into());
    r.invoke_set_source(CaseSource::School);
    r.set_conflict(CONFLICT.into());
    r.invoke_open_case();
    pump_until("the refusal", || r.get_problem() != CaseProblem::None);
    assert_eq!(r.get_problem(), CaseProblem::FacilitatorLeadsTherapy);
    assert_eq!(screen(&k), Screen::RestorativeReferral);
    let cases_before = k
        .store
        .call(move |s| s.restorative_cases(admin).unwrap().len());

    // Ask an administrator: the override says what is asked, and nothing of the case.
    tap(&k.ui, "Ask an administrator to allow it");
    assert_eq!(screen(&k), Screen::RestorativeOverride);
    pump_until("who may allow it", || o.get_admins().row_count() > 0);
    let admins: Vec<String> = o.get_admins().iter().map(|a| a.name.to_string()).collect();
    assert_eq!(admins, ["Нуриев Р. М."], "only administrators are listed");
    assert_eq!(
        (o.get_facilitator().as_str(), o.get_child().as_str()),
        ("Сафина А. С.", first_name.as_str())
    );
    let text = texts_in_window(&k);
    assert!(
        text.contains(&format!("Сафина А. С. leads {first_name}'s own therapy")),
        "{text}"
    );
    assert!(
        !text.contains(surname.as_str()),
        "no surname of the child: {text}"
    );
    for word in CONFLICT.split(' ').filter(|w| w.chars().count() > 4) {
        assert!(
            !text.contains(word),
            "no word of the conflict («{word}»): {text}"
        );
    }

    // «Do not allow»: back to the card as it was.
    tap(&k.ui, "Do not allow");
    assert_eq!(screen(&k), Screen::RestorativeReferral);
    assert_eq!(r.get_conflict(), CONFLICT);
    assert_eq!(r.get_source(), CaseSource::School);
    let names: Vec<String> = r.get_parties().iter().map(|p| p.name.to_string()).collect();
    assert_eq!(
        names,
        [harmed.child_name.clone(), caused.child_name.clone()]
    );
    assert_eq!(r.get_problem(), CaseProblem::FacilitatorLeadsTherapy);

    // Again; a PIN that is not the administrator's is refused and opens nothing.
    tap(&k.ui, "Ask an administrator to allow it");
    pump_until("who may allow it", || o.get_admins().row_count() > 0);
    tap(&k.ui, "Нуриев Р. М.");
    assert_eq!(o.get_chosen(), 0);
    o.set_reason(REASON.into());
    type_digits(&k, "1111");
    assert_eq!(o.get_digits_typed(), 4);
    allow(&k);
    assert_eq!(o.get_problem(), OverrideProblem::WrongPin);
    assert_eq!(o.get_digits_typed(), 0, "the digits are gone after the try");
    assert_eq!(screen(&k), Screen::RestorativeOverride);
    let audit = k.store.call(|s| s.audit_entries(5).unwrap());
    assert!(
        audit
            .iter()
            .any(|a| a.event == "wrong_pin" && a.staff == Some(admin)),
        "the wrong PIN is counted: {audit:?}"
    );

    // The right PIN with an empty reason: refused in words, nothing opened.
    o.set_reason("   ".into());
    type_digits(&k, "9999");
    allow(&k);
    assert_eq!(o.get_problem(), OverrideProblem::NoReason);
    assert_eq!(screen(&k), Screen::RestorativeOverride);
    assert_eq!(
        k.store
            .call(move |s| s.restorative_cases(admin).unwrap().len()),
        cases_before
    );

    // The PIN and a reason: the case opens for Safina, the card is cleared.
    o.set_reason(REASON.into());
    type_digits(&k, "9999");
    allow(&k);
    pump_until("the case", || screen(&k) == Screen::RestorativeCase);
    let a = k.ui.global::<CaseAdapter>();
    pump_until("the case read", || a.get_number() > 0);
    let id = CaseId(a.get_number().into());
    assert_eq!(r.get_conflict(), "", "the card is cleared");
    assert_eq!(r.get_parties().row_count(), 0);
    assert_eq!(o.get_reason(), "", "the override forgets the reason");

    let view = k
        .store
        .call(move |s| s.write(|w| w.restorative_case(safina, id)).unwrap());
    assert_eq!(view.case.facilitator, Some(safina));
    assert_eq!(
        view.case.disclosures,
        [Disclosure {
            facilitator: safina,
            child: harmed.child,
            by: admin,
            reason: REASON.into()
        }]
    );
    let audit = k.store.call(|s| s.audit_entries(20).unwrap());
    let allowed: Vec<_> = audit
        .iter()
        .filter(|a| a.event == "conflict_allowed")
        .collect();
    assert_eq!(allowed.len(), 1, "{audit:?}");
    assert_eq!(allowed[0].staff, Some(admin));
    assert_eq!(
        allowed[0].detail,
        format!("case={} facilitator={}", id.0, safina.0)
    );
    assert!(!allowed[0].detail.contains(REASON));
    settle(&k.store);
}

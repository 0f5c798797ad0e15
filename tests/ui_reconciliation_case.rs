//! The reconciliation room's facilitator screens, headless on the demo centre (issue 21): a
//! psychologist opens the area, registers a referral with two children of two families, screens
//! it with no rule, moves it to the preliminary meetings and records the consents (the
//! representatives' signatures on the screen; each child's own yes through the store, since the
//! child's screen is another one), is refused the joint meeting before everyone has consented, then
//! books it and sees both sides' times. A second psychologist sees the case in the list without a
//! way in; her own case screened with sexual harm shows the stop.

mod common;

use common::ui::{demo_kiosk, pump_until, settle, sign_in, tap};
use ladoshka::app::{
    CaseAdapter, CaseKind, CaseProblem, CaseStage, Navigation, PartyStanding,
    ReconciliationAdapter, ReferralAdapter, Screen, ScreeningRuleKey,
};
use ladoshka::domain::restorative::{CaseId, ConsentPart, PartyId};
use ladoshka::domain::{SessionKind, StaffId};
use ladoshka::platform::audio::Speakers;
use ladoshka::store::restorative::CaseAct;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;

fn sign(a: &CaseAdapter) {
    a.invoke_stroke(0, 20.0, 60.0, 600.0, 200.0);
    for i in 1..12 {
        a.invoke_stroke(
            1,
            20.0 + i as f32 * 40.0,
            if i % 2 == 0 { 60.0 } else { 120.0 },
            600.0,
            200.0,
        );
    }
}

fn screen(ui: &ladoshka::app::AppWindow) -> Screen {
    ui.global::<Navigation>().get_screen()
}

/// Registers a referral on the card with the two children named, and waits for the case.
fn refer(ui: &ladoshka::app::AppWindow, first: &str, second: &str) {
    let r = ui.global::<ReferralAdapter>();
    tap(ui, "New case");
    assert_eq!(screen(ui), Screen::RestorativeReferral);
    pump_until("the children to name", || {
        r.get_candidates().row_count() > 2
    });
    for name in [first, second] {
        r.invoke_search(name.into());
        let c = r
            .get_candidates()
            .iter()
            .find(|c| c.child == name)
            .expect("the child is listed");
        r.invoke_add_child(c.index);
    }
    r.invoke_search("".into());
    let parties: Vec<_> = r.get_parties().iter().collect();
    assert_eq!(parties.len(), 2);
    assert!(
        parties
            .iter()
            .all(|p| p.child && !p.representative.is_empty()),
        "the parent is the representative to start with"
    );
    r.set_conflict("Ссора на перемене".into());
    r.invoke_open_case();
    pump_until("the case", || {
        screen(ui) == Screen::RestorativeCase || r.get_problem() != CaseProblem::None
    });
    assert_eq!(
        r.get_problem(),
        CaseProblem::None,
        "{}",
        r.get_problem_arg()
    );
    pump_until("the case read", || {
        ui.global::<CaseAdapter>().get_number() > 0
    });
}

#[test]
fn a_case_goes_from_referral_to_a_booked_joint_meeting_and_others_cannot_open_it() {
    let k = demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<CaseAdapter>();
    let list = ui.global::<ReconciliationAdapter>();

    // Four children of four families whom neither psychologist leads in therapy (a facilitator
    // must be neutral).
    let (safina, leila, children) = k.store.call(|s| {
        let cards = s.staff_cards().unwrap();
        let id = |n: &str| cards.iter().find(|c| c.member.list_name() == n).unwrap().id;
        let (safina, leila) = (id("Сафина А. С."), id("Хайруллина Л. Р."));
        let far = |y| {
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
        };
        let led: Vec<_> = s
            .calendar(far(2000), far(2100))
            .unwrap()
            .into_iter()
            .filter(|e| e.session.kind == SessionKind::IndividualPlayTherapy)
            .filter(|e| [safina, leila].contains(&e.session.psychologist))
            .flat_map(|e| e.session.participants)
            .collect();
        let mut families = Vec::new();
        let mut children = Vec::new();
        for c in s.case_candidates().unwrap() {
            if !led.contains(&c.child) && !families.contains(&c.family) {
                families.push(c.family);
                children.push(c.child_name);
            }
        }
        (safina, leila, children)
    });
    assert!(children.len() >= 4, "{children:?}");

    // The psychologist's home has the area; it opens the case list.
    sign_in(ui, "Сафина А. С.", "1111");
    tap(ui, "Reconciliation");
    assert_eq!(screen(ui), Screen::Reconciliation);
    pump_until("the list", || list.get_loaded());

    // The referral: two children of two families.
    refer(ui, &children[0], &children[1]);
    let id = CaseId(a.get_number().into());
    assert_eq!(a.get_stage(), CaseStage::Referral);
    assert_eq!(a.get_parties().row_count(), 2);
    // A child may be near: first names only, no conflict, no screening answers in the model.
    assert!(
        a.get_parties().iter().all(|p| !p.name.contains(' ')),
        "first names only"
    );
    assert_eq!(a.get_conflict(), "");

    // Screening with no rule, then the preliminary meetings.
    a.invoke_save_screening();
    pump_until("screened", || {
        a.get_stage() == CaseStage::Screening && !a.get_busy()
    });
    assert!(a.get_screened());
    assert!(!a.get_stopped());
    assert_eq!(a.get_next_stage(), CaseStage::Preliminary);
    a.invoke_move_next();
    pump_until("preliminary", || {
        a.get_stage() == CaseStage::Preliminary && !a.get_busy()
    });
    assert_eq!(a.get_problem(), CaseProblem::None);

    // The first child: their own yes (on the child's screen, here through the store) and the
    // representative's signature on this screen.
    let party = |n: usize| a.get_parties().row_data(n).unwrap();
    let (first, second) = (party(0), party(1));
    assert_eq!(first.standing, PartyStanding::MissingBoth);
    let own_yes = |who: i32| {
        let by = safina;
        k.store.call(move |s| {
            s.write(|w| {
                w.restorative_act(
                    by,
                    id,
                    CaseAct::Consent {
                        party: PartyId(who.into()),
                        part: ConsentPart::OwnYes,
                        signature_png: None,
                    },
                )
            })
            .map(|_| ())
        })
    };
    own_yes(first.id).unwrap();
    a.invoke_start_sign(first.id, true);
    assert_eq!(a.get_signing(), first.id);
    a.invoke_save_signature();
    assert_eq!(
        a.get_problem(),
        CaseProblem::Unsigned,
        "an empty pad is not a signature"
    );
    sign(&a);
    assert!(a.get_signed());
    a.invoke_save_signature();
    pump_until("the signature", || a.get_signing() == 0 && !a.get_busy());
    assert_eq!(party(0).standing, PartyStanding::Consented);
    assert_eq!(party(1).standing, PartyStanding::MissingBoth);

    // The joint meeting before everyone consented: refused, in words naming who.
    a.invoke_move_next();
    pump_until("the refusal", || a.get_problem() != CaseProblem::None);
    assert_eq!(a.get_problem(), CaseProblem::NotEveryoneConsented);
    assert_eq!(a.get_problem_arg(), second.name);
    assert_eq!(a.get_stage(), CaseStage::Preliminary);

    // The second child's consent, then the booking.
    own_yes(second.id).unwrap();
    a.invoke_start_sign(second.id, true);
    sign(&a);
    a.invoke_save_signature();
    pump_until("the second signature", || {
        a.get_signing() == 0 && !a.get_busy()
    });
    assert!(a
        .get_parties()
        .iter()
        .all(|p| p.standing == PartyStanding::Consented));
    assert_eq!(a.get_problem(), CaseProblem::None);
    a.invoke_book();
    pump_until("the booking's answer", || {
        !a.get_busy()
            && (a.get_booked()
                || a.get_offers().row_count() > 0
                || a.get_problem() != CaseProblem::None)
    });
    if !a.get_booked() && a.get_offers().row_count() > 0 {
        // The time clashed: the nearest free time is taken.
        a.invoke_take_offer(0);
        pump_until("the offer booked", || {
            !a.get_busy() && (a.get_booked() || a.get_problem() != CaseProblem::None)
        });
    }
    assert_eq!(
        a.get_problem(),
        CaseProblem::None,
        "{}",
        a.get_problem_arg()
    );
    assert!(a.get_booked());
    assert_eq!(a.get_stage(), CaseStage::JointMeeting);
    let (harmed, other) = (
        a.get_harmed_times().to_string(),
        a.get_other_times().to_string(),
    );
    assert!(!harmed.is_empty() && !other.is_empty());
    assert_ne!(
        harmed[..5],
        other[..5],
        "the sides arrive apart: {harmed} / {other}"
    );
    tap(ui, "Back");
    assert_eq!(screen(ui), Screen::Reconciliation);
    tap(ui, "Back");
    tap(ui, "Sign out");
    settle(&k.store);

    // Another psychologist sees that the case exists, and no way into it.
    sign_in(ui, "Хайруллина Л. Р.", "2222");
    tap(ui, "Reconciliation");
    pump_until("the list", || list.get_loaded());
    let row = list
        .get_cases()
        .iter()
        .find(|c| i64::from(c.id) == id.0)
        .expect("the case is listed");
    assert!(!row.may_open);
    assert_eq!(row.stage, CaseStage::JointMeeting);
    list.invoke_open_case(row.id);
    settle(&k.store);
    assert_eq!(
        screen(ui),
        Screen::Reconciliation,
        "another's case does not open"
    );
    // Nor does the store open it for her.
    let refused = k
        .store
        .call(move |s| s.write(|w| w.restorative_case(leila, id)).err());
    assert!(matches!(
        refused,
        Some(ladoshka::store::StoreError::Refused(
            ladoshka::domain::Refusal::Restorative(
                ladoshka::domain::restorative::RestorativeRefusal::NotTheFacilitator
            )
        ))
    ));

    // Her own case: screening finds sexual harm, and the joint meeting is stopped.
    refer(ui, &children[2], &children[3]);
    a.invoke_reveal(true);
    assert!(
        a.get_parties().iter().all(|p| p.name.contains(' ')),
        "full names once shown"
    );
    assert_eq!(a.get_conflict(), "Ссора на перемене");
    a.invoke_toggle_answer(ScreeningRuleKey::SexualHarm);
    assert!(a.get_answer_sexual_harm());
    a.invoke_save_screening();
    pump_until("screened", || {
        a.get_stage() == CaseStage::Screening && !a.get_busy()
    });
    assert!(a.get_stopped());
    assert_eq!(a.get_stop_rule(), ScreeningRuleKey::SexualHarm);
    // Hidden again, the stop is still said but not why.
    a.invoke_reveal(false);
    assert!(a.get_stopped());
    assert_eq!(a.get_stop_rule(), ScreeningRuleKey::None);
    assert!(!a.get_answer_sexual_harm());
    a.invoke_go_shuttle();
    pump_until("shuttle", || {
        a.get_kind() == CaseKind::Shuttle && !a.get_busy()
    });
    let _ = StaffId(0);
    k.store.call(|_| ());
}

//! One restorative case walked from referral to closure through every screen a facilitator, a
//! child and the families use (issue 21's proof), headless on the demo centre: two families
//! enrolled (as the enrolment screen would), the referral card naming both children and one
//! father, screening, each child's own yes on the child's screen and the representatives'
//! signatures, the harmed child's private answers before and after, the joint meeting booked with
//! the sides staggered, the meeting room with a pause, the agreement written, signed by everyone
//! and followed up, and the case closed with the agreement kept — each change an outbox row.

mod common;

use chrono::NaiveDate;
use common::ui::{demo_kiosk, pump_until, settle, sign_in, tap, type_pin, DemoKiosk};
use ladoshka::app::{
    AgreementMode, AgreementNotice, CaseAdapter, CaseProblem, CaseStage, ChildVoiceStep,
    EnrolmentAdapter, HandBackAdapter, MeetingRoomAdapter, Navigation, PartyRoleKey, PartyStanding,
    ReconciliationAdapter, ReferralAdapter, RestorativeAgreementAdapter, RestorativeChildAdapter,
    RestorativeWords, Screen, ScreeningRuleKey,
};
use ladoshka::domain::restorative::{CaseId, CentreTexts, Outcome, Stage};
use ladoshka::domain::{Avatar, ChildId, Language, NewChild, NewFamily, StaffId};
use ladoshka::platform::audio::Speakers;
use ladoshka::store::restorative::VoiceMoment;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;
const FACILITATOR: &str = "Сафина А. С.";
const PIN: &str = "1111";

fn screen(k: &DemoKiosk) -> Screen {
    k.ui.global::<Navigation>().get_screen()
}

/// Two new families with a child each (the harmed child's mother, the other child's father),
/// enrolled with consent as the enrolment screen does; nobody leads their therapy.
fn enrol_two_families(k: &DemoKiosk) -> (ChildId, ChildId) {
    k.store.call(|s| {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let born = NaiveDate::from_ymd_opt(2014, 5, 2).unwrap();
        s.write(|w| {
            let f1 =
                w.insert_family(&NewFamily::new("Шамсутдиновы", "Шамсутдинова Лилия", None)?)?;
            let kamila = w.insert_child(&NewChild::new(
                f1,
                "Камиля",
                "Шамсутдинова",
                born,
                Avatar::Owl,
                false,
                &[],
                today,
            )?)?;
            let f2 = w.insert_family(&NewFamily::new("Кудрявцевы", "Кудрявцев Олег", None)?)?;
            let timur = w.insert_child(&NewChild::new(
                f2,
                "Тимур",
                "Кудрявцев",
                born,
                Avatar::Frog,
                false,
                &[],
                today,
            )?)?;
            Ok((kamila, timur))
        })
        .unwrap()
    })
}

fn staff_id(k: &DemoKiosk, list_name: &'static str) -> StaffId {
    k.store.call(move |s| {
        s.staff_cards()
            .unwrap()
            .into_iter()
            .find(|c| c.member.list_name() == list_name)
            .unwrap()
            .id
    })
}

/// Back on the case screen with the case read and no act under way.
fn on_case(k: &DemoKiosk, what: &str) {
    let a = k.ui.global::<CaseAdapter>();
    pump_until(what, || {
        screen(k) == Screen::RestorativeCase && a.get_number() > 0 && !a.get_busy()
    });
}

/// The facilitator takes the kiosk back from the child's screens or the meeting room.
fn hand_back(k: &DemoKiosk, button: &str) {
    tap(&k.ui, button);
    assert!(k.ui.global::<HandBackAdapter>().get_unlocking());
    type_pin(&k.ui, PIN);
    on_case(k, "the case again");
}

fn sign_case(a: &CaseAdapter) {
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

fn sign_agreement(a: &RestorativeAgreementAdapter) {
    a.invoke_stroke(0, 30.0, 100.0, 600.0, 200.0);
    for i in 1..30 {
        a.invoke_stroke(
            1,
            30.0 + i as f32 * 15.0,
            100.0 + (i % 5) as f32 * 12.0,
            600.0,
            200.0,
        );
    }
}

/// The case screen's row of the party named `first` (the screen shows first names).
fn party(a: &CaseAdapter, first: &str) -> ladoshka::app::CaseParty {
    a.get_parties()
        .iter()
        .find(|p| p.name.starts_with(first))
        .unwrap_or_else(|| panic!("{first} is a party"))
}

#[test]
fn one_case_walks_from_referral_to_a_kept_agreement_through_every_screen() {
    let k = demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let (kamila, _timur) = enrol_two_families(&k);
    let facilitator = staff_id(&k, FACILITATOR);

    // --- The referral card: two children of two families and the second child's father. ---
    sign_in(ui, FACILITATOR, PIN);
    tap(ui, "Reconciliation");
    pump_until("the case list", || {
        ui.global::<ReconciliationAdapter>().get_loaded()
    });
    tap(ui, "New case");
    assert_eq!(screen(&k), Screen::RestorativeReferral);
    let r = ui.global::<ReferralAdapter>();
    pump_until("the children to name", || {
        r.get_candidates().row_count() > 2
    });
    let candidate = |child: &str| {
        r.invoke_search(child.into());
        r.get_candidates()
            .iter()
            .find(|c| c.child.contains(child))
            .unwrap_or_else(|| panic!("{child} listed"))
            .index
    };
    r.invoke_add_child(candidate("Камиля"));
    r.invoke_add_child(candidate("Тимур"));
    r.invoke_add_adult(candidate("Тимур"));
    r.invoke_set_role(2, PartyRoleKey::FamilyMember);
    r.invoke_search("".into());
    let roles: Vec<_> = r.get_parties().iter().map(|p| (p.child, p.role)).collect();
    assert_eq!(
        roles,
        [
            (true, PartyRoleKey::Harmed),
            (true, PartyRoleKey::CausedHarm),
            (false, PartyRoleKey::FamilyMember)
        ]
    );
    r.set_conflict("Разбитый телефон на перемене".into());
    // «Enrol a child» and back: the card is as it was left.
    r.invoke_enrol();
    assert_eq!(screen(&k), Screen::Enrolment);
    ui.global::<EnrolmentAdapter>().invoke_finish();
    pump_until("the card again", || {
        screen(&k) == Screen::RestorativeReferral && r.get_candidates().row_count() > 2
    });
    assert_eq!(
        r.get_parties().row_count(),
        3,
        "the parties named stay on the card"
    );
    assert_eq!(r.get_conflict(), "Разбитый телефон на перемене");
    r.invoke_open_case();
    pump_until("the case", || {
        screen(&k) == Screen::RestorativeCase || r.get_problem() != CaseProblem::None
    });
    assert_eq!(
        r.get_problem(),
        CaseProblem::None,
        "{}",
        r.get_problem_arg()
    );
    on_case(&k, "the new case");
    let a = ui.global::<CaseAdapter>();
    let id = CaseId(a.get_number().into());
    assert_eq!(
        (a.get_stage(), a.get_parties().row_count()),
        (CaseStage::Referral, 3)
    );

    // The centre's own words (texts.toml) replace the built-in ones where it has them.
    let words = ui.global::<RestorativeWords>();
    assert_eq!(
        words.invoke_stage(CaseStage::Preliminary),
        "Preliminary meetings"
    );
    let own = CentreTexts::parse(
        "[en]\n\"stage.preliminary\" = \"One-to-one meetings\"\n\"screening.sexual_harm.question\" = \"Any sign of sexual abuse?\"\n",
    )
    .unwrap();
    ladoshka::app::centre_texts::show(ui, &own, Language::En);
    assert_eq!(
        words.invoke_stage(CaseStage::Preliminary),
        "One-to-one meetings"
    );
    assert_eq!(
        words.invoke_question(ScreeningRuleKey::SexualHarm),
        "Any sign of sexual abuse?"
    );
    assert_eq!(
        words.invoke_stage(CaseStage::Referral),
        "Referral",
        "a word the centre left out stays built in"
    );
    assert_eq!(
        words.invoke_rule(ScreeningRuleKey::SexualHarm),
        "the case involves sexual harm"
    );

    // --- Screening (no rule holds), then the preliminary meetings. ---
    a.invoke_save_screening();
    pump_until("screened", || a.get_screened() && !a.get_busy());
    assert!(!a.get_stopped());
    a.invoke_move_next();
    pump_until("the preliminary meetings", || {
        a.get_stage() == CaseStage::Preliminary && !a.get_busy()
    });

    // --- Each child's own yes on the child's screen, handed back with the PIN; then the
    // representative signs on the case screen. The father signs for himself. ---
    for child in ["Камиля", "Тимур"] {
        a.invoke_child_yes(party(&a, child).id);
        assert_eq!(screen(&k), Screen::RestorativeChild);
        let c = ui.global::<RestorativeChildAdapter>();
        assert_eq!(c.get_first_name(), child);
        assert_eq!(c.get_step(), ChildVoiceStep::Rules);
        tap(ui, "I understand");
        tap(ui, "Yes");
        pump_until("thank you", || c.get_step() == ChildVoiceStep::Thanks);
        hand_back(&k, "For the facilitator");
        assert_eq!(
            party(&a, child).standing,
            PartyStanding::MissingSignature,
            "{child}'s own yes is recorded"
        );
        a.invoke_start_sign(party(&a, child).id, true);
        sign_case(&a);
        a.invoke_save_signature();
        pump_until("the representative's signature", || {
            a.get_signing() == 0 && !a.get_busy()
        });
        assert_eq!(party(&a, child).standing, PartyStanding::Consented);
    }
    let father = a.get_parties().iter().find(|p| !p.child).unwrap();
    a.invoke_start_sign(father.id, false);
    sign_case(&a);
    a.invoke_save_signature();
    pump_until("the father's signature", || {
        a.get_signing() == 0 && !a.get_busy()
    });
    assert!(a
        .get_parties()
        .iter()
        .all(|p| p.standing == PartyStanding::Consented));

    // --- The harmed child's private answers before the meeting. ---
    a.invoke_ask_child(party(&a, "Камиля").id, false);
    assert_eq!(
        ui.global::<RestorativeChildAdapter>().get_step(),
        ChildVoiceStep::Mood
    );
    tap(ui, "So-so");
    tap(ui, "Yes");
    tap(ui, "Yes");
    pump_until("thank you", || {
        ui.global::<RestorativeChildAdapter>().get_step() == ChildVoiceStep::Thanks
    });
    hand_back(&k, "For the facilitator");
    assert_eq!(
        a.get_voices().row_count(),
        0,
        "the child may still be near: the answers are hidden"
    );
    a.invoke_reveal(true);
    assert_eq!(
        a.get_voices().row_count(),
        1,
        "the facilitator sees the answers once shown"
    );
    a.invoke_reveal(false);

    // --- The joint meeting, booked in the reconciliation room with the sides apart. ---
    a.invoke_book();
    pump_until("the booking's answer", || {
        !a.get_busy()
            && (a.get_booked()
                || a.get_offers().row_count() > 0
                || a.get_problem() != CaseProblem::None)
    });
    if !a.get_booked() && a.get_offers().row_count() > 0 {
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
    assert_eq!(a.get_stage(), CaseStage::JointMeeting);
    let (harmed, other) = (
        a.get_harmed_times().to_string(),
        a.get_other_times().to_string(),
    );
    assert_ne!(
        harmed[..5],
        other[..5],
        "the sides arrive apart: {harmed} / {other}"
    );

    // --- The meeting room: a break asked for, then the meeting ended with the PIN. ---
    a.invoke_start_meeting();
    assert_eq!(screen(&k), Screen::MeetingRoom);
    tap(ui, "I need a break");
    assert!(ui.global::<MeetingRoomAdapter>().get_paused());
    tap(ui, "Continue");
    hand_back(&k, "End the meeting");

    // --- The harmed child's answers after the meeting. ---
    a.invoke_ask_child(party(&a, "Камиля").id, true);
    tap(ui, "Happy");
    tap(ui, "Yes");
    tap(ui, "Yes");
    pump_until("thank you", || {
        ui.global::<RestorativeChildAdapter>().get_step() == ChildVoiceStep::Thanks
    });
    hand_back(&k, "For the facilitator");
    a.invoke_reveal(true);
    assert_eq!(a.get_voices().row_count(), 2);
    a.invoke_reveal(false);

    // --- The agreement: written, read, signed by every party and each child's representative. ---
    a.invoke_move_next();
    pump_until("the agreement screen", || {
        screen(&k) == Screen::RestorativeAgreement
    });
    let g = ui.global::<RestorativeAgreementAdapter>();
    pump_until("the editor", || g.get_mode() == AgreementMode::Editing);
    g.invoke_edit_what(0, "Вернуть отремонтированный телефон".into());
    g.invoke_next_who(0);
    g.invoke_next_checker(0);
    g.invoke_due_in(0, 14);
    g.invoke_save_agreement();
    pump_until("the agreement to read", || {
        g.get_mode() == AgreementMode::Reading
    });
    let parties = g.get_parties().row_count();
    assert_eq!(parties, 3);
    for row in 0..parties {
        let p = g.get_parties().row_data(row).unwrap();
        let signers: &[bool] = if p.minor { &[false, true] } else { &[false] };
        for representative in signers {
            g.invoke_start_sign(row as i32, *representative);
            sign_agreement(&g);
            g.invoke_confirm_sign();
            pump_until("the signature saved", || {
                !g.get_busy() && g.get_mode() == AgreementMode::Reading
            });
            assert_eq!(
                g.get_notice(),
                AgreementNotice::Signed,
                "{:?}",
                g.get_problem()
            );
        }
    }
    assert!(g.get_all_signed());

    // --- Follow-up: the item kept, the harmed party told, the case closed. ---
    g.invoke_to_follow_up();
    pump_until("the follow-up", || g.get_mode() == AgreementMode::FollowUp);
    g.invoke_check_item(0, true);
    pump_until("the item checked", || !g.get_busy());
    g.invoke_told();
    pump_until("the harmed party told", || {
        !g.get_busy() && !g.get_told_at().is_empty()
    });
    g.set_referrer_response("Школа: конфликт исчерпан".into());
    g.invoke_close_case();
    pump_until("the case closed", || g.get_mode() == AgreementMode::Closed);
    assert_eq!(g.get_notice(), AgreementNotice::ClosedKept);
    settle(&k.store);

    // --- What the store holds, and what it ships. ---
    let view = k
        .store
        .call(move |s| s.write(|w| w.restorative_case(facilitator, id)).unwrap());
    assert_eq!(view.case.stage, Stage::Closed(Outcome::AgreementKept));
    assert_eq!(
        view.case.referrer_response.as_deref(),
        Some("Школа: конфликт исчерпан")
    );
    assert_eq!(
        view.voices
            .iter()
            .map(|v| (v.child, v.moment))
            .collect::<Vec<_>>(),
        [(kamila, VoiceMoment::Before), (kamila, VoiceMoment::After)]
    );
    assert_eq!((view.pauses.len(), view.meetings.len()), (1, 1));
    assert!(view.harmed_party_told.is_some());
    assert_eq!(
        view.case.agreement.as_ref().unwrap().signatures.len(),
        5,
        "three parties and two representatives"
    );
    let rows: Vec<_> = k.store.call(move |s| {
        s.unsent_outbox(100_000)
            .unwrap()
            .into_iter()
            .filter(|r| r.entity == "restorative_case" && r.entity_id == id.0)
            .collect()
    });
    assert_eq!(rows[0].op, "insert");
    let last: serde_json::Value = serde_json::from_str(&rows.last().unwrap().payload).unwrap();
    assert_eq!(last["record"]["facts"]["agreement_kept"], true);
    assert_eq!(
        (
            last["record"]["facts"]["minors"].as_u64(),
            last["record"]["facts"]["adults"].as_u64()
        ),
        (Some(2), Some(1))
    );

    // The closed case is in the list.
    tap(ui, "Back");
    on_case(&k, "the closed case");
    assert_eq!(ui.global::<CaseAdapter>().get_stage(), CaseStage::Closed);
    tap(ui, "Back");
    pump_until("the list", || {
        screen(&k) == Screen::Reconciliation && ui.global::<ReconciliationAdapter>().get_loaded()
    });
    let listed = ui
        .global::<ReconciliationAdapter>()
        .get_cases()
        .iter()
        .find(|c| i64::from(c.id) == id.0)
        .unwrap();
    assert_eq!(listed.stage, CaseStage::Closed);
}

//! Headless UI test of the agreement screen (issue 21, stages 5 and 6) on the demo centre: a
//! shuttle case brought to its agreement stage through the store; a colleague who is not its
//! facilitator is refused; the facilitator writes two items (a blank one refused), every party
//! and each child's representative signs with a finger (only the agreement and the signer's
//! name on screen meanwhile), a copy is refused until everyone allows it and is then written to
//! a stick, one page per party with the items and no conflict text; at follow-up both items
//! are checked, the harmed party told, and the case closes with the agreement kept.

mod common;

use std::time::Duration;

use common::ui::{pump_until, settle, sign_in};
use ladoshka::app::{
    AgreementMode, AgreementNotice, AgreementProblem, RestorativeAgreementAdapter,
};
use ladoshka::domain::restorative::{
    CaseId, ConsentPart, Outcome, PartyRole, PartyWho, ProgrammeKind, ReferralSource,
    Representative, Screening, Stage,
};
use ladoshka::domain::{Role, StaffId};
use ladoshka::platform::audio::Speakers;
use ladoshka::store::restorative::{CaseAct, CaseView, NewParty, Referral};
use ladoshka::store::StoreWorker;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;
const CONFLICT: &str = "Разбитый телефон и драка на перемене";

/// A shuttle case between two children of two families (and the second child's mother), opened
/// by the administrator and brought to the agreement stage; its id and the administrator.
fn case_at_agreement(store: &StoreWorker) -> (CaseId, StaffId) {
    store.call(|s| {
        let admin = s
            .staff_cards()
            .unwrap()
            .into_iter()
            .find(|c| c.member.role == Role::Admin)
            .unwrap()
            .id;
        let candidates = s.case_candidates().unwrap();
        let a = candidates[0].clone();
        let b = candidates
            .iter()
            .find(|b| b.family != a.family)
            .unwrap()
            .clone();
        let child = |c: &ladoshka::store::restorative::CaseCandidate, role| NewParty {
            who: PartyWho::Child(c.child),
            role,
            representatives: vec![Representative {
                name: c.parent_name.clone(),
            }],
        };
        let referral = Referral {
            kind: ProgrammeKind::Shuttle,
            source: ReferralSource::School,
            referred_on: ladoshka::app::clock::today(),
            conflict: CONFLICT.into(),
            parties: vec![
                child(&a, PartyRole::Harmed),
                child(&b, PartyRole::CausedHarm),
                NewParty {
                    who: PartyWho::Adult {
                        family: b.family,
                        name: b.parent_name.clone(),
                    },
                    role: PartyRole::FamilyMember,
                    representatives: vec![],
                },
            ],
        };
        let id = s
            .write(|w| w.open_restorative_case(admin, &referral))
            .unwrap();
        let mut act = |a: CaseAct| s.write(|w| w.restorative_act(admin, id, a)).unwrap();
        act(CaseAct::MoveTo(Stage::Screening));
        act(CaseAct::Screening(Screening {
            ongoing_violence_or_safety_risk: false,
            sexual_harm: false,
            coercive_control: false,
            harmed_party_unwilling: false,
        }));
        let view = act(CaseAct::MoveTo(Stage::Preliminary));
        for p in &view.case.parties {
            act(CaseAct::Consent {
                party: p.id,
                part: ConsentPart::OwnYes,
                signature_png: None,
            });
            if p.is_minor() {
                act(CaseAct::Consent {
                    party: p.id,
                    part: ConsentPart::RepresentativeSignature,
                    signature_png: Some(b"PNG".to_vec()),
                });
            }
        }
        let view = act(CaseAct::MoveTo(Stage::Agreement));
        assert_eq!(view.case.stage, Stage::Agreement);
        (id, admin)
    })
}

fn rows<T: Clone + 'static>(m: slint::ModelRc<T>) -> Vec<T> {
    (0..m.row_count()).map(|i| m.row_data(i).unwrap()).collect()
}

fn draw(a: &RestorativeAgreementAdapter) {
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

/// Waits for the store's answer to the last act: not busy any more.
fn answered(a: &RestorativeAgreementAdapter, what: &str) {
    pump_until(what, || !a.get_busy());
}

#[test]
fn an_agreement_is_written_signed_copied_followed_up_and_the_case_closed() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<RestorativeAgreementAdapter>();
    let (id, admin) = case_at_agreement(&k.store);
    let view = |store: &StoreWorker| -> CaseView {
        store.call(move |s| s.write(|w| w.restorative_case(admin, id)).unwrap())
    };
    let names: Vec<String> = view(&k.store)
        .parties
        .iter()
        .map(|p| p.name.clone())
        .collect();

    // --- A psychologist who is not the facilitator is refused, and offered the way back. ---
    sign_in(ui, "Сафина А. С.", "1111");
    ladoshka::app::restorative_agreement::open(&k.kiosk, ui, id);
    pump_until("the refusal", || a.get_mode() == AgreementMode::Refused);
    assert_eq!(a.get_problem(), AgreementProblem::NotTheFacilitator);
    assert_eq!(
        rows(a.get_parties()).len(),
        0,
        "nothing of the case is shown"
    );
    common::ui::elapse(Duration::from_secs(91));
    settle(&k.store);

    // --- The facilitator (the administrator here) writes two items; a blank one is refused. ---
    sign_in(ui, "Нуриев Р. М.", "9999");
    ladoshka::app::restorative_agreement::open(&k.kiosk, ui, id);
    pump_until("the editor", || a.get_mode() == AgreementMode::Editing);
    assert_eq!(rows(a.get_draft()).len(), 1, "one empty item to start");
    a.invoke_edit_what(0, "Вернуть отремонтированный телефон".into());
    a.invoke_next_who(0); // the child who caused the harm
    a.invoke_next_checker(0); // the harmed child checks
    a.invoke_due_in(0, 14);
    a.invoke_add_item();
    a.invoke_save_agreement();
    assert_eq!(a.get_problem(), AgreementProblem::BlankItem);
    assert_eq!(a.get_problem_arg(), "2");
    assert_eq!(a.get_mode(), AgreementMode::Editing, "nothing was sent");
    a.invoke_edit_what(1, "  Извиниться при классном руководителе ".into());
    a.invoke_due_in(1, 7);
    let draft = rows(a.get_draft());
    assert_eq!(draft[0].who, names[1]);
    assert_eq!(draft[0].checker, names[0]);
    assert_eq!(draft[1].checker, "", "the facilitator checks");
    a.invoke_save_agreement();
    pump_until("the agreement to read", || {
        a.get_mode() == AgreementMode::Reading
    });
    assert_eq!(a.get_notice(), AgreementNotice::Saved);
    let items = rows(a.get_items());
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].what, "Извиниться при классном руководителе");
    assert!(!a.get_all_signed());

    // --- Each party signs, and each child's representative: only the signer's name shows. ---
    let parties = rows(a.get_parties());
    for (row, p) in parties.iter().enumerate() {
        let mut signers = vec![false];
        if p.minor {
            signers.push(true);
        }
        for representative in signers {
            a.invoke_start_sign(row as i32, representative);
            assert_eq!(a.get_mode(), AgreementMode::Signing);
            let expected = if representative {
                &p.representative
            } else {
                &p.name
            };
            assert_eq!(a.get_signer_name().as_str(), expected.as_str());
            assert_eq!(a.get_notice_arg(), "", "no one else's name on the screen");
            a.invoke_confirm_sign();
            assert_eq!(a.get_problem(), AgreementProblem::NotSigned, "no ink yet");
            draw(&a);
            assert!(a.get_signed());
            a.invoke_confirm_sign();
            answered(&a, "the signature saved");
            assert_eq!(a.get_mode(), AgreementMode::Reading);
            assert_eq!(
                a.get_notice(),
                AgreementNotice::Signed,
                "{:?}",
                a.get_problem()
            );
        }
    }
    assert!(a.get_all_signed(), "everyone has signed");
    assert_eq!(a.get_ink(), "", "the last strokes are forgotten");

    // --- The copy: refused until every party allows it (naming who), then on the stick. ---
    let stick = k.dir.dir.path().join("stick");
    std::env::set_var("LADOSHKA_USB_DIR", &stick);
    a.invoke_write_copies();
    answered(&a, "no stick");
    assert_eq!(a.get_problem(), AgreementProblem::NoStick);
    std::fs::create_dir_all(&stick).unwrap();
    a.invoke_allow_copy(0);
    answered(&a, "the first allows a copy");
    assert_eq!(a.get_notice(), AgreementNotice::CopyAllowed);
    a.invoke_write_copies();
    answered(&a, "the copy refused");
    assert_eq!(a.get_problem(), AgreementProblem::CopyNotAllowed);
    assert_eq!(
        a.get_problem_arg().to_string(),
        names[1],
        "the refusal names who has not allowed"
    );
    for row in 1..parties.len() {
        a.invoke_allow_copy(row as i32);
        answered(&a, "a copy allowed");
    }
    assert!(a.get_all_allow_copy());
    a.invoke_write_copies();
    answered(&a, "the copies written");
    assert_eq!(
        a.get_notice(),
        AgreementNotice::CopiesWritten,
        "{:?} {}",
        a.get_problem(),
        a.get_problem_arg()
    );
    let reports = stick.join("ladoshka").join("reports");
    let mut files: Vec<_> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), parties.len(), "one page per party: {files:?}");
    for (n, f) in files.iter().enumerate() {
        let file_name = f.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            file_name,
            format!("agreement-case-{}-party-{}.html", id.0, n + 1)
        );
        for name in &names {
            let surname = name.split(' ').next().unwrap();
            assert!(
                !file_name.contains(surname),
                "no surname in the file's name"
            );
        }
        let page = std::fs::read_to_string(f).unwrap();
        assert!(page.contains("Вернуть отремонтированный телефон"));
        assert!(page.contains("Извиниться при классном руководителе"));
        assert!(
            !page.contains("телефон и драка") && !page.contains("перемене"),
            "no conflict text"
        );
        assert!(!page.contains("<script") && !page.contains("href="));
    }

    // --- Follow-up: closing before the items are checked is refused; then checked and closed. ---
    a.invoke_to_follow_up();
    pump_until("the follow-up", || a.get_mode() == AgreementMode::FollowUp);
    a.invoke_close_case();
    answered(&a, "closing refused");
    assert_eq!(a.get_problem(), AgreementProblem::ItemsStillOpen);
    assert_eq!(a.get_problem_arg(), "1, 2");
    a.invoke_check_item(0, true);
    answered(&a, "item 1 checked");
    a.invoke_check_item(1, true);
    answered(&a, "item 2 checked");
    assert!(rows(a.get_items()).iter().all(|it| it.status == "kept"));
    assert_eq!(a.get_told_at(), "");
    a.invoke_told();
    answered(&a, "the harmed party told");
    assert_ne!(
        a.get_told_at(),
        "",
        "when the harmed party was told is shown"
    );
    a.set_referrer_response("КДНиЗП: принято к сведению".into());
    a.invoke_close_case();
    pump_until("the case closed", || a.get_mode() == AgreementMode::Closed);
    assert_eq!(a.get_notice(), AgreementNotice::ClosedKept);
    assert_eq!(a.get_outcome(), "agreement_kept");

    let closed = view(&k.store);
    assert_eq!(closed.case.stage, Stage::Closed(Outcome::AgreementKept));
    assert_eq!(
        closed.case.referrer_response.as_deref(),
        Some("КДНиЗП: принято к сведению")
    );
    assert!(closed.harmed_party_told.is_some());
    assert_eq!(
        closed.case.agreement.unwrap().signatures.len(),
        parties.len() + 2
    );
}

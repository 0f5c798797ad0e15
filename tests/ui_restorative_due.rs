//! Headless UI test of the agreement items due on the facilitator's home (issue 21, stage 6):
//! a case whose agreement has one item overdue and one due in three days shows both on its
//! facilitator's home, overdue first, without the items' words while a child may see the
//! screen; a colleague psychologist who does not facilitate it sees none of them; a tap on an
//! item opens the case.

mod common;

use chrono::Duration;
use common::ui::{pump_until, settle, sign_in, tap};
use ladoshka::app::navigator::Route;
use ladoshka::app::{Navigation, RoleHomeAdapter, Screen};
use ladoshka::domain::restorative::{
    Agreement, AgreementItem, CaseId, Checker, ConsentPart, PartyRole, PartyWho, ProgrammeKind,
    ReferralSource, Representative, Screening, Stage,
};
use ladoshka::domain::Role;
use ladoshka::platform::audio::Speakers;
use ladoshka::store::restorative::{CaseAct, CaseCandidate, NewParty, Referral};
use ladoshka::store::StoreWorker;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;

/// A shuttle case (no joint meeting needed before the agreement) facilitated by the demo's
/// reconciliation-room psychologist (the third, who leads no child's therapy) between two
/// children of the last families, at its agreement: one item 25 days overdue (before the demo
/// case's overdue item, so its card comes first), one due in three days.
fn case_with_items_due(store: &StoreWorker) -> CaseId {
    let today = ladoshka::app::clock::today();
    store.call(move |s| {
        let f = s
            .staff_cards()
            .unwrap()
            .into_iter()
            .filter(|c| c.member.role == Role::Psychologist)
            .nth(2)
            .unwrap()
            .id;
        let candidates = s.case_candidates().unwrap();
        let a = candidates.last().unwrap().clone();
        let b = candidates
            .iter()
            .rev()
            .find(|b| b.family != a.family)
            .unwrap()
            .clone();
        let child = |c: &CaseCandidate, role| NewParty {
            who: PartyWho::Child(c.child),
            role,
            representatives: vec![Representative {
                name: c.parent_name.clone(),
            }],
        };
        let referral = Referral {
            kind: ProgrammeKind::Shuttle,
            source: ReferralSource::School,
            referred_on: today - Duration::days(40),
            conflict: "Сломанный самокат".into(),
            parties: vec![
                child(&a, PartyRole::Harmed),
                child(&b, PartyRole::CausedHarm),
            ],
        };
        let id = s.write(|w| w.open_restorative_case(f, &referral)).unwrap();
        let mut act = |a: CaseAct| s.write(|w| w.restorative_act(f, id, a)).unwrap();
        act(CaseAct::MoveTo(Stage::Screening));
        act(CaseAct::Screening(Screening::default()));
        let view = act(CaseAct::MoveTo(Stage::Preliminary));
        for p in &view.case.parties {
            act(CaseAct::Consent {
                party: p.id,
                part: ConsentPart::OwnYes,
                signature_png: None,
            });
            act(CaseAct::Consent {
                party: p.id,
                part: ConsentPart::RepresentativeSignature,
                signature_png: Some(b"PNG".to_vec()),
            });
        }
        act(CaseAct::MoveTo(Stage::Agreement));
        let who = view.case.parties[1].id;
        let items = vec![
            AgreementItem::new(
                "Починить самокат Тимура",
                who,
                today + Duration::days(3),
                Checker::Facilitator,
            ),
            AgreementItem::new(
                "Извиниться перед Тимуром",
                who,
                today - Duration::days(25),
                Checker::Facilitator,
            ),
        ];
        act(CaseAct::Agreement(Agreement::new(
            today - Duration::days(30),
            items,
        )));
        id
    })
}

#[test]
fn the_facilitator_sees_the_items_due_on_the_home_and_a_colleague_does_not() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let home = ui.global::<RoleHomeAdapter>();
    let id = case_with_items_due(&k.store);
    let mine = |rows: &[ladoshka::app::HomeDueRow]| -> Vec<ladoshka::app::HomeDueRow> {
        rows.iter()
            .filter(|r| r.case_id as i64 == id.0)
            .cloned()
            .collect()
    };

    // --- A colleague psychologist: none of this case's items. ---
    sign_in(ui, "Сафина А. С.", "1111");
    settle(&k.store);
    let rows: Vec<_> = home.get_due().iter().collect();
    assert!(mine(&rows).is_empty(), "not her case: {rows:?}");
    tap(ui, "Sign out");

    // --- The facilitator: both, overdue first, only the case's number while a child may see. ---
    sign_in(ui, "Морозов Д. А.", "3333");
    pump_until("the items due", || {
        !mine(&home.get_due().iter().collect::<Vec<_>>()).is_empty()
    });
    let rows: Vec<_> = home.get_due().iter().collect();
    let first_not_overdue = rows.iter().position(|r| !r.overdue).unwrap_or(rows.len());
    assert!(
        rows[first_not_overdue..].iter().all(|r| !r.overdue),
        "overdue first: {rows:?}"
    );
    let ours = mine(&rows);
    assert_eq!(
        ours.iter().map(|r| r.overdue).collect::<Vec<_>>(),
        [true, false],
        "overdue first"
    );
    let today = ladoshka::app::clock::today();
    assert_eq!(
        ours[0].by.as_str(),
        ladoshka::domain::Language::En.short_date(today - Duration::days(25))
    );
    assert_eq!(
        ours[1].by.as_str(),
        ladoshka::domain::Language::En.short_date(today + Duration::days(3))
    );
    for r in &ours {
        assert_eq!(r.number as i64, id.0);
        assert_eq!(
            r.what.as_str(),
            "",
            "no item's words while a child may see the screen"
        );
    }

    // --- A tap opens the case (its overdue item is the first card). ---
    assert_eq!(rows[0].case_id as i64, id.0, "the most overdue first");
    tap(ui, &format!("Open case No. {}", id.0));
    pump_until("the case", || {
        ui.global::<Navigation>().get_screen() == Screen::RestorativeCase
    });

    k.kiosk.go(ui, Route::RoleHome);
    pump_until("home again", || {
        ui.global::<Navigation>().get_screen() == Screen::RoleHome
    });
    tap(ui, "Sign out");
    assert_eq!(
        home.get_due().row_count(),
        0,
        "the items are forgotten at sign-out"
    );
}

//! `ladoshka report kdn` and the restorative block of `report indicators` on a store whose
//! cases were opened and closed through the store (issue 21 «Reports»): both print, line for
//! line, what the domain's count gives on `Store::restorative_facts`, titled with the quarter.

mod common;

use chrono::NaiveDate;
use common::{ladoshka, printed as text, TempKiosk};
use ladoshka::crypto::{PinCost, PinPepper};
use ladoshka::domain::indicators::restorative::{count, Days};
use ladoshka::domain::restorative::{
    Outcome, PartyRole, PartyWho, ProgrammeKind, ReferralSource, Representative, Screening,
    ScreeningRule, Stage,
};
use ladoshka::domain::{Language, Role};
use ladoshka::store::restorative::{CaseAct, CaseCandidate, NewParty, Referral};
use ladoshka::store::StoreError;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn referral(
    kind: ProgrammeKind,
    source: ReferralSource,
    a: &CaseCandidate,
    b: &CaseCandidate,
) -> Referral {
    let child = |c: &CaseCandidate, role| NewParty {
        who: PartyWho::Child(c.child),
        role,
        representatives: vec![Representative {
            name: c.parent_name.clone(),
        }],
    };
    Referral {
        kind,
        source,
        referred_on: today(),
        conflict: "Ссора во дворе".into(),
        parties: vec![child(a, PartyRole::Harmed), child(b, PartyRole::CausedHarm)],
    }
}

/// The demo centre with two cases of our own: one closed as not suitable (sexual harm), one
/// referred by a school and still open. Returns the kiosk.
fn kiosk_with_cases() -> TempKiosk {
    let k = TempKiosk::new();
    let mut store = k.open();
    let demo = ladoshka::demo::generate(today());
    let pepper = PinPepper::from_bytes([7; 32]);
    ladoshka::demo::seed_with_pin_cost(&mut store, &demo, &pepper, today(), PinCost::TESTS_ONLY)
        .unwrap();
    let cards = store.staff_cards().unwrap();
    let psychologists: Vec<_> = cards
        .iter()
        .filter(|c| c.member.role == Role::Psychologist)
        .map(|c| c.id)
        .collect();
    let candidates = store.case_candidates().unwrap();
    // A facilitator and two children of two families with no conflict of interest.
    let (f, a, b) = psychologists
        .iter()
        .flat_map(|f| candidates.iter().map(move |a| (*f, a)))
        .flat_map(|(f, a)| {
            candidates
                .iter()
                .filter(move |b| b.family != a.family)
                .map(move |b| (f, a, b))
        })
        .find(|(f, a, b)| {
            let r = referral(ProgrammeKind::Mediation, ReferralSource::Kdn, a, b);
            let tried = store.write(|w| {
                w.open_restorative_case(*f, &r)?;
                Err::<(), _>(StoreError::Invalid("only trying".into()))
            });
            matches!(tried, Err(StoreError::Invalid(_)))
        })
        .map(|(f, a, b)| (f, a.clone(), b.clone()))
        .expect("a facilitator without a conflict of interest");
    let r = referral(ProgrammeKind::Mediation, ReferralSource::Kdn, &a, &b);
    let stopped = store.write(|w| w.open_restorative_case(f, &r)).unwrap();
    let stop = Screening {
        sexual_harm: true,
        ..Screening::default()
    };
    for act in [
        CaseAct::MoveTo(Stage::Screening),
        CaseAct::Screening(stop),
        CaseAct::Close {
            outcome: Outcome::NotSuitable {
                rule: ScreeningRule::SexualHarm,
            },
            referrer_response: None,
        },
    ] {
        store.write(|w| w.restorative_act(f, stopped, act)).unwrap();
    }
    let r = referral(ProgrammeKind::Shuttle, ReferralSource::School, &a, &b);
    store.write(|w| w.open_restorative_case(f, &r)).unwrap();
    drop(store);
    k
}

fn run(k: &TempKiosk, args: &[&str]) -> std::process::Output {
    let data = k.data_dir();
    let key = k.key_file();
    let mut all = vec![
        "--data-dir",
        data.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
        "report",
    ];
    all.extend_from_slice(args);
    // The tests read the CSV as a script does: the plain style.
    if !args.iter().any(|a| ["html", "xlsx", "--excel"].contains(a)) {
        all.push("--plain");
    }
    ladoshka(k.dir.path(), &all)
}

/// `(code, value)` of the block «В».
fn block(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .filter(|l| l.starts_with('В'))
        .map(|l| {
            (
                l.split(',').next().unwrap().to_string(),
                l.rsplit(',').next().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_kdn_report_and_the_indicators_print_the_domains_count_of_the_stores_cases() {
    let k = kiosk_with_cases();
    let facts = k.open().restorative_facts().unwrap();
    let q4 = Days::inclusive(
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    let counts = count(&facts, q4);
    assert!(
        counts.referred >= 2 && counts.not_suitable >= 1,
        "{counts:?}"
    );
    assert!(counts
        .not_suitable_by_rule
        .contains(&(ScreeningRule::SexualHarm, counts.not_suitable)));
    let want: Vec<(String, String)> = ladoshka::report::restorative::lines(&counts, Language::Ru)
        .into_iter()
        .map(|l| (l.code.to_string(), l.value))
        .collect();

    let out = run(
        &k,
        &[
            "kdn",
            "--quarter",
            "2026-Q4",
            "--operator",
            "КЦСОН «Гармония»",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let title = csv.lines().next().unwrap();
    assert!(
        title.contains("IV квартал 2026 г.") && title.contains("КЦСОН «Гармония»"),
        "{title}"
    );
    assert_eq!(block(&csv), want, "{csv}");

    let out = run(
        &k,
        &["indicators", "--from", "2026-10-01", "--to", "2026-12-31"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(block(&String::from_utf8(out.stdout).unwrap()), want);

    let page = k.dir.path().join("kdn.html");
    let out = run(
        &k,
        &[
            "kdn",
            "--quarter",
            "2026-q4",
            "--format",
            "html",
            "--lang",
            "en",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("КДНиЗП report 2026-Q4 written to"),
        "{}",
        text(&out)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("Q4 2026") && html.contains("<td>RP.3.3.2</td><td>sexual harm</td>"),
        "{html}"
    );

    let out = run(&k, &["kdn", "--quarter", "2026-Q5"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("write 2026-Q4"), "{}", text(&out));

    // The centre's own words for the lines, from the data directory's texts.toml; a mistake in
    // the file is refused by name.
    let texts = k.data_dir().join("texts.toml");
    std::fs::write(
        &texts,
        "[ru]\n\"report.В.3.3\" = \"Отказано по итогам скрининга\"\n",
    )
    .unwrap();
    let out = run(&k, &["kdn", "--quarter", "2026-Q4"]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.lines()
            .any(|l| l.starts_with("В.3.3,Отказано по итогам скрининга,")),
        "{csv}"
    );
    assert_eq!(
        block(&csv),
        want,
        "the figures do not change with the words"
    );
    std::fs::write(&texts, "[ru]\n\"report.B.3.3\" = \"Latin B\"\n").unwrap();
    let out = run(&k, &["kdn", "--quarter", "2026-Q4"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("texts.toml") && text(&out).contains("report.B.3.3"),
        "{}",
        text(&out)
    );
}

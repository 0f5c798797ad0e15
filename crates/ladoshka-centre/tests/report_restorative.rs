//! Issue 21 «Reports»: restorative cases made with the domain's `Case` on two kiosks, their
//! rows (`restorative_case`, with a child's voice and a pause tap the centre passes over, and one
//! malformed row it quarantines) imported through the real sealing path, give in `report
//! indicators` and in `report kdn` exactly the figures the domain's count gives on the same
//! cases: the centre counts as the kiosk does.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::{write, Kiosk};
use ladoshka_centre::{Centre, Layout};
use ladoshka_indicators::domain::family::{ChildId, FamilyId};
use ladoshka_indicators::domain::indicators::restorative::{count, Days};
use ladoshka_indicators::domain::restorative::{
    Agreement, AgreementItem, Case, CaseFacts, CaseId, Checker, ConsentPart, Outcome, Party,
    PartyId, PartyRole, PartyWho, ProgrammeKind, ReferralSource, Representative, Screening, Signer,
    Stage, TherapyLeads,
};
use ladoshka_indicators::domain::staff::StaffId;
use ladoshka_indicators::domain::Language;
use ladoshka_indicators::report::restorative::lines;
use ladoshka_seal::OutboxRow;
use serde_json::{json, Value};

fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_centre(data_dir, args)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const HARMED: PartyId = PartyId(1);
const CAUSED: PartyId = PartyId(2);
const MOTHER: PartyId = PartyId(3);

fn parties() -> Vec<Party> {
    let child = |id, c, role| {
        Party::new(
            id,
            PartyWho::Child(ChildId(c)),
            role,
            vec![Representative {
                name: "Иванова Мария Петровна".into(),
            }],
        )
        .unwrap()
    };
    vec![
        child(HARMED, 10, PartyRole::Harmed),
        child(CAUSED, 20, PartyRole::CausedHarm),
        Party::new(
            MOTHER,
            PartyWho::Adult {
                family: FamilyId(2),
                name: "Петрова Ольга Ивановна".into(),
            },
            PartyRole::FamilyMember,
            vec![],
        )
        .unwrap(),
    ]
}

/// A kiosk's rows for its cases: the facts after each act, as the kiosk's outbox writes them.
struct Rows {
    rows: Vec<OutboxRow>,
}

impl Rows {
    fn case(&mut self, c: &Case, act: &str) {
        let op = if act == "open" { "insert" } else { "update" };
        let record = json!({ "act": act, "facts": c.facts(), "notes": "не для центра" });
        self.push(&format!("restorative_case.{op}"), c.id.0, record);
    }

    fn push(&mut self, kind: &str, id: i64, record: Value) {
        self.rows.push(OutboxRow {
            seq: 0,
            kind: kind.into(),
            body: ladoshka_seal::raw_body(
                &json!({ "entity_id": id, "data": { "id": id, "record": record } }),
            ),
            created_at: "2026-12-07T07:00:00Z".into(),
        });
    }
}

fn open(
    rows: &mut Rows,
    id: i64,
    kind: ProgrammeKind,
    source: ReferralSource,
    on: NaiveDate,
) -> Case {
    let c = Case::open(CaseId(id), kind, source, on, parties()).unwrap();
    rows.case(&c, "open");
    c
}

/// Screened (with `screening`), facilitated, at the preliminary stage when nothing holds.
fn screen(rows: &mut Rows, c: &mut Case, screening: Screening, on: NaiveDate) {
    c.move_to(Stage::Screening, on).unwrap();
    c.record_screening(screening).unwrap();
    c.assign_facilitator(StaffId(7), &TherapyLeads::new(), None)
        .unwrap();
    rows.case(c, "screen");
    if screening.rules_that_hold().is_empty() {
        c.move_to(Stage::Preliminary, on).unwrap();
        rows.case(c, "preliminary");
    }
}

/// Kiosk A: a mediation to a kept agreement (closed in December), one not suitable (sexual
/// harm), a family conference referred on the quarter's last day, and a case referred in
/// September that ended at the preliminary stage on 1 October when the side that caused harm
/// declined.
fn kiosk_a() -> (Vec<OutboxRow>, Vec<CaseFacts>) {
    let mut rows = Rows { rows: Vec::new() };
    let mut kept = open(
        &mut rows,
        1,
        ProgrammeKind::Mediation,
        ReferralSource::Kdn,
        day(2026, 10, 5),
    );
    screen(&mut rows, &mut kept, Screening::default(), day(2026, 10, 7));
    for id in [HARMED, CAUSED] {
        kept.record_consent(id, ConsentPart::OwnYes, day(2026, 10, 9))
            .unwrap();
        kept.record_consent(id, ConsentPart::RepresentativeSignature, day(2026, 10, 9))
            .unwrap();
    }
    kept.record_consent(MOTHER, ConsentPart::OwnYes, day(2026, 10, 9))
        .unwrap();
    rows.case(&kept, "consent");
    kept.move_to(Stage::JointMeeting, day(2026, 11, 9)).unwrap();
    kept.move_to(Stage::Agreement, day(2026, 11, 10)).unwrap();
    let item = AgreementItem::new(
        "Вернуть телефон",
        CAUSED,
        day(2026, 11, 30),
        Checker::Party(HARMED),
    );
    kept.set_agreement(Agreement::new(day(2026, 11, 10), vec![item]))
        .unwrap();
    for id in [HARMED, CAUSED] {
        kept.sign_agreement(id, Signer::Party).unwrap();
        kept.sign_agreement(id, Signer::Representative).unwrap();
    }
    kept.sign_agreement(MOTHER, Signer::Party).unwrap();
    kept.move_to(Stage::FollowUp, day(2026, 11, 10)).unwrap();
    rows.case(&kept, "follow_up");
    kept.check_item(0, true, day(2026, 12, 1)).unwrap();
    assert_eq!(
        kept.close_after_follow_up(day(2026, 12, 2), None).unwrap(),
        Outcome::AgreementKept
    );
    rows.case(&kept, "close");

    let mut unsuitable = open(
        &mut rows,
        2,
        ProgrammeKind::Mediation,
        ReferralSource::School,
        day(2026, 11, 1),
    );
    let stop = Screening {
        sexual_harm: true,
        ..Screening::default()
    };
    screen(&mut rows, &mut unsuitable, stop, day(2026, 11, 2));
    unsuitable
        .close(
            Outcome::NotSuitable {
                rule: stop.rules_that_hold()[0],
            },
            day(2026, 11, 3),
            None,
        )
        .unwrap();
    rows.case(&unsuitable, "close");

    let late = open(
        &mut rows,
        3,
        ProgrammeKind::FamilyConference,
        ReferralSource::Family,
        day(2026, 12, 31),
    );

    let mut declined = open(
        &mut rows,
        4,
        ProgrammeKind::Mediation,
        ReferralSource::Pdn,
        day(2026, 9, 30),
    );
    screen(
        &mut rows,
        &mut declined,
        Screening::default(),
        day(2026, 9, 30),
    );
    declined.withdraw(CAUSED, day(2026, 10, 1)).unwrap();
    declined
        .close(
            Outcome::EndedAtPreliminary {
                declined_by: CAUSED,
            },
            day(2026, 10, 1),
            None,
        )
        .unwrap();
    rows.case(&declined, "close");
    let facts = [&kept, &unsuitable, &late, &declined]
        .map(|c| c.facts())
        .to_vec();
    (rows.rows, facts)
}

/// Kiosk B (its case ids start at 1 too): a circle referred in January (after the quarter), a
/// case withdrawn in October, a case opened and deleted, a child's answers and a pause tap, and
/// a malformed case row.
fn kiosk_b() -> (Vec<OutboxRow>, Vec<CaseFacts>) {
    let mut rows = Rows { rows: Vec::new() };
    let january = open(
        &mut rows,
        1,
        ProgrammeKind::Circle,
        ReferralSource::OwnPsychologist,
        day(2027, 1, 1),
    );
    let mut withdrawn = open(
        &mut rows,
        2,
        ProgrammeKind::Mediation,
        ReferralSource::OtherAgency,
        day(2026, 10, 10),
    );
    rows.push(
        "restorative_voice.insert",
        1,
        json!({ "case": 2, "feel": "sad", "safe": false }),
    );
    rows.push(
        "restorative_pause.insert",
        1,
        json!({ "case": 2, "at": "2026-10-12T10:00:00Z" }),
    );
    withdrawn
        .close(Outcome::Withdrawn, day(2026, 10, 20), None)
        .unwrap();
    rows.case(&withdrawn, "close");
    let gone = open(
        &mut rows,
        3,
        ProgrammeKind::Mediation,
        ReferralSource::Kdn,
        day(2026, 10, 11),
    );
    rows.push("restorative_case.delete", gone.id.0, Value::Null);
    rows.push(
        "restorative_case.update",
        9,
        json!({ "act": "close", "facts": { "stage": "Петров" } }),
    );
    (rows.rows, vec![january.facts(), withdrawn.facts()])
}

/// `(code, value)` of the block «В» (labels may hold quoted commas, codes and values never do).
fn block(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .filter(|l| l.starts_with('В'))
        .map(|l| {
            let code = l.split(',').next().unwrap();
            let value = l.rsplit(',').next().unwrap();
            (code.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn the_centre_counts_restorative_cases_as_the_domain_does_in_both_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    let (code, _, err) = run(&dir, &["init"]);
    assert_eq!(code, 0, "{err}");
    let key = Centre::open(&Layout::new(&dir, None)).unwrap().public_key();
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let (a_rows, a_facts) = kiosk_a();
    let (b_rows, b_facts) = kiosk_b();
    for (name, rows) in [("a", a_rows), ("b", b_rows)] {
        let mut kiosk = Kiosk::new(key);
        let (code, _, err) = run(
            &dir,
            &[
                "devices",
                "add",
                &hex::encode(kiosk.device_id),
                &kiosk.identity.public_key().to_hex(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        write(&stick, &format!("{name}.ldsb"), &kiosk.next_of(&rows));
    }
    let (code, out, err) = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");

    let mut all = a_facts;
    all.extend(b_facts);
    let quarter = Days::inclusive(day(2026, 10, 1), day(2026, 12, 31));
    let want = count(&all, quarter);
    // By hand: referred 1, 2, 3 (A) and 2 (B); closed A's 1 (kept), 2 (not suitable),
    // 4 (preliminary, on the first day) and B's 2 (withdrawn); active all but B's January one.
    assert_eq!((want.referred, want.closed, want.active), (4, 4, 5));
    assert_eq!(
        (
            want.completed_kept,
            want.not_suitable,
            want.ended_at_preliminary,
            want.withdrawn
        ),
        (1, 1, 1, 1)
    );
    assert_eq!((want.agreements_reached, want.agreements_kept), (1, 1));
    assert_eq!((want.minors, want.adults), (10, 5));
    let want: Vec<(String, String)> = lines(&want, Language::Ru)
        .into_iter()
        .map(|l| (l.code.to_string(), l.value))
        .collect();

    let (code, csv, err) = run(
        &dir,
        &[
            "report",
            "indicators",
            "--from",
            "2026-10-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(block(&csv), want, "{csv}");
    assert!(err.contains("1 row(s) quarantined"), "{err}");
    assert!(err.contains("restorative_case.update"), "{err}");
    assert!(!err.contains("Петров"), "no value of the row: {err}");

    let (code, csv, err) = run(
        &dir,
        &[
            "report",
            "kdn",
            "--quarter",
            "2026-Q4",
            "--operator",
            "КЦСОН «Гармония»",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("КДНиЗП report 2026-Q4 from 2 kiosk(s)"),
        "{err}"
    );
    assert!(
        csv.lines().next().unwrap().contains("IV квартал 2026 г."),
        "{csv}"
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("КЦСОН «Гармония» (кабинет примирения и согласия)"),
        "{csv}"
    );
    assert_eq!(block(&csv), want, "{csv}");

    let page = tmp.path().join("kdn.html");
    let (code, out, err) = run(
        &dir,
        &[
            "report",
            "kdn",
            "--quarter",
            "2026-Q4",
            "--format",
            "html",
            "--lang",
            "tt",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty() && err.contains("written to"), "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("2026 елның IV кварталы"));
    assert!(
        html.contains("<td>В.3.3.2</td><td>җенси зыян</td><td class=\"num\">1</td>"),
        "{html}"
    );

    // Another quarter: the January circle referred, and active with A's family conference
    // still open; A's mediation closed in December is not active in 2027.
    let (code, csv, _) = run(&dir, &["report", "kdn", "--quarter", "2027-Q1"]);
    assert_eq!(code, 0);
    let got = block(&csv);
    let v = |c: &str| got.iter().find(|(x, _)| x == c).unwrap().1.clone();
    assert_eq!(
        (v("В.1"), v("В.1.6"), v("В.2.4"), v("В.3"), v("В.4")),
        ("1".into(), "1".into(), "1".into(), "0".into(), "2".into())
    );
    // A bad quarter is refused with what to write.
    let (code, _, err) = run(&dir, &["report", "kdn", "--quarter", "2026-Q5"]);
    assert_eq!(code, 64, "a usage error");
    assert!(err.contains("write 2026-Q4"), "{err}");
}

//! The reconciliation screens as `ladoshka screenshot` shows them, without a database: the case
//! list with items due, a referral card half filled in, and one case at three moments — the
//! preliminary meetings with a child near (names and words hidden), a screening that stops the
//! joint meeting (shown), and a booked joint meeting with both sides' times and a child's answers.

use chrono::{Duration, NaiveDate};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::case::{Booked, CaseState};
use super::case_joint::JointForm;
use super::list::{case_rows, due_rows};
use crate::app::{
    AppWindow, CaseKind, CaseSource, ChildPresent, PartyRoleKey, ReconciliationAdapter,
    ReferralAdapter, ReferralCandidate, ReferralParty,
};
use crate::domain::restorative::{
    staggered, standing, Case, CaseId, ConsentAct, ConsentEvent, ConsentPart, Outcome, Party,
    PartyId, PartyRole, PartyWho, ProgrammeKind, ReferralSource, Representative, Screening, Stage,
};
use crate::domain::{ChildId, FamilyId, Language, Mood, RoomId};
use crate::store::restorative::{
    CaseRow, CaseView, DueItem, MeetingRow, PartyView, Side, VoiceAnswers, VoiceMoment, VoiceRow,
};

/// Which case screen to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasePreview {
    /// Preliminary meetings, a child may see the screen.
    Preliminary,
    /// Screening found sexual harm: no joint meeting (shown).
    Stop,
    /// The joint meeting booked (shown), with a child's answers.
    Joint,
}

/// (child's full name, first name, parent's name) of the demo centre's first families.
fn people(today: NaiveDate) -> Vec<(String, String, String)> {
    crate::demo::generate(today)
        .families
        .iter()
        .flat_map(|f| {
            f.children.iter().map(|c| {
                (
                    format!("{} {}", c.surname, c.first_name),
                    c.first_name.to_owned(),
                    f.family.parent_name.clone(),
                )
            })
        })
        .take(12)
        .collect()
}

pub(crate) fn list(ui: &AppWindow, today: NaiveDate, lang: Language) {
    let day = |n: u64| {
        today
            .checked_sub_days(chrono::Days::new(n))
            .unwrap_or(today)
    };
    let row = |id: i64, kind, stage, n, may_open, overdue| CaseRow {
        id: CaseId(id),
        kind,
        stage,
        referred_on: day(n),
        may_open,
        overdue,
    };
    let cases = vec![
        row(7, ProgrammeKind::Mediation, Stage::Preliminary, 3, true, 0),
        row(
            6,
            ProgrammeKind::FamilyConference,
            Stage::FollowUp,
            24,
            true,
            1,
        ),
        row(5, ProgrammeKind::Shuttle, Stage::Screening, 30, false, 0),
        row(4, ProgrammeKind::Circle, Stage::JointMeeting, 35, false, 0),
        row(
            2,
            ProgrammeKind::Mediation,
            Stage::Closed(Outcome::AgreementKept),
            80,
            true,
            0,
        ),
        row(
            1,
            ProgrammeKind::Shuttle,
            Stage::Closed(Outcome::Withdrawn),
            95,
            false,
            0,
        ),
    ];
    let due = vec![
        DueItem {
            case: CaseId(6),
            item: 1,
            what: "Вернуть телефон и извиниться при классе".into(),
            by: day(2),
            overdue: true,
        },
        DueItem {
            case: CaseId(6),
            item: 2,
            what: "Встречаться с отцом по субботам".into(),
            by: today + Duration::days(5),
            overdue: false,
        },
    ];
    let a = ui.global::<ReconciliationAdapter>();
    a.set_cases(ModelRc::new(VecModel::from(case_rows(&cases))));
    a.set_due(ModelRc::new(VecModel::from(due_rows(&due, false, lang))));
    a.set_loaded(true);
    ui.global::<ChildPresent>().set_present(true);
}

pub(crate) fn referral(ui: &AppWindow, today: NaiveDate) {
    let people = people(today);
    let a = ui.global::<ReferralAdapter>();
    a.set_date(today.format("%d.%m.%Y").to_string().into());
    a.set_source(CaseSource::School);
    a.set_kind(CaseKind::Mediation);
    a.set_conflict("Драка на перемене, отобран телефон; родители в ссоре.".into());
    let candidates: Vec<ReferralCandidate> = people
        .iter()
        .enumerate()
        .map(|(i, (child, _, parent))| ReferralCandidate {
            index: i as i32,
            child: child.as_str().into(),
            parent: parent.as_str().into(),
        })
        .collect();
    a.set_candidates(ModelRc::new(VecModel::from(candidates)));
    let party = |i: usize, role| ReferralParty {
        child: true,
        name: people[i].0.as_str().into(),
        role,
        representative: people[i].2.as_str().into(),
    };
    let parties = vec![
        party(0, PartyRoleKey::Harmed),
        party(3, PartyRoleKey::CausedHarm),
        ReferralParty {
            child: false,
            name: people[3].2.as_str().into(),
            role: PartyRoleKey::Supporter,
            representative: Default::default(),
        },
    ];
    a.set_parties(ModelRc::new(VecModel::from(parties)));
}

pub(crate) fn case(ui: &AppWindow, which: CasePreview, today: NaiveDate, lang: Language) {
    let people = people(today);
    let child = |n: i64, i: usize, role| {
        Party::new(
            PartyId(n),
            PartyWho::Child(ChildId(i as i64 + 1)),
            role,
            vec![Representative {
                name: people[i].2.clone(),
            }],
        )
        .expect("a preview party")
    };
    let parties = vec![
        child(1, 0, PartyRole::Harmed),
        child(2, 3, PartyRole::CausedHarm),
        Party::new(
            PartyId(3),
            PartyWho::Adult {
                family: FamilyId(4),
                name: people[3].2.clone(),
            },
            PartyRole::Supporter,
            Vec::new(),
        )
        .expect("a preview party"),
    ];
    let mut case = Case::open(
        CaseId(7),
        ProgrammeKind::Mediation,
        ReferralSource::School,
        today - Duration::days(3),
        parties.clone(),
    )
    .expect("a preview case");
    case.facilitator = Some(crate::domain::StaffId(1));
    let gave = |party, part| ConsentEvent {
        party: PartyId(party),
        on: today,
        act: ConsentAct::Gave(part),
    };
    let mut screening = Screening::default();
    match which {
        CasePreview::Stop => {
            case.stage = Stage::Screening;
            screening.sexual_harm = true;
        }
        CasePreview::Preliminary => {
            case.stage = Stage::Preliminary;
            case.consents = vec![
                gave(1, ConsentPart::OwnYes),
                gave(1, ConsentPart::RepresentativeSignature),
                gave(2, ConsentPart::OwnYes),
            ];
        }
        CasePreview::Joint => {
            case.stage = Stage::JointMeeting;
            for p in 1..=3 {
                case.consents.push(gave(p, ConsentPart::OwnYes));
            }
            case.consents
                .push(gave(1, ConsentPart::RepresentativeSignature));
            case.consents
                .push(gave(2, ConsentPart::RepresentativeSignature));
        }
    }
    case.screening = Some(screening);
    let views: Vec<PartyView> = parties
        .iter()
        .map(|p| {
            let (name, first) = match p.child() {
                Some(c) => (
                    people[c.0 as usize - 1].0.clone(),
                    people[c.0 as usize - 1].1.clone(),
                ),
                None => (
                    people[3].2.clone(),
                    people[3].2.split(' ').nth(1).unwrap_or_default().to_owned(),
                ),
            };
            PartyView {
                party: p.clone(),
                name,
                first_name: first,
                family: FamilyId(p.id.0),
                standing: standing(p, &case.consents),
                side: if p.role == PartyRole::Harmed {
                    Side::Harmed
                } else {
                    Side::Other
                },
            }
        })
        .collect();
    let starts_at = crate::app::clock::at_local(today + Duration::days(1), 10, 0);
    let (harmed, other) = staggered(starts_at, 60, Duration::minutes(15));
    let joint = which == CasePreview::Joint;
    let view = CaseView {
        case,
        conflict: "Драка на перемене, отобран телефон; родители в ссоре.".into(),
        facilitator_name: Some("Сафина А. С.".into()),
        parties: views,
        meetings: if joint {
            vec![MeetingRow {
                session: 1,
                starts_at,
                minutes: 60,
                harmed_side: harmed,
                other_side: other,
            }]
        } else {
            Vec::new()
        },
        voices: if joint {
            vec![VoiceRow {
                child: ChildId(1),
                moment: VoiceMoment::Before,
                answers: VoiceAnswers {
                    mood: Mood::Neutral,
                    safe: Some(true),
                    go_on: Some(true),
                },
                at: crate::app::clock::at_local(today, 9, 40),
            }]
        } else {
            Vec::new()
        },
        pauses: Vec::new(),
        copies_allowed: Vec::new(),
        harmed_party_told: None,
    };
    let mut st = CaseState::default();
    st.id = Some(CaseId(7));
    st.answers = screening;
    st.view = Some(view);
    st.form = JointForm {
        rooms: vec![(RoomId(2), "Кабинет примирения и согласия".into())],
        ..Default::default()
    };
    st.booked = joint.then_some(Booked {
        session: 1,
        starts_at,
        minutes: 60,
        harmed,
        other,
    });
    let revealed = which != CasePreview::Preliminary;
    ui.global::<ChildPresent>().set_present(!revealed);
    super::case_show::fill(&st, revealed, lang, ui);
}

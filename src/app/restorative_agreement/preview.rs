//! The agreement screen filled for `ladoshka screenshot`: a made-up mediation case between two
//! schoolchildren (each with a parent as legal representative) — its agreement being written,
//! read and signed, one party signing, and followed up with one item overdue.

use chrono::{Days, NaiveDate};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::super::{AppWindow, DraftItemRow};
use super::{
    date, show, AgreementMode, AgreementNotice, AgreementProblem, RestorativeAgreementAdapter,
};
use crate::domain::restorative::{
    Agreement, AgreementItem, Case, CaseId, Checker, ItemStatus, Party, PartyId, PartyRole,
    PartyWho, ProgrammeKind, ReferralSource, Representative, Signer, Stage, Standing,
};
use crate::domain::{ChildId, FamilyId, PadPoint, Signature};
use crate::store::restorative::{CaseView, PartyView, Side};

/// Which part of the screen to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementPreview {
    Editing,
    Reading,
    Signing,
    FollowUp,
}

fn party(id: i64, child: i64, name: &str, representative: &str, role: PartyRole) -> PartyView {
    PartyView {
        party: Party::new(
            PartyId(id),
            PartyWho::Child(ChildId(child)),
            role,
            vec![Representative {
                name: representative.into(),
            }],
        )
        .expect("a child with a representative"),
        name: name.into(),
        first_name: name.split(' ').nth(1).unwrap_or(name).into(),
        family: FamilyId(child),
        standing: Standing::Consented,
        side: if role == PartyRole::Harmed {
            Side::Harmed
        } else {
            Side::Other
        },
    }
}

/// The made-up case at `stage`, its agreement made 20 days before `today`.
fn case(today: NaiveDate, stage: Stage) -> CaseView {
    let made_on = today - Days::new(20);
    let parties = vec![
        party(
            1,
            101,
            "Сафина Алсу Ринатовна",
            "Сафина Гульнара Ильдаровна",
            PartyRole::Harmed,
        ),
        party(
            2,
            102,
            "Орлов Тимур Андреевич",
            "Орлова Наталья Сергеевна",
            PartyRole::CausedHarm,
        ),
    ];
    let mut c = Case::open(
        CaseId(3),
        ProgrammeKind::Mediation,
        ReferralSource::School,
        made_on - Days::new(30),
        parties.iter().map(|p| p.party.clone()).collect(),
    )
    .expect("two parties, harmed and who caused harm");
    c.stage = stage;
    let item = |what: &str, who: i64, days: u64, checker| {
        AgreementItem::new(what, PartyId(who), made_on + Days::new(days), checker)
    };
    let mut agreement = Agreement::new(
        made_on,
        vec![
            item(
                "Вернуть Алсу телефон, отремонтированный за свой счёт",
                2,
                14,
                Checker::Party(PartyId(1)),
            ),
            item(
                "Извиниться перед Алсу при классном руководителе",
                2,
                7,
                Checker::Facilitator,
            ),
            item(
                "Не брать чужие вещи без спроса; если возникнет спор — прийти к ведущей",
                2,
                30,
                Checker::Facilitator,
            ),
            item(
                "Сказать ведущей, если снова станет страшно или обидно",
                1,
                30,
                Checker::Facilitator,
            ),
        ],
    );
    agreement.signatures = vec![
        (PartyId(1), Signer::Party),
        (PartyId(1), Signer::Representative),
    ];
    if stage == Stage::FollowUp {
        agreement.signatures.push((PartyId(2), Signer::Party));
        agreement
            .signatures
            .push((PartyId(2), Signer::Representative));
        agreement.items[1].status = ItemStatus::Kept;
        agreement.items[1].checked_on = Some(made_on + Days::new(6));
    }
    c.agreement = Some(agreement);
    CaseView {
        case: c,
        conflict: String::new(),
        facilitator_name: Some("Нуриева Лилия Маратовна".into()),
        parties,
        meetings: vec![],
        voices: vec![],
        pauses: vec![],
        copies_allowed: vec![PartyId(1)],
        harmed_party_told: None,
    }
}

fn ink() -> Signature {
    let mut ink = Signature::default();
    ink.pen_down(PadPoint { x: 0.1, y: 0.6 });
    for i in 1..40 {
        let t = i as f32 / 40.0;
        ink.pen_move(PadPoint {
            x: 0.1 + t * 0.55,
            y: 0.6 - (t * 16.0).sin() * 0.2,
        });
    }
    ink
}

/// Fills the screen as `which` on `today`.
pub(crate) fn fill(ui: &AppWindow, which: AgreementPreview, today: NaiveDate) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    let stage = if which == AgreementPreview::FollowUp {
        Stage::FollowUp
    } else {
        Stage::Agreement
    };
    let view = case(today, stage);
    a.set_case_number(view.case.id.0 as i32);
    show::fill(ui, &view, today);
    a.set_problem(AgreementProblem::None);
    a.set_notice(AgreementNotice::None);
    match which {
        AgreementPreview::Editing => {
            let rows = vec![
                DraftItemRow {
                    what: "Вернуть Алсу телефон, отремонтированный за свой счёт".into(),
                    who: "Орлов Тимур Андреевич".into(),
                    by: date(today + Days::new(14)).into(),
                    checker: "Сафина Алсу Ринатовна".into(),
                },
                DraftItemRow {
                    what: "Извиниться перед Алсу при классном руководителе".into(),
                    who: "Орлов Тимур Андреевич".into(),
                    by: date(today + Days::new(7)).into(),
                    checker: "".into(),
                },
                DraftItemRow {
                    what: "".into(),
                    who: "Сафина Алсу Ринатовна".into(),
                    by: date(today + Days::new(30)).into(),
                    checker: "".into(),
                },
            ];
            a.set_draft(ModelRc::new(VecModel::from(rows)));
            a.set_problem(AgreementProblem::BlankItem);
            a.set_problem_arg("3".into());
            a.set_mode(AgreementMode::Editing);
        }
        AgreementPreview::Reading => {
            a.set_notice(AgreementNotice::Signed);
            a.set_notice_arg("Сафина Гульнара Ильдаровна".into());
            a.set_mode(AgreementMode::Reading);
        }
        AgreementPreview::Signing => {
            a.set_signer_name("Орлов Тимур Андреевич".into());
            a.set_signer_is_representative(false);
            let ink = ink();
            a.set_ink(ink.path_commands().into());
            a.set_signed(ink.is_signed());
            a.set_mode(AgreementMode::Signing);
        }
        AgreementPreview::FollowUp => {
            a.set_mode(AgreementMode::FollowUp);
        }
    }
}

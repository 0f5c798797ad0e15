//! The case onto the screen: which part shows (writing, reading and signing, follow-up,
//! closed) from its stage, the parties with their signatures and copies, and the items.

use slint::{ComponentHandle, ModelRc, VecModel};

use super::super::{AgreementItemRow, AgreementPartyRow, AppWindow};
use super::{
    date, editor, AgreementMode, AgreementProblem, AgreementState, Kiosk,
    RestorativeAgreementAdapter,
};
use crate::domain::restorative::{overdue, Checker, ItemStatus, Outcome, Signer, Stage, Standing};
use crate::store::restorative::CaseView;

/// Keeps `view` as the open case and shows it at its stage.
pub(super) fn case(kiosk: &Kiosk, ui: &AppWindow, view: CaseView) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    a.set_case_number(view.case.id.0 as i32);
    fill(ui, &view, crate::app::clock::today());
    let stage = view.case.stage;
    let written = view.case.agreement.is_some();
    kiosk.state_of::<AgreementState>().view = Some(view);
    match stage {
        Stage::Agreement if written => a.set_mode(AgreementMode::Reading),
        Stage::Agreement => editor::start(kiosk, ui),
        Stage::FollowUp => a.set_mode(AgreementMode::FollowUp),
        Stage::Closed(_) => a.set_mode(AgreementMode::Closed),
        // Before the agreement stage there is nothing to write here yet.
        _ => {
            a.set_mode(AgreementMode::Refused);
            super::refuse(ui, AgreementProblem::WrongStage, "");
        }
    }
}

/// Fills the parties, the items and the follow-up's facts of `view` (`today` marks overdue
/// items). Shared with the screenshots' preview.
pub(super) fn fill(ui: &AppWindow, view: &CaseView, today: chrono::NaiveDate) {
    let a = ui.global::<RestorativeAgreementAdapter>();
    let agreement = view.case.agreement.as_ref();
    let signed = |p: &crate::domain::restorative::Party, s: Signer| {
        agreement.is_some_and(|a| a.signatures.contains(&(p.id, s)))
    };
    let parties: Vec<AgreementPartyRow> = view
        .parties
        .iter()
        .map(|p| AgreementPartyRow {
            name: p.name.as_str().into(),
            minor: p.party.is_minor(),
            representative: p
                .party
                .representatives
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
                .into(),
            signed: signed(&p.party, Signer::Party),
            representative_signed: signed(&p.party, Signer::Representative),
            copy_allowed: view.copies_allowed.contains(&p.party.id),
            withdrawn: p.standing == Standing::Withdrawn,
        })
        .collect();
    a.set_parties(ModelRc::new(VecModel::from(parties)));
    let name = |id| {
        view.parties
            .iter()
            .find(|p| p.party.id == id)
            .map_or_else(String::new, |p| p.name.clone())
    };
    let late = agreement.map_or_else(Vec::new, |a| overdue(&a.items, today));
    let items: Vec<AgreementItemRow> = agreement
        .map(|a| a.items.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, it)| AgreementItemRow {
            what: it.what.as_str().into(),
            who: name(it.who).into(),
            by: date(it.by).into(),
            checker: match it.checker {
                Checker::Party(p) => name(p).into(),
                Checker::Facilitator => "".into(),
            },
            status: it.status.key().into(),
            overdue: late.contains(&i),
            checked_on: it.checked_on.map(date).unwrap_or_default().into(),
        })
        .collect();
    a.set_items(ModelRc::new(VecModel::from(items)));
    a.set_made_on(
        agreement
            .map(|a| date(a.made_on))
            .unwrap_or_default()
            .into(),
    );
    a.set_all_signed(
        agreement.is_some_and(|a| a.missing_signatures(&view.case.parties).is_empty()),
    );
    a.set_all_allow_copy(
        view.case
            .parties
            .iter()
            .all(|p| view.copies_allowed.contains(&p.id)),
    );
    a.set_told_at(
        view.harmed_party_told
            .map(|t| {
                t.with_timezone(&crate::app::clock::zone())
                    .format("%d.%m.%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
            .into(),
    );
    a.set_outcome(
        match view.case.stage {
            Stage::Closed(o @ (Outcome::AgreementKept | Outcome::AgreementNotKept)) => o.key(),
            _ => "",
        }
        .into(),
    );
    // The items' statuses are `ItemStatus` keys: "open", "kept", "not_kept".
    debug_assert_eq!(ItemStatus::NotKept.key(), "not_kept");
}

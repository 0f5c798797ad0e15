//! A case's refusal as the screen's problem key and its one detail (an item's number, a
//! party's name): the screen words it in its own language. Nothing here reads a message.

use super::{party_name, representatives, AgreementProblem};
use crate::domain::restorative::{RestorativeRefusal, Signer};
use crate::store::restorative::CaseView;

/// Item numbers as people count them (from 1), joined.
fn numbers(items: &[usize]) -> String {
    items
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn refusal(
    r: &RestorativeRefusal,
    view: Option<&CaseView>,
) -> (AgreementProblem, String) {
    use AgreementProblem as P;
    use RestorativeRefusal as R;
    let none = String::new;
    match r {
        R::NotTheFacilitator => (P::NotTheFacilitator, none()),
        R::EmptyAgreement => (P::EmptyAgreement, none()),
        R::BlankItem { item } => (P::BlankItem, (item + 1).to_string()),
        R::DueBeforeAgreement { item, .. } => (P::DueBeforeAgreement, (item + 1).to_string()),
        R::UnknownParty { .. } => (P::UnknownParty, none()),
        R::MissingSignatures { missing } => {
            let names: Vec<String> = missing
                .iter()
                .map(|(party, signer)| match signer {
                    Signer::Party => party_name(view, *party),
                    Signer::Representative => representatives(view, *party),
                })
                .collect();
            (P::MissingSignatures, names.join(", "))
        }
        R::Withdrawn { party } => (P::Withdrawn, party_name(view, *party)),
        R::WrongStage { .. } | R::BadTransition { .. } => (P::WrongStage, none()),
        R::CaseClosed => (P::CaseClosed, none()),
        R::NoAgreement => (P::NoAgreement, none()),
        R::CopyNotAllowed { party } => (P::CopyNotAllowed, party_name(view, *party)),
        R::ItemsStillOpen { items } => (P::ItemsStillOpen, numbers(items)),
        // Not refusals this screen's acts meet; shown with the store's words if they come.
        other => (P::Store, other.to_string()),
    }
}

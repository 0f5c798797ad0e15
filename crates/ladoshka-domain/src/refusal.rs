//! Why the kiosk refused what was asked, as the domain's own types: a store call that a rule
//! refuses returns one of these (inside `StoreError::Refused`), and a screen maps it to its
//! words without matching text or running the rule again. Nothing was written when one comes
//! back.

use crate::eligibility::NotEligible;
use crate::loan::LoanRefusal;
use crate::rental_item::ItemRefusal;
use crate::rental_queue::QueueRefusal;
use crate::restorative::RestorativeRefusal;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The item with inventory `number` cannot take this event in its state.
    #[error("{number}: {why}")]
    Item { number: String, why: ItemRefusal },
    #[error(transparent)]
    Loan(#[from] LoanRefusal),
    #[error(transparent)]
    Queue(#[from] QueueRefusal),
    #[error(transparent)]
    NotEligible(#[from] NotEligible),
    #[error(
        "a family is waiting for a {kind}: {number} cannot be renewed; take it back when it is due"
    )]
    OthersWaiting { number: String, kind: String },
    #[error("the contract must be shown and signed by the parent before lending")]
    ContractNotSigned,
    #[error("this child has no recorded consent: nothing about them may be kept (enrol the family first)")]
    NoConsent,
    /// A withdrawal is recorded only with the parent's signature on it.
    #[error(
        "the parent has not signed the withdrawal: ask them to sign on the screen, then record it"
    )]
    WithdrawalNotSigned,
    /// The family still holds these items: erasing them would lose track of the items.
    #[error("the family still holds {}: take them back (or record them lost) before erasing the family", numbers.join(", "))]
    HoldsItems { numbers: Vec<String> },
    /// The family withdrew its consent for this child: nothing new is recorded about them.
    #[error("the family withdrew its consent for this child on {on}: nothing new may be recorded about them (their data will be erased within 30 days)")]
    ConsentWithdrawn { on: String },
    #[error(transparent)]
    Restorative(#[from] RestorativeRefusal),
    #[error("this child already follows route «{template}» (route {route}): close it before starting it again")]
    RouteAlreadyFollowed { template: String, route: i64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_what_the_rule_says() {
        let item = Refusal::Item {
            number: "К-0007".into(),
            why: ItemRefusal::NotCleaned,
        };
        assert_eq!(
            item.to_string(),
            format!("К-0007: {}", ItemRefusal::NotCleaned)
        );
        assert_eq!(
            Refusal::from(NotEligible::NoCategory).to_string(),
            NotEligible::NoCategory.to_string()
        );
        assert!(Refusal::NoConsent.to_string().contains("consent"));
    }
}

//! The life of a rental item: what may happen to it in each state, and why not when it may
//! not. The one rule that protects the next family: an item is never lent again before it has
//! been cleaned after its last return (or its repair, or being found).

use super::rental::ItemState;

/// Something staff do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemEvent {
    Lend,
    /// Brought back in order: it waits for cleaning.
    Return,
    /// Brought back damaged: it goes to repair (and is cleaned after).
    ReturnDamaged,
    StartCleaning,
    FinishCleaning,
    SendToRepair,
    Repaired,
    ReportLost,
    /// A lost item turned up: it is cleaned before anything else.
    Found,
    WriteOff,
}

impl ItemEvent {
    pub const ALL: [ItemEvent; 10] = [
        ItemEvent::Lend,
        ItemEvent::Return,
        ItemEvent::ReturnDamaged,
        ItemEvent::StartCleaning,
        ItemEvent::FinishCleaning,
        ItemEvent::SendToRepair,
        ItemEvent::Repaired,
        ItemEvent::ReportLost,
        ItemEvent::Found,
        ItemEvent::WriteOff,
    ];
}

/// Why an event cannot happen to an item in its state; the message says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ItemRefusal {
    #[error("this item has not been cleaned since it came back: clean it before lending it again")]
    NotCleaned,
    #[error("this item is being cleaned: finish the cleaning first")]
    BeingCleaned,
    #[error(
        "this item is already on loan: it can be lent again only after its return and cleaning"
    )]
    AlreadyOnLoan,
    #[error("this item is not on loan, so it cannot be returned (or it was returned already)")]
    NotOnLoan,
    #[error("this item is in repair: mark it repaired first (it is cleaned after)")]
    InRepair,
    #[error("this item is reported lost: mark it found first")]
    Lost,
    #[error("this item is written off: nothing more can happen to it")]
    WrittenOff,
    #[error("this item is on loan: take it back, or report it lost, before writing it off")]
    WriteOffOnLoan,
    #[error("this item does not wait for cleaning")]
    NothingToClean,
    #[error("this item is not being cleaned")]
    NotBeingCleaned,
    #[error("this item is not in repair")]
    NotInRepair,
    #[error("this item is not reported lost")]
    NotLost,
}

/// The state after `event`, or why it is refused.
pub fn next_state(state: ItemState, event: ItemEvent) -> Result<ItemState, ItemRefusal> {
    use ItemEvent as E;
    use ItemState as S;
    if state == S::WrittenOff {
        return Err(ItemRefusal::WrittenOff);
    }
    match (event, state) {
        (E::Lend, S::Available) => Ok(S::OnLoan),
        (E::Lend, S::AwaitingCleaning) => Err(ItemRefusal::NotCleaned),
        (E::Lend, S::Cleaning) => Err(ItemRefusal::BeingCleaned),
        (E::Lend, S::OnLoan) => Err(ItemRefusal::AlreadyOnLoan),
        (E::Lend, S::InRepair) => Err(ItemRefusal::InRepair),
        (E::Lend, S::Lost) => Err(ItemRefusal::Lost),

        (E::Return, S::OnLoan) => Ok(S::AwaitingCleaning),
        (E::ReturnDamaged, S::OnLoan) => Ok(S::InRepair),
        (E::Return | E::ReturnDamaged, _) => Err(ItemRefusal::NotOnLoan),

        (E::StartCleaning, S::AwaitingCleaning) => Ok(S::Cleaning),
        (E::StartCleaning, _) => Err(ItemRefusal::NothingToClean),
        (E::FinishCleaning, S::Cleaning) => Ok(S::Available),
        (E::FinishCleaning, _) => Err(ItemRefusal::NotBeingCleaned),

        (E::SendToRepair, S::Available | S::AwaitingCleaning | S::Cleaning) => Ok(S::InRepair),
        (E::SendToRepair, S::OnLoan) => Err(ItemRefusal::AlreadyOnLoan),
        (E::SendToRepair, S::InRepair) => Err(ItemRefusal::InRepair),
        (E::SendToRepair, S::Lost) => Err(ItemRefusal::Lost),
        (E::Repaired, S::InRepair) => Ok(S::AwaitingCleaning),
        (E::Repaired, _) => Err(ItemRefusal::NotInRepair),

        (E::ReportLost, S::OnLoan) => Ok(S::Lost),
        (E::ReportLost, _) => Err(ItemRefusal::NotOnLoan),
        (E::Found, S::Lost) => Ok(S::AwaitingCleaning),
        (E::Found, _) => Err(ItemRefusal::NotLost),

        (E::WriteOff, S::OnLoan) => Err(ItemRefusal::WriteOffOnLoan),
        (E::WriteOff, _) => Ok(S::WrittenOff),
        (_, S::WrittenOff) => Err(ItemRefusal::WrittenOff),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemEvent as E;
    use ItemState as S;

    /// Every allowed transition, written out; everything else must be refused.
    const ALLOWED: [(ItemState, ItemEvent, ItemState); 16] = [
        (S::Available, E::Lend, S::OnLoan),
        (S::OnLoan, E::Return, S::AwaitingCleaning),
        (S::OnLoan, E::ReturnDamaged, S::InRepair),
        (S::AwaitingCleaning, E::StartCleaning, S::Cleaning),
        (S::Cleaning, E::FinishCleaning, S::Available),
        (S::Available, E::SendToRepair, S::InRepair),
        (S::AwaitingCleaning, E::SendToRepair, S::InRepair),
        (S::Cleaning, E::SendToRepair, S::InRepair),
        (S::InRepair, E::Repaired, S::AwaitingCleaning),
        (S::OnLoan, E::ReportLost, S::Lost),
        (S::Lost, E::Found, S::AwaitingCleaning),
        (S::Available, E::WriteOff, S::WrittenOff),
        (S::AwaitingCleaning, E::WriteOff, S::WrittenOff),
        (S::Cleaning, E::WriteOff, S::WrittenOff),
        (S::InRepair, E::WriteOff, S::WrittenOff),
        (S::Lost, E::WriteOff, S::WrittenOff),
    ];

    #[test]
    fn every_transition_is_allowed_or_refused_as_written() {
        let states = [
            S::Available,
            S::OnLoan,
            S::AwaitingCleaning,
            S::Cleaning,
            S::InRepair,
            S::Lost,
            S::WrittenOff,
        ];
        let mut allowed = 0;
        for s in states {
            for e in ItemEvent::ALL {
                match ALLOWED.iter().find(|(from, ev, _)| *from == s && *ev == e) {
                    Some((_, _, to)) => {
                        assert_eq!(next_state(s, e), Ok(*to), "{s:?} + {e:?}");
                        allowed += 1;
                    }
                    None => assert!(next_state(s, e).is_err(), "{s:?} + {e:?} must be refused"),
                }
            }
        }
        assert_eq!(allowed, 16, "7 states × 10 events: 16 allowed, 54 refused");
    }

    #[test]
    fn an_item_is_never_lent_before_it_is_cleaned() {
        // Every way back into circulation passes through cleaning.
        for path in [
            vec![E::Lend, E::Return],
            vec![E::Lend, E::ReturnDamaged, E::Repaired],
            vec![E::Lend, E::ReportLost, E::Found],
            vec![E::SendToRepair, E::Repaired],
        ] {
            let mut s = S::Available;
            for e in &path {
                s = next_state(s, *e).unwrap();
            }
            assert_eq!(
                next_state(s, E::Lend),
                Err(ItemRefusal::NotCleaned),
                "after {path:?}"
            );
            s = next_state(s, E::StartCleaning).unwrap();
            assert_eq!(next_state(s, E::Lend), Err(ItemRefusal::BeingCleaned));
            s = next_state(s, E::FinishCleaning).unwrap();
            assert_eq!(next_state(s, E::Lend), Ok(S::OnLoan));
        }
    }

    #[test]
    fn refusals_say_what_to_do() {
        assert_eq!(
            next_state(S::Available, E::Return),
            Err(ItemRefusal::NotOnLoan)
        );
        assert_eq!(
            next_state(S::AwaitingCleaning, E::Return),
            Err(ItemRefusal::NotOnLoan),
            "a second return"
        );
        assert_eq!(
            next_state(S::OnLoan, E::Lend),
            Err(ItemRefusal::AlreadyOnLoan)
        );
        assert_eq!(
            next_state(S::OnLoan, E::WriteOff),
            Err(ItemRefusal::WriteOffOnLoan)
        );
        assert_eq!(
            next_state(S::WrittenOff, E::Found),
            Err(ItemRefusal::WrittenOff)
        );
        assert!(ItemRefusal::NotCleaned.to_string().contains("clean it"));
    }
}

//! The waiting list of the desk: who may join it for a kind, the first family's turn, and
//! leaving it.

use super::*;

pub(super) fn queue_refusal(
    e: &QueueRefusal,
    surname: &str,
    waiting: &[WaitingFamily],
) -> (DeskProblem, String, String) {
    match e {
        QueueRefusal::AlreadyHolds(_) => {
            (DeskProblem::AlreadyHolds, surname.to_owned(), String::new())
        }
        QueueRefusal::AlreadyWaiting(_) => (
            DeskProblem::AlreadyWaiting,
            surname.to_owned(),
            String::new(),
        ),
        QueueRefusal::NotTheirTurn { since, first, .. } => {
            let name = waiting
                .iter()
                .find(|w| w.family == *first)
                .map_or(String::new(), |w| w.surname.clone());
            (
                DeskProblem::NotTheirTurn,
                name,
                crate::app::clock::local_date(*since)
                    .format("%d.%m.%Y")
                    .to_string(),
            )
        }
    }
}

pub(super) fn join_queue(kiosk: &Rc<Kiosk>, family: FamilyId) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<RentalDeskState>();
    let d = &*st;
    let Some(card) = d.card.as_ref() else { return };
    let Some(c) = d.candidate(family) else {
        return;
    };
    if let Err((key, arg, arg2)) = super::lend::in_words(&c.wait, &c.who.surname, d, lang) {
        drop(st);
        refuse(&ui, key, &arg, &arg2);
        if needs_documents(key) {
            start_documents_check(kiosk, family, DeskPanel::Queue);
        }
        return;
    }
    let (item, kind, surname) = (card.id, card.kind, c.who.surname.clone());
    let title = d.kinds.title(kind, lang);
    drop(st);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.join_queue(family, kind)),
        move |k, ui, r| match r {
            Ok(_) => {
                say(ui, DeskNotice::Queued, &surname, &title);
                load_card(k, item, DeskPanel::Stock);
            }
            Err(e) => failed(k, ui, &e),
        },
    );
}

/// The family first in line for the item's kind no longer needs it (or cannot be reached):
/// off the list, and the next family's turn comes.
pub(super) fn leave_queue(kiosk: &Rc<Kiosk>) {
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<RentalDeskState>();
    let d = &*st;
    let (Some(card), Some(first)) = (d.card.as_ref(), d.waiting.first()) else {
        return;
    };
    let (item, kind, family, surname) = (card.id, card.kind, first.family, first.surname.clone());
    let title = d.kinds.title(kind, lang);
    drop(st);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.leave_queue(family, kind)),
        move |k, ui, r| match r {
            Ok(()) => {
                say(ui, DeskNotice::LeftQueue, &surname, &title);
                load_card(k, item, DeskPanel::Stock);
            }
            Err(e) => failed(k, ui, &e),
        },
    );
}

//! The waiting list of the desk: who may join it for a kind, the first family's turn, and
//! leaving it.

use super::*;

pub(super) fn queue_of(waiting: &[WaitingFamily], kind: RentalKind) -> Vec<Waiting> {
    waiting
        .iter()
        .enumerate()
        .map(|(i, w)| Waiting {
            id: i as i64,
            family: w.family,
            kind,
            since: w.since,
        })
        .collect()
}

/// Whether `c` may join the waiting list for `kind`.
pub(super) fn wait_verdict(
    c: &LendCandidate,
    kind: RentalKind,
    waiting: &[WaitingFamily],
    categories: &[Category],
    today: NaiveDate,
    lang: Language,
) -> Result<String, (&'static str, String, String)> {
    let title = eligibility_of(c, categories, today, lang)?;
    rental_queue::may_wait(c.family, kind, &c.holds, &queue_of(waiting, kind))
        .map_err(|e| queue_refusal(&e, &c.surname, waiting))?;
    Ok(title)
}

pub(super) fn queue_refusal(
    e: &QueueRefusal,
    surname: &str,
    waiting: &[WaitingFamily],
) -> (&'static str, String, String) {
    match e {
        QueueRefusal::AlreadyHolds(_) => ("already_holds", surname.to_owned(), String::new()),
        QueueRefusal::AlreadyWaiting(_) => ("already_waiting", surname.to_owned(), String::new()),
        QueueRefusal::NotTheirTurn { since, first, .. } => {
            let name = waiting
                .iter()
                .find(|w| w.family == *first)
                .map_or(String::new(), |w| w.surname.clone());
            (
                "not_their_turn",
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
    let today = crate::app::clock::today();
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<RentalDeskState>();
    let d = &*st;
    let Some(card) = d.card.as_ref() else { return };
    let Some(c) = d.candidates.iter().find(|c| c.family == family) else {
        return;
    };
    if let Err((key, arg, arg2)) =
        wait_verdict(c, card.kind, &d.waiting, &d.categories, today, lang)
    {
        drop(st);
        refuse(&ui, key, &arg, &arg2);
        if needs_documents(key) {
            start_documents_check(kiosk, family, DeskPanel::Queue);
        }
        return;
    }
    let (item, kind, surname) = (card.id, card.kind, c.surname.clone());
    let title = d.kinds.title(kind, lang);
    drop(st);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.join_queue(family, kind)),
        move |k, ui, r| match r {
            Ok(_) => {
                say(ui, "queued", &surname, &title);
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
                say(ui, "left_queue", &surname, &title);
                load_card(k, item, DeskPanel::Stock);
            }
            Err(e) => failed(k, ui, &e),
        },
    );
}

//! Lending from the desk: the families who may borrow, the domain's verdict on each (shown in
//! the screen's words before anything is sent), the contract with its term, the signature, the
//! loan itself and its renewal.

use super::*;

/// Reads every family with the store's answers for the item on the card, then shows them.
pub(super) fn load_candidates(kiosk: &Rc<Kiosk>) {
    let Some(kind) = kiosk
        .view_of::<RentalDeskState>()
        .card
        .as_ref()
        .map(|c| c.kind)
    else {
        return;
    };
    let today = crate::app::clock::today();
    desk_ask(
        kiosk,
        move |s| Ok::<_, StoreError>((s.desk_candidates(kind, today)?, s.rental_categories()?)),
        move |k, ui, r| match r {
            Ok((c, categories)) => {
                let chosen = {
                    let mut st = k.state_of::<RentalDeskState>();
                    st.candidates = c;
                    st.categories = categories;
                    st.chosen
                };
                show_families(k);
                if chosen.is_some() {
                    choose_family(k, chosen);
                }
            }
            Err(e) => failed(k, ui, &e),
        },
    );
}

/// The store's answer for one family in the desk's words: the title of the category it
/// borrows under, or the refusal as a screen key and its details.
pub(super) fn in_words(
    answer: &Result<String, Refusal>,
    surname: &str,
    d: &RentalDeskState,
    lang: Language,
) -> Result<String, (DeskProblem, String, String)> {
    match answer {
        Ok(key) => Ok(d
            .categories
            .iter()
            .find(|k| &k.key == key)
            .map_or(key.clone(), |k| k.title.get(lang).to_owned())),
        Err(r) => Err(refusal_words(r, surname, d, lang)),
    }
}

/// Refusals that a documents check can put right.
pub(super) fn needs_documents(key: DeskProblem) -> bool {
    matches!(
        key,
        DeskProblem::NoCategory
            | DeskProblem::DocumentsMissing
            | DeskProblem::CheckTooOld
            | DeskProblem::UnknownCategory
    )
}

pub(super) fn not_eligible(
    e: &NotEligible,
    surname: &str,
    cats: &[Category],
    lang: Language,
) -> (DeskProblem, String, String) {
    match e {
        NotEligible::NoConsent => (DeskProblem::NoConsent, surname.to_owned(), String::new()),
        NotEligible::NoCategory => (DeskProblem::NoCategory, surname.to_owned(), String::new()),
        NotEligible::DocumentsMissing { category, missing } => {
            let titles: Vec<String> = missing
                .iter()
                .map(|m| {
                    cats.iter()
                        .find(|c| &c.key == category)
                        .and_then(|c| c.documents.iter().find(|d| &d.key == m))
                        .map_or(m.clone(), |d| d.title.get(lang).to_owned())
                })
                .collect();
            (
                DeskProblem::DocumentsMissing,
                titles.join(", "),
                String::new(),
            )
        }
        NotEligible::CheckTooOld { checked_on } => (
            DeskProblem::CheckTooOld,
            checked_on.format("%d.%m.%Y").to_string(),
            String::new(),
        ),
        NotEligible::UnknownCategory(c) => (DeskProblem::UnknownCategory, c.clone(), String::new()),
    }
}

pub(super) fn show_families(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let st = kiosk.state.borrow();
    let me = kiosk.view_of::<RentalDeskState>();
    let d = &*me;
    if d.card.is_none() {
        return;
    }
    if d.chosen.is_some() {
        // A family is signing: the list of the others stays out of the model.
        drop(me);
        drop(st);
        ui.global::<RentalDeskAdapter>()
            .set_families(ModelRc::default());
        return;
    }
    let lang = st.language;
    let wanted = d.filter.trim().to_lowercase();
    let queueing = ui.global::<RentalDeskAdapter>().get_panel() == DeskPanel::Queue;
    let rows: Vec<RentalFamilyRow> = d
        .candidates
        .iter()
        .filter(|c| wanted.is_empty() || c.who.surname.to_lowercase().starts_with(&wanted))
        .take(50)
        .map(|c| {
            let answer = if queueing { &c.wait } else { &c.lend };
            let verdict = in_words(answer, &c.who.surname, d, lang);
            let c = &c.who;
            let (detail, problem, arg) = match verdict {
                Ok(title) => (title, DeskProblem::None, String::new()),
                Err((key, arg, _)) => (String::new(), key, arg),
            };
            RentalFamilyRow {
                id: c.family.0 as i32,
                name: format!(
                    "{} {}",
                    c.surname,
                    c.parent_name.split_whitespace().nth(1).unwrap_or("")
                )
                .trim()
                .to_owned()
                .into(),
                detail: detail.into(),
                problem,
                problem_arg: arg.into(),
            }
        })
        .collect();
    drop(st);
    ui.global::<RentalDeskAdapter>()
        .set_families(ModelRc::new(VecModel::from(rows)));
}

/// Chooses `family` for the loan (or none): refused with the reason when the family may not
/// borrow this item; otherwise the term, the due date and the contract are shown and the
/// signature pad is cleared (a signature belongs to one text).
pub(super) fn choose_family(kiosk: &Rc<Kiosk>, family: Option<FamilyId>) {
    if choose(kiosk, family) {
        let own = family.and_then(|f| {
            kiosk
                .view_of::<RentalDeskState>()
                .candidate(f)
                .map(|c| c.who.surname.clone())
        });
        if let Some(ui) = kiosk.ui.upgrade() {
            parent_at_desk(&ui, own.as_deref());
        }
    } else {
        // No family signs: the list (with its surnames) is the staff's again.
        show_families(kiosk);
    }
}

/// A parent stands at the desk (signing a loan, bringing an item back): nothing of another
/// family stays in the desk's model — the families list, the loans to bring back with their
/// phones, the item's earlier borrowers, the family first in line. They come back with the
/// next card or panel.
pub(super) fn parent_at_desk(ui: &AppWindow, own_surname: Option<&str>) {
    let a = ui.global::<RentalDeskAdapter>();
    // A notice or a documents check about another family (not the one at the desk) goes too.
    let about_others = |t: &str| !t.is_empty() && own_surname.is_none_or(|s| !t.contains(s));
    let (arg, arg2) = (a.get_notice_arg(), a.get_notice_arg2());
    let mentions_own = own_surname.is_some_and(|s| arg.contains(s) || arg2.contains(s));
    if !mentions_own && (!arg.is_empty() || !arg2.is_empty()) {
        a.set_notice(DeskNotice::None);
        a.set_notice_arg(SharedString::new());
        a.set_notice_arg2(SharedString::new());
    }
    // An earlier refusal (often about another family) is no longer on screen.
    if a.get_problem() == DeskProblem::None {
        a.set_problem_arg(SharedString::new());
        a.set_problem_arg2(SharedString::new());
    }
    if about_others(&a.get_check_family()) {
        a.set_check_family(SharedString::new());
    }
    a.set_families(ModelRc::default());
    a.set_overdue(ModelRc::default());
    a.set_history(ModelRc::default());
    a.set_next_family(SharedString::new());
    a.set_next_phone(SharedString::new());
    a.set_next_since(SharedString::new());
}

/// Chooses `family` when it may borrow; whether one is now chosen.
fn choose(kiosk: &Rc<Kiosk>, family: Option<FamilyId>) -> bool {
    let Some(ui) = kiosk.ui.upgrade() else {
        return false;
    };
    let a = ui.global::<RentalDeskAdapter>();
    let today = crate::app::clock::today();
    let lang = kiosk.state_language();
    let mut st = kiosk.state_of::<RentalDeskState>();
    let d = &mut *st;
    d.ink.clear();
    d.chosen = None;
    a.set_chosen_family(-1);
    a.set_contract(SharedString::new());
    show_ink(&ui, &d.ink);
    let (Some(family), Some(card)) = (family, d.card.as_ref()) else {
        return false;
    };
    let Some(c) = d.candidate(family).cloned() else {
        return false;
    };
    if let Err((key, arg, arg2)) = in_words(&c.lend, &c.who.surname, d, lang) {
        let fixable = needs_documents(key);
        drop(st);
        refuse(&ui, key, &arg, &arg2);
        if fixable {
            start_documents_check(kiosk, family, DeskPanel::Lend);
        }
        return false;
    }
    let due = match loan::due_date(today, d.months, today) {
        Ok(due) => due,
        Err(_) => {
            refuse(&ui, DeskProblem::BadTerm, "", "");
            return false;
        }
    };
    let operator = kiosk.config.operator.trim();
    if operator.is_empty() {
        refuse(&ui, DeskProblem::NoOperator, "", "");
        return false;
    }
    d.contract = contract_text(
        &ContractTerms {
            operator,
            parent_name: &c.who.parent_name,
            kind: &d.kinds.title(card.kind, Language::Ru),
            kind_translated: &d.kinds.title(card.kind, lang),
            inventory_number: &card.inventory_number,
            condition: &card.condition_notes,
            start: today,
            due,
        },
        lang,
    );
    d.chosen = Some(family);
    d.start = Some(today);
    a.set_problem(DeskProblem::None);
    a.set_chosen_family(family.0 as i32);
    a.set_chosen_name(c.who.parent_name.as_str().into());
    a.set_months(d.months as i32);
    a.set_due(due.format("%d.%m.%Y").to_string().into());
    a.set_contract(d.contract.as_str().into());
    true
}

pub(super) fn show_ink(ui: &AppWindow, ink: &Signature) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_ink(ink.path_commands().into());
    a.set_signed(ink.is_signed());
}

pub(super) fn lend(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let st = kiosk.view_of::<RentalDeskState>();
    let d = &*st;
    let (Some(card), Some(family)) = (d.card.as_ref(), d.chosen) else {
        return;
    };
    if !d.ink.is_signed() {
        drop(st);
        refuse(&ui, DeskProblem::NotSigned, "", "");
        return;
    }
    let item = card.id;
    let number = card.inventory_number.clone();
    let surname = d
        .candidate(family)
        .map(|c| c.who.surname.clone())
        .unwrap_or_default();
    let months = d.months;
    let contract = d.contract.clone();
    let png = d.ink.to_png();
    // The loan starts on the day the contract names, even if midnight has passed since.
    let today = d.start.unwrap_or_else(crate::app::clock::today);
    drop(st);
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.lend(item, family, months, today, &contract, &png, by)),
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(_) => {
                    tracing::info!(item, "lent");
                    say(ui, DeskNotice::Lent, &number, &surname);
                    {
                        // The contract and the signature are kept with the loan, not here.
                        let mut st = k.state_of::<RentalDeskState>();
                        let d = &mut *st;
                        d.ink.clear();
                        d.chosen = None;
                        d.contract.clear();
                    }
                    let a = ui.global::<RentalDeskAdapter>();
                    a.set_contract(SharedString::new());
                    a.set_chosen_family(-1);
                    show_ink(ui, &Signature::default());
                    load_card(k, item, DeskPanel::Stock);
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

/// Renews the loan of the item on the card; the store refuses (typed) while another family
/// waits for the kind or when the loan has run as long as it may.
pub(super) fn renew(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let today = crate::app::clock::today();
    let Some((item, number)) = kiosk
        .view_of::<RentalDeskState>()
        .card
        .as_ref()
        .filter(|c| c.loan.is_some())
        .map(|c| (c.id, c.inventory_number.clone()))
    else {
        return;
    };
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.renew_loan(item, RENEWAL_MONTHS, today)),
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(due) => {
                    say(
                        ui,
                        DeskNotice::Renewed,
                        &number,
                        &due.format("%d.%m.%Y").to_string(),
                    );
                    load_card(k, item, DeskPanel::Stock);
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

/// A loan's refusal as the desk's problem key and its detail.
pub(super) fn loan_refusal(r: &LoanRefusal) -> (DeskProblem, String, String) {
    let (key, arg) = match r {
        LoanRefusal::TooManyRenewals(_) => (DeskProblem::TooManyRenewals, String::new()),
        LoanRefusal::TooLong { start, .. } => (
            DeskProblem::TooLong,
            start
                .checked_add_months(chrono::Months::new(loan::MAX_TOTAL_MONTHS))
                .unwrap_or(*start)
                .format("%d.%m.%Y")
                .to_string(),
        ),
        LoanRefusal::DueInThePast { due, .. } => {
            (DeskProblem::DueInPast, due.format("%d.%m.%Y").to_string())
        }
        LoanRefusal::BadTerm(_) => (DeskProblem::BadTerm, String::new()),
    };
    (key, arg, String::new())
}

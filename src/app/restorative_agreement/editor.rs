//! Writing the agreement: items of who does what (typed), who does it and who checks (a tap
//! goes to the next party; the checker may be the facilitator), and by when (+7/+14/+30 days
//! from the agreement's date, or a day earlier or later, never before it). «Save the
//! agreement» checks the items as the domain does and records `CaseAct::Agreement`.

use std::rc::Rc;

use chrono::{Days, NaiveDate};
use slint::{ComponentHandle, Model, ModelRc, VecModel};

use super::super::{AppWindow, DraftItemRow};
use super::{
    act, refuse, say, words, AgreementMode, AgreementNotice, AgreementState, Draft, Kiosk,
    RestorativeAgreementAdapter,
};
use crate::domain::restorative::{Agreement, AgreementItem, Checker};
use crate::store::restorative::{CaseAct, CaseView};

/// A new item is due this many days after the agreement.
const DEFAULT_DAYS: u64 = 14;

pub(super) fn wire(a: &RestorativeAgreementAdapter, kiosk: &Rc<Kiosk>) {
    let k = kiosk.clone();
    a.on_add_item(move || add_item(&k));
    let k = kiosk.clone();
    a.on_remove_item(move |i| {
        change(&k, i, |st, i| {
            st.draft.remove(i);
            true
        })
    });
    let k = kiosk.clone();
    a.on_edit_what(move |i, text| {
        // Only the state: the field keeps what is typed (no model change, no lost focus).
        if let Some(d) = k
            .state_of::<AgreementState>()
            .draft
            .get_mut(i.max(0) as usize)
        {
            d.what = text.to_string();
        }
    });
    let k = kiosk.clone();
    a.on_next_who(move |i| {
        change(&k, i, |st, i| {
            let n = parties(st);
            let d = &mut st.draft[i];
            d.who = (d.who + 1) % n.max(1);
            false
        })
    });
    let k = kiosk.clone();
    a.on_next_checker(move |i| {
        change(&k, i, |st, i| {
            // The parties in turn, then the facilitator, then the first party again.
            let n = parties(st);
            let d = &mut st.draft[i];
            d.checker = match d.checker {
                None if n > 0 => Some(0),
                Some(c) if c + 1 < n => Some(c + 1),
                _ => None,
            };
            false
        })
    });
    let k = kiosk.clone();
    a.on_due_in(move |i, days| {
        change(&k, i, move |st, i| {
            let from = made_on(st);
            st.draft[i].by = from + Days::new(days.max(0) as u64);
            false
        })
    });
    let k = kiosk.clone();
    a.on_shift_due(move |i, by| {
        change(&k, i, move |st, i| {
            let from = made_on(st);
            let d = &mut st.draft[i];
            let moved = if by < 0 {
                d.by.checked_sub_days(Days::new(by.unsigned_abs().into()))
            } else {
                d.by.checked_add_days(Days::new(by as u64))
            };
            d.by = moved.unwrap_or(d.by).max(from);
            false
        })
    });
    let k = kiosk.clone();
    a.on_save_agreement(move || save(&k));
    let k = kiosk.clone();
    a.on_rewrite(move || rewrite(&k));
}

fn parties(st: &AgreementState) -> usize {
    st.view.as_ref().map_or(0, |v| v.parties.len())
}

fn made_on(st: &AgreementState) -> NaiveDate {
    st.made_on.unwrap_or_else(crate::app::clock::today)
}

fn new_item(st: &AgreementState) -> Draft {
    let last = st.draft.last();
    Draft {
        what: String::new(),
        who: last.map_or(0, |d| d.who),
        checker: None,
        by: made_on(st) + Days::new(DEFAULT_DAYS),
    }
}

/// Opens the editor on a new agreement dated today, with one empty item.
pub(super) fn start(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<AgreementState>();
        st.made_on = Some(crate::app::clock::today());
        st.draft.clear();
        let first = new_item(&st);
        st.draft.push(first);
    }
    show_draft(kiosk, ui);
    ui.global::<RestorativeAgreementAdapter>()
        .set_mode(AgreementMode::Editing);
}

/// «Change the agreement»: the saved items back in the editor, dated today; saved again, it is
/// signed again.
fn rewrite(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    {
        let mut st = kiosk.state_of::<AgreementState>();
        let Some(view) = st.view.clone() else { return };
        let Some(agreement) = view.case.agreement.as_ref() else {
            return;
        };
        let index = |id| view.parties.iter().position(|p| p.party.id == id);
        st.made_on = Some(crate::app::clock::today());
        st.draft = agreement
            .items
            .iter()
            .map(|it| Draft {
                what: it.what.clone(),
                who: index(it.who).unwrap_or(0),
                checker: match it.checker {
                    Checker::Party(p) => index(p),
                    Checker::Facilitator => None,
                },
                by: it.by,
            })
            .collect();
    }
    say(&ui, AgreementNotice::None, "");
    show_draft(kiosk, &ui);
    ui.global::<RestorativeAgreementAdapter>()
        .set_mode(AgreementMode::Editing);
}

fn add_item(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    {
        let mut st = kiosk.state_of::<AgreementState>();
        let item = new_item(&st);
        st.draft.push(item);
    }
    show_draft(kiosk, &ui);
}

/// Changes item `i` with `f`; `true` from `f`: the list's length changed (the whole list is
/// shown again), else only the item's row is (its text field keeps the focus).
fn change(kiosk: &Rc<Kiosk>, i: i32, f: impl FnOnce(&mut AgreementState, usize) -> bool) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let i = i.max(0) as usize;
    let whole = {
        let mut st = kiosk.state_of::<AgreementState>();
        if i >= st.draft.len() {
            return;
        }
        f(&mut st, i)
    };
    if whole {
        show_draft(kiosk, &ui);
    } else {
        let st = kiosk.view_of::<AgreementState>();
        let model = ui.global::<RestorativeAgreementAdapter>().get_draft();
        if let (Some(d), Some(view)) = (st.draft.get(i), st.view.as_ref()) {
            if i < model.row_count() {
                model.set_row_data(i, row(d, view));
            }
        }
    }
}

fn row(d: &Draft, view: &CaseView) -> DraftItemRow {
    let name = |i: usize| {
        view.parties
            .get(i)
            .map_or_else(String::new, |p| p.name.clone())
    };
    DraftItemRow {
        what: d.what.as_str().into(),
        who: name(d.who).into(),
        by: super::date(d.by).into(),
        checker: d.checker.map(name).unwrap_or_default().into(),
    }
}

fn show_draft(kiosk: &Kiosk, ui: &AppWindow) {
    let st = kiosk.view_of::<AgreementState>();
    let Some(view) = st.view.as_ref() else { return };
    let rows: Vec<DraftItemRow> = st.draft.iter().map(|d| row(d, view)).collect();
    ui.global::<RestorativeAgreementAdapter>()
        .set_draft(ModelRc::new(VecModel::from(rows)));
}

/// The agreement the editor holds, as the domain takes it.
fn agreement(st: &AgreementState) -> Option<Agreement> {
    let view = st.view.as_ref()?;
    let id = |i: usize| view.parties.get(i).map(|p| p.party.id);
    let items = st
        .draft
        .iter()
        .map(|d| {
            let checker = match d.checker {
                Some(c) => Checker::Party(id(c)?),
                None => Checker::Facilitator,
            };
            Some(AgreementItem::new(&d.what, id(d.who)?, d.by, checker))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Agreement::new(made_on(st), items))
}

/// «Save the agreement»: checked here as the domain does (the store checks again).
fn save(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let checked = {
        let st = kiosk.view_of::<AgreementState>();
        let Some(view) = st.view.as_ref() else { return };
        let Some(agreement) = agreement(&st) else {
            return;
        };
        agreement
            .check_items(&view.case.parties)
            .map(|()| agreement)
            .map_err(|r| words::refusal(&r, Some(view)))
    };
    match checked {
        Err((key, arg)) => refuse(&ui, key, &arg),
        Ok(agreement) => act(kiosk, CaseAct::Agreement(agreement), |k, ui, _| {
            k.state_of::<AgreementState>().draft.clear();
            ui.global::<RestorativeAgreementAdapter>()
                .set_draft(ModelRc::default());
            say(ui, AgreementNotice::Saved, "");
        }),
    }
}

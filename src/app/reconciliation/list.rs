//! Adapter of the reconciliation room's case list (`Route::Reconciliation`): every case by its
//! number, programme kind, stage and referral date, open ones first (the store's order); a case
//! the viewer may not open shows no more than that and cannot be opened. On top, the viewer's
//! agreement items waiting for their check, overdue first; an item's words wait for «Show»,
//! since a child may see the screen.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};

use crate::app::generation::{ask_current, Generation, Generational};
use crate::app::navigator::{Adapter, Plain, Route};
use crate::app::{AppWindow, CaseDueRow, CaseListRow, Kiosk, ReconciliationAdapter, Screen};
use crate::domain::restorative::CaseId;
use crate::store::restorative::{CaseRow, DueItem};
use crate::store::StoreError;

#[derive(Default)]
pub(crate) struct ListState {
    generation: Generation,
    cases: Vec<CaseRow>,
    due: Vec<DueItem>,
}

impl Generational for ListState {
    const SCREEN: Screen = Screen::Reconciliation;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn Adapter> {
    let a = ui.global::<ReconciliationAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_new_case(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::RestorativeReferral);
        }
    });
    let k = kiosk.clone();
    a.on_open_case(move |id| {
        let Some(ui) = k.ui.upgrade() else { return };
        let id = CaseId(id.into());
        // Only a case the store said this viewer may open; the case screen asks again.
        let may = k
            .view_of::<ListState>()
            .cases
            .iter()
            .any(|c| c.id == id && c.may_open);
        if may {
            clear(&k, &ui);
            k.go(&ui, Route::RestorativeCase(id));
        }
    });
    let k = kiosk.clone();
    a.on_reveal(move |on| {
        if let Some(ui) = k.ui.upgrade() {
            crate::app::child_present::set_revealed(&k, &ui, on);
            show(&k, &ui);
        }
    });
    Rc::new(Plain::<ListState>::new(
        |r| matches!(r, Route::Reconciliation),
        open,
        clear,
    ))
}

fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::Reconciliation);
    load(kiosk);
}

fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    let mut st = kiosk.state_of::<ListState>();
    let mut generation = st.generation;
    generation.bump();
    *st = ListState {
        generation,
        ..Default::default()
    };
    drop(st);
    let a = ui.global::<ReconciliationAdapter>();
    a.set_cases(ModelRc::default());
    a.set_due(ModelRc::default());
    a.set_loaded(false);
    a.set_failed(false);
}

fn load(kiosk: &Rc<Kiosk>) {
    let Some(me) = kiosk.signed_in() else { return };
    let today = crate::app::clock::today();
    ask_current::<ListState, _>(
        kiosk,
        move |s| {
            let cases = s.restorative_cases(me.staff)?;
            let due = s.restorative_due(me.staff, today)?;
            Ok::<_, StoreError>((cases, due))
        },
        |k, ui, r| match r {
            Ok((cases, due)) => {
                let mut st = k.state_of::<ListState>();
                st.cases = cases;
                st.due = due;
                drop(st);
                show(k, ui);
            }
            Err(e) => {
                tracing::error!("cannot read the restorative cases: {e}");
                ui.global::<ReconciliationAdapter>().set_failed(true);
            }
        },
    );
}

fn show(kiosk: &Kiosk, ui: &AppWindow) {
    let revealed = crate::app::child_present::revealed(kiosk);
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<ListState>();
    let a = ui.global::<ReconciliationAdapter>();
    a.set_cases(ModelRc::new(VecModel::from(case_rows(&st.cases))));
    a.set_due(ModelRc::new(VecModel::from(due_rows(
        &st.due, revealed, lang,
    ))));
    a.set_loaded(true);
}

/// The list's lines: numbers, kinds, stages and dates only.
pub(crate) fn case_rows(cases: &[CaseRow]) -> Vec<CaseListRow> {
    cases
        .iter()
        .map(|c| {
            let (stage, outcome) = super::words::stage(c.stage);
            CaseListRow {
                id: c.id.0 as i32,
                number: c.id.0 as i32,
                kind: super::words::kind(c.kind),
                stage,
                outcome,
                referred: c.referred_on.format("%d.%m.%Y").to_string().into(),
                may_open: c.may_open,
                overdue: if c.may_open { c.overdue as i32 } else { 0 },
            }
        })
        .collect()
}

/// The viewer's items to check; the words only when shown.
pub(crate) fn due_rows(
    due: &[DueItem],
    revealed: bool,
    lang: crate::domain::Language,
) -> Vec<CaseDueRow> {
    due.iter()
        .map(|d| CaseDueRow {
            case_id: d.case.0 as i32,
            number: d.case.0 as i32,
            item: d.item as i32 + 1,
            what: if revealed {
                d.what.as_str().into()
            } else {
                Default::default()
            },
            by: lang.short_date(d.by).into(),
            overdue: d.overdue,
        })
        .collect()
}

//! Adapter of the rental desk: a scanned (or typed) label finds an item; its card offers what
//! its state allows — lend to an eligible family under a signed contract, take back, clean,
//! repair, renew, report lost — and, once the item is available, names the family first in
//! line for its kind. The domain's rules are checked here first so a refusal is shown in the
//! screen's language before anything is sent; the store checks them again in the same
//! transaction as the write.

use std::rc::Rc;

use chrono::NaiveDate;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::generation::{ask_current, Generation, Generational};
use super::navigator::Route;
use super::{
    AppWindow, DeskNotice, DeskPanel, DeskProblem, Kiosk, RentalCategoryRow, RentalDeskAdapter,
    RentalDocumentRow, RentalFamilyRow, RentalHistoryRow, RentalStockRow, Screen,
};
use crate::domain::eligibility::{Category, CategoryCheck, NotEligible};
use crate::domain::loan::{self, LoanRefusal};
use crate::domain::rental_contract::{contract_text, ContractTerms};
use crate::domain::rental_item::{ItemEvent, ItemRefusal};
use crate::domain::rental_queue::QueueRefusal;
use crate::domain::Refusal;
use crate::domain::RentalKinds;
use crate::domain::{FamilyId, ItemState, Language, RentalKind, Signature};
use crate::store::{DeskCandidate, ItemCard, StoreError, WaitingFamily};

mod card;
mod documents;
mod lend;
pub(crate) mod preview;
mod queue;
mod stock;
mod take_back;

pub use card::item_refusal_key;
use card::*;
pub(crate) use card::{photo_pixels, show_card};
use documents::*;
use lend::*;
use queue::*;
pub use stock::{catalogue_rows, stock_rows};
use take_back::*;

/// A renewal adds this many months (within the contract's limits).
pub const RENEWAL_MONTHS: u32 = 3;

#[derive(Default)]
pub(crate) struct RentalDeskState {
    card: Option<ItemCard>,
    /// Every family with the store's answers for the item on the card (lend, wait).
    candidates: Vec<DeskCandidate>,
    waiting: Vec<WaitingFamily>,
    filter: String,
    chosen: Option<FamilyId>,
    months: u32,
    contract: String,
    ink: Signature,
    /// The centre's categories of families the rental serves.
    categories: Vec<Category>,
    /// The centre's kinds of equipment (titles, default terms), as last read with a card or a
    /// panel.
    kinds: RentalKinds,
    /// Bumped by `clear`: an answer from the store for an earlier desk (left, signed out, timed
    /// out) is dropped, so nothing of a family comes back after it was cleared.
    generation: Generation,
    /// The day the contract shown was made for: the loan starts on it.
    start: Option<NaiveDate>,
    /// A documents check under way: the family, the category chosen, which documents are ticked,
    /// and the panel to go back to.
    check: Option<DocumentsCheck>,
    /// The picture from the camera folder to save with the return: its file and bytes.
    return_photo: Option<(std::path::PathBuf, Vec<u8>)>,
}

impl Generational for RentalDeskState {
    const SCREEN: Screen = Screen::RentalDesk;
    const STAFF_ONLY: bool = true;
    fn generation(&self) -> Generation {
        self.generation
    }
}

impl RentalDeskState {
    /// The family `family` with the store's answers, when the desk has read it.
    fn candidate(&self, family: FamilyId) -> Option<&DeskCandidate> {
        self.candidates.iter().find(|c| c.who.family == family)
    }
}

/// Opens [`Route::RentalDesk`](super::navigator::Route::RentalDesk) at a panel.
pub(crate) struct RentalDesk {
    state: std::cell::RefCell<RentalDeskState>,
}

impl super::navigator::Adapter for RentalDesk {
    fn answers(&self, route: &super::navigator::Route) -> bool {
        matches!(route, super::navigator::Route::RentalDesk(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: super::navigator::Route) {
        if let super::navigator::Route::RentalDesk(panel) = route {
            open(kiosk, ui, panel);
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<RentalDeskAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.go(&ui, Route::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_scan(move |text| scan(&k, text.as_str()));
    let k = kiosk.clone();
    a.on_show(move |panel| show_panel(&k, panel));
    let k = kiosk.clone();
    a.on_filter_families(move |t| {
        k.state_of::<RentalDeskState>().filter = t.to_string();
        show_families(&k);
    });
    let k = kiosk.clone();
    a.on_choose_family(move |id| {
        if id < 0 {
            // "Another family": the whole list again.
            k.state_of::<RentalDeskState>().filter.clear();
            choose_family(&k, None);
            show_families(&k);
        } else {
            choose_family(&k, Some(FamilyId(i64::from(id))));
        }
    });
    let k = kiosk.clone();
    a.on_change_months(move |d| {
        let months = {
            let st = k.view_of::<RentalDeskState>();
            (st.months as i32)
                .saturating_add(d)
                .clamp(1, loan::MAX_TOTAL_MONTHS as i32) as u32
        };
        k.state_of::<RentalDeskState>().months = months;
        let chosen = k.view_of::<RentalDeskState>().chosen;
        choose_family(&k, chosen);
    });
    let k = kiosk.clone();
    a.on_stroke(move |phase, x, y, w, h| {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<RentalDeskState>();
        let ink = &mut st.ink;
        ink.touch(phase, x, y, w, h);
        show_ink(&ui, ink);
    });
    let k = kiosk.clone();
    a.on_clear_ink(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state_of::<RentalDeskState>();
        st.ink.clear();
        show_ink(&ui, &st.ink);
    });
    let k = kiosk.clone();
    a.on_lend(move || lend(&k));
    let k = kiosk.clone();
    a.on_take_back(move |damaged| take_back(&k, damaged));
    let k = kiosk.clone();
    a.on_pick_return_photo(move || pick_return_photo(&k));
    let k = kiosk.clone();
    a.on_item_event(move |key| item_event(&k, key.as_str()));
    let k = kiosk.clone();
    a.on_renew(move || renew(&k));
    let k = kiosk.clone();
    a.on_lend_to_next(move || {
        let next = k
            .view_of::<RentalDeskState>()
            .waiting
            .first()
            .map(|w| w.family);
        if let Some(family) = next {
            show_panel(&k, DeskPanel::Lend);
            // The candidates arrive with the panel; choose once they are there.
            k.state_of::<RentalDeskState>().chosen = Some(family);
        }
    });
    let k = kiosk.clone();
    a.on_open_item(move |id| {
        say_nothing(&k);
        load_card(&k, i64::from(id), DeskPanel::Catalogue);
    });
    let k = kiosk.clone();
    a.on_choose_category(move |key| choose_category(&k, key.as_str()));
    let k = kiosk.clone();
    a.on_toggle_document(move |i| toggle_document(&k, i.max(0) as usize));
    let k = kiosk.clone();
    a.on_save_check(move || save_check(&k));
    let k = kiosk.clone();
    a.on_leave_queue(move || leave_queue(&k));
    let k = kiosk.clone();
    a.on_join_queue(move |id| join_queue(&k, FamilyId(i64::from(id))));
    Rc::new(RentalDesk {
        state: Default::default(),
    })
}

/// Opens the desk showing `panel` (the stock, the catalogue or the loans to bring back).
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow, panel: DeskPanel) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::RentalDesk);
    show_panel(kiosk, panel);
}

/// Forgets the item, the family, the contract and the signature.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<RentalDeskState>();
        let mut generation = st.generation;
        generation.bump();
        *st = RentalDeskState {
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<RentalDeskAdapter>();
    a.set_panel(DeskPanel::Stock);
    say(ui, DeskNotice::None, "", "");
    a.set_busy(false);
    show_card(ui, None, Language::Ru, &RentalKinds::default());
    a.set_next_family(SharedString::new());
    a.set_families(ModelRc::default());
    a.set_stock(ModelRc::default());
    a.set_overdue(ModelRc::default());
    a.set_chosen_family(-1);
    a.set_chosen_name(SharedString::new());
    a.set_contract(SharedString::new());
    a.set_condition(SharedString::new());
    a.set_items(ModelRc::default());
    a.set_loan_phone(SharedString::new());
    a.set_next_phone(SharedString::new());
    a.set_next_since(SharedString::new());
    a.set_due(SharedString::new());
    a.set_check_family(SharedString::new());
    a.set_categories(ModelRc::default());
    a.set_documents(ModelRc::default());
    a.set_chosen_category(SharedString::new());
    a.set_item_photo(slint::Image::default());
    show_return_photo(ui, None);
    show_ink(ui, &Signature::default());
}

/// Runs `job` on the store thread; `then` runs only while the desk that asked is still open
/// (not cleared since by leaving, signing out or an idle timeout).
fn desk_ask<R: Send + 'static>(
    kiosk: &Rc<Kiosk>,
    job: impl FnOnce(&mut crate::store::Store) -> R + Send + 'static,
    then: impl FnOnce(&Rc<Kiosk>, &AppWindow, R) + 'static,
) {
    ask_current::<RentalDeskState, R>(kiosk, job, then);
}

fn refuse(ui: &AppWindow, key: DeskProblem, arg: &str, arg2: &str) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_problem(key);
    a.set_problem_arg(arg.into());
    a.set_problem_arg2(arg2.into());
    a.set_notice(DeskNotice::None);
}

fn say(ui: &AppWindow, key: DeskNotice, arg: &str, arg2: &str) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_problem(DeskProblem::None);
    a.set_notice(key);
    a.set_notice_arg(arg.into());
    a.set_notice_arg2(arg2.into());
}

fn say_nothing(kiosk: &Kiosk) {
    if let Some(ui) = kiosk.ui.upgrade() {
        say(&ui, DeskNotice::None, "", "");
    }
}

fn staff(kiosk: &Kiosk) -> Option<crate::domain::StaffId> {
    kiosk.signed_in().map(|s| s.staff)
}

fn scan(kiosk: &Rc<Kiosk>, text: &str) {
    // Modifier keys (a scanner presses Shift for capitals) arrive as control or private-use
    // characters: they are not part of the label.
    let text: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    if text.is_empty() {
        return;
    }
    if let Some(ui) = kiosk.ui.upgrade() {
        ui.global::<RentalDeskAdapter>().set_busy(true);
    }
    let shown = text.clone();
    desk_ask(
        kiosk,
        move |s| s.item_by_label(&text),
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(Some(item)) => {
                    say(ui, DeskNotice::None, "", "");
                    load_card(k, item, DeskPanel::Stock);
                }
                Ok(None) => refuse(ui, DeskProblem::UnknownLabel, &shown, ""),
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

/// Shows why the store refused or failed: a refusal of the domain in the desk's own words (the
/// same keys as its list of families shows), anything else as the store's message.
fn failed(kiosk: &Kiosk, ui: &AppWindow, e: &StoreError) {
    match e {
        StoreError::Refused(r) => {
            tracing::info!("rental desk: refused: {r}");
            let (key, arg, arg2) = chosen_refusal_words(kiosk, r);
            refuse(ui, key, &arg, &arg2);
        }
        _ => {
            tracing::error!("rental desk: {e}");
            refuse(ui, DeskProblem::Store, &e.to_string(), "");
        }
    }
}

/// A refusal as the desk's problem key and its two details, named with the family chosen.
fn chosen_refusal_words(
    kiosk: &Kiosk,
    r: &crate::domain::Refusal,
) -> (DeskProblem, String, String) {
    let lang = kiosk.state_language();
    let st = kiosk.view_of::<RentalDeskState>();
    let surname = st
        .chosen
        .or(st.check.as_ref().map(|c| c.family))
        .and_then(|f| st.candidate(f))
        .map_or(String::new(), |c| c.who.surname.clone());
    refusal_words(r, &surname, &st, lang)
}

/// A refusal about the family `surname` as the desk's problem key and its two details.
fn refusal_words(
    r: &crate::domain::Refusal,
    surname: &str,
    d: &RentalDeskState,
    lang: crate::domain::Language,
) -> (DeskProblem, String, String) {
    use crate::domain::Refusal;
    match r {
        Refusal::Item { number, why } => (item_refusal_key(*why), number.clone(), String::new()),
        Refusal::NotEligible(e) => lend::not_eligible(e, surname, &d.categories, lang),
        Refusal::Queue(e) => queue::queue_refusal(e, surname, &d.waiting),
        Refusal::Loan(e) => lend::loan_refusal(e),
        Refusal::OthersWaiting { .. } => (
            DeskProblem::OthersWaiting,
            d.waiting
                .first()
                .map_or(String::new(), |w| w.surname.clone()),
            String::new(),
        ),
        other => (DeskProblem::Store, other.to_string(), String::new()),
    }
}

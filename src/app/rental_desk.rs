//! Adapter of the rental desk: a scanned (or typed) label finds an item; its card offers what
//! its state allows — lend to an eligible family under a signed contract, take back, clean,
//! repair, renew, report lost — and, once the item is available, names the family first in
//! line for its kind. The domain's rules are checked here first so a refusal is shown in the
//! screen's language before anything is sent; the store checks them again in the same
//! transaction as the write.

use std::rc::Rc;

use chrono::NaiveDate;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{
    AppWindow, Kiosk, RentalCategoryRow, RentalDeskAdapter, RentalDocumentRow, RentalFamilyRow,
    RentalHistoryRow, RentalStockRow, Screen,
};
use crate::domain::eligibility::{self, Category, CategoryCheck, NotEligible};
use crate::domain::loan::{self, LoanRefusal};
use crate::domain::rental_contract::{contract_text, ContractTerms};
use crate::domain::rental_item::{next_state, ItemEvent, ItemRefusal};
use crate::domain::rental_queue::{self, QueueRefusal, Waiting};
use crate::domain::RentalKinds;
use crate::domain::{FamilyId, ItemState, Language, PadPoint, RentalKind, Signature};
use crate::store::{ItemCard, LendCandidate, StoreError, WaitingFamily};

/// A renewal adds this many months (within the contract's limits).
pub const RENEWAL_MONTHS: u32 = 3;

#[derive(Default)]
pub(crate) struct RentalDeskState {
    card: Option<ItemCard>,
    candidates: Vec<LendCandidate>,
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
    generation: u64,
    /// The day the contract shown was made for: the loan starts on it.
    start: Option<NaiveDate>,
    /// A documents check under way: the family, the category chosen, which documents are ticked,
    /// and the panel to go back to.
    check: Option<DocumentsCheck>,
    /// The picture from the camera folder to save with the return: its file and bytes.
    return_photo: Option<(std::path::PathBuf, Vec<u8>)>,
}

/// What the camera folder gave.
enum CameraPick {
    /// The newest picture: its file, its bytes, and a preview for the screen.
    Picture(
        std::path::PathBuf,
        Vec<u8>,
        slint::SharedPixelBuffer<slint::Rgba8Pixel>,
    ),
    /// No picture in the folder (named, for staff to look).
    Empty(String),
    /// The newest file is not a picture that decodes.
    Unreadable(String),
}

struct DocumentsCheck {
    family: FamilyId,
    category: Option<String>,
    seen: Vec<bool>,
    back_to: &'static str,
}

pub fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<RentalDeskAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
            super::role_home::load_chase(
                &k,
                k.signed_in().map_or(crate::domain::Role::Staff, |s| s.role),
            );
        }
    });
    let k = kiosk.clone();
    a.on_scan(move |text| scan(&k, text.as_str()));
    let k = kiosk.clone();
    a.on_show(move |panel| show_panel(&k, panel.as_str()));
    let k = kiosk.clone();
    a.on_filter_families(move |t| {
        k.state.borrow_mut().rental_desk.filter = t.to_string();
        show_families(&k);
    });
    let k = kiosk.clone();
    a.on_choose_family(move |id| {
        if id < 0 {
            // "Another family": the whole list again.
            k.state.borrow_mut().rental_desk.filter.clear();
            choose_family(&k, None);
            show_families(&k);
        } else {
            choose_family(&k, Some(FamilyId(i64::from(id))));
        }
    });
    let k = kiosk.clone();
    a.on_change_months(move |d| {
        let months = {
            let st = k.state.borrow();
            (st.rental_desk.months as i32)
                .saturating_add(d)
                .clamp(1, loan::MAX_TOTAL_MONTHS as i32) as u32
        };
        k.state.borrow_mut().rental_desk.months = months;
        let chosen = k.state.borrow().rental_desk.chosen;
        choose_family(&k, chosen);
    });
    let k = kiosk.clone();
    a.on_stroke(move |phase, x, y, w, h| {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state.borrow_mut();
        let ink = &mut st.rental_desk.ink;
        let p = PadPoint::on_pad(x, y, w, h);
        if phase == 0 {
            ink.pen_down(p);
        } else {
            ink.pen_move(p);
        }
        show_ink(&ui, ink);
    });
    let k = kiosk.clone();
    a.on_clear_ink(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let mut st = k.state.borrow_mut();
        st.rental_desk.ink.clear();
        show_ink(&ui, &st.rental_desk.ink);
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
            .state
            .borrow()
            .rental_desk
            .waiting
            .first()
            .map(|w| w.family);
        if let Some(family) = next {
            show_panel(&k, "lend");
            // The candidates arrive with the panel; choose once they are there.
            k.state.borrow_mut().rental_desk.chosen = Some(family);
        }
    });
    let k = kiosk.clone();
    a.on_open_item(move |id| {
        say_nothing(&k);
        load_card(&k, i64::from(id), "catalogue");
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
}

/// Opens the desk showing `panel` ("stock" or "overdue").
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow, panel: &str) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::RentalDesk);
    show_panel(kiosk, panel);
}

/// Forgets the item, the family, the contract and the signature.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state.borrow_mut();
        let generation = st.rental_desk.generation.wrapping_add(1);
        st.rental_desk = RentalDeskState {
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<RentalDeskAdapter>();
    a.set_panel("stock".into());
    say(ui, "", "", "");
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

fn show_return_photo(ui: &AppWindow, pixels: Option<slint::SharedPixelBuffer<slint::Rgba8Pixel>>) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_return_photo_ready(pixels.is_some());
    a.set_return_photo(pixels.map_or_else(slint::Image::default, slint::Image::from_rgba8));
}

/// Takes the newest picture from the camera folder (read and decoded on the store thread) to
/// save with the return; it replaces one taken before.
fn pick_return_photo(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    if kiosk.state.borrow().rental_desk.card.is_none() {
        return;
    }
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        |s| {
            let Some(folder) = s
                .data_dir()
                .map(|d| crate::platform::camera_folder::folder(&d))
            else {
                return Ok(CameraPick::Empty("—".into()));
            };
            let shown = folder.display().to_string();
            let Some(file) = crate::platform::camera_folder::newest(&folder)? else {
                return Ok(CameraPick::Empty(shown));
            };
            let bytes = std::fs::read(&file)?;
            let name = file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            // The preview is decoded and shrunk here, off the UI thread.
            match image::load_from_memory(&bytes) {
                Ok(img) => {
                    let rgba = img.thumbnail(480, 480).to_rgba8();
                    let pixels = slint::SharedPixelBuffer::clone_from_slice(
                        rgba.as_raw(),
                        rgba.width(),
                        rgba.height(),
                    );
                    Ok(CameraPick::Picture(file, bytes, pixels))
                }
                Err(e) => {
                    tracing::warn!("the camera folder's newest file does not decode: {e}");
                    Ok(CameraPick::Unreadable(name))
                }
            }
        },
        move |k, ui, r: Result<CameraPick, std::io::Error>| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(CameraPick::Picture(file, bytes, pixels)) => {
                    k.state.borrow_mut().rental_desk.return_photo = Some((file, bytes));
                    show_return_photo(ui, Some(pixels));
                    say(ui, "", "", "");
                }
                Ok(CameraPick::Empty(folder)) => refuse(ui, "no_camera_photo", &folder, ""),
                Ok(CameraPick::Unreadable(name)) => {
                    refuse(ui, "camera_photo_unreadable", &name, "")
                }
                Err(e) => refuse(ui, "store", &e.to_string(), ""),
            }
        },
    );
}

/// Runs `job` on the store thread; `then` runs only while the desk that asked is still open
/// (not cleared since by leaving, signing out or an idle timeout).
fn desk_ask<R: Send + 'static>(
    kiosk: &Rc<Kiosk>,
    job: impl FnOnce(&mut crate::store::Store) -> R + Send + 'static,
    then: impl FnOnce(&Rc<Kiosk>, &AppWindow, R) + 'static,
) {
    let generation = kiosk.state.borrow().rental_desk.generation;
    kiosk.ask(job, move |k, ui, r| {
        let current = k.state.borrow().rental_desk.generation == generation;
        if current
            && k.signed_in().is_some()
            && ui.global::<super::Navigation>().get_screen() == Screen::RentalDesk
        {
            then(k, ui, r);
        }
    });
}

fn refuse(ui: &AppWindow, key: &str, arg: &str, arg2: &str) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_problem(key.into());
    a.set_problem_arg(arg.into());
    a.set_problem_arg2(arg2.into());
    a.set_notice(SharedString::new());
}

fn say(ui: &AppWindow, key: &str, arg: &str, arg2: &str) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_problem(SharedString::new());
    a.set_notice(key.into());
    a.set_notice_arg(arg.into());
    a.set_notice_arg2(arg2.into());
}

fn say_nothing(kiosk: &Kiosk) {
    if let Some(ui) = kiosk.ui.upgrade() {
        say(&ui, "", "", "");
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
                    say(ui, "", "", "");
                    load_card(k, item, "stock");
                }
                Ok(None) => refuse(ui, "unknown_label", &shown, ""),
                Err(e) => failed(ui, &e),
            }
        },
    );
}

fn failed(ui: &AppWindow, e: &StoreError) {
    tracing::error!("rental desk: {e}");
    refuse(ui, "store", &e.to_string(), "");
}

/// Reads the card of `item` (and, when it is available, who waits for its kind), then shows
/// `panel` beside it.
fn load_card(kiosk: &Rc<Kiosk>, item: i64, panel: &'static str) {
    desk_ask(
        kiosk,
        move |s| {
            let card = s.item_card(item)?;
            let waiting = s.waiting_list(card.kind)?;
            // Decoded here, off the UI thread.
            let photo = s.item_photo(item)?.and_then(|png| photo_pixels(&png));
            Ok::<_, StoreError>((card, waiting, photo, s.rental_kinds()?))
        },
        move |k, ui, r| match r {
            Ok((card, waiting, photo, kinds)) => {
                let lang = k.state_language();
                show_card(ui, Some(&card), lang, &kinds);
                k.state.borrow_mut().rental_desk.kinds = kinds;
                let a = ui.global::<RentalDeskAdapter>();
                if let Some(pixels) = photo {
                    a.set_item_photo(slint::Image::from_rgba8(pixels));
                    a.set_item_has_photo(true);
                }
                match waiting
                    .first()
                    .filter(|_| card.state == ItemState::Available)
                {
                    Some(next) => {
                        a.set_next_family(next.surname.as_str().into());
                        a.set_next_phone(next.phone.clone().unwrap_or_default().into());
                        a.set_next_since(
                            super::clock::local_date(next.since)
                                .format("%d.%m.%Y")
                                .to_string()
                                .into(),
                        );
                    }
                    None => a.set_next_family(SharedString::new()),
                }
                {
                    let mut st = k.state.borrow_mut();
                    st.rental_desk.card = Some(card);
                    st.rental_desk.waiting = waiting;
                    st.rental_desk.return_photo = None;
                }
                show_return_photo(ui, None);
                show_panel(k, panel);
            }
            Err(e) => failed(ui, &e),
        },
    );
}

/// The stored photo (a PNG) as pixels for the screen; `None` (and a log line) when it does not
/// decode.
pub(crate) fn photo_pixels(png: &[u8]) -> Option<slint::SharedPixelBuffer<slint::Rgba8Pixel>> {
    match image::load_from_memory_with_format(png, image::ImageFormat::Png) {
        Ok(img) => {
            let rgba = img.to_rgba8();
            Some(slint::SharedPixelBuffer::clone_from_slice(
                rgba.as_raw(),
                rgba.width(),
                rgba.height(),
            ))
        }
        Err(e) => {
            tracing::warn!("an item's photo does not decode: {e}");
            None
        }
    }
}

pub(crate) fn show_card(
    ui: &AppWindow,
    card: Option<&ItemCard>,
    lang: Language,
    kinds: &RentalKinds,
) {
    let a = ui.global::<RentalDeskAdapter>();
    let Some(card) = card else {
        a.set_item_number(SharedString::new());
        a.set_item_state(SharedString::new());
        a.set_item_has_photo(false);
        a.set_loan_family(SharedString::new());
        a.set_history(ModelRc::default());
        return;
    };
    a.set_item_number(card.inventory_number.as_str().into());
    a.set_item_kind(kinds.title(card.kind, lang).into());
    a.set_item_state(card.state.key().into());
    a.set_item_condition(card.condition_notes.as_str().into());
    a.set_item_has_photo(false);
    match &card.loan {
        Some(l) => {
            a.set_loan_family(l.parent_name.as_str().into());
            a.set_loan_phone(l.phone.as_deref().map(phone).unwrap_or_default().into());
            a.set_loan_due(l.due_on.format("%d.%m.%Y").to_string().into());
            let late = (super::clock::today() - l.due_on).num_days();
            a.set_loan_days_late(late.max(0) as i32);
            a.set_loan_renewals(l.renewals as i32);
        }
        None => a.set_loan_family(SharedString::new()),
    }
    let rows: Vec<RentalHistoryRow> = card
        .history
        .iter()
        .map(|h| RentalHistoryRow {
            when: format!(
                "{} {}",
                super::clock::local_date(h.at).format("%d.%m.%Y"),
                super::clock::local_hh_mm(h.at)
            )
            .into(),
            what: if h.event == "photo" {
                "photo".into()
            } else {
                h.to_state.as_str().into()
            },
            by: h.by.as_str().into(),
            note: h.note.as_str().into(),
        })
        .collect();
    a.set_history(ModelRc::new(VecModel::from(rows)));
}

fn phone(p: &str) -> String {
    crate::domain::PhoneNumber::parse(p).map_or_else(|_| p.to_owned(), |n| n.display())
}

fn show_panel(kiosk: &Rc<Kiosk>, panel: &str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RentalDeskAdapter>();
    let state = kiosk
        .state
        .borrow()
        .rental_desk
        .card
        .as_ref()
        .map(|c| c.state);
    match panel {
        "lend" => {
            let Some(state) = state else { return };
            if let Err(r) = next_state(state, ItemEvent::Lend) {
                let number = a.get_item_number();
                refuse(&ui, item_refusal_key(r), &number, "");
                return;
            }
            {
                let mut st = kiosk.state.borrow_mut();
                let d = &mut st.rental_desk;
                d.chosen = None;
                d.filter.clear();
                d.ink.clear();
                d.months = d.card.as_ref().map_or(12, |c| d.kinds.term_months(c.kind));
            }
            a.set_chosen_family(-1);
            show_ink(&ui, &Signature::default());
            a.set_panel("lend".into());
            load_candidates(kiosk);
        }
        "queue" => {
            if state.is_none() {
                return;
            }
            kiosk.state.borrow_mut().rental_desk.filter.clear();
            a.set_panel("queue".into());
            load_candidates(kiosk);
        }
        "return" => {
            let Some(state) = state else { return };
            if let Err(r) = next_state(state, ItemEvent::Return) {
                let number = a.get_item_number();
                refuse(&ui, item_refusal_key(r), &number, "");
                return;
            }
            // What is known of its condition, to confirm or change.
            let known = kiosk
                .state
                .borrow()
                .rental_desk
                .card
                .as_ref()
                .map_or(String::new(), |c| c.condition_notes.clone());
            a.set_condition(known.into());
            kiosk.state.borrow_mut().rental_desk.return_photo = None;
            show_return_photo(&ui, None);
            a.set_panel("return".into());
        }
        "catalogue" => {
            a.set_panel("catalogue".into());
            let lang = kiosk.state_language();
            desk_ask(
                kiosk,
                |s| Ok::<_, StoreError>((s.catalogue()?, s.rental_kinds()?)),
                move |_, ui, r| match r {
                    Ok((lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_items(ModelRc::new(VecModel::from(catalogue_rows(
                                &lines, lang, &kinds,
                            ))))
                    }
                    Err(e) => failed(ui, &e),
                },
            );
        }
        "overdue" => {
            a.set_panel("overdue".into());
            let today = super::clock::today();
            let lang = kiosk.state_language();
            desk_ask(
                kiosk,
                move |s| Ok::<_, StoreError>((s.loans_to_chase(today)?, s.rental_kinds()?)),
                move |_, ui, r| match r {
                    Ok((lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_overdue(ModelRc::new(VecModel::from(
                                super::role_home::chase_rows(&lines, lang, &kinds),
                            )))
                    }
                    Err(e) => failed(ui, &e),
                },
            );
        }
        _ => {
            a.set_panel("stock".into());
            let lang = kiosk.state_language();
            desk_ask(
                kiosk,
                |s| {
                    let stock = s.stock_by_kind()?;
                    let kinds = s.rental_kinds()?;
                    let lines = kinds
                        .with_recorded(stock.iter().map(|(k, _, _)| *k))
                        .into_iter()
                        .map(|k| s.waiting_list(k).map(|w| (k, w)))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok::<_, StoreError>((stock, lines, kinds))
                },
                move |_, ui, r| match r {
                    Ok((stock, lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_stock(ModelRc::new(VecModel::from(stock_rows(
                                &stock, &lines, lang, &kinds,
                            ))))
                    }
                    Err(e) => failed(ui, &e),
                },
            );
        }
    }
}

/// One row per kind the centre has items of, in the order of its kinds list: how many items
/// are free, out, being cleaned, in repair, and who waits.
pub fn stock_rows(
    stock: &[(RentalKind, ItemState, usize)],
    lines: &[(RentalKind, Vec<WaitingFamily>)],
    lang: Language,
    kinds: &RentalKinds,
) -> Vec<RentalStockRow> {
    kinds
        .with_recorded(stock.iter().map(|(k, _, _)| *k))
        .iter()
        .filter(|k| stock.iter().any(|(sk, _, _)| sk == *k))
        .map(|k| {
            let n = |states: &[ItemState]| {
                stock
                    .iter()
                    .filter(|(sk, s, _)| sk == k && states.contains(s))
                    .map(|(_, _, n)| *n as i32)
                    .sum::<i32>()
            };
            let waiting: &[WaitingFamily] =
                lines.iter().find(|(lk, _)| lk == k).map_or(&[], |(_, w)| w);
            let line: Vec<SharedString> = waiting
                .iter()
                .map(|w| {
                    format!(
                        "{} · {} · {}",
                        w.surname,
                        w.phone.as_deref().unwrap_or("—"),
                        super::clock::local_date(w.since).format("%d.%m.%Y")
                    )
                    .into()
                })
                .collect();
            RentalStockRow {
                kind: kinds.title(*k, lang).into(),
                available: n(&[ItemState::Available]),
                out: n(&[ItemState::OnLoan]),
                cleaning: n(&[ItemState::AwaitingCleaning, ItemState::Cleaning]),
                repair: n(&[ItemState::InRepair]),
                waiting: waiting.len() as i32,
                line: ModelRc::new(VecModel::from(line)),
            }
        })
        .collect()
}

/// The catalogue's rows, as listed.
pub fn catalogue_rows(
    lines: &[crate::store::CatalogueLine],
    lang: Language,
    kinds: &RentalKinds,
) -> Vec<super::RentalItemRow> {
    lines
        .iter()
        .map(|l| super::RentalItemRow {
            id: l.id as i32,
            number: l.inventory_number.as_str().into(),
            kind: kinds.title(l.kind, lang).into(),
            state: l.state.key().into(),
            condition: l.condition_notes.as_str().into(),
        })
        .collect()
}

fn load_candidates(kiosk: &Rc<Kiosk>) {
    desk_ask(
        kiosk,
        |s| Ok::<_, StoreError>((s.lend_candidates()?, s.rental_categories()?)),
        move |k, ui, r| match r {
            Ok((c, categories)) => {
                let chosen = {
                    let mut st = k.state.borrow_mut();
                    st.rental_desk.candidates = c;
                    st.rental_desk.categories = categories;
                    st.rental_desk.chosen
                };
                show_families(k);
                if chosen.is_some() {
                    choose_family(k, chosen);
                }
            }
            Err(e) => failed(ui, &e),
        },
    );
}

/// Whether `c` may borrow at all today: the category it borrows under, or the refusal as a
/// screen key and its detail.
fn eligibility_of(
    c: &LendCandidate,
    categories: &[Category],
    today: NaiveDate,
    lang: Language,
) -> Result<String, (&'static str, String, String)> {
    let key = eligibility::eligible(c.has_consent, &c.checks, categories, today)
        .map_err(|e| not_eligible(&e, &c.surname, categories, lang))?;
    Ok(categories
        .iter()
        .find(|k| k.key == key)
        .map_or(key.clone(), |k| k.title.get(lang).to_owned()))
}

fn queue_of(waiting: &[WaitingFamily], kind: RentalKind) -> Vec<Waiting> {
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

/// The domain's verdict on lending an item of `kind` to `c` today: the category it borrows
/// under, or the refusal as a screen key and its detail.
fn verdict(
    c: &LendCandidate,
    kind: RentalKind,
    waiting: &[WaitingFamily],
    categories: &[Category],
    today: NaiveDate,
    lang: Language,
) -> Result<String, (&'static str, String, String)> {
    let title = eligibility_of(c, categories, today, lang)?;
    rental_queue::may_lend(c.family, kind, &c.holds, &queue_of(waiting, kind))
        .map_err(|e| queue_refusal(&e, &c.surname, waiting))?;
    Ok(title)
}

/// Whether `c` may join the waiting list for `kind`.
fn wait_verdict(
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

/// Refusals that a documents check can put right.
fn needs_documents(key: &str) -> bool {
    matches!(
        key,
        "no_category" | "documents_missing" | "check_too_old" | "unknown_category"
    )
}

fn not_eligible(
    e: &NotEligible,
    surname: &str,
    cats: &[Category],
    lang: Language,
) -> (&'static str, String, String) {
    match e {
        NotEligible::NoConsent => ("no_consent", surname.to_owned(), String::new()),
        NotEligible::NoCategory => ("no_category", surname.to_owned(), String::new()),
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
            ("documents_missing", titles.join(", "), String::new())
        }
        NotEligible::CheckTooOld { checked_on } => (
            "check_too_old",
            checked_on.format("%d.%m.%Y").to_string(),
            String::new(),
        ),
        NotEligible::UnknownCategory(c) => ("unknown_category", c.clone(), String::new()),
    }
}

fn queue_refusal(
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
                super::clock::local_date(*since)
                    .format("%d.%m.%Y")
                    .to_string(),
            )
        }
    }
}

pub fn item_refusal_key(r: ItemRefusal) -> &'static str {
    match r {
        ItemRefusal::NotCleaned => "not_cleaned",
        ItemRefusal::BeingCleaned => "being_cleaned",
        ItemRefusal::AlreadyOnLoan | ItemRefusal::WriteOffOnLoan => "already_on_loan",
        ItemRefusal::NotOnLoan => "not_on_loan",
        ItemRefusal::InRepair => "in_repair",
        ItemRefusal::NotInRepair => "not_in_repair",
        ItemRefusal::Lost => "lost",
        ItemRefusal::NotLost => "not_lost",
        ItemRefusal::WrittenOff => "written_off",
        ItemRefusal::NothingToClean => "nothing_to_clean",
        ItemRefusal::NotBeingCleaned => "not_being_cleaned",
    }
}

fn show_families(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let st = kiosk.state.borrow();
    let d = &st.rental_desk;
    let Some(card) = &d.card else { return };
    let lang = st.language;
    let today = super::clock::today();
    let wanted = d.filter.trim().to_lowercase();
    let queueing = ui.global::<RentalDeskAdapter>().get_panel() == "queue";
    let rows: Vec<RentalFamilyRow> = d
        .candidates
        .iter()
        .filter(|c| wanted.is_empty() || c.surname.to_lowercase().starts_with(&wanted))
        .take(50)
        .map(|c| {
            let verdict = if queueing {
                wait_verdict(c, card.kind, &d.waiting, &d.categories, today, lang)
            } else {
                verdict(c, card.kind, &d.waiting, &d.categories, today, lang)
            };
            let (detail, problem, arg) = match verdict {
                Ok(title) => (title, String::new(), String::new()),
                Err((key, arg, _)) => (String::new(), key.to_owned(), arg),
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
                problem: problem.into(),
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
fn choose_family(kiosk: &Rc<Kiosk>, family: Option<FamilyId>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RentalDeskAdapter>();
    let today = super::clock::today();
    let lang = kiosk.state_language();
    let mut st = kiosk.state.borrow_mut();
    let d = &mut st.rental_desk;
    d.ink.clear();
    d.chosen = None;
    a.set_chosen_family(-1);
    a.set_contract(SharedString::new());
    show_ink(&ui, &d.ink);
    let (Some(family), Some(card)) = (family, d.card.as_ref()) else {
        return;
    };
    let Some(c) = d.candidates.iter().find(|c| c.family == family) else {
        return;
    };
    if let Err((key, arg, arg2)) = verdict(c, card.kind, &d.waiting, &d.categories, today, lang) {
        let fixable = needs_documents(key);
        drop(st);
        refuse(&ui, key, &arg, &arg2);
        if fixable {
            start_documents_check(kiosk, family, "lend");
        }
        return;
    }
    let due = match loan::due_date(today, d.months, today) {
        Ok(due) => due,
        Err(_) => {
            refuse(&ui, "bad_term", "", "");
            return;
        }
    };
    let operator = kiosk.config.operator.trim();
    if operator.is_empty() {
        refuse(&ui, "no_operator", "", "");
        return;
    }
    d.contract = contract_text(&ContractTerms {
        operator,
        parent_name: &c.parent_name,
        kind: &d.kinds.title(card.kind, Language::Ru),
        inventory_number: &card.inventory_number,
        condition: &card.condition_notes,
        start: today,
        due,
    });
    d.chosen = Some(family);
    d.start = Some(today);
    a.set_problem(SharedString::new());
    a.set_chosen_family(family.0 as i32);
    a.set_chosen_name(c.parent_name.as_str().into());
    a.set_months(d.months as i32);
    a.set_due(due.format("%d.%m.%Y").to_string().into());
    a.set_contract(d.contract.as_str().into());
}

fn show_ink(ui: &AppWindow, ink: &Signature) {
    let a = ui.global::<RentalDeskAdapter>();
    a.set_ink(ink.path_commands().into());
    a.set_signed(ink.is_signed());
}

fn lend(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let st = kiosk.state.borrow();
    let d = &st.rental_desk;
    let (Some(card), Some(family)) = (d.card.as_ref(), d.chosen) else {
        return;
    };
    if !d.ink.is_signed() {
        drop(st);
        refuse(&ui, "not_signed", "", "");
        return;
    }
    let item = card.id;
    let number = card.inventory_number.clone();
    let surname = d
        .candidates
        .iter()
        .find(|c| c.family == family)
        .map(|c| c.surname.clone())
        .unwrap_or_default();
    let months = d.months;
    let contract = d.contract.clone();
    let png = d.ink.to_png();
    // The loan starts on the day the contract names, even if midnight has passed since.
    let today = d.start.unwrap_or_else(super::clock::today);
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
                    say(ui, "lent", &number, &surname);
                    {
                        // The contract and the signature are kept with the loan, not here.
                        let mut st = k.state.borrow_mut();
                        let d = &mut st.rental_desk;
                        d.ink.clear();
                        d.chosen = None;
                        d.contract.clear();
                    }
                    let a = ui.global::<RentalDeskAdapter>();
                    a.set_contract(SharedString::new());
                    a.set_chosen_family(-1);
                    show_ink(ui, &Signature::default());
                    load_card(k, item, "stock");
                }
                Err(e) => failed(ui, &e),
            }
        },
    );
}

fn take_back(kiosk: &Rc<Kiosk>, damaged: bool) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let Some((item, number, state)) = kiosk
        .state
        .borrow()
        .rental_desk
        .card
        .as_ref()
        .map(|c| (c.id, c.inventory_number.clone(), c.state))
    else {
        return;
    };
    let event = if damaged {
        ItemEvent::ReturnDamaged
    } else {
        ItemEvent::Return
    };
    if let Err(r) = next_state(state, event) {
        refuse(&ui, item_refusal_key(r), &number, "");
        return;
    }
    let condition = ui
        .global::<RentalDeskAdapter>()
        .get_condition()
        .trim()
        .to_owned();
    let today = super::clock::today();
    let photo = kiosk.state.borrow().rental_desk.return_photo.clone();
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| {
            // The return and its photo are one transaction: both or neither.
            s.write(|w| {
                w.return_item(item, damaged, &condition, today, by)?;
                if let Some((_, bytes)) = &photo {
                    w.set_item_photo(item, bytes, by)?;
                }
                Ok(())
            })?;
            // Stored inside the encrypted database now: the file goes.
            if let Some((file, _)) = &photo {
                if let Err(e) = std::fs::remove_file(file) {
                    tracing::warn!(
                        "cannot delete {} from the camera folder: {e}",
                        file.display()
                    );
                }
            }
            Ok::<_, StoreError>(())
        },
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(()) => {
                    k.state.borrow_mut().rental_desk.return_photo = None;
                    show_return_photo(ui, None);
                    say(
                        ui,
                        if damaged {
                            "taken_back_damaged"
                        } else {
                            "taken_back"
                        },
                        &number,
                        "",
                    );
                    load_card(k, item, "stock");
                }
                Err(e) => failed(ui, &e),
            }
        },
    );
}

fn event_of(key: &str) -> Option<ItemEvent> {
    Some(match key {
        "start_cleaning" => ItemEvent::StartCleaning,
        "finish_cleaning" => ItemEvent::FinishCleaning,
        "send_to_repair" => ItemEvent::SendToRepair,
        "repaired" => ItemEvent::Repaired,
        "report_lost" => ItemEvent::ReportLost,
        "found" => ItemEvent::Found,
        _ => return None,
    })
}

fn item_event(kiosk: &Rc<Kiosk>, key: &str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let Some(event) = event_of(key) else { return };
    let Some((item, number, state)) = kiosk
        .state
        .borrow()
        .rental_desk
        .card
        .as_ref()
        .map(|c| (c.id, c.inventory_number.clone(), c.state))
    else {
        return;
    };
    if let Err(r) = next_state(state, event) {
        refuse(&ui, item_refusal_key(r), &number, "");
        return;
    }
    let key = key.to_owned();
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| {
            s.write(|w| {
                if event == ItemEvent::ReportLost {
                    w.report_lost(item, "", by)
                } else {
                    w.item_event(item, event, "", by).map(|_| ())
                }
            })
        },
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(()) => {
                    say(ui, &key, &number, "");
                    load_card(k, item, "stock");
                }
                Err(e) => failed(ui, &e),
            }
        },
    );
}

fn renew(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let today = super::clock::today();
    let Some((item, number, loan)) = kiosk
        .state
        .borrow()
        .rental_desk
        .card
        .as_ref()
        .and_then(|c| {
            c.loan
                .clone()
                .map(|l| (c.id, c.inventory_number.clone(), l))
        })
    else {
        return;
    };
    // The contract renews only while no other family waits for the kind.
    let first_waiting = kiosk
        .state
        .borrow()
        .rental_desk
        .waiting
        .first()
        .map(|w| w.surname.clone());
    if let Some(surname) = first_waiting {
        refuse(&ui, "others_waiting", &surname, "");
        return;
    }
    if let Err(r) = loan::renew(
        loan.started_on,
        loan.due_on,
        loan.renewals,
        RENEWAL_MONTHS,
        today,
    ) {
        let (key, arg) = match r {
            LoanRefusal::TooManyRenewals(_) => ("too_many_renewals", String::new()),
            LoanRefusal::TooLong { start, .. } => (
                "too_long",
                start
                    .checked_add_months(chrono::Months::new(loan::MAX_TOTAL_MONTHS))
                    .unwrap_or(start)
                    .format("%d.%m.%Y")
                    .to_string(),
            ),
            LoanRefusal::DueInThePast { due, .. } => {
                ("due_in_past", due.format("%d.%m.%Y").to_string())
            }
            LoanRefusal::BadTerm(_) => ("bad_term", String::new()),
        };
        refuse(&ui, key, &arg, "");
        return;
    }
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.renew_loan(item, RENEWAL_MONTHS, today)),
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(due) => {
                    say(ui, "renewed", &number, &due.format("%d.%m.%Y").to_string());
                    load_card(k, item, "stock");
                }
                Err(e) => failed(ui, &e),
            }
        },
    );
}

fn join_queue(kiosk: &Rc<Kiosk>, family: FamilyId) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let today = super::clock::today();
    let lang = kiosk.state_language();
    let st = kiosk.state.borrow();
    let d = &st.rental_desk;
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
            start_documents_check(kiosk, family, "queue");
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
                load_card(k, item, "stock");
            }
            Err(e) => failed(ui, &e),
        },
    );
}

/// Opens the documents check for `family`: the centre's categories to choose from; nothing is
/// ticked (the documents are seen now). `back_to` is the panel to return to once saved.
fn start_documents_check(kiosk: &Rc<Kiosk>, family: FamilyId, back_to: &'static str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state.borrow_mut();
    let d = &mut st.rental_desk;
    let Some(c) = d.candidates.iter().find(|c| c.family == family) else {
        return;
    };
    let a = ui.global::<RentalDeskAdapter>();
    a.set_check_family(c.surname.as_str().into());
    let rows: Vec<RentalCategoryRow> = d
        .categories
        .iter()
        .map(|k| RentalCategoryRow {
            key: k.key.as_str().into(),
            title: k.title.get(lang).into(),
            child_under_months: k.limits.child_under_months.unwrap_or(0) as i32,
            parents_up_to: k.limits.parents_up_to_age.unwrap_or(0) as i32,
            min_children: k.limits.min_children.unwrap_or(0) as i32,
        })
        .collect();
    a.set_categories(ModelRc::new(VecModel::from(rows)));
    a.set_chosen_category(SharedString::new());
    a.set_documents(ModelRc::default());
    d.check = Some(DocumentsCheck {
        family,
        category: None,
        seen: Vec::new(),
        back_to,
    });
    a.set_panel("documents".into());
}

fn choose_category(kiosk: &Rc<Kiosk>, key: &str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state.borrow_mut();
    let d = &mut st.rental_desk;
    let Some(category) = d.categories.iter().find(|c| c.key == key).cloned() else {
        return;
    };
    let Some(check) = d.check.as_mut() else {
        return;
    };
    check.category = Some(category.key.clone());
    check.seen = vec![false; category.documents.len()];
    let a = ui.global::<RentalDeskAdapter>();
    a.set_chosen_category(key.into());
    show_documents(&a, &category, &check.seen, lang);
}

fn show_documents(a: &RentalDeskAdapter, category: &Category, seen: &[bool], lang: Language) {
    let rows: Vec<RentalDocumentRow> = category
        .documents
        .iter()
        .zip(seen)
        .map(|(doc, seen)| RentalDocumentRow {
            title: doc.title.get(lang).into(),
            seen: *seen,
        })
        .collect();
    a.set_documents(ModelRc::new(VecModel::from(rows)));
}

fn toggle_document(kiosk: &Rc<Kiosk>, i: usize) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state.borrow_mut();
    let d = &mut st.rental_desk;
    let Some(check) = d.check.as_mut() else {
        return;
    };
    let Some(category) = check
        .category
        .as_ref()
        .and_then(|k| d.categories.iter().find(|c| &c.key == k))
    else {
        return;
    };
    if let Some(seen) = check.seen.get_mut(i) {
        *seen = !*seen;
    }
    show_documents(
        &ui.global::<RentalDeskAdapter>(),
        category,
        &check.seen,
        lang,
    );
}

/// Records the check (every document of the category seen, today), then goes back to the
/// loan or the waiting list with the family re-judged.
fn save_check(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let lang = kiosk.state_language();
    let today = super::clock::today();
    let st = kiosk.state.borrow();
    let d = &st.rental_desk;
    let Some(check) = d.check.as_ref() else {
        return;
    };
    let Some(category) = check
        .category
        .as_ref()
        .and_then(|k| d.categories.iter().find(|c| &c.key == k))
    else {
        return;
    };
    if check.seen.iter().any(|s| !s) {
        drop(st);
        refuse(&ui, "documents_unticked", "", "");
        return;
    }
    let record = CategoryCheck {
        category: category.key.clone(),
        documents_seen: category
            .documents
            .iter()
            .map(|doc| doc.key.clone())
            .collect(),
        checked_on: today,
    };
    let (family, back_to) = (check.family, check.back_to);
    let surname = d
        .candidates
        .iter()
        .find(|c| c.family == family)
        .map_or(String::new(), |c| c.surname.clone());
    let title = category.title.get(lang).to_owned();
    drop(st);
    ui.global::<RentalDeskAdapter>().set_busy(true);
    desk_ask(
        kiosk,
        move |s| s.write(|w| w.record_category_check(family, &record, by)),
        move |k, ui, r| {
            ui.global::<RentalDeskAdapter>().set_busy(false);
            match r {
                Ok(_) => {
                    k.state.borrow_mut().rental_desk.check = None;
                    say(ui, "checked", &surname, &title);
                    show_panel(k, back_to);
                    if back_to == "lend" {
                        // Chosen again once the re-read candidates arrive.
                        k.state.borrow_mut().rental_desk.chosen = Some(family);
                    }
                }
                Err(e) => failed(ui, &e),
            }
        },
    );
}

/// The family first in line for the item's kind no longer needs it (or cannot be reached):
/// off the list, and the next family's turn comes.
fn leave_queue(kiosk: &Rc<Kiosk>) {
    let lang = kiosk.state_language();
    let st = kiosk.state.borrow();
    let d = &st.rental_desk;
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
                load_card(k, item, "stock");
            }
            Err(e) => failed(ui, &e),
        },
    );
}

//! The rental desk filled with made-up demo items and families for `ladoshka screenshot`:
//! the catalogue, a loan being signed, a return, a hand-over to the family first in line, and
//! the loans to bring back. Nothing here touches a store.

use chrono::{Duration, NaiveDate};
use slint::{ComponentHandle, ModelRc, VecModel};

use crate::app::{AppWindow, DeskNotice, DeskPanel, DeskProblem, RentalDeskAdapter};
use crate::demo::{DemoCentre, DEMO_OPERATOR};
use crate::domain::rental_contract::{contract_text, ContractTerms};
use crate::domain::{FamilyId, ItemState, Language, PadPoint, RentalKind, Signature};
use crate::store::{CatalogueLine, ItemCard, ItemChange, LoanLine, OpenLoan, WaitingFamily};

/// Which rental screen to fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RentalPreview {
    Catalogue,
    Lend,
    Return,
    Queue,
    Overdue,
    Documents,
}

fn at(day: NaiveDate, h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    crate::app::clock::at_local(day, h, m)
}

fn change(day: NaiveDate, to: ItemState, by: &str, note: &str, h: u32) -> ItemChange {
    ItemChange {
        event: String::new(),
        to_state: to.key().into(),
        at: at(day, h, 10),
        by: by.into(),
        note: note.into(),
    }
}

fn family(centre: &DemoCentre, n: usize) -> (String, String, Option<String>) {
    let f = &centre.families[centre.families.len() - 1 - n % centre.families.len()].family;
    (
        f.surname.clone(),
        f.parent_name.clone(),
        f.phone.as_ref().map(|p| p.display()),
    )
}

fn card(
    number: &str,
    kind: RentalKind,
    state: ItemState,
    loan: Option<OpenLoan>,
    history: Vec<ItemChange>,
) -> ItemCard {
    ItemCard::new(
        1,
        number.into(),
        kind,
        state,
        "царапина на левой ручке".into(),
        loan,
        history,
    )
}

/// Fills the desk for `which`.
pub fn fill(
    ui: &AppWindow,
    which: RentalPreview,
    centre: &DemoCentre,
    chase: &[LoanLine],
    today: NaiveDate,
    lang: Language,
) {
    let a = ui.global::<RentalDeskAdapter>();
    let kinds = crate::domain::RentalKinds::default();
    let staff = "Закирова Г.";
    let (surname, parent, phone) = family(centre, 0);
    let loan = OpenLoan {
        loan: 1,
        family: FamilyId(1),
        surname: surname.clone(),
        parent_name: parent.clone(),
        phone: phone.clone(),
        started_on: today - Duration::days(40),
        due_on: today - Duration::days(4),
        renewals: 0,
    };
    let lent = vec![
        change(today - Duration::days(40), ItemState::OnLoan, staff, "", 11),
        change(
            today - Duration::days(41),
            ItemState::Available,
            staff,
            "",
            16,
        ),
        change(
            today - Duration::days(41),
            ItemState::Cleaning,
            staff,
            "",
            15,
        ),
        change(
            today - Duration::days(45),
            ItemState::AwaitingCleaning,
            "Петрова Е.",
            "чистая",
            10,
        ),
    ];
    match which {
        RentalPreview::Catalogue => {
            super::show_card(
                ui,
                Some(&card(
                    "КРВ-0002",
                    RentalKind::COT_WITH_BUMPERS,
                    ItemState::OnLoan,
                    Some(loan),
                    lent,
                )),
                lang,
                &kinds,
            );
            let lines: Vec<CatalogueLine> = centre
                .rental
                .iter()
                .enumerate()
                .map(|(i, item)| CatalogueLine {
                    id: i as i64 + 1,
                    inventory_number: item.inventory_number.clone(),
                    kind: item.kind,
                    state: item.state,
                    condition_notes: if i % 4 == 1 {
                        "потёртость на ручке".into()
                    } else {
                        String::new()
                    },
                })
                .collect();
            a.set_items(ModelRc::new(VecModel::from(super::catalogue_rows(
                &lines, lang, &kinds,
            ))));
            a.set_panel(DeskPanel::Catalogue);
        }
        RentalPreview::Lend => {
            if let Some(pixels) =
                super::photo_pixels(&crate::demo::demo_photo(RentalKind::STROLLER_TRANSFORMER))
            {
                a.set_item_photo(slint::Image::from_rgba8(pixels));
            }
            let (_, parent, _) = family(centre, 3);
            let c = card(
                "КОЛ-0003",
                RentalKind::STROLLER_TRANSFORMER,
                ItemState::Available,
                None,
                lent[1..].to_vec(),
            );
            super::show_card(ui, Some(&c), lang, &kinds);
            a.set_item_has_photo(true);
            let due = today
                .checked_add_months(chrono::Months::new(12))
                .unwrap_or(today);
            a.set_chosen_family(4);
            a.set_chosen_name(parent.as_str().into());
            a.set_months(12);
            a.set_due(due.format("%d.%m.%Y").to_string().into());
            a.set_contract(
                contract_text(
                    &ContractTerms {
                        operator: DEMO_OPERATOR,
                        parent_name: &parent,
                        kind: &kinds.title(c.kind, Language::Ru),
                        kind_translated: &kinds.title(c.kind, lang),
                        inventory_number: &c.inventory_number,
                        condition: &c.condition_notes,
                        start: today,
                        due,
                    },
                    lang,
                )
                .into(),
            );
            let mut ink = Signature::default();
            ink.pen_down(PadPoint { x: 0.12, y: 0.62 });
            for i in 1..40 {
                let t = i as f32 / 40.0;
                ink.pen_move(PadPoint {
                    x: 0.12 + t * 0.5,
                    y: 0.62 - (t * 18.0).sin() * 0.18,
                });
            }
            a.set_ink(ink.path_commands().into());
            a.set_signed(ink.is_signed());
            a.set_panel(DeskPanel::Lend);
        }
        RentalPreview::Return => {
            super::show_card(
                ui,
                Some(&card(
                    "КРВ-0002",
                    RentalKind::COT_WITH_BUMPERS,
                    ItemState::OnLoan,
                    Some(loan),
                    lent,
                )),
                lang,
                &kinds,
            );
            a.set_condition("чистая, царапина на бортике".into());
            // A picture taken from the camera folder, waiting to be saved with the return.
            if let Some(pixels) =
                super::photo_pixels(&crate::demo::demo_photo(RentalKind::COT_WITH_BUMPERS))
            {
                a.set_return_photo(slint::Image::from_rgba8(pixels));
                a.set_return_photo_ready(true);
            }
            a.set_panel(DeskPanel::TakeBack);
        }
        RentalPreview::Queue => {
            let mut history = vec![
                change(today, ItemState::Available, staff, "", 12),
                change(today, ItemState::Cleaning, staff, "", 10),
                change(
                    today - Duration::days(1),
                    ItemState::AwaitingCleaning,
                    staff,
                    "чистая",
                    17,
                ),
            ];
            history.extend(lent[..1].iter().cloned());
            super::show_card(
                ui,
                Some(&card(
                    "КОЛ-0004",
                    RentalKind::STROLLER_TRANSFORMER,
                    ItemState::Available,
                    None,
                    history,
                )),
                lang,
                &kinds,
            );
            let waiting: Vec<WaitingFamily> = (5..8)
                .map(|n| {
                    let (surname, _, phone) = family(centre, n);
                    WaitingFamily {
                        family: FamilyId(n as i64),
                        surname,
                        phone,
                        since: at(today - Duration::days(30 - n as i64 * 3), 10, 0),
                    }
                })
                .collect();
            let next = &waiting[0];
            a.set_next_family(next.surname.as_str().into());
            a.set_next_phone(next.phone.clone().unwrap_or_default().into());
            a.set_next_since(
                crate::app::clock::local_date(next.since)
                    .format("%d.%m.%Y")
                    .to_string()
                    .into(),
            );
            let mut stock: Vec<(RentalKind, ItemState, usize)> = Vec::new();
            for item in &centre.rental {
                match stock
                    .iter_mut()
                    .find(|(k, s, _)| *k == item.kind && *s == item.state)
                {
                    Some(row) => row.2 += 1,
                    None => stock.push((item.kind, item.state, 1)),
                }
            }
            let lines = vec![
                (RentalKind::STROLLER_TRANSFORMER, waiting.clone()),
                (RentalKind::COT_WITH_BUMPERS, waiting[2..].to_vec()),
            ];
            a.set_stock(ModelRc::new(VecModel::from(super::stock_rows(
                &stock, &lines, lang, &kinds,
            ))));
            a.set_panel(DeskPanel::Stock);
            a.set_notice(DeskNotice::FinishCleaning);
            a.set_notice_arg("КОЛ-0004".into());
        }
        RentalPreview::Documents => {
            let c = card(
                "КОЛ-0003",
                RentalKind::STROLLER_TRANSFORMER,
                ItemState::Available,
                None,
                lent[1..].to_vec(),
            );
            super::show_card(ui, Some(&c), lang, &kinds);
            let (surname, _, _) = family(centre, 9);
            let categories = crate::domain::eligibility::default_categories();
            let rows: Vec<crate::app::RentalCategoryRow> = categories
                .iter()
                .map(|k| crate::app::RentalCategoryRow {
                    key: k.key.as_str().into(),
                    title: k.title.get(lang).into(),
                    child_under_months: k.limits.child_under_months.unwrap_or(0) as i32,
                    parents_up_to: k.limits.parents_up_to_age.unwrap_or(0) as i32,
                    min_children: k.limits.min_children.unwrap_or(0) as i32,
                })
                .collect();
            a.set_categories(ModelRc::new(VecModel::from(rows)));
            if let Some(first) = categories.first() {
                a.set_chosen_category(first.key.as_str().into());
                let docs: Vec<crate::app::RentalDocumentRow> = first
                    .documents
                    .iter()
                    .enumerate()
                    .map(|(i, d)| crate::app::RentalDocumentRow {
                        title: d.title.get(lang).into(),
                        seen: i == 0,
                    })
                    .collect();
                a.set_documents(ModelRc::new(VecModel::from(docs)));
            }
            a.set_check_family(surname.as_str().into());
            a.set_problem(DeskProblem::NoCategory);
            a.set_problem_arg(surname.as_str().into());
            a.set_panel(DeskPanel::Documents);
        }
        RentalPreview::Overdue => {
            super::show_card(ui, None, lang, &kinds);
            a.set_overdue(ModelRc::new(VecModel::from(crate::app::chase::chase_rows(
                chase, lang, &kinds,
            ))));
            a.set_panel(DeskPanel::Overdue);
        }
    }
}

//! The item's card on the rental desk: what a scan found (state, photo, history, the loan out)
//! and the panel beside it, with the state changes the card offers (clean, repair, lost…).

use super::*;

/// Reads the card of `item` (and, when it is available, who waits for its kind), then shows
/// `panel` beside it.
pub(super) fn load_card(kiosk: &Rc<Kiosk>, item: i64, panel: DeskPanel) {
    desk_ask(
        kiosk,
        move |s| {
            let card = s.item_card(item)?;
            let waiting = s.waiting_list(card.kind)?;
            // Decoded here, off the UI thread.
            let photo = s.item_photo(item)?.and_then(|bytes| photo_pixels(&bytes));
            Ok::<_, StoreError>((card, waiting, photo, s.rental_kinds()?))
        },
        move |k, ui, r| match r {
            Ok((card, waiting, photo, kinds)) => {
                let lang = k.state_language();
                show_card(ui, Some(&card), lang, &kinds);
                k.state_of::<RentalDeskState>().kinds = kinds;
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
                            crate::app::clock::local_date(next.since)
                                .format("%d.%m.%Y")
                                .to_string()
                                .into(),
                        );
                    }
                    None => a.set_next_family(SharedString::new()),
                }
                {
                    let mut st = k.state_of::<RentalDeskState>();
                    st.card = Some(card);
                    st.waiting = waiting;
                    st.return_photo = None;
                }
                show_return_photo(ui, None);
                show_panel(k, panel);
            }
            Err(e) => failed(k, ui, &e),
        },
    );
}

/// The stored photo (a JPEG, or a PNG stored by an earlier version) as pixels for the screen;
/// `None` (and a log line) when it does not decode.
pub(crate) fn photo_pixels(photo: &[u8]) -> Option<slint::SharedPixelBuffer<slint::Rgba8Pixel>> {
    match image::load_from_memory(photo) {
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
            let late = (crate::app::clock::today() - l.due_on).num_days();
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
                crate::app::clock::local_date(h.at).format("%d.%m.%Y"),
                crate::app::clock::local_hh_mm(h.at)
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

pub(super) fn phone(p: &str) -> String {
    crate::domain::PhoneNumber::parse(p).map_or_else(|_| p.to_owned(), |n| n.display())
}

pub(super) fn show_panel(kiosk: &Rc<Kiosk>, panel: DeskPanel) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<RentalDeskAdapter>();
    // What the item's state allows, as the store worked it out with the card.
    let allows = kiosk
        .view_of::<RentalDeskState>()
        .card
        .as_ref()
        .map(|c| (c.lend_refusal, c.return_refusal));
    match panel {
        DeskPanel::Lend => {
            let Some((lend_refusal, _)) = allows else {
                return;
            };
            if let Some(r) = lend_refusal {
                let number = a.get_item_number();
                refuse(&ui, item_refusal_key(r), &number, "");
                return;
            }
            {
                let mut st = kiosk.state_of::<RentalDeskState>();
                let d = &mut *st;
                d.chosen = None;
                d.filter.clear();
                d.ink.clear();
                d.months = d.card.as_ref().map_or(12, |c| d.kinds.term_months(c.kind));
            }
            a.set_chosen_family(-1);
            show_ink(&ui, &Signature::default());
            a.set_panel(DeskPanel::Lend);
            load_candidates(kiosk);
        }
        DeskPanel::Queue => {
            if allows.is_none() {
                return;
            }
            kiosk.state_of::<RentalDeskState>().filter.clear();
            a.set_panel(DeskPanel::Queue);
            load_candidates(kiosk);
        }
        DeskPanel::TakeBack => {
            let Some((_, return_refusal)) = allows else {
                return;
            };
            if let Some(r) = return_refusal {
                let number = a.get_item_number();
                refuse(&ui, item_refusal_key(r), &number, "");
                return;
            }
            // What is known of its condition, to confirm or change.
            let known = kiosk
                .view_of::<RentalDeskState>()
                .card
                .as_ref()
                .map_or(String::new(), |c| c.condition_notes.clone());
            a.set_condition(known.into());
            kiosk.state_of::<RentalDeskState>().return_photo = None;
            show_return_photo(&ui, None);
            a.set_panel(DeskPanel::TakeBack);
            // The family bringing it back is at the desk.
            parent_at_desk(&ui, None);
        }
        DeskPanel::Catalogue => {
            a.set_panel(DeskPanel::Catalogue);
            let lang = kiosk.state_language();
            desk_ask(
                kiosk,
                |s| Ok::<_, StoreError>((s.catalogue()?, s.rental_kinds()?)),
                move |k, ui, r| match r {
                    Ok((lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_items(ModelRc::new(VecModel::from(catalogue_rows(
                                &lines, lang, &kinds,
                            ))))
                    }
                    Err(e) => failed(k, ui, &e),
                },
            );
        }
        DeskPanel::Overdue => {
            a.set_panel(DeskPanel::Overdue);
            let today = crate::app::clock::today();
            let lang = kiosk.state_language();
            desk_ask(
                kiosk,
                move |s| Ok::<_, StoreError>((s.loans_to_chase(today)?, s.rental_kinds()?)),
                move |k, ui, r| match r {
                    Ok((lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_overdue(ModelRc::new(VecModel::from(
                                crate::app::chase::chase_rows(&lines, lang, &kinds),
                            )))
                    }
                    Err(e) => failed(k, ui, &e),
                },
            );
        }
        // The stock (a documents check is never opened from here: it needs a family).
        DeskPanel::Stock | DeskPanel::Documents => {
            a.set_panel(DeskPanel::Stock);
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
                move |k, ui, r| match r {
                    Ok((stock, lines, kinds)) => {
                        ui.global::<RentalDeskAdapter>()
                            .set_stock(ModelRc::new(VecModel::from(stock_rows(
                                &stock, &lines, lang, &kinds,
                            ))))
                    }
                    Err(e) => failed(k, ui, &e),
                },
            );
        }
    }
}

pub fn item_refusal_key(r: ItemRefusal) -> DeskProblem {
    match r {
        ItemRefusal::NotCleaned => DeskProblem::NotCleaned,
        ItemRefusal::BeingCleaned => DeskProblem::BeingCleaned,
        ItemRefusal::AlreadyOnLoan | ItemRefusal::WriteOffOnLoan => DeskProblem::AlreadyOnLoan,
        ItemRefusal::NotOnLoan => DeskProblem::NotOnLoan,
        ItemRefusal::InRepair => DeskProblem::InRepair,
        ItemRefusal::NotInRepair => DeskProblem::NotInRepair,
        ItemRefusal::Lost => DeskProblem::Lost,
        ItemRefusal::NotLost => DeskProblem::NotLost,
        ItemRefusal::WrittenOff => DeskProblem::WrittenOff,
        ItemRefusal::NothingToClean => DeskProblem::NothingToClean,
        ItemRefusal::NotBeingCleaned => DeskProblem::NotBeingCleaned,
    }
}

/// What the desk says once `event` is done.
fn notice_of(event: ItemEvent) -> DeskNotice {
    match event {
        ItemEvent::StartCleaning => DeskNotice::StartCleaning,
        ItemEvent::FinishCleaning => DeskNotice::FinishCleaning,
        ItemEvent::SendToRepair => DeskNotice::SendToRepair,
        ItemEvent::Repaired => DeskNotice::Repaired,
        ItemEvent::ReportLost => DeskNotice::ReportLost,
        ItemEvent::Found => DeskNotice::Found,
        ItemEvent::Lend => DeskNotice::Lent,
        ItemEvent::Return => DeskNotice::TakenBack,
        ItemEvent::ReturnDamaged => DeskNotice::TakenBackDamaged,
        // Written off from the catalogue's own screen: nothing to say here.
        ItemEvent::WriteOff => DeskNotice::None,
    }
}

pub(super) fn event_of(key: &str) -> Option<ItemEvent> {
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

pub(super) fn item_event(kiosk: &Rc<Kiosk>, key: &str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let Some(event) = event_of(key) else { return };
    let Some((item, number)) = kiosk
        .view_of::<RentalDeskState>()
        .card
        .as_ref()
        .map(|c| (c.id, c.inventory_number.clone()))
    else {
        return;
    };
    // The store applies the item's rules; a refusal comes back typed (see `failed`).
    let done = notice_of(event);
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
                    say(ui, done, &number, "");
                    load_card(k, item, DeskPanel::Stock);
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::photo_pixels;

    /// Photos stored as PNG before they were stored as JPEG still show.
    #[test]
    fn old_png_photos_and_new_jpeg_photos_both_show() {
        let img = image::RgbImage::from_pixel(40, 30, image::Rgb([200, 10, 10]));
        for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
            let mut bytes = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut bytes), format)
                .unwrap();
            let pixels = photo_pixels(&bytes).expect("the photo decodes");
            assert_eq!((pixels.width(), pixels.height()), (40, 30), "{format:?}");
        }
        assert!(photo_pixels(b"not a picture").is_none());
    }
}

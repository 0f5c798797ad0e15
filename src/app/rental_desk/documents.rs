//! The documents check: a family's category chosen from the centre's list and every document
//! of it seen, recorded today, then back to the loan or the waiting list.

use super::*;

pub(super) struct DocumentsCheck {
    pub(super) family: FamilyId,
    pub(super) category: Option<String>,
    pub(super) seen: Vec<bool>,
    pub(super) back_to: DeskPanel,
}

/// Opens the documents check for `family`: the centre's categories to choose from; nothing is
/// ticked (the documents are seen now). `back_to` is the panel to return to once saved.
pub(super) fn start_documents_check(kiosk: &Rc<Kiosk>, family: FamilyId, back_to: DeskPanel) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state_of::<RentalDeskState>();
    let d = &mut *st;
    let Some(c) = d.candidate(family) else {
        return;
    };
    let a = ui.global::<RentalDeskAdapter>();
    a.set_check_family(c.who.surname.as_str().into());
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
    a.set_panel(DeskPanel::Documents);
}

pub(super) fn choose_category(kiosk: &Rc<Kiosk>, key: &str) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state_of::<RentalDeskState>();
    let d = &mut *st;
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

pub(super) fn show_documents(
    a: &RentalDeskAdapter,
    category: &Category,
    seen: &[bool],
    lang: Language,
) {
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

pub(super) fn toggle_document(kiosk: &Rc<Kiosk>, i: usize) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let lang = kiosk.state_language();
    let mut st = kiosk.state_of::<RentalDeskState>();
    let d = &mut *st;
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
pub(super) fn save_check(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(by) = staff(kiosk) else { return };
    let lang = kiosk.state_language();
    let today = crate::app::clock::today();
    let st = kiosk.view_of::<RentalDeskState>();
    let d = &*st;
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
        refuse(&ui, DeskProblem::DocumentsUnticked, "", "");
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
        .candidate(family)
        .map_or(String::new(), |c| c.who.surname.clone());
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
                    k.state_of::<RentalDeskState>().check = None;
                    say(ui, DeskNotice::Checked, &surname, &title);
                    show_panel(k, back_to);
                    if back_to == DeskPanel::Lend {
                        // Chosen again once the re-read candidates arrive.
                        k.state_of::<RentalDeskState>().chosen = Some(family);
                    }
                }
                Err(e) => failed(k, ui, &e),
            }
        },
    );
}

//! Headless UI test of the rental desk on the demo centre, driven as staff would: a stroller's
//! label scanned (key presses ending in Enter, as a USB scanner types), lent to an eligible
//! family under a signed contract, refused to families that may not borrow, taken back,
//! refused for lending before cleaning, cleaned, and handed over to the family first in line.

mod common;

use common::ui::{pump_until, scan_keys, sign_in, tap};
use ladoshka::app::{Navigation, RentalDeskAdapter, Screen};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::SATURDAY_NOON;

fn families(a: &RentalDeskAdapter) -> Vec<ladoshka::app::RentalFamilyRow> {
    (0..a.get_families().row_count())
        .map(|i| a.get_families().row_data(i).unwrap())
        .collect()
}

fn sign(a: &RentalDeskAdapter) {
    a.invoke_stroke(0, 30.0, 100.0, 600.0, 200.0);
    for i in 1..30 {
        a.invoke_stroke(
            1,
            30.0 + i as f32 * 15.0,
            100.0 + (i % 5) as f32 * 12.0,
            600.0,
            200.0,
        );
    }
}

/// No word of the desk's model (every list and text a parent at the desk could see) is one of
/// `surnames`, and no phone number of another family is in it.
fn assert_no_other_family(a: &RentalDeskAdapter, surnames: &[String]) {
    let mut text = format!(
        "{:?} {:?} {:?} {} {} {} {} {} {} {} {} {}",
        families(a),
        (0..a.get_overdue().row_count())
            .map(|i| a.get_overdue().row_data(i).unwrap())
            .collect::<Vec<_>>(),
        (0..a.get_history().row_count())
            .map(|i| a.get_history().row_data(i).unwrap())
            .collect::<Vec<_>>(),
        a.get_next_family(),
        a.get_next_phone(),
        a.get_chosen_name(),
        a.get_contract(),
        a.get_loan_family(),
        a.get_problem_arg(),
        a.get_problem_arg2(),
        a.get_notice_arg(),
        a.get_notice_arg2(),
    );
    text.push_str(&a.get_check_family());
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for s in surnames {
        assert!(
            !words.contains(s.as_str()),
            "another family's surname «{s}» in: {text}"
        );
    }
    assert!(!text.contains("+7 9"), "a phone in: {text}");
}

#[test]
fn a_stroller_is_scanned_lent_taken_back_cleaned_and_handed_to_the_next_family() {
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<RentalDeskAdapter>();

    sign_in(ui, "Закирова Г. И.", "4444");
    tap(ui, "Lend and take back");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::RentalDesk);
    pump_until("the stock", || a.get_stock().row_count() > 0);
    let strollers = a.get_stock().row_data(0).unwrap();
    assert!(strollers.available > 0, "{strollers:?}");

    // An unknown label is refused, and nothing is shown.
    scan_keys(ui, "ZZZ-9999");
    pump_until("the refusal", || {
        a.get_problem() == ladoshka::app::DeskProblem::UnknownLabel
    });
    assert_eq!(a.get_problem_arg(), "ZZZ-9999");
    assert_eq!(a.get_item_number(), "");

    // A label read with the kiosk in the Russian layout (KOL typed as ЛЩД) still finds the
    // item; the demo's first stroller has a photo.
    scan_keys(ui, "ЛЩД-0001");
    pump_until("the first stroller", || a.get_item_number() == "КОЛ-0001");
    assert!(a.get_item_has_photo(), "the photo is shown");
    let side = a
        .get_item_photo()
        .size()
        .width
        .max(a.get_item_photo().size().height);
    assert!((100..=640).contains(&side), "stored at most 640 px: {side}");

    // The catalogue names the free strollers; the label holds the ASCII form, as the scanner types it.
    tap(ui, "Catalogue");
    pump_until("the catalogue", || a.get_items().row_count() > 0);
    let free = (0..a.get_items().row_count())
        .map(|i| a.get_items().row_data(i).unwrap())
        .find(|r| r.number.starts_with("КОЛ-") && r.state == "available")
        .expect("a free stroller");
    let label = ladoshka::domain::rental::label_code(&free.number);
    assert!(label.starts_with("KOL-"), "{label}");
    scan_keys(ui, &label);
    pump_until("the stroller's card", || a.get_item_number() == free.number);
    assert_eq!(a.get_item_state(), "available");
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::None);

    // Lend: families that may not borrow say why; an eligible one gets the contract to sign.
    tap(ui, "Lend");
    pump_until("the families", || {
        a.get_panel() == ladoshka::app::DeskPanel::Lend && a.get_families().row_count() > 0
    });
    let all = a.get_families().row_count();
    a.invoke_filter_families("Щщщ".into());
    assert_eq!(a.get_families().row_count(), 0, "no surname starts so");
    a.invoke_choose_family(-1);
    assert_eq!(
        a.get_families().row_count(),
        all,
        "«Another family» lists them all again"
    );
    let rows = families(&a);
    let refused = rows
        .iter()
        .find(|f| f.problem == ladoshka::app::DeskProblem::NoCategory)
        .expect("a family with no category checked");
    let holds = rows
        .iter()
        .find(|f| f.problem == ladoshka::app::DeskProblem::AlreadyHolds)
        .expect("the family that has a stroller already");
    let eligible = rows
        .iter()
        .find(|f| f.problem == ladoshka::app::DeskProblem::None)
        .expect("an eligible family")
        .clone();
    assert!(
        !eligible.detail.is_empty(),
        "the category it borrows under: {eligible:?}"
    );
    // (The testing backend does not reach rows inside a Flickable; the row's tap calls this.)
    a.invoke_choose_family(refused.id);
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::NoCategory);
    assert_eq!(a.get_chosen_family(), -1, "a refused family is not chosen");

    // Its documents are checked there and then: a category, every document ticked, saved.
    assert_eq!(a.get_panel(), ladoshka::app::DeskPanel::Documents);
    let refused_surname = refused.name.split(' ').next().unwrap().to_string();
    assert_eq!(a.get_check_family(), refused_surname.as_str());
    assert!(
        a.get_categories().row_count() >= 5,
        "the centre's categories"
    );
    let category = a.get_categories().row_data(0).unwrap();
    a.invoke_choose_category(category.key.clone());
    let documents = a.get_documents().row_count();
    assert!(documents >= 1, "{category:?} lists its documents");
    tap(ui, "All seen today: save");
    assert_eq!(
        a.get_problem(),
        ladoshka::app::DeskProblem::DocumentsUnticked,
        "all documents or none"
    );
    for i in 0..documents {
        let title = a.get_documents().row_data(i).unwrap().title;
        tap(ui, &title);
    }
    assert!((0..documents).all(|i| a.get_documents().row_data(i).unwrap().seen));
    tap(ui, "All seen today: save");
    pump_until("the family chosen after its check", || {
        a.get_panel() == ladoshka::app::DeskPanel::Lend && a.get_chosen_family() == refused.id
    });
    assert_eq!(a.get_notice(), ladoshka::app::DeskNotice::Checked);
    assert_eq!(a.get_notice_arg2(), category.title);
    a.invoke_choose_family(holds.id);
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::AlreadyHolds);
    assert_eq!(a.get_chosen_family(), -1);

    let everyone = families(&a);
    assert!(everyone.len() > 3, "the staff's list names every family");
    a.invoke_choose_family(eligible.id);
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::None);
    assert_eq!(a.get_chosen_family(), eligible.id);
    // The parent signs here: no other family's surname or phone is in the desk's model.
    // (Another family of the same surname cannot be told apart by it: left out.)
    let own = eligible.name.split(' ').next().unwrap().to_string();
    let others: Vec<String> = everyone
        .iter()
        .filter(|f| f.id != eligible.id)
        .map(|f| f.name.split(' ').next().unwrap().to_string())
        .filter(|s| *s != own)
        .collect();
    assert_no_other_family(&a, &others);
    assert_eq!(
        a.get_overdue().row_count(),
        0,
        "the loans to chase are the staff's panel"
    );
    assert_eq!(a.get_next_phone(), "");
    assert_eq!(a.get_months(), 12, "a stroller's default term");
    sign(&a);
    assert!(a.get_signed());
    let contract = a.get_contract().to_string();
    assert!(
        contract.contains(free.number.as_str()) && contract.contains("безвозмездное пользование"),
        "{contract}"
    );
    assert!(
        contract.contains(ladoshka::demo::DEMO_OPERATOR),
        "{contract}"
    );
    a.invoke_change_months(-6);
    assert_eq!(a.get_months(), 6);
    assert!(
        !a.get_signed(),
        "a new term is a new text: the signature is cleared"
    );
    assert!(
        a.get_contract().contains(&a.get_due().to_string()),
        "the contract follows the term"
    );
    assert!(!a.get_signed());
    a.invoke_lend();
    assert_eq!(
        a.get_problem(),
        ladoshka::app::DeskProblem::NotSigned,
        "no loan without the parent's signature"
    );
    sign(&a);
    assert!(a.get_signed(), "the pad has the signature");
    tap(ui, "Lend: the contract is signed");
    pump_until("the loan", || a.get_item_state() == "on_loan");
    assert_eq!(a.get_notice(), ladoshka::app::DeskNotice::Lent);
    let surname = eligible.name.split(' ').next().unwrap().to_string();
    assert!(
        a.get_loan_family().starts_with(&surname),
        "{}",
        a.get_loan_family()
    );

    // Lending it again, or taking it back twice, is refused with the reason.
    a.invoke_show(ladoshka::app::DeskPanel::Lend);
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::AlreadyOnLoan);

    // Take back, in order: to cleaning.
    tap(ui, "Take back");
    assert_eq!(a.get_panel(), ladoshka::app::DeskPanel::TakeBack);
    // The family bringing it back stands at the desk: nothing of the others.
    assert_no_other_family(&a, &others);
    a.set_condition("чистая, царапина на ручке".into());
    // A photo of it from the camera folder: none there yet, then the newest picture.
    let camera = k.dir.data_dir().join("rental").join("camera");
    tap(ui, "Add a photo from the camera");
    pump_until("the refusal", || {
        a.get_problem() == ladoshka::app::DeskProblem::NoCameraPhoto
    });
    assert!(
        a.get_problem_arg().ends_with("rental/camera"),
        "names the folder"
    );
    std::fs::create_dir_all(&camera).unwrap();
    let picture = camera.join("IMG_0001.jpg");
    let img = image::RgbImage::from_fn(800, 600, |x, _| image::Rgb([(x % 256) as u8, 120, 60]));
    img.save_with_format(&picture, image::ImageFormat::Jpeg)
        .unwrap();
    tap(ui, "Add a photo from the camera");
    pump_until("the preview", || a.get_return_photo_ready());
    assert_eq!(a.get_problem(), ladoshka::app::DeskProblem::None);
    assert_eq!(a.get_return_photo().size().width, 480, "a preview, shrunk");
    tap(ui, "Take back: to cleaning");
    pump_until("the return", || a.get_item_state() == "awaiting_cleaning");
    assert_eq!(a.get_notice(), ladoshka::app::DeskNotice::TakenBack);
    assert_eq!(a.get_item_condition(), "чистая, царапина на ручке");
    assert!(!a.get_return_photo_ready(), "the preview is cleared");
    assert!(
        !picture.exists(),
        "stored inside the encrypted database, the file is gone"
    );
    pump_until("the new photo on the card", || {
        a.get_item_has_photo() && a.get_item_photo().size().width == 640
    });
    a.invoke_take_back(false);
    // The store applies the item's rules and answers with a typed refusal.
    pump_until("the store's refusal", || !a.get_busy());
    assert_eq!(
        a.get_problem(),
        ladoshka::app::DeskProblem::NotOnLoan,
        "a second return is refused"
    );
    a.invoke_show(ladoshka::app::DeskPanel::Lend);
    assert_eq!(
        a.get_problem(),
        ladoshka::app::DeskProblem::NotCleaned,
        "never lent before it is cleaned"
    );

    // Meanwhile a family joins the waiting list for strollers.
    tap(ui, "A family waits for this kind");
    pump_until("the families for the queue", || {
        a.get_panel() == ladoshka::app::DeskPanel::Queue && a.get_families().row_count() > 0
    });
    let waiting = families(&a)
        .into_iter()
        .find(|f| f.problem == ladoshka::app::DeskProblem::None)
        .expect("a family that may wait");
    a.invoke_join_queue(waiting.id);
    pump_until("the queue", || {
        a.get_notice() == ladoshka::app::DeskNotice::Queued
    });

    // Cleaning, then the family first in line is named and served.
    tap(ui, "Start cleaning");
    pump_until("cleaning", || a.get_item_state() == "cleaning");
    tap(ui, "Cleaned: ready to lend");
    pump_until("available again", || a.get_item_state() == "available");
    let waiting_surname = waiting.name.split(' ').next().unwrap().to_string();
    assert_eq!(
        a.get_next_family(),
        waiting_surname.as_str(),
        "the next family is shown"
    );
    assert!(!a.get_next_since().is_empty());
    tap(ui, "Lend to them");
    pump_until("the next family chosen", || {
        a.get_chosen_family() == waiting.id
    });
    sign(&a);
    tap(ui, "Lend: the contract is signed");
    pump_until("the second loan", || a.get_item_state() == "on_loan");
    assert!(a.get_loan_family().starts_with(&waiting_surname));
    assert_eq!(a.get_next_family(), "", "nobody waits any more");
    assert_eq!(
        a.get_contract(),
        "",
        "the contract is kept with the loan, not on the screen"
    );

    // Nobody waits for a stroller now, so the loan may be renewed (3 months).
    let due = a.get_loan_due().to_string();
    tap(ui, "Renew");
    pump_until("the renewal", || a.get_loan_renewals() == 1);
    assert_eq!(a.get_notice(), ladoshka::app::DeskNotice::Renewed);
    assert_ne!(a.get_loan_due(), due.as_str());

    // The history says who did what.
    let history = a.get_history();
    assert!(history.row_count() >= 5, "lend, return, cleaning ×2, lend");
    assert_eq!(history.row_data(0).unwrap().what, "on_loan");
    assert!(
        history.row_data(0).unwrap().by.starts_with("Закирова"),
        "{:?}",
        history.row_data(0)
    );

    // The stock shows nobody waiting for a stroller now.
    tap(ui, "Stock");
    pump_until("the stock again", || {
        a.get_panel() == ladoshka::app::DeskPanel::Stock && a.get_stock().row_count() > 0
    });
    assert_eq!(a.get_stock().row_data(0).unwrap().waiting, 0);

    // Leaving forgets the desk, and an answer still on its way is dropped: a scan is sent, the
    // desk is left before the store answers, and nothing of the item comes back.
    scan_keys(ui, &label);
    tap(ui, "Back");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::RoleHome);
    common::ui::settle(&k.store);
    assert_eq!(
        a.get_item_number(),
        "",
        "a late answer does not refill the desk"
    );
    assert_eq!(a.get_loan_family(), "");
    tap(ui, "Sign out");
    assert_eq!(a.get_item_number(), "");
    assert_eq!(a.get_contract(), "");
}

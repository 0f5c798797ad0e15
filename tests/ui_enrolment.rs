//! Headless UI test of a first visit (Slint testing backend, mock time), asserting the records
//! in the database: typing on the on-screen keyboard, refusals that name the wrong field, the
//! adult's part first (the life situation, then the consent signed by finger by the parent and
//! a 15-year-old), the hand-over, then the child's picture and code (with a mismatch) and one
//! transaction with its outbox rows; the child's part leads back only to the hand-over; no
//! other family's name or phone is anywhere on the consent or the child's screens; "does not
//! agree" and the idle timeout leave nothing. Then the door board: a walk-in appears by itself
//! and is taken.

mod common;

use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use common::ui::{pump_until, shows, tap};
use common::TempKiosk;
use i_slint_backend_testing::{ElementHandle, ElementQuery};
use ladoshka::app::{
    AppWindow, DoorAdapter, EnrolmentAdapter, EnrolmentStep, KeyboardAdapter, Kiosk, KioskConfig,
    Navigation, PinEntryAdapter, Screen,
};
use ladoshka::crypto::PinPepper;
use ladoshka::domain::{Avatar, PictureCode};
use ladoshka::platform::audio::Speakers;
use ladoshka::store::StoreWorker;
use slint::platform::{PointerEventButton, WindowEvent};
use slint::{ComponentHandle, LogicalPosition, Model};

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::NEW_YEARS_EVE;

const OPERATOR: &str = "ГБУ «КЦСОН Тестовый»";

struct Harness {
    ui: AppWindow,
    _kiosk: std::rc::Rc<Kiosk>,
    store: StoreWorker,
    pepper: PinPepper,
    _dir: TempKiosk,
}

fn start() -> Harness {
    let dir = TempKiosk::new();
    let mut store = dir.open();
    let pepper = PinPepper::from_bytes([7; 32]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    ladoshka::demo::seed(&mut store, &ladoshka::demo::generate(today), &pepper, today).unwrap();
    let (ui, kiosk, store) = common::ui::start_kiosk(
        store,
        pepper.clone(),
        Speakers::muted(),
        KioskConfig {
            operator: OPERATOR.into(),
            ..common::ui::english()
        },
    );
    Harness {
        ui,
        _kiosk: kiosk,
        store,
        pepper,
        _dir: dir,
    }
}

fn screen(h: &Harness) -> Screen {
    h.ui.global::<Navigation>().get_screen()
}

fn step(h: &Harness) -> EnrolmentStep {
    h.ui.global::<EnrolmentAdapter>().get_step()
}

fn sign_in(h: &Harness) {
    tap(&h.ui, "For staff");
    pump_until("the staff list", || shows(&h.ui, "Сафина А. С."));
    tap(&h.ui, "Сафина А. С.");
    for d in "1111".chars() {
        tap(&h.ui, &d.to_string());
    }
    assert_eq!(h.ui.global::<PinEntryAdapter>().get_digits_typed(), 4);
    tap(&h.ui, "Sign in");
    pump_until("the psychologist's home", || screen(h) == Screen::RoleHome);
}

/// Types `value` into the field labelled `label` as assistive technology would.
fn fill(h: &Harness, label: &str, value: &str) {
    let found: Vec<_> = ElementHandle::find_by_accessible_label(&h.ui, label).collect();
    assert!(!found.is_empty(), "no field «{label}»");
    for e in found {
        e.set_accessible_value(value);
    }
}

/// Types on the on-screen keyboard, letter by letter (capitals with the shift key).
fn type_on_keyboard(h: &Harness, text: &str) {
    for c in text.chars() {
        match c {
            ' ' => tap(&h.ui, "Space"),
            c if c.is_uppercase() => {
                tap(&h.ui, "Capital letter");
                tap(&h.ui, &c.to_string());
            }
            c => tap(&h.ui, &c.to_string()),
        }
    }
}

/// Draws a zig-zag across the pad labelled `label` with a finger.
fn sign(h: &Harness, label: &str) {
    let pad = ElementHandle::find_by_accessible_label(&h.ui, label)
        .find(|e| e.accessible_role() == Some(i_slint_backend_testing::AccessibleRole::Image))
        .unwrap_or_else(|| panic!("no signature pad «{label}»"));
    let (origin, size) = (pad.absolute_position(), pad.size());
    let at = |fx: f32, fy: f32| {
        LogicalPosition::new(origin.x + size.width * fx, origin.y + size.height * fy)
    };
    let window = h.ui.window();
    window.dispatch_event(WindowEvent::PointerPressed {
        position: at(0.1, 0.5),
        button: PointerEventButton::Left,
    });
    for i in 1..=16 {
        window.dispatch_event(WindowEvent::PointerMoved {
            position: at(0.1 + i as f32 * 0.05, if i % 2 == 0 { 0.5 } else { 0.3 }),
        });
    }
    window.dispatch_event(WindowEvent::PointerReleased {
        position: at(0.9, 0.5),
        button: PointerEventButton::Left,
    });
    window.dispatch_event(WindowEvent::PointerExited);
}

fn counts(h: &Harness) -> (i64, i64) {
    h.store.call(|s| {
        let c = s.counts().unwrap();
        (c.families, c.children)
    })
}

/// Every text anywhere in the window: each element's accessible label, value and description
/// (a `Text` is labelled by its text), whether or not it is scrolled into view.
fn texts_in_window(h: &Harness) -> Vec<String> {
    ElementQuery::from_root(&h.ui)
        .match_descendants()
        .find_all()
        .into_iter()
        .flat_map(|e| {
            [
                e.accessible_label(),
                e.accessible_value(),
                e.accessible_description(),
            ]
        })
        .flatten()
        .map(|t| t.to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// No surname (in any of its forms) or phone of a family other than the one whose surname
/// stem is `own` is anywhere in the window.
fn assert_no_other_family(h: &Harness, own: &str) {
    let others: Vec<(String, Option<String>)> = h.store.call(|s| {
        s.families()
            .unwrap()
            .into_iter()
            .map(|f| {
                (
                    f.details.surname.clone(),
                    f.details.phone.as_ref().map(|p| p.as_str().to_owned()),
                )
            })
            .collect()
    });
    assert!(others.len() > 10, "the demo centre has families to leak");
    let texts = texts_in_window(h);
    let text = texts.join(" | ");
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    assert!(words.len() > 20, "the scan reads the screen: {text}");
    let digit_runs: Vec<String> = texts
        .iter()
        .map(|t| t.chars().filter(char::is_ascii_digit).collect())
        .collect();
    for (surname, phone) in others {
        // A family's surname and its other forms (Галиева → Галиев, Галиевы).
        let stem = surname.trim_end_matches(['а', 'ы']);
        if stem == own {
            continue;
        }
        for form in [
            surname.as_str(),
            stem,
            &format!("{stem}а"),
            &format!("{stem}ы"),
        ] {
            assert!(
                !words.contains(form),
                "another family's surname «{form}» on screen: {text}"
            );
        }
        if let Some(phone) = phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !digit_runs.iter().any(|run| run.contains(&digits[1..])),
                "another family's phone on screen: {text}"
            );
        }
    }
}

/// From the role home to the consent step with a teenager (or a young child).
fn fill_up_to_consent(h: &Harness, birth: NaiveDate) {
    tap(&h.ui, "Enrol a family");
    assert_eq!(screen(h), Screen::Enrolment);
    tap(&h.ui, "Hide the keyboard");
    fill(
        h,
        "Full name (surname, first name, patronymic)",
        "Петрова Ольга Ивановна",
    );
    fill(h, "Family surname", "Петровы");
    fill(
        h,
        "Identity document (kind, series, number)",
        "паспорт 9200 000001",
    );
    fill(h, "Address", "Казань, ул. Пушкина, 1");
    tap(&h.ui, "Next");
    assert_eq!(step(h), EnrolmentStep::Child);
    fill(h, "First name", "Лена");
    fill(h, "Surname", "Петрова");
    fill(
        h,
        "Date of birth (dd.mm.yyyy)",
        &birth.format("%d.%m.%Y").to_string(),
    );
    tap(&h.ui, "Next: the consent");
    assert_eq!(step(h), EnrolmentStep::Consent);
    assert_no_other_family(h, "Петров");
}

#[test]
fn enrolment_keeps_a_child_only_with_a_signed_consent() {
    i_slint_backend_testing::init_integration_test_with_mock_time();
    common::at(INSTANT);
    let h = start();
    let a = h.ui.global::<EnrolmentAdapter>();
    let (families_before, children_before) = counts(&h);
    sign_in(&h);

    // --- The parent's details, typed on the on-screen keyboard that opens with the form. ---
    tap(&h.ui, "Enrol a family");
    assert_eq!(screen(&h), Screen::Enrolment);
    assert_eq!(step(&h), EnrolmentStep::Parent);
    assert!(
        shows(&h.ui, "Space"),
        "the keyboard shows while a field has the focus"
    );
    assert_eq!(
        h.ui.global::<KeyboardAdapter>().get_layout(),
        "en",
        "the keyboard follows the kiosk's language"
    );
    tap(&h.ui, "Switch keyboard language");
    tap(&h.ui, "Switch keyboard language");
    tap(&h.ui, "Switch keyboard language");
    assert_eq!(
        h.ui.global::<KeyboardAdapter>().get_layout(),
        "en",
        "ru → tt → en → …"
    );
    tap(&h.ui, "Switch keyboard language");
    assert_eq!(h.ui.global::<KeyboardAdapter>().get_layout(), "ru");
    type_on_keyboard(&h, "Иванова Аннаж");
    tap(&h.ui, "Erase one");
    assert_eq!(a.get_parent_name(), "Иванова Анна");
    tap(&h.ui, "Switch keyboard language");
    assert!(shows(&h.ui, "ә"), "the Tatar layout has the Tatar letters");
    tap(&h.ui, "Hide the keyboard");
    assert!(!shows(&h.ui, "Space"), "«hide» hides the keyboard");

    // Missing and wrong fields are refused, naming the field.
    tap(&h.ui, "Next");
    assert_eq!(step(&h), EnrolmentStep::Parent);
    assert_eq!(a.get_error(), "family-surname");
    fill(&h, "Family surname", "Ивановы");
    fill(&h, "Phone (optional)", "123");
    tap(&h.ui, "Next");
    assert_eq!(a.get_error(), "phone");
    fill(&h, "Phone (optional)", "8 917 000-11-22");
    fill(
        &h,
        "Identity document (kind, series, number)",
        "паспорт 9212 345678",
    );
    tap(&h.ui, "Next");
    assert_eq!(a.get_error(), "address");
    fill(&h, "Address", "г. Казань, ул. Баумана, д. 1");
    tap(&h.ui, "Next");
    assert_eq!(step(&h), EnrolmentStep::Child);
    assert_eq!(a.get_error(), "");

    // --- The child: a 15-year-old, who will sign too. ---
    let today = ladoshka::app::clock::today();
    let birth = NaiveDate::from_ymd_opt(today.year() - 15, 3, 1).unwrap();
    fill(&h, "First name", "Маша");
    fill(&h, "Surname", "Иванова");
    fill(
        &h,
        "Date of birth (dd.mm.yyyy)",
        &format!("01.03.{}", today.year() + 1),
    );
    tap(&h.ui, "Next: the consent");
    assert_eq!(a.get_error(), "birth-future");
    fill(
        &h,
        "Date of birth (dd.mm.yyyy)",
        &birth.format("%d.%m.%Y").to_string(),
    );
    // The choices below the fields are under the keyboard: hide it, as staff would.
    tap(&h.ui, "Hide the keyboard");
    tap(
        &h.ui,
        "The family agrees that the first name is shown on the screen at the door",
    );
    tap(&h.ui, "Emergency or disaster");
    // The adult's questions (the life situation among them) all come before the child's part.
    tap(&h.ui, "Next: the consent");
    assert_eq!(step(&h), EnrolmentStep::Consent);

    // --- The consent names the operator and the family; both must sign. ---
    let text = a.get_consent_text().to_string();
    for must in [
        OPERATOR,
        "Иванова Анна",
        "г. Казань, ул. Баумана, д. 1",
        "паспорт 9212 345678",
        "Иванова Маша",
        "152-FZ",
    ] {
        assert!(text.contains(must), "the consent lacks «{must}»");
    }
    assert!(a.get_child_signs());
    assert!(
        texts_in_window(&h)
            .iter()
            .any(|t| t.contains("Иванова Маша")),
        "the window scan reads the consent shown"
    );
    assert_no_other_family(&h, "Иванов");
    tap(&h.ui, "I agree");
    assert_eq!(
        step(&h),
        EnrolmentStep::Consent,
        "unsigned: the button does nothing"
    );
    sign(&h, "Parent's signature");
    assert!(a.get_parent_signed());
    tap(&h.ui, "I agree");
    assert_eq!(
        step(&h),
        EnrolmentStep::Consent,
        "the 15-year-old has not signed yet"
    );
    sign(&h, "Child's signature (14–17 years)");
    assert!(a.get_child_signed());
    tap(&h.ui, "I agree");
    assert_eq!(
        step(&h),
        EnrolmentStep::Handover,
        "then the kiosk goes to the child"
    );
    assert_eq!(
        counts(&h),
        (families_before, children_before),
        "nothing stored yet"
    );

    // --- The child's part: a picture and a secret code (a mismatch first). ---
    tap(&h.ui, "The child is ready");
    assert_eq!(step(&h), EnrolmentStep::Avatar);
    for asked in [
        "Life situation (for the help route; may be left empty)",
        "Emergency or disaster",
        "Address",
        "Parent's signature",
    ] {
        assert!(
            !shows(&h.ui, asked),
            "the child's screen shows the adult's «{asked}»"
        );
    }
    assert_no_other_family(&h, "Иванов");
    // «Back» on the child's part leads to the hand-over, never to the adult's questions.
    tap(&h.ui, "Back");
    assert_eq!(step(&h), EnrolmentStep::Handover);
    tap(&h.ui, "The child is ready");
    tap(&h.ui, "Fox");
    assert_eq!(step(&h), EnrolmentStep::Code);
    for p in ["Apple", "Apple", "Ball", "Car"] {
        tap(&h.ui, p); // tapping a chosen picture twice does not count twice
    }
    assert_eq!(step(&h), EnrolmentStep::CodeRepeat);
    for p in ["Apple", "Ball", "Star"] {
        tap(&h.ui, p);
    }
    assert_eq!(step(&h), EnrolmentStep::Code);
    assert!(a.get_code_mismatch());
    assert_eq!(
        counts(&h),
        (families_before, children_before),
        "nothing stored on a mismatch"
    );
    for p in ["Apple", "Ball", "Car", "Apple", "Ball", "Car"] {
        tap(&h.ui, p);
    }
    pump_until("the enrolment to be saved", || {
        step(&h) == EnrolmentStep::Done
    });

    // The database holds the family, the child, the code and the consent with both signatures.
    assert_eq!(counts(&h), (families_before + 1, children_before + 1));
    let families = h.store.call(|s| s.families().unwrap());
    let family = families
        .iter()
        .find(|f| f.details.surname == "Ивановы")
        .expect("the new family");
    assert_eq!(
        family.details.phone.as_ref().unwrap().as_str(),
        "+79170001122"
    );
    let fid = family.id;
    let child = h
        .store
        .call(move |s| s.children_of(fid).unwrap())
        .pop()
        .unwrap();
    assert_eq!(
        (child.details.first_name.as_str(), child.details.avatar),
        ("Маша", Avatar::Fox)
    );
    assert_eq!(child.public_name(), Some("Маша"));
    assert_eq!(
        child.details.situations,
        [ladoshka::domain::LifeSituation::Emergency]
    );
    let cid = child.id;
    let code = h
        .store
        .call(move |s| s.picture_code_hash(cid).unwrap())
        .expect("a picture code");
    assert!(code.verify_secret(
        PictureCode::new(&[0, 1, 2]).unwrap().canonical().as_bytes(),
        &h.pepper
    ));
    let consents = h.store.call(move |s| s.consents_of(cid).unwrap());
    assert_eq!(consents.len(), 1);
    let c = &consents[0];
    assert_eq!(c.text, text, "the stored text is exactly the text shown");
    assert_eq!(
        c.sha256,
        hex::encode(ring::digest::digest(&ring::digest::SHA256, text.as_bytes()))
    );
    assert_eq!(
        (c.version.as_str(), c.language.as_str()),
        (ladoshka::domain::consent::CONSENT_VERSION, "en")
    );
    for png in [
        &c.parent_signature_png,
        c.child_signature_png
            .as_ref()
            .expect("the child's signature"),
    ] {
        let img = image::load_from_memory(png).unwrap().to_luma8();
        assert!(
            img.pixels().filter(|p| p.0[0] < 128).count() > 1_000,
            "the signature has ink"
        );
    }
    assert!(c.recorded_by.is_some(), "who recorded the consent is kept");
    assert_eq!(h.store.call(|s| s.children_without_consent().unwrap()), 0);
    let outbox: Vec<String> = h
        .store
        .call(|s| s.unsent_outbox(100_000).unwrap())
        .into_iter()
        .map(|r| r.entity)
        .collect();
    for entity in ["family", "child", "picture_code", "consent"] {
        assert!(
            outbox.iter().any(|e| e == entity),
            "no outbox row for {entity}"
        );
    }
    // The take-home card: no stick, a plain word; with one, the page with the secret pictures.
    let stick = h._dir.dir.path().join("stick");
    std::env::set_var("LADOSHKA_USB_DIR", &stick);
    tap(&h.ui, "Take-home card to a USB stick");
    pump_until("the card's answer", || a.get_card_problem() != "");
    assert_eq!(a.get_card_problem(), "no-stick");
    std::fs::create_dir_all(&stick).unwrap();
    tap(&h.ui, "Take-home card to a USB stick");
    pump_until("the card on the stick", || a.get_card_saved() != "");
    let written = std::path::PathBuf::from(a.get_card_saved().as_str());
    assert!(
        written.starts_with(stick.join("ladoshka").join("reports")),
        "{written:?}"
    );
    let card = std::fs::read_to_string(&written).unwrap();
    assert!(card.contains("Маша") && card.contains("My card"));
    assert!(
        !card.contains("Иванов"),
        "no surname on a card that may be lost"
    );
    tap(&h.ui, "Done");
    assert_eq!(screen(&h), Screen::RoleHome);
    assert_eq!(a.get_card_saved(), "", "the card's path is forgotten");
    assert_eq!(a.get_parent_name(), "", "nothing typed stays behind");
    assert_eq!(a.get_consent_text(), "");

    // --- The parent does not agree: nothing is stored. ---
    let before = counts(&h);
    let outbox_before = h.store.call(|s| s.unsent_outbox(100_000).unwrap()).len();
    fill_up_to_consent(&h, NaiveDate::from_ymd_opt(today.year() - 6, 1, 1).unwrap());
    assert!(!a.get_child_signs(), "a six-year-old does not sign");
    sign(&h, "Parent's signature");
    tap(&h.ui, "The parent does not agree");
    assert_eq!(step(&h), EnrolmentStep::Declined);
    assert_eq!(counts(&h), before);
    assert_eq!(
        h.store.call(|s| s.unsent_outbox(100_000).unwrap()).len(),
        outbox_before
    );
    assert_eq!(a.get_parent_ink(), "", "the signature is forgotten");
    tap(&h.ui, "Done");
    assert_eq!(screen(&h), Screen::RoleHome);

    // --- Walking away mid-enrolment: back to the public home, everything forgotten. ---
    tap(&h.ui, "Enrol a family");
    fill(
        &h,
        "Full name (surname, first name, patronymic)",
        "Сидорова Мария",
    );
    common::ui::elapse(Duration::from_secs(91));
    assert_eq!(screen(&h), Screen::PublicHome);
    assert_eq!(a.get_parent_name(), "");
    assert_eq!(counts(&h), before);

    // --- The door board: a walk-in appears by itself (with a chime) and is taken. ---
    sign_in(&h);
    tap(&h.ui, "Walk-in requests");
    assert_eq!(screen(&h), Screen::Door);
    let door = h.ui.global::<DoorAdapter>();
    pump_until("the first reading of the board", || true);
    assert_eq!(door.get_walk_ins().row_count(), 0);
    let room = h.store.call(|s| s.rooms().unwrap()[0].id);
    h.store
        .call(move |s| s.write(|w| w.record_walk_in(Some(room))).unwrap());
    common::ui::elapse(ladoshka::app::door::REFRESH);
    pump_until("the walk-in on the board", || {
        door.get_walk_ins().row_count() == 1
    });
    tap(&h.ui, "I'll take it");
    pump_until("the walk-in taken", || {
        door.get_walk_ins()
            .row_data(0)
            .is_some_and(|w| w.taken_by_me)
    });
    assert_eq!(h.store.call(|s| s.open_walk_ins().unwrap()), 0);
}

//! The data-requests screen, headless on the demo centre (issue 15 §1): a psychologist records a
//! consent withdrawal the parent signs and exports the family's data to a stick, but may not
//! erase; the administrator erases the family; every step lands in the audit trail the screen
//! lists; an answer that arrives after the colleague signed out is dropped.

mod common;

use common::ui::{demo_kiosk, pump_until, settle, sign_in, tap};
use ladoshka::app::{
    ConsentStanding, DataMode, DataNotice, DataRequestsAdapter, Navigation, Screen,
};
use ladoshka::platform::audio::Speakers;
use slint::{ComponentHandle, Model};

const INSTANT: &str = common::instants::MONDAY_MORNING;

fn sign_stroke(a: &DataRequestsAdapter) {
    a.invoke_stroke(0, 20.0, 60.0, 600.0, 200.0);
    for i in 1..12 {
        a.invoke_stroke(
            1,
            20.0 + i as f32 * 40.0,
            if i % 2 == 0 { 60.0 } else { 120.0 },
            600.0,
            200.0,
        );
    }
}

#[test]
fn a_consent_is_withdrawn_the_family_exported_and_erased_with_an_audit_trail() {
    let k = demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<DataRequestsAdapter>();
    let stick = k.dir.dir.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    std::env::set_var("LADOSHKA_USB_DIR", &stick);

    // A psychologist opens the screen from their home.
    sign_in(ui, "Сафина А. С.", "1111");
    tap(ui, "Data requests");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::DataRequests);
    pump_until("the families", || a.get_families().row_count() > 5);
    assert!(!a.get_may_erase(), "a psychologist may not erase");
    // A family that holds no item (one that does is refused erasure: tests/store_subject_rights.rs).
    let free = k.store.call(|s| {
        s.families()
            .unwrap()
            .into_iter()
            .map(|f| f.id)
            .find(|id| {
                s.family_data(*id)
                    .unwrap()
                    .loans
                    .iter()
                    .all(|l| l.returned_on.is_some())
            })
            .unwrap()
    });
    let family = a
        .get_families()
        .iter()
        .find(|f| f.id as i64 == free.0)
        .unwrap();
    a.invoke_choose(family.id);
    pump_until("the children", || {
        a.get_family_chosen() && a.get_children().row_count() > 0
    });
    let child = a.get_children().row_data(0).unwrap();
    assert_eq!(child.consent, ConsentStanding::Given);

    // Erasing is not offered, and asking for it anyway does nothing.
    a.invoke_start_erase_family();
    assert_eq!(a.get_mode(), DataMode::Family);

    // The withdrawal: the parent signs; not before.
    a.invoke_start_withdraw(child.id);
    assert_eq!(a.get_mode(), DataMode::Withdraw);
    assert_eq!(a.get_subject(), child.name);
    assert!(!a.get_signed());
    sign_stroke(&a);
    assert!(a.get_signed());
    a.invoke_confirm();
    pump_until("the withdrawal", || a.get_notice() == DataNotice::Withdrawn);
    assert_eq!(a.get_mode(), DataMode::Family);
    pump_until("the child's standing", || {
        a.get_children()
            .row_data(0)
            .is_some_and(|c| c.consent == ConsentStanding::Withdrawn)
    });
    let shown = a.get_children().row_data(0).unwrap();
    assert_eq!(shown.erase_by, "23.12.2026", "30 days after 23.11.2026");
    let listed = a.get_families().iter().find(|f| f.id == family.id).unwrap();
    assert_eq!(listed.erase_by, "23.12.2026");

    // The export to the stick.
    a.invoke_export();
    pump_until("the export", || a.get_notice() == DataNotice::Exported);
    let written: Vec<_> = common::files_under(&stick);
    assert_eq!(written.len(), 2, "{written:?}");
    assert!(written
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "html")));
    pump_until("the audit trail", || {
        let events: Vec<_> = a.get_audit().iter().map(|l| l.event.to_string()).collect();
        events.contains(&"exported".to_string())
            && events.contains(&"consent_withdrawn".to_string())
    });
    let line = a
        .get_audit()
        .iter()
        .find(|l| l.event == "consent_withdrawn")
        .unwrap();
    assert_eq!(
        line.detail, child.name,
        "the audit trail names the child while they are kept"
    );
    assert_eq!(line.who, "Сафина А. С.");

    // An answer that arrives after the colleague walked away (the idle time-out signs them
    // out) is not shown to the next one.
    a.invoke_choose(family.id);
    common::ui::elapse(std::time::Duration::from_secs(91));
    settle(&k.store);
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::PublicHome);
    assert_eq!(
        a.get_families().row_count(),
        0,
        "nothing of the screen stays after sign-out"
    );
    assert!(!a.get_family_chosen());

    // The administrator erases the family.
    sign_in(ui, "Нуриев Р. М.", "9999");
    tap(ui, "Data requests");
    pump_until("the families", || a.get_families().row_count() > 5);
    assert!(a.get_may_erase());
    let before = a.get_families().row_count();
    a.invoke_choose(family.id);
    pump_until("the children", || a.get_family_chosen());
    a.invoke_start_erase_family();
    assert_eq!(a.get_mode(), DataMode::EraseFamily);
    a.invoke_cancel();
    assert_eq!(a.get_mode(), DataMode::Family);
    a.invoke_start_erase_family();
    a.invoke_confirm();
    pump_until("the erasure", || {
        matches!(
            a.get_notice(),
            DataNotice::Erased | DataNotice::HoldsItems | DataNotice::Failed
        )
    });
    assert_eq!(
        a.get_notice(),
        DataNotice::Erased,
        "{}",
        a.get_notice_detail()
    );
    pump_until("the list without the family", || {
        a.get_families().row_count() == before - 1
    });
    assert!(!a.get_family_chosen());
    assert!(a.get_families().iter().all(|f| f.id != family.id));
    let erased = a.get_audit().iter().find(|l| l.event == "erased").unwrap();
    assert_eq!(erased.who, "Нуриев Р. М.");
    assert!(
        erased.detail.starts_with('№'),
        "an erased family is named by its number: {}",
        erased.detail
    );
}

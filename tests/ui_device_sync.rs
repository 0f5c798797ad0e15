//! Headless UI test of the administrator's "device and sync" screen against a real centre on
//! loopback: not enrolled at first; enrolled, "sync now" goes to the background sync thread and
//! delivers every record; the centre down, the error in plain words with the records waiting;
//! "export to USB" writes the sealed bundles onto the stick, then asks for it to be released and
//! says it may be pulled out.

mod common;

use common::ui::{sign_in, tap};
use ladoshka::app::{DeviceSyncAdapter, Navigation, Screen};
use ladoshka::platform::audio::Speakers;
use slint::ComponentHandle;

/// The instant this test's kiosk clock stands at (see `common::instants`).
const INSTANT: &str = common::instants::MONDAY_MORNING;

/// The screen reads the status on a timer: advance the mock clock while waiting.
fn pump_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        common::ui::elapse(std::time::Duration::from_millis(500));
        common::ui::pump_until(what, || true);
        if done() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn an_administrator_sees_the_sync_and_sends_and_exports_from_the_screen() {
    let c = ladoshka_centre_testing::TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let k = common::ui::demo_kiosk(Speakers::muted(), INSTANT);
    let ui = &k.ui;
    let a = ui.global::<DeviceSyncAdapter>();
    k.kiosk.set_sync(ladoshka::sync::background::spawn(
        k.dir.db_path(),
        k.dir.key.clone(),
    ));
    let stick = k.dir.dir.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    std::env::set_var("LADOSHKA_USB_DIR", &stick);
    // The kiosk image's root service that releases sticks, played by a thread: it takes the
    // app's request once the export is written (a stick in a folder is never among the mounts).
    let eject_dir = k.dir.dir.path().join("eject-requests");
    std::fs::create_dir_all(&eject_dir).unwrap();
    std::env::set_var("LADOSHKA_EJECT_DIR", &eject_dir);
    let request = eject_dir.join("eject");
    let releases = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !request.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::remove_file(&request).is_ok()
    });

    sign_in(ui, "Нуриев Р. М.", "9999");
    tap(ui, "Device and sync");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::DeviceSync);
    pump_until("the status", || !a.get_device_id().is_empty());
    assert_eq!(a.get_enrolment(), "none");
    assert!(a.get_pending_rows() > 100, "the demo centre's records wait");
    assert_eq!(a.get_device_id().len(), 32);

    // Enrolled (as `ladoshka enrol` does), the screen shows the centre and "sync now" sends.
    let device = k.store.call(|s| s.sync_identity().unwrap().device_id);
    let token = c.token();
    let url = server.url();
    k.store
        .call(move |s| {
            let me = s.sync_identity().unwrap();
            let answer = ladoshka::sync::CentreClient::new(&url)
                .enrol(&ladoshka_seal::EnrolmentRequest {
                    token,
                    device_id: me.device_id,
                    device_public_key: me.key.public_key(),
                })
                .unwrap();
            s.record_enrolment(Some(&url), &answer.centre_public_key)?;
            assert!(s.confirm_centre(&answer.centre_public_key.fingerprint())?);
            Ok::<(), ladoshka::store::StoreError>(())
        })
        .unwrap();
    pump_until("the centre", || a.get_enrolment() == "online");
    assert_eq!(a.get_centre_url(), server.url().as_str());
    assert_eq!(
        a.get_centre_fingerprint(),
        c.centre.public_key().fingerprint().as_str()
    );
    let waiting = a.get_pending_rows() as u64;
    tap(ui, "Sync now");
    pump_until("everything delivered", || {
        a.get_pending_rows() == 0 && !a.get_last_success().is_empty() && a.get_busy().is_empty()
    });
    assert_eq!(c.seqs(&device), (1..=waiting).collect::<Vec<_>>());
    assert_eq!(a.get_error_kind(), "");

    // The centre goes away: the next attempt fails in plain words; the records wait.
    drop(server);
    k.store
        .call(|s| {
            s.write(|w| {
                w.insert_rental_item(
                    &ladoshka::domain::NewRentalItem::new(
                        ladoshka::domain::RentalKind::WALKER,
                        "ХОД-0900",
                        ladoshka::domain::ItemState::Available,
                    )
                    .unwrap(),
                )
            })
        })
        .unwrap();
    tap(ui, "Sync now");
    pump_until("the error", || a.get_error_kind() == "unreachable");
    assert!(a.get_error_detail().contains("cannot be reached"));
    assert!(
        a.get_detail_shown(),
        "in English the program's own words show at once"
    );
    assert_eq!(a.get_pending_rows(), 1);
    assert_eq!(a.get_failures(), 1);

    // Export to the stick: the sealed bundle is written there, and still kept here.
    assert_eq!(a.get_stick(), stick.display().to_string().as_str());
    tap(ui, "Export to USB");
    pump_until("the export", || a.get_export_result() == "released");
    assert!(
        releases.join().unwrap(),
        "the app asked for the stick to be released"
    );
    let files: Vec<_> = std::fs::read_dir(stick.join("ladoshka"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with(".ldsb"));
    assert_eq!(a.get_pending_bundles(), 1, "kept until the centre confirms");

    tap(ui, "Back");
    assert_eq!(ui.global::<Navigation>().get_screen(), Screen::RoleHome);
}

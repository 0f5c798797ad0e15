//! Adapter of the administrator's "device and sync" screen: the kiosk's sync identity and
//! enrolment, the last delivery, what waits, the last error, and the two actions ("sync now",
//! "export to a USB stick"), which go to the background sync thread. While the screen is open it
//! looks every two seconds: the store's status is read again only when the database changed
//! ([`crate::store::DataMark`]), the thread's activity and the stick are looked at each time,
//! and a look that finds all three as they were repaints nothing (equal values set no property).

use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, SharedString};

use super::{AppWindow, DeviceSyncAdapter, Kiosk, Navigation, Screen};
use crate::store::{DataMark, Fresh, SyncStatus};
use crate::sync::background::{SyncActivity, SyncCommand};

/// How often the open screen reads the status again.
pub const REFRESH: Duration = Duration::from_secs(2);

#[derive(Default)]
pub(crate) struct DeviceSyncState {
    timer: Option<slint::Timer>,
    /// The status last read and where the database stood then.
    seen: Option<(DataMark, SyncStatus)>,
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<DeviceSyncAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_sync_now(move || {
        if let Some(sync) = k.sync() {
            sync.send(SyncCommand::Now);
            if let Some(ui) = k.ui.upgrade() {
                ui.global::<DeviceSyncAdapter>().set_busy("sync".into());
            }
        }
    });
    let k = kiosk.clone();
    a.on_export(move || {
        let Some(sync) = k.sync() else { return };
        let Some(stick) = crate::platform::usb_stick::find() else {
            return;
        };
        sync.send(SyncCommand::ExportTo(
            crate::platform::usb_stick::export_dir(&stick),
        ));
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<DeviceSyncAdapter>().set_busy("export".into());
        }
    });
    Rc::new(super::navigator::Plain::<DeviceSyncState>::new(
        |r| matches!(r, super::navigator::Route::DeviceSync),
        open,
        clear,
    ))
}

/// Opens the screen and keeps it current while it is open.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    kiosk.navigate(ui, Screen::DeviceSync);
    load(kiosk);
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(kiosk);
    timer.start(slint::TimerMode::Repeated, REFRESH, move || {
        if let Some(k) = weak.upgrade() {
            load(&k);
        }
    });
    kiosk.state_of::<DeviceSyncState>().timer = Some(timer);
}

pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<DeviceSyncState>() = DeviceSyncState::default();
    let a = ui.global::<DeviceSyncAdapter>();
    a.set_export_result(SharedString::new());
    a.set_export_detail(SharedString::new());
    a.set_error_kind(SharedString::new());
    a.set_error_detail(SharedString::new());
    a.set_detail_shown(kiosk.state_language() == crate::domain::Language::En);
}

fn load(kiosk: &Rc<Kiosk>) {
    let since = kiosk
        .view_of::<DeviceSyncState>()
        .seen
        .as_ref()
        .map(|(mark, _)| *mark);
    kiosk.ask(
        move |s| s.read_if_changed(since, |s| s.sync_status()),
        |k, ui, r| {
            if ui.global::<Navigation>().get_screen() != Screen::DeviceSync {
                return;
            }
            let activity = k.sync().map(|s| s.activity()).unwrap_or_default();
            let stick = crate::platform::usb_stick::find();
            let status = match r {
                Ok(Fresh::Read(mark, status)) => {
                    k.state_of::<DeviceSyncState>().seen = Some((mark, status.clone()));
                    status
                }
                Ok(Fresh::Unchanged) => match &k.view_of::<DeviceSyncState>().seen {
                    Some((_, status)) => status.clone(),
                    None => return,
                },
                Err(e) => return tracing::error!("cannot read the sync status: {e}"),
            };
            show(ui, &status, &activity, stick.as_deref());
        },
    );
}

/// Fills the screen.
pub fn show(
    ui: &AppWindow,
    s: &SyncStatus,
    activity: &SyncActivity,
    stick: Option<&std::path::Path>,
) {
    let a = ui.global::<DeviceSyncAdapter>();
    a.set_device_id(s.device_id.as_str().into());
    a.set_fingerprint(s.fingerprint.as_str().into());
    a.set_enrolment(
        match (&s.centre_fingerprint, &s.centre_url) {
            (None, _) => "none",
            (Some(_), None) => "offline",
            (Some(_), Some(_)) => "online",
        }
        .into(),
    );
    a.set_centre_url(s.centre_url.clone().unwrap_or_default().into());
    a.set_centre_fingerprint(s.centre_fingerprint.clone().unwrap_or_default().into());
    a.set_centre_confirmed(s.centre_confirmed);
    a.set_last_success(
        s.last_success_at
            .map(|t| {
                format!(
                    "{} {}",
                    super::clock::local_date(t).format("%d.%m.%Y"),
                    super::clock::local_hh_mm(t)
                )
            })
            .unwrap_or_default()
            .into(),
    );
    a.set_config_version(s.config.serial.min(i32::MAX as u64) as i32);
    a.set_config_applied(
        s.config
            .applied_at
            .map(|t| super::clock::local_date(t).format("%d.%m.%Y").to_string())
            .unwrap_or_default()
            .into(),
    );
    a.set_config_refused(s.config.refusal.is_some());
    a.set_pending_rows(s.pending_rows.min(i32::MAX as u64) as i32);
    a.set_pending_bundles(s.pending_bundles.min(i32::MAX as u64) as i32);
    a.set_error_kind(s.last_error_kind.clone().unwrap_or_default().into());
    a.set_error_detail(s.last_error.clone().unwrap_or_default().into());
    a.set_failures(s.failures as i32);
    a.set_busy(activity.busy.unwrap_or("").into());
    a.set_stick(
        stick
            .map(|p| p.display().to_string())
            .unwrap_or_default()
            .into(),
    );
    match &activity.last_export {
        Some(Ok(done)) => {
            use crate::platform::usb_eject::Ejection;
            a.set_export_result(
                match done.ejection {
                    Ejection::Released => "released",
                    Ejection::NoHelper => "done",
                    Ejection::StillMounted => "still-mounted",
                }
                .into(),
            );
            a.set_export_detail(format!("{} ({})", done.dir.display(), done.bundles).into());
        }
        Some(Err(e)) => {
            a.set_export_result("failed".into());
            a.set_export_detail(e.as_str().into());
        }
        None => {
            a.set_export_result(SharedString::new());
            a.set_export_detail(SharedString::new());
        }
    }
}

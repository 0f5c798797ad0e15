//! The running kiosk: the window, the services it uses, and the little state that spans
//! screens (who is chosen, who is signed in, the language). Each screen's adapter module
//! installs its callbacks here.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use slint::ComponentHandle;

use super::idle::IdleTimer;
use super::{AppWindow, Navigation, Screen};
use crate::crypto::PinPepper;
use crate::domain::{Language, Role, SignOutReason, StaffId};
use crate::platform::audio::Speakers;
use crate::store::{StaffCard, Store, StoreWorker};

#[derive(Debug, Clone)]
pub struct KioskConfig {
    pub idle_timeout: Duration,
    pub language: Language,
    /// The name of the room this kiosk stands in (`kiosk.toml` or `--room`); `None`: the first.
    pub room: Option<String>,
    /// The centre's legal name, as the consent names the operator. Enrolment refuses to start
    /// without it.
    pub operator: String,
    /// The kiosk's time zone: every time on screen is shown in it.
    pub zone: chrono_tz::Tz,
    /// The demo centre (`run --demo`): the public home says the data are invented.
    pub demo: bool,
    /// When sessions may be booked.
    pub hours: crate::domain::free_slots::WorkingHours,
    /// The help-route templates (the built-in defaults, or the centre's `--routes-dir`).
    pub routes: Vec<crate::domain::route::RouteTemplate>,
    /// The diagnostic instruments (built in, and those the centre imported).
    pub instruments: crate::platform::instrument_files::Catalogue,
}

impl Default for KioskConfig {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(90),
            language: Language::Ru,
            room: None,
            operator: String::new(),
            zone: super::clock::DEFAULT_ZONE,
            demo: false,
            hours: Default::default(),
            routes: crate::platform::route_files::built_in().templates,
            instruments: crate::platform::instrument_files::Catalogue::built_in(),
        }
    }
}

pub struct Services {
    pub store: StoreWorker,
    pub pepper: PinPepper,
    pub speakers: Speakers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedIn {
    pub staff: StaffId,
    pub role: Role,
}

#[derive(Default)]
pub(crate) struct KioskState {
    pub language: Language,
    /// The colleagues on the sign-in screen, in the order shown.
    pub staff: Vec<StaffCard>,
    /// The colleague whose PIN is being typed.
    pub chosen: Option<StaffCard>,
    /// The digits typed so far. Only here, never in a Slint property.
    pub pin: String,
    pub signed_in: Option<SignedIn>,
    /// The room this kiosk stands in (the first room until set-up chooses one).
    pub room: Option<crate::domain::RoomId>,
    pub check_in: super::check_in::CheckInState,
    pub enrolment: super::enrolment::EnrolmentState,
    pub door: super::door::DoorState,
    pub booking: super::booking::BookingState,
    pub schedule: super::schedule::ScheduleState,
    pub session: super::session::SessionScreenState,
    pub indicators: super::indicators::IndicatorsState,
    pub routes: super::routes::RoutesState,
    pub diagnostics: super::diagnostics::DiagnosticsState,
    pub child_mode: super::child_mode::ChildModeState,
    pub drawing: super::drawing::DrawingState,
    pub rental_desk: super::rental_desk::RentalDeskState,
    pub device_sync: super::device_sync::DeviceSyncState,
    pub setup: super::setup::SetupState,
}

pub struct Kiosk {
    pub(crate) ui: slint::Weak<AppWindow>,
    pub(crate) services: Services,
    pub(crate) config: KioskConfig,
    pub(crate) idle: IdleTimer,
    pub(crate) state: RefCell<KioskState>,
    /// The background sync thread, when the kiosk runs one (`ladoshka run`; tests may not).
    sync: RefCell<Option<crate::sync::background::SyncHandle>>,
}

impl Kiosk {
    /// Wires every screen of `ui` to the services and shows the public home.
    pub fn start(ui: &AppWindow, services: Services, config: KioskConfig) -> Rc<Kiosk> {
        super::clock::set_zone(config.zone);
        let kiosk = Rc::new(Kiosk {
            ui: ui.as_weak(),
            idle: IdleTimer::default(),
            state: RefCell::new(KioskState {
                language: config.language,
                ..Default::default()
            }),
            services,
            config,
            sync: RefCell::new(None),
        });
        let weak = Rc::downgrade(&kiosk);
        ui.global::<super::Activity>().on_touched(move || {
            if let Some(k) = weak.upgrade() {
                k.idle.touched();
            }
        });
        super::public_home::install(ui, &kiosk);
        super::staff_select::install(ui, &kiosk);
        super::pin_entry::install(ui, &kiosk);
        super::role_home::install(ui, &kiosk);
        super::check_in::install(ui, &kiosk);
        super::enrolment::install(ui, &kiosk);
        super::door::install(ui, &kiosk);
        super::booking::install(ui, &kiosk);
        super::schedule::install(ui, &kiosk);
        super::session::install(ui, &kiosk);
        super::indicators::install(ui, &kiosk);
        super::routes::install(ui, &kiosk);
        super::diagnostics::install(ui, &kiosk);
        super::child_mode::install(ui, &kiosk);
        super::drawing::install(ui, &kiosk);
        super::rental_desk::install(ui, &kiosk);
        super::device_sync::install(ui, &kiosk);
        super::setup::install(ui, &kiosk);
        super::keyboard::install(ui);
        super::room_choice::choose(&kiosk);
        kiosk.set_language(ui, kiosk.config.language);
        kiosk.go_home(ui);
        kiosk
    }

    /// Hands the kiosk its background sync thread (the admin screen's "sync now" and "export").
    pub fn set_sync(&self, sync: crate::sync::background::SyncHandle) {
        *self.sync.borrow_mut() = Some(sync);
    }

    pub(crate) fn sync(&self) -> Option<crate::sync::background::SyncHandle> {
        self.sync.borrow().clone()
    }

    /// Runs `job` on the store thread; `then` gets its result back on the UI thread.
    pub(crate) fn ask<R: Send + 'static>(
        self: &Rc<Self>,
        job: impl FnOnce(&mut Store) -> R + Send + 'static,
        then: impl FnOnce(&Rc<Kiosk>, &AppWindow, R) + 'static,
    ) {
        let (tx, rx) = futures_channel::oneshot::channel();
        self.services.store.submit(job, move |r| {
            let _ = tx.send(r);
        });
        let kiosk = self.clone();
        let spawned = slint::spawn_local(async move {
            if let Ok(r) = rx.await {
                if let Some(ui) = kiosk.ui.upgrade() {
                    then(&kiosk, &ui, r);
                }
            }
        });
        if let Err(e) = spawned {
            tracing::error!("cannot wait for the store's answer: {e}");
        }
    }

    pub(crate) fn navigate(self: &Rc<Self>, ui: &AppWindow, screen: Screen) {
        let before = ui.global::<Navigation>().get_screen();
        ui.global::<Navigation>().set_screen(screen);
        // The public home and the first start's set-up never time out.
        if screen == Screen::PublicHome || screen == Screen::Setup {
            self.idle.disarm();
        } else if !self.idle.is_armed() || before != screen {
            let timeout = if screen == Screen::CheckIn {
                super::check_in::IDLE
            } else {
                self.config.idle_timeout
            };
            self.linger(timeout);
        }
    }

    /// Returns to the public home after `timeout` without a touch (touches restart it).
    pub(crate) fn linger(self: &Rc<Self>, timeout: Duration) {
        let weak = Rc::downgrade(self);
        self.idle.arm(timeout, move || {
            if let Some(k) = weak.upgrade() {
                if let Some(ui) = k.ui.upgrade() {
                    tracing::info!("idle timeout: back to the public home");
                    k.return_home(&ui, SignOutReason::Idle);
                }
            }
        });
    }

    /// Back to the public home with nobody signed in and nothing of the last person on any
    /// screen; records the sign-out if someone was signed in.
    pub(crate) fn return_home(self: &Rc<Self>, ui: &AppWindow, reason: SignOutReason) {
        super::check_in::clear(self, ui);
        super::enrolment::clear(self, ui);
        super::door::stop(self, ui);
        super::booking::clear(self, ui);
        super::session::close(self, ui);
        super::indicators::clear(self, ui);
        super::routes::clear(self, ui);
        super::diagnostics::clear(self, ui);
        super::child_mode::clear(self, ui);
        super::drawing::clear(self);
        super::rental_desk::clear(self, ui);
        super::device_sync::clear(self, ui);
        let signed_in = {
            let mut st = self.state.borrow_mut();
            st.pin.clear();
            st.chosen = None;
            st.signed_in.take()
        };
        if let Some(who) = signed_in {
            let now = crate::platform::clock::now();
            self.ask(
                move |s| s.record_sign_out(who.staff, reason, now),
                |_, _, r| {
                    if let Err(e) = r {
                        tracing::error!("cannot record the sign-out: {e}");
                    }
                },
            );
        }
        // After the sign-out is taken: nothing of the schedule's view is kept.
        super::schedule::close(self, ui);
        super::role_home::clear(ui);
        self.go_home(ui);
    }

    pub(crate) fn go_home(self: &Rc<Self>, ui: &AppWindow) {
        self.navigate(ui, Screen::PublicHome);
    }

    pub(crate) fn set_language(self: &Rc<Self>, ui: &AppWindow, lang: Language) {
        self.state.borrow_mut().language = lang;
        super::language::select(lang);
        super::public_home::show_language(ui, lang);
        super::keyboard::follow_language(ui, lang);
    }

    pub(crate) fn state_language(&self) -> Language {
        self.state.borrow().language
    }

    pub fn signed_in(&self) -> Option<SignedIn> {
        self.state.borrow().signed_in
    }
}

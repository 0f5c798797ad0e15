//! The navigator: where a screen asks to go, which screen answers, and when an untouched
//! screen times out. Screens never import one another; they name a [`Route`] and the kiosk's
//! navigator hands it to the one adapter that answers it (after Slint's todo-mvc
//! `navigation_adapter`). Each adapter owns its screen's state, which no other module can name.
//!
//! Adding a screen: write its adapter (a struct implementing [`Adapter`]), give it a `Route`
//! variant here, and list it in [`super::wiring`]. See "How to add a screen" in
//! `docs/ARCHITECTURE.md`.

use std::any::Any;
use std::cell::{OnceCell, Ref, RefCell, RefMut};
use std::rc::Rc;
use std::time::Duration;

use chrono::NaiveDate;
use slint::ComponentHandle;

use super::idle::IdleTimer;
use super::kiosk::{KioskConfig, KioskState, Services, SignedIn};
use super::{AppWindow, DeskPanel, Navigation, Screen};
use crate::domain::instrument::{Answers, Instrument};
use crate::domain::restorative::{CaseId, PartyId};
use crate::domain::{ChildId, Language, RoomId, SignOutReason, StaffId};
use crate::store::restorative::{Referral, VoiceMoment};
use crate::store::{CalendarEntry, StaffCard, Store};

/// Where a screen may ask to go, with what the next screen needs to open.
// A route is made once per tap and moved once to the navigator: its size (a staff card rides in
// `PinEntry`) costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Route {
    /// The colleagues' cards, to sign in.
    StaffSelect,
    /// The PIN pad for one colleague.
    PinEntry(StaffCard),
    /// The signed-in colleague's home (its lists refreshed).
    RoleHome,
    Enrolment,
    /// Enrolment opened from a referral card: closing it goes back to the card.
    EnrolmentForReferral,
    Schedule,
    Door,
    Diagnostics,
    /// Back from child mode: `child` chosen and `administration`'s result open.
    DiagnosticsResult {
        child: Option<ChildId>,
        administration: i64,
    },
    HelpRoutes,
    Indicators,
    DeviceSync,
    /// A family's data: export, consent withdrawal, erasure (152-ФЗ).
    DataRequests,
    /// The rental desk at one panel.
    RentalDesk(DeskPanel),
    Booking(BookingRoute),
    /// Session `id` open on the session screen.
    Session(i64),
    /// The child holds the kiosk: an instrument's items, one at a time.
    ChildMode(ChildModeStart),
    /// The reconciliation room's cases: the list and the facilitator's due agreement items.
    Reconciliation,
    /// A new case's referral card.
    RestorativeReferral,
    /// Back to the referral card as it was left; with the case an administrator's override
    /// opened, the card is cleared and the case opens.
    RestorativeReferralBack(Option<CaseId>),
    /// An administrator asked to allow a referral whose facilitator leads one of its
    /// children's own therapy.
    RestorativeOverride(OverrideStart),
    /// One case open at its stage (its facilitator or an administrator only).
    RestorativeCase(CaseId),
    /// A case's agreement: written, read, signed, copied, then checked at follow-up.
    RestorativeAgreement(CaseId),
    /// A child answers privately before or after a meeting.
    RestorativeVoice(VoiceStart),
    /// A child says yes or no to taking part, by pictures.
    RestorativeChildYes(ChildYesStart),
    /// The kiosk during a meeting: a calm screen with «Нужна пауза».
    MeetingRoom(MeetingStart),
}

/// The referral an administrator is asked to allow, as the card was when it was refused.
#[derive(Debug, Clone)]
pub struct OverrideStart {
    pub referral: Referral,
    /// Who would lead it (the colleague signed in).
    pub facilitator: StaffId,
    /// The child whose own therapy they lead (the refusal named them).
    pub child: ChildId,
}

/// Who answers the child's private questions, and when.
#[derive(Debug, Clone)]
pub struct VoiceStart {
    pub case: CaseId,
    pub child: ChildId,
    /// The only name the child's screens show.
    pub first_name: String,
    pub moment: VoiceMoment,
}

/// Whose yes the pictures ask for.
#[derive(Debug, Clone)]
pub struct ChildYesStart {
    pub case: CaseId,
    pub party: PartyId,
    pub first_name: String,
}

/// The meeting the room screen belongs to.
#[derive(Debug, Clone)]
pub struct MeetingStart {
    pub case: CaseId,
    /// The booked joint meeting, if this is one.
    pub session: Option<i64>,
}

/// How the booking form opens.
#[derive(Debug, Clone)]
pub enum BookingRoute {
    /// For a walk-in request at the door.
    WalkIn(i64),
    /// At a free place of the schedule.
    At {
        day: NaiveDate,
        start: u32,
        room: Option<RoomId>,
        psychologist: Option<StaffId>,
    },
    /// To move a booked session (and, if chosen, the rest of its series).
    Move(Box<CalendarEntry>),
}

/// What child mode starts with.
#[derive(Debug, Clone)]
pub struct ChildModeStart {
    pub administration: i64,
    pub child: ChildId,
    pub instrument: Instrument,
    pub answers: Answers,
    /// The session to return to when the psychologist takes the kiosk back.
    pub return_to_session: Option<i64>,
}

/// One screen's adapter as the navigator sees it.
pub(crate) trait Adapter {
    /// Whether this adapter opens `route`.
    fn answers(&self, route: &Route) -> bool;
    /// Opens the screen for `route` (one this adapter answers).
    fn enter(&self, _kiosk: &Rc<Kiosk>, _ui: &AppWindow, _route: Route) {}
    /// Forgets everything of the last person (sign-out, idle, hide): nothing stays on screen.
    fn leave(&self, _kiosk: &Rc<Kiosk>, _ui: &AppWindow) {}
    /// A colleague has just signed in.
    fn signed_in(&self, _kiosk: &Rc<Kiosk>, _ui: &AppWindow, _card: &StaffCard) {}
    /// The kiosk's language changed.
    fn language(&self, _ui: &AppWindow, _lang: Language) {}
    /// The screen's own state (a `RefCell` of its state type), for [`Kiosk::state_of`].
    fn state(&self) -> &dyn Any;
}

/// The adapter of a screen that opens on one route, forgets everything on leave and keeps its
/// state of type `S`: most screens. A screen with more to do implements [`Adapter`] itself.
pub(crate) struct Plain<S> {
    /// Whether a route is this screen's.
    route: fn(&Route) -> bool,
    open: fn(&Rc<Kiosk>, &AppWindow),
    leave: fn(&Kiosk, &AppWindow),
    /// What it does when a colleague signs in (nothing, unless set with `on_sign_in`).
    on_sign_in: fn(&Rc<Kiosk>),
    state: RefCell<S>,
}

impl<S: Default + 'static> Plain<S> {
    pub(crate) fn new(
        route: fn(&Route) -> bool,
        open: fn(&Rc<Kiosk>, &AppWindow),
        leave: fn(&Kiosk, &AppWindow),
    ) -> Self {
        Plain {
            route,
            open,
            leave,
            on_sign_in: |_| {},
            state: RefCell::default(),
        }
    }

    /// Also runs `f` when a colleague signs in.
    pub(crate) fn on_sign_in(self, f: fn(&Rc<Kiosk>)) -> Self {
        Plain {
            on_sign_in: f,
            ..self
        }
    }
}

impl<S: 'static> Adapter for Plain<S> {
    fn answers(&self, route: &Route) -> bool {
        (self.route)(route)
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, _: Route) {
        (self.open)(kiosk, ui)
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        (self.leave)(kiosk, ui)
    }
    fn signed_in(&self, kiosk: &Rc<Kiosk>, _: &AppWindow, _: &StaffCard) {
        (self.on_sign_in)(kiosk)
    }
    fn state(&self) -> &dyn Any {
        &self.state
    }
}

/// How long a screen may stay untouched before the kiosk returns to the public home; `None`:
/// never. The one table of idle time-outs.
pub fn idle_after(screen: Screen, configured: Duration) -> Option<Duration> {
    match screen {
        // The attract screen and the first start's set-up never time out.
        Screen::PublicHome | Screen::Setup => None,
        // A child at the door: back to the attract screen soon.
        Screen::CheckIn => Some(CHECK_IN_IDLE),
        // A joint meeting lasts an hour or more with nobody touching the kiosk, and «Нужна
        // пауза» must be there the whole time: timing out would sign the facilitator out and
        // leave the public home in its place. The room and its pause show no name and nothing
        // of the case, and only the facilitator's PIN leaves them, so they never time out.
        Screen::MeetingRoom => None,
        _ => Some(configured),
    }
}

/// Any check-in step left untouched this long returns to the attract screen.
pub const CHECK_IN_IDLE: Duration = Duration::from_secs(30);

/// The running kiosk: the window, the services, the little state that spans screens (who is
/// chosen, who is signed in, the language, the room) and the screens' adapters.
pub struct Kiosk {
    pub(crate) ui: slint::Weak<AppWindow>,
    pub(crate) services: Services,
    pub(crate) config: KioskConfig,
    pub(crate) idle: IdleTimer,
    pub(crate) state: RefCell<KioskState>,
    /// The background sync thread, when the kiosk runs one (`ladoshka run`; tests may not).
    sync: RefCell<Option<crate::sync::background::SyncHandle>>,
    /// Every screen's adapter, set once when the kiosk starts.
    screens: OnceCell<Vec<Rc<dyn Adapter>>>,
}

impl Kiosk {
    /// A kiosk on `ui` with no screens yet; [`Kiosk::set_screens`] hands it them.
    pub(crate) fn new(ui: &AppWindow, services: Services, config: KioskConfig) -> Rc<Kiosk> {
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
            screens: OnceCell::new(),
        });
        let weak = Rc::downgrade(&kiosk);
        ui.global::<super::Activity>().on_touched(move || {
            if let Some(k) = weak.upgrade() {
                k.idle.touched();
            }
        });
        kiosk
    }

    /// Hands the kiosk its screens' adapters (once, at start).
    pub(crate) fn set_screens(&self, screens: Vec<Rc<dyn Adapter>>) {
        if self.screens.set(screens).is_err() {
            tracing::error!("the kiosk's screens were set twice; the first list stays");
        }
    }

    fn screens(&self) -> &[Rc<dyn Adapter>] {
        self.screens.get().map(Vec::as_slice).unwrap_or_default()
    }

    fn slot<S: 'static>(&self) -> &RefCell<S> {
        self.screens()
            .iter()
            .find_map(|s| s.state().downcast_ref::<RefCell<S>>())
            .unwrap_or_else(|| {
                panic!(
                    "no screen owns a {}: list its adapter in app::wiring",
                    std::any::type_name::<S>()
                )
            })
    }

    /// The state of the screen whose adapter owns an `S`, to change. Only that screen's module
    /// can name `S`.
    pub(crate) fn state_of<S: 'static>(&self) -> RefMut<'_, S> {
        self.slot::<S>().borrow_mut()
    }

    /// The state of the screen whose adapter owns an `S`, to read.
    pub(crate) fn view_of<S: 'static>(&self) -> Ref<'_, S> {
        self.slot::<S>().borrow()
    }

    /// Opens `route` on the screen that answers it. Public for the headless UI tests, which open
    /// a route as the screen before it would (that screen may be tested on its own).
    pub fn go(self: &Rc<Self>, ui: &AppWindow, route: Route) {
        let screen = self.screens().iter().find(|s| s.answers(&route)).cloned();
        match screen {
            Some(s) => s.enter(self, ui, route),
            None => tracing::error!("no screen answers {route:?}"),
        }
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

    /// Shows `screen` and arms its idle time-out from [`idle_after`].
    pub(crate) fn navigate(self: &Rc<Self>, ui: &AppWindow, screen: Screen) {
        let before = ui.global::<Navigation>().get_screen();
        ui.global::<Navigation>().set_screen(screen);
        match idle_after(screen, self.config.idle_timeout) {
            None => self.idle.disarm(),
            Some(timeout) if !self.idle.is_armed() || before != screen => self.linger(timeout),
            Some(_) => {}
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

    /// Signs `card` in: every screen hears of it, and their home opens.
    pub(crate) fn sign_in(self: &Rc<Self>, ui: &AppWindow, card: &StaffCard) {
        self.state.borrow_mut().signed_in = Some(SignedIn {
            staff: card.id,
            role: card.member.role,
        });
        for s in self.screens() {
            s.signed_in(self, ui, card);
        }
        self.navigate(ui, Screen::RoleHome);
    }

    /// Back to the public home with nobody signed in and nothing of the last person on any
    /// screen; records the sign-out if someone was signed in.
    pub(crate) fn return_home(self: &Rc<Self>, ui: &AppWindow, reason: SignOutReason) {
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
        // After the sign-out is taken: a screen that keeps a view for the same sign-in (the
        // schedule) sees nobody signed in and keeps nothing.
        for s in self.screens() {
            s.leave(self, ui);
        }
        self.go_home(ui);
    }

    pub(crate) fn go_home(self: &Rc<Self>, ui: &AppWindow) {
        // The last prompt may hold a child's name: 🔊 at home says the home's words.
        self.services.speakers.forget();
        self.navigate(ui, Screen::PublicHome);
    }

    pub(crate) fn set_language(self: &Rc<Self>, ui: &AppWindow, lang: Language) {
        self.state.borrow_mut().language = lang;
        super::language::select(lang);
        for s in self.screens() {
            s.language(ui, lang);
        }
        super::keyboard::follow_language(ui, lang);
        super::centre_texts::show(ui, &self.config.texts, lang);
    }

    pub(crate) fn state_language(&self) -> Language {
        self.state.borrow().language
    }

    pub fn signed_in(&self) -> Option<SignedIn> {
        self.state.borrow().signed_in
    }
}

//! Adapter of the check-in at the door: today's tiles for this room, "which one of you",
//! the picture code (checked on the store thread), the mood, and the check-in saved with its
//! outbox row before the child sees "thank you". Every step returns to the attract screen
//! after 30 s without a touch, and going home forgets everything the last child touched.

use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::generation::{ask_current, ask_current_else, Generation, Generational};
use super::{
    AppWindow, ArrivalPerson, ArrivalTileData, CheckInAdapter, CheckInStep, Kiosk,
    PublicHomeAdapter, Screen,
};
use crate::domain::check_in::{CODE_LENGTH, CODE_PICTURES};
use crate::domain::{ChildId, CodeOutcome, CodeTries, Mood, PictureCode};
use crate::platform::audio::Cue;
use crate::store::{Arrival, ArrivalTile, CheckInOutcome};

/// Any check-in step left untouched this long returns to the attract screen.
pub const IDLE: Duration = Duration::from_secs(30);
/// How long "thank you" stays before the attract screen returns.
pub const THANKS_SHOWN: Duration = Duration::from_secs(6);
/// How long the walk-in, help and failure messages stay.
pub const MESSAGE_SHOWN: Duration = Duration::from_secs(12);
use crate::domain::check_in::{AHEAD, LATE_BY};

/// What the current child has touched; cleared whenever the attract screen returns, except
/// the count of wrong codes.
#[derive(Default)]
pub(crate) struct CheckInState {
    pub tiles: Vec<ArrivalTile>,
    pub session: Option<i64>,
    pub child: Option<Arrival>,
    pub entered: Vec<u8>,
    pub tries: CodeTries,
    /// Each child's wrong codes today, kept when the tile is picked again or the attract screen
    /// returns (else every code could be tried, three at a time); a right code clears them.
    /// Nothing of it is shown. Kept in memory: a restart of the kiosk starts it again.
    wrong_today: std::collections::HashMap<ChildId, (chrono::NaiveDate, CodeTries)>,
    /// Bumped by `clear`: a store answer for an earlier child (home, idle, a new start) is
    /// dropped, so nothing of them comes back on the screen.
    generation: Generation,
}

impl Generational for CheckInState {
    const SCREEN: Screen = Screen::CheckIn;
    const STAFF_ONLY: bool = false;
    fn generation(&self) -> Generation {
        self.generation
    }
}

/// The check-in at the door: opened from the public home's own button, never by a route.
pub(crate) struct CheckIn {
    state: std::cell::RefCell<CheckInState>,
}

impl super::navigator::Adapter for CheckIn {
    fn answers(&self, _: &super::navigator::Route) -> bool {
        false
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let k = kiosk.clone();
    ui.global::<PublicHomeAdapter>().on_arrived(move || {
        if let Some(ui) = k.ui.upgrade() {
            start(&k, &ui);
        }
    });
    show_code_pictures(ui);
    let a = ui.global::<CheckInAdapter>();
    let k = kiosk.clone();
    a.on_home(move || {
        with_ui(&k, |k, ui| {
            k.return_home(ui, crate::domain::SignOutReason::Hidden);
            // A child tapped it and is at the home screen: greet them again.
            super::voice::say(k, "home");
        })
    });
    let k = kiosk.clone();
    a.on_tile_chosen(move |i| with_ui(&k, |k, ui| tile_chosen(k, ui, i as usize)));
    let k = kiosk.clone();
    a.on_person_chosen(move |child| with_ui(&k, |k, ui| person_chosen(k, ui, i64::from(child))));
    let k = kiosk.clone();
    a.on_picture(move |pos| with_ui(&k, |k, ui| picture(k, ui, pos)));
    let k = kiosk.clone();
    a.on_mood(move |score| with_ui(&k, |k, ui| mood(k, ui, score)));
    let k = kiosk.clone();
    a.on_no_booking(move || with_ui(&k, no_booking));
    Rc::new(CheckIn {
        state: Default::default(),
    })
}

fn with_ui(kiosk: &Rc<Kiosk>, f: impl FnOnce(&Rc<Kiosk>, &AppWindow)) {
    if let Some(ui) = kiosk.ui.upgrade() {
        f(kiosk, &ui);
    }
}

/// The nine pictures of the code grid, from the domain's one list.
pub fn show_code_pictures(ui: &AppWindow) {
    let pictures: Vec<SharedString> = CODE_PICTURES
        .iter()
        .map(|p| SharedString::from(*p))
        .collect();
    ui.global::<CheckInAdapter>()
        .set_code_pictures(ModelRc::new(VecModel::from(pictures)));
}

/// Forgets the last child: state and everything the screen showed.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    {
        let mut st = kiosk.state_of::<CheckInState>();
        let wrong_today = std::mem::take(&mut st.wrong_today);
        let mut generation = st.generation;
        generation.bump();
        *st = CheckInState {
            wrong_today,
            generation,
            ..Default::default()
        };
    }
    let a = ui.global::<CheckInAdapter>();
    a.set_tiles(ModelRc::default());
    a.set_people(ModelRc::default());
    a.set_chosen(ArrivalPerson::default());
    a.set_code_entered(0);
    a.set_code_wrong(false);
    a.set_wrong_tries(0);
    a.set_busy(false);
    a.set_step(CheckInStep::Who);
}

fn start(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    let a = ui.global::<CheckInAdapter>();
    a.set_loading(true);
    kiosk.navigate(ui, Screen::CheckIn);
    let Some(room) = kiosk.state.borrow().room else {
        a.set_loading(false);
        return;
    };
    let now = crate::platform::clock::now();
    ask_current::<CheckInState, _>(
        kiosk,
        move |s| s.arrivals(room, now, now - LATE_BY, now + AHEAD),
        |k, ui, tiles| {
            let a = ui.global::<CheckInAdapter>();
            a.set_loading(false);
            match tiles {
                Ok(tiles) => {
                    super::voice::say(k, if tiles.is_empty() { "who-empty" } else { "who" });
                    show_tiles(ui, &tiles);
                    k.state_of::<CheckInState>().tiles = tiles;
                }
                Err(e) => tracing::error!("cannot read today's bookings: {e}"),
            }
        },
    );
}

/// What the screen shows of one participant.
pub fn person_data(p: &Arrival) -> ArrivalPerson {
    ArrivalPerson {
        child: p.child.0 as i32,
        avatar: p.avatar.key().into(),
        frame: i32::from(p.frame),
        name: p.public_name.clone().unwrap_or_default().into(),
        checked_in: p.checked_in,
    }
}

pub fn show_tiles(ui: &AppWindow, tiles: &[ArrivalTile]) {
    let rows: Vec<ArrivalTileData> = tiles
        .iter()
        .map(|t| ArrivalTileData {
            time: super::clock::local_hh_mm(t.starts_at).into(),
            people: ModelRc::new(VecModel::from(
                t.participants.iter().map(person_data).collect::<Vec<_>>(),
            )),
        })
        .collect();
    ui.global::<CheckInAdapter>()
        .set_tiles(ModelRc::new(VecModel::from(rows)));
}

fn tile_chosen(kiosk: &Rc<Kiosk>, ui: &AppWindow, index: usize) {
    let Some(tile) = kiosk.view_of::<CheckInState>().tiles.get(index).cloned() else {
        return;
    };
    kiosk.state_of::<CheckInState>().session = Some(tile.session);
    let waiting: Vec<&Arrival> = tile.participants.iter().filter(|p| !p.checked_in).collect();
    match waiting.as_slice() {
        [only] => choose(kiosk, ui, (*only).clone()),
        _ => {
            let a = ui.global::<CheckInAdapter>();
            a.set_people(ModelRc::new(VecModel::from(
                tile.participants
                    .iter()
                    .map(person_data)
                    .collect::<Vec<_>>(),
            )));
            a.set_step(CheckInStep::WhichOne);
            super::voice::say(kiosk, "which-one");
        }
    }
}

fn person_chosen(kiosk: &Rc<Kiosk>, ui: &AppWindow, child: i64) {
    let found = {
        let st = kiosk.view_of::<CheckInState>();
        let session = st.session;
        st.tiles
            .iter()
            .find(|t| Some(t.session) == session)
            .and_then(|t| {
                t.participants
                    .iter()
                    .find(|p| p.child.0 == child && !p.checked_in)
                    .cloned()
            })
    };
    if let Some(p) = found {
        choose(kiosk, ui, p);
    }
}

fn choose(kiosk: &Rc<Kiosk>, ui: &AppWindow, child: Arrival) {
    let a = ui.global::<CheckInAdapter>();
    a.set_chosen(person_data(&child));
    // Nothing may be recorded about a child whose consent was withdrawn: no code is asked, and
    // the child is met by an adult (the help notice reaches the psychologist, as after three
    // wrong codes); the reason is on the staff's screens, never told to the child.
    if child.consent_withdrawn {
        if let Some(session) = kiosk.view_of::<CheckInState>().session {
            ask_for_help(kiosk, ui, session);
        }
        return;
    }
    a.set_code_entered(0);
    a.set_code_wrong(false);
    a.set_step(CheckInStep::Code);
    super::voice::say(kiosk, "code");
    let today = super::clock::today();
    let mut st = kiosk.state_of::<CheckInState>();
    st.tries = st
        .wrong_today
        .get(&child.child)
        .filter(|(day, _)| *day == today)
        .map(|(_, tries)| *tries)
        .unwrap_or_default();
    st.child = Some(child);
    st.entered.clear();
}

fn picture(kiosk: &Rc<Kiosk>, ui: &AppWindow, position: i32) {
    let a = ui.global::<CheckInAdapter>();
    if a.get_busy() || a.get_step() != CheckInStep::Code {
        return;
    }
    let (entered, child, session) = {
        let mut st = kiosk.state_of::<CheckInState>();
        let ci = &mut *st;
        if ci.entered.len() >= CODE_LENGTH || !(0..CODE_PICTURES.len() as i32).contains(&position) {
            return;
        }
        ci.entered.push(position as u8);
        (
            ci.entered.clone(),
            ci.child.as_ref().map(|c| c.child),
            ci.session,
        )
    };
    kiosk.services.speakers.play(Cue::Tap);
    a.set_code_wrong(false);
    a.set_code_entered(entered.len() as i32);
    let (Some(child), Some(session)) = (child, session) else {
        return;
    };
    if entered.len() < CODE_LENGTH {
        return;
    }
    a.set_busy(true);
    let pepper = kiosk.services.pepper.clone();
    let (entered_copy, tried_before) = (entered.clone(), kiosk.view_of::<CheckInState>().tries);
    ask_current_else::<CheckInState, _>(
        kiosk,
        move |s| {
            let code = PictureCode::new(&entered).map(|c| c.canonical());
            let hash = s.picture_code_hash(child)?;
            Ok::<_, crate::store::StoreError>(match (hash, code) {
                (Some(hash), Ok(code)) => Some(hash.verify_secret(code.as_bytes(), &pepper)),
                (Some(_), Err(_)) => Some(false),
                // No code was ever set for this child: an adult helps.
                (None, _) => None,
            })
        },
        move |k, ui, verified| {
            let a = ui.global::<CheckInAdapter>();
            a.set_busy(false);
            let outcome = {
                let mut st = k.state_of::<CheckInState>();
                let ci = &mut *st;
                let entered = std::mem::take(&mut ci.entered);
                match verified {
                    Ok(Some(right)) => {
                        let (tries, outcome) = ci.tries.check(&entered, |_| right);
                        ci.tries = tries;
                        count_today(ci, child, tries, outcome);
                        outcome
                    }
                    Ok(None) => CodeOutcome::AskForHelp,
                    Err(ref e) => {
                        tracing::error!("cannot check a picture code: {e}");
                        CodeOutcome::AskForHelp
                    }
                }
            };
            a.set_code_entered(0);
            match outcome {
                CodeOutcome::Right => {
                    a.set_step(CheckInStep::Mood);
                    super::voice::say(k, "mood");
                }
                CodeOutcome::TryAgain { .. } => {
                    k.services.speakers.play(Cue::Refused);
                    super::voice::say(k, "code-wrong");
                    a.set_code_wrong(true);
                    a.set_wrong_tries(a.get_wrong_tries() + 1);
                }
                CodeOutcome::AskForHelp => ask_for_help(k, ui, session),
            }
        },
        // The child went home (or the screen timed out) before the answer: nothing is shown,
        // but a wrong code still counts, so leaving cannot reset the tries.
        move |k, verified| {
            if let Ok(Some(right)) = verified {
                let mut st = k.state_of::<CheckInState>();
                let tries = st
                    .wrong_today
                    .get(&child)
                    .filter(|(day, _)| *day == super::clock::today())
                    .map(|(_, t)| *t)
                    .unwrap_or(tried_before);
                let (tries, outcome) = tries.check(&entered_copy, |_| right);
                count_today(&mut st, child, tries, outcome);
            }
        },
    );
}

/// Keeps `child`'s wrong codes of today after a check (a right code clears them); earlier
/// days' counts are dropped, so the map never grows.
fn count_today(ci: &mut CheckInState, child: ChildId, tries: CodeTries, outcome: CodeOutcome) {
    let today = super::clock::today();
    ci.wrong_today.retain(|_, (day, _)| *day == today);
    if outcome == CodeOutcome::Right {
        ci.wrong_today.remove(&child);
    } else {
        ci.wrong_today.insert(child, (today, tries));
    }
}

fn ask_for_help(kiosk: &Rc<Kiosk>, ui: &AppWindow, session: i64) {
    ui.global::<CheckInAdapter>().set_step(CheckInStep::Help);
    super::voice::say(kiosk, "help");
    kiosk.linger(MESSAGE_SHOWN);
    kiosk.ask(
        move |s| s.write(|w| w.record_help_notice(session)),
        |_, _, r| {
            if let Err(e) = r {
                tracing::error!("cannot record the help notice: {e}");
            }
        },
    );
}

fn mood(kiosk: &Rc<Kiosk>, ui: &AppWindow, score: i32) {
    let a = ui.global::<CheckInAdapter>();
    if a.get_busy() || a.get_step() != CheckInStep::Mood {
        return;
    }
    let Ok(mood) = Mood::from_code(score.into()) else {
        return;
    };
    let (session, child) = {
        let st = kiosk.view_of::<CheckInState>();
        (st.session, st.child.as_ref().map(|c| c.child))
    };
    let (Some(session), Some(child)) = (session, child) else {
        return;
    };
    a.set_busy(true);
    ask_current::<CheckInState, _>(
        kiosk,
        move |s| s.write(|w| w.check_in(session, child, mood)),
        |k, ui, saved| {
            let a = ui.global::<CheckInAdapter>();
            a.set_busy(false);
            match saved {
                Ok(CheckInOutcome::Recorded { .. } | CheckInOutcome::AlreadyCheckedIn { .. }) => {
                    k.services.speakers.play(Cue::Chime);
                    a.set_step(CheckInStep::Done);
                    super::voice::say_thanks(k, &a.get_chosen().name);
                    k.linger(THANKS_SHOWN);
                }
                Err(e) => {
                    tracing::error!("the check-in could not be saved: {e}");
                    a.set_step(CheckInStep::Failed);
                    super::voice::say(k, "failed");
                    k.linger(MESSAGE_SHOWN);
                }
            }
        },
    );
}

fn no_booking(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<CheckInAdapter>();
    if a.get_busy() {
        return;
    }
    a.set_busy(true);
    let room = kiosk.state.borrow().room;
    ask_current::<CheckInState, _>(
        kiosk,
        move |s| s.write(|w| w.record_walk_in(room)),
        |k, ui, saved| {
            let a = ui.global::<CheckInAdapter>();
            a.set_busy(false);
            match saved {
                Ok(_) => {
                    k.services.speakers.play(Cue::Arrival);
                    a.set_step(CheckInStep::WalkIn);
                    super::voice::say(k, "walk-in");
                }
                Err(e) => {
                    tracing::error!("the walk-in request could not be saved: {e}");
                    a.set_step(CheckInStep::Failed);
                    super::voice::say(k, "failed");
                }
            }
            k.linger(MESSAGE_SHOWN);
        },
    );
}

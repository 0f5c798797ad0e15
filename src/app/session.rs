//! Adapter of one session: start and end it, mark "did not come" or cancel it with a reason,
//! keep the psychologist's private notes; while it runs, a one-second timer shows the time
//! and plays a soft chime five minutes before the end. Surnames, notes and route steps are
//! left out while a child may see the screen (`child_present`).

use std::rc::Rc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::navigator::{BookingRoute, ChildModeStart, Route};
use super::{AppWindow, Kiosk, Navigation, Screen, SessionAdapter, SessionPerson, SessionStepRow};
use crate::domain::{Role, SessionState};
use crate::platform::audio::Cue;
use crate::store::{CalendarEntry, StoreError};

/// The chime comes this long before the planned end.
pub const WARN_BEFORE_END: Duration = Duration::minutes(5);

#[derive(Default)]
pub(crate) struct SessionScreenState {
    id: Option<i64>,
    /// When it started (from the store) and when it is planned to end.
    started: Option<DateTime<Utc>>,
    minutes: u32,
    warned: bool,
    /// The session as last read (for "move").
    entry: Option<CalendarEntry>,
    timer: Option<slint::Timer>,
    /// Opened from the home's «today» strip: «Back» returns there, not to the schedule.
    from_home: bool,
}

/// The cancellation reasons offered, as stored.
const REASONS: &[(&str, &str)] = &[
    ("illness", "the child is ill"),
    ("family", "the family asked to cancel"),
    ("psychologist", "the psychologist cannot take it"),
    ("room", "the room is closed"),
];

/// Opens [`Route::Session`](super::navigator::Route::Session).
pub(crate) struct Session {
    state: std::cell::RefCell<SessionScreenState>,
}

impl super::navigator::Adapter for Session {
    fn answers(&self, route: &Route) -> bool {
        matches!(route, Route::Session(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: Route) {
        if let Route::Session(id) = route {
            open(kiosk, ui, id);
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        close(kiosk, ui);
        // The next colleague starts with everything private hidden.
        super::child_present::conceal(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<SessionAdapter>();
    let k = kiosk.clone();
    a.on_start(move || change_state(&k, SessionState::InProgress, None));
    let k = kiosk.clone();
    a.on_finish(move || change_state(&k, SessionState::Done, None));
    let k = kiosk.clone();
    a.on_no_show(move || change_state(&k, SessionState::NoShow, None));
    let k = kiosk.clone();
    a.on_ask_reason(move || {
        if let Some(ui) = k.ui.upgrade() {
            ui.global::<SessionAdapter>().set_choosing_reason(true);
        }
    });
    let k = kiosk.clone();
    a.on_step_done(move |step| {
        let Some(me) = k.signed_in() else { return };
        let Some(id) = k.view_of::<SessionScreenState>().id else {
            return;
        };
        k.ask(
            move |s| s.write(|w| w.complete_step(i64::from(step), Some(id), me.staff)),
            move |k, ui, r| {
                if let Err(e) = r {
                    tracing::warn!("the route step was not marked done: {e}");
                    ui.global::<SessionAdapter>().set_problem("write".into());
                }
                load(k, id, me.role == Role::Psychologist);
            },
        );
    });
    let k = kiosk.clone();
    a.on_move(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let entry = k.view_of::<SessionScreenState>().entry.clone();
        if let Some(entry) = entry {
            close(&k, &ui);
            k.go(&ui, Route::Booking(BookingRoute::Move(Box::new(entry))));
        }
    });
    let k = kiosk.clone();
    a.on_cancel(move |key| {
        let reason = REASONS
            .iter()
            .find(|(k, _)| *k == key.as_str())
            .map(|(_, r)| r.to_string());
        change_state(&k, SessionState::Cancelled, reason);
    });
    let k = kiosk.clone();
    a.on_save_notes(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let Some(me) = k.signed_in().filter(|s| s.role == Role::Psychologist) else {
            return;
        };
        let Some(id) = k.view_of::<SessionScreenState>().id else {
            return;
        };
        let text = ui.global::<SessionAdapter>().get_notes().to_string();
        k.ask(
            move |s| s.write(|w| w.save_session_note(id, &text, me.staff)),
            |_, ui, r| {
                let a = ui.global::<SessionAdapter>();
                match r {
                    Ok(()) => a.set_notes_saved(true),
                    Err(e) => {
                        tracing::error!("the session notes were not saved: {e}");
                        a.set_problem("write".into());
                    }
                }
            },
        );
    });
    let k = kiosk.clone();
    a.on_reveal(move |on| {
        let Some(ui) = k.ui.upgrade() else { return };
        let Some(me) = k.signed_in() else { return };
        super::child_present::set_revealed(&k, &ui, on);
        let id = k.view_of::<SessionScreenState>().id;
        if let Some(id) = id {
            load(&k, id, me.role == Role::Psychologist);
        }
    });
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            let from_home = k.view_of::<SessionScreenState>().from_home;
            close(&k, &ui);
            k.go(
                &ui,
                if from_home {
                    Route::RoleHome
                } else {
                    Route::Schedule
                },
            );
        }
    });
    let k = kiosk.clone();
    a.on_mood(move |child| {
        let Some(me) = k.signed_in() else { return };
        let Some(session) = k.view_of::<SessionScreenState>().id else {
            return;
        };
        let Some(mood) = k.config.instruments.get("mood").cloned() else {
            return;
        };
        let child = crate::domain::ChildId(i64::from(child));
        let (id, version) = (mood.id.clone(), mood.version.clone());
        k.ask(
            move |s| {
                s.write(|w| {
                    w.start_administration(child, &id, &version, Some(session), Some(me.staff))
                })
            },
            move |k, ui, r| match r {
                Ok(adm) => {
                    close(k, ui);
                    super::child_present::conceal(k, ui);
                    k.go(
                        ui,
                        Route::ChildMode(ChildModeStart {
                            administration: adm,
                            child,
                            instrument: mood,
                            answers: Default::default(),
                            return_to_session: Some(session),
                        }),
                    );
                }
                Err(e) => {
                    tracing::error!("the mood scale could not be started: {e}");
                    ui.global::<SessionAdapter>().set_problem("write".into());
                }
            },
        );
    });
    Rc::new(Session {
        state: Default::default(),
    })
}

/// Opens session `id`.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow, id: i64) {
    let Some(me) = kiosk.signed_in() else { return };
    let from_home = ui.global::<Navigation>().get_screen() == Screen::RoleHome;
    close(kiosk, ui);
    {
        let mut st = kiosk.state_of::<SessionScreenState>();
        st.id = Some(id);
        st.from_home = from_home;
    }
    kiosk.navigate(ui, Screen::Session);
    let psychologist = me.role == Role::Psychologist;
    ui.global::<SessionAdapter>().set_private_view(psychologist);
    load(kiosk, id, psychologist);
}

fn load(kiosk: &Rc<Kiosk>, id: i64, psychologist: bool) {
    // What a child must not read is not even read while a child may see the screen.
    let private = psychologist && super::child_present::revealed(kiosk);
    kiosk.ask(
        move |s| {
            let b = s.session(id)?;
            let day = s.calendar(
                b.session.starts_at,
                b.session.starts_at + chrono::Duration::seconds(1),
            )?;
            let entry = day
                .into_iter()
                .find(|e| e.id == id)
                .ok_or(StoreError::NotFound {
                    what: "session",
                    id,
                })?;
            let started = s.session_started_at(id)?;
            let note = if private { s.session_note(id)? } else { None };
            // The open route steps of these children, for a psychologist to do in this session.
            let steps: Vec<(crate::store::RouteStep, String)> = if psychologist {
                s.open_steps(crate::platform::clock::now())?
                    .into_iter()
                    .filter(|st| entry.people.iter().any(|p| p.child == st.child))
                    .take(6)
                    .map(|st| {
                        let name = entry
                            .people
                            .iter()
                            .find(|p| p.child == st.child)
                            .map(|p| p.first_name.clone())
                            .unwrap_or_default();
                        (st, name)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let room = s
                .rooms()?
                .into_iter()
                .find(|r| r.id == entry.session.room)
                .map(|r| r.details.name)
                .unwrap_or_default();
            let psy = s
                .staff_member(entry.session.psychologist)
                .map(|m| m.details.list_name())
                .unwrap_or_default();
            Ok::<_, StoreError>((entry, started, note, room, psy, steps))
        },
        move |k, ui, r| {
            if ui.global::<Navigation>().get_screen() != Screen::Session
                || k.view_of::<SessionScreenState>().id != Some(id)
            {
                return;
            }
            match r {
                Ok((entry, started, note, room, psy, steps)) => {
                    show(k, ui, &entry, started, note, &room, &psy, psychologist);
                    let lang = k.state_language();
                    let now = crate::platform::clock::now();
                    let rows: Vec<SessionStepRow> = steps
                        .iter()
                        .map(|(st, child)| SessionStepRow {
                            id: st.id as i32,
                            title: if private {
                                st.title.get(lang).into()
                            } else {
                                SharedString::new()
                            },
                            child: child.as_str().into(),
                            due: st
                                .due_at
                                .with_timezone(&super::clock::zone())
                                .format("%d.%m %H:%M")
                                .to_string()
                                .into(),
                            overdue: st.due_at < now,
                        })
                        .collect();
                    ui.global::<SessionAdapter>()
                        .set_steps(ModelRc::new(VecModel::from(rows)));
                }
                Err(e) => {
                    tracing::error!("cannot read the session: {e}");
                    ui.global::<SessionAdapter>().set_problem("read".into());
                }
            }
        },
    );
}

#[allow(clippy::too_many_arguments)]
fn show(
    kiosk: &Rc<Kiosk>,
    ui: &AppWindow,
    e: &CalendarEntry,
    started: Option<DateTime<Utc>>,
    note: Option<String>,
    room: &str,
    psy: &str,
    psychologist: bool,
) {
    let a = ui.global::<SessionAdapter>();
    a.set_kind(e.session.kind.key().into());
    a.set_time(
        format!(
            "{}–{}",
            super::clock::local_hh_mm(e.session.starts_at),
            super::clock::local_hh_mm(e.session.ends_at())
        )
        .into(),
    );
    a.set_room(room.into());
    a.set_psychologist(psy.into());
    let people: Vec<SessionPerson> = e
        .people
        .iter()
        .map(|p| SessionPerson {
            child: p.child.0 as i32,
            avatar: p.avatar.key().into(),
            name: super::child_present::child_name(kiosk, &p.first_name, &p.surname, psychologist)
                .into(),
            arrived: p.arrived,
        })
        .collect();
    a.set_people(ModelRc::new(VecModel::from(people)));
    // A psychologist asks the children's mood at the start and at the end of a session.
    a.set_can_ask_mood(
        psychologist
            && kiosk.config.instruments.get("mood").is_some()
            && matches!(
                e.state,
                crate::domain::SessionState::Arrived
                    | crate::domain::SessionState::InProgress
                    | crate::domain::SessionState::Done
            ),
    );
    a.set_state(e.state.key().into());
    // Notes only while shown: a hidden notes field could not be saved over them either.
    let private = psychologist && super::child_present::revealed(kiosk);
    a.set_can_write_notes(private);
    a.set_notes(note.filter(|_| private).unwrap_or_default().into());
    {
        let mut st = kiosk.state_of::<SessionScreenState>();
        st.started = started;
        st.minutes = e.session.minutes;
        st.entry = Some(e.clone());
    }
    if e.state == SessionState::InProgress {
        run_timer(kiosk, ui);
    } else {
        kiosk.state_of::<SessionScreenState>().timer = None;
    }
}

/// «12:34» for a span (negative spans get a minus sign).
pub fn clock_face(span: Duration) -> String {
    let secs = span.num_seconds();
    let sign = if secs < 0 { "−" } else { "" };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
}

/// What the timer shows at `now`, and whether the end is five minutes away or nearer.
pub fn timer_face(
    started: DateTime<Utc>,
    minutes: u32,
    now: DateTime<Utc>,
) -> (String, String, bool) {
    let end = started + Duration::minutes(minutes.into());
    let left = end - now;
    (
        clock_face(now - started),
        clock_face(left),
        left <= WARN_BEFORE_END,
    )
}

/// One clear time on the screen: whether the session is over its planned time, and the time
/// left (or over) without a sign, as the big number shows it.
fn left_shown(left: &str) -> (bool, &str) {
    match left.strip_prefix('−') {
        Some(over) => (true, over),
        None => (false, left),
    }
}

fn tick(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let (started, minutes, warned) = {
        let st = kiosk.view_of::<SessionScreenState>();
        (st.started, st.minutes, st.warned)
    };
    let Some(started) = started else { return };
    let (elapsed, left, soon) = timer_face(started, minutes, crate::platform::clock::now());
    let a = ui.global::<SessionAdapter>();
    a.set_elapsed(elapsed.into());
    let (over, shown) = left_shown(&left);
    a.set_over_time(over);
    a.set_remaining(shown.into());
    a.set_ending_soon(soon);
    if soon && !warned {
        kiosk.state_of::<SessionScreenState>().warned = true;
        kiosk.services.speakers.play(Cue::Chime);
    }
}

fn run_timer(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let _ = ui;
    // A session opened with less than five minutes left has had its warning.
    let soon = {
        let st = kiosk.view_of::<SessionScreenState>();
        st.started
            .is_some_and(|s| timer_face(s, st.minutes, crate::platform::clock::now()).2)
    };
    kiosk.state_of::<SessionScreenState>().warned = soon;
    tick(kiosk);
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(kiosk);
    timer.start(
        slint::TimerMode::Repeated,
        StdDuration::from_secs(1),
        move || {
            if let Some(k) = weak.upgrade() {
                tick(&k);
            }
        },
    );
    kiosk.state_of::<SessionScreenState>().timer = Some(timer);
}

fn change_state(kiosk: &Rc<Kiosk>, to: SessionState, reason: Option<String>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let Some(me) = kiosk.signed_in() else { return };
    let Some(id) = kiosk.view_of::<SessionScreenState>().id else {
        return;
    };
    let a = ui.global::<SessionAdapter>();
    if a.get_busy() {
        return;
    }
    a.set_busy(true);
    a.set_problem(SharedString::new());
    kiosk.ask(
        move |s| s.write(|w| w.set_session_state(id, to, reason.as_deref(), me.staff)),
        move |k, ui, r| {
            let a = ui.global::<SessionAdapter>();
            a.set_busy(false);
            a.set_choosing_reason(false);
            match r {
                Ok(()) => {
                    if to == SessionState::InProgress {
                        k.services.speakers.play(Cue::Chime);
                        // The child is in the room now.
                        super::child_present::conceal(k, ui);
                    }
                    load(k, id, me.role == Role::Psychologist);
                }
                Err(e) => {
                    tracing::warn!("the session state was not changed: {e}");
                    k.services.speakers.play(Cue::Refused);
                    a.set_problem("write".into());
                }
            }
        },
    );
}

/// Stops the timer and forgets the session shown.
pub fn close(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<SessionScreenState>() = SessionScreenState::default();
    let a = ui.global::<SessionAdapter>();
    a.set_people(ModelRc::default());
    a.set_steps(ModelRc::default());
    a.set_notes(SharedString::new());
    a.set_notes_saved(false);
    a.set_choosing_reason(false);
    a.set_problem(SharedString::new());
    a.set_state(SharedString::new());
    a.set_elapsed(SharedString::new());
    a.set_remaining(SharedString::new());
    a.set_over_time(false);
    a.set_ending_soon(false);
    a.set_busy(false);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_timer_counts_up_and_warns_five_minutes_before_the_end() {
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap();
        assert_eq!(
            timer_face(start, 45, start + Duration::seconds(754)),
            ("12:34".into(), "32:26".into(), false)
        );
        assert_eq!(
            timer_face(
                start,
                45,
                start + Duration::minutes(39) + Duration::seconds(59)
            ),
            ("39:59".into(), "05:01".into(), false)
        );
        assert!(timer_face(start, 45, start + Duration::minutes(40)).2);
        assert_eq!(
            timer_face(start, 45, start + Duration::minutes(47)).1,
            "−02:00",
            "over time"
        );
        assert_eq!(left_shown("−02:00"), (true, "02:00"));
        assert_eq!(left_shown("05:01"), (false, "05:01"));
    }
}

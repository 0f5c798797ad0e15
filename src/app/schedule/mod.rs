//! Adapter of the schedule (day and week views) and of the route steps due beside it. Looks
//! every few seconds while open so arrivals from check-in show at once (reading only when the
//! database changed or the minute turned, see `refresh`); a tap on
//! a free place opens the booking form there, a tap on a block opens the session.

use std::rc::Rc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::navigator::{BookingRoute, Route};
use super::{AppWindow, DueStepRow, Kiosk, ScheduleAdapter, ScheduleBlock, Screen};
use crate::domain::{Language, Role, RoomId, StaffId};
use crate::store::{CalendarEntry, RouteStep, StoreError};

mod layout;
mod refresh;

use refresh::refresh;

pub use layout::{layout, opening_top, slot_minutes, visible_hours};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Day,
    Week,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    #[default]
    Room,
    Psychologist,
}

#[derive(Default)]
pub(crate) struct ScheduleState {
    pub mode: Mode,
    pub by: By,
    pub day: Option<NaiveDate>,
    /// Whose week the week view shows (an index into rooms or psychologists).
    pub subject: usize,
    pub rooms: Vec<(RoomId, String)>,
    pub psychologists: Vec<(StaffId, String)>,
    /// The columns shown and the first hour, to turn a tap into a time.
    pub shown: Vec<Column>,
    pub hours: (u32, u32),
    timer: Option<slint::Timer>,
    /// What the last read was for and where the database stood: the timer's next look reads
    /// nothing unless something was written since or the minute turned.
    seen: Option<refresh::Seen>,
}

/// What a column of the grid is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Room(RoomId, NaiveDate),
    Psychologist(StaffId, NaiveDate),
}

/// The hours a day view shows: the working day, stretched to hold every session.
pub const DAY_HOURS: (u32, u32) = (8, 18);

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<ScheduleAdapter>();
    let k = kiosk.clone();
    a.on_set_mode(move |m| {
        change(&k, |st| {
            st.mode = if m == "week" { Mode::Week } else { Mode::Day }
        })
    });
    let k = kiosk.clone();
    a.on_set_by(move |b| {
        change(&k, |st| {
            st.by = if b == "psychologist" {
                By::Psychologist
            } else {
                By::Room
            };
            st.subject = 0;
        })
    });
    let k = kiosk.clone();
    a.on_shift(move |n| {
        change(&k, |st| {
            let step = if st.mode == Mode::Week { 7 } else { 1 };
            st.day = st.day.map(|d| d + Duration::days(i64::from(n) * step));
        })
    });
    let k = kiosk.clone();
    a.on_today(move || change(&k, |st| st.day = Some(super::clock::today())));
    let k = kiosk.clone();
    a.on_next_subject(move || {
        change(&k, |st| {
            let n = if st.by == By::Room {
                st.rooms.len()
            } else {
                st.psychologists.len()
            };
            st.subject = (st.subject + 1) % n.max(1);
        })
    });
    let k = kiosk.clone();
    a.on_open_session(move |id| {
        if let Some(ui) = k.ui.upgrade() {
            k.go(&ui, Route::Session(i64::from(id)));
        }
    });
    let k = kiosk.clone();
    a.on_free_slot(move |column, fraction| {
        let Some(ui) = k.ui.upgrade() else { return };
        let (col, hours) = {
            let st = k.view_of::<ScheduleState>();
            (st.shown.get(column as usize).copied(), st.hours)
        };
        let Some(col) = col else { return };
        let minutes = slot_minutes(hours, fraction);
        let (day, room, psychologist) = match col {
            Column::Room(r, d) => (d, Some(r), None),
            Column::Psychologist(p, d) => (d, None, Some(p)),
        };
        k.go(
            &ui,
            Route::Booking(BookingRoute::At {
                day,
                start: minutes,
                room,
                psychologist,
            }),
        );
    });
    let k = kiosk.clone();
    a.on_step_done(move |id| {
        let Some(me) = k.signed_in() else { return };
        k.ask(
            move |s| s.write(|w| w.complete_step(i64::from(id), None, me.staff)),
            |k, _, r| {
                if let Err(e) = r {
                    tracing::warn!("the route step was not marked done: {e}");
                    k.services
                        .speakers
                        .play(crate::platform::audio::Cue::Refused);
                }
                refresh(k);
            },
        );
    });
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            close(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_reveal(move |on| reveal(&k, on));
    Rc::new(super::navigator::Plain::<ScheduleState>::new(
        |r| matches!(r, super::navigator::Route::Schedule),
        open,
        close,
    ))
}

/// "Show" or "Hide again": the surnames and route steps come into the model or leave it.
fn reveal(kiosk: &Rc<Kiosk>, on: bool) {
    if let Some(ui) = kiosk.ui.upgrade() {
        super::child_present::set_revealed(kiosk, &ui, on);
        refresh(kiosk);
    }
}

fn change(kiosk: &Rc<Kiosk>, f: impl FnOnce(&mut ScheduleState)) {
    f(&mut kiosk.state_of::<ScheduleState>());
    refresh(kiosk);
}

/// Opens the day view (today, or the day last shown in this sign-in), refreshed every few
/// seconds while it shows.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    close(kiosk, ui);
    {
        // Back from a session or the booking form: the same day; a fresh sign-in: today.
        let mut st = kiosk.state_of::<ScheduleState>();
        if st.day.is_none() {
            st.day = Some(super::clock::today());
        }
    }
    kiosk.navigate(ui, Screen::Schedule);
    kiosk.ask(
        |s| Ok::<_, StoreError>((s.rooms()?, s.staff_cards()?)),
        |k, ui, r| match r {
            Ok((rooms, staff)) => {
                {
                    let mut st = k.state_of::<ScheduleState>();
                    st.rooms = rooms
                        .into_iter()
                        .filter(|r| r.details.kind != crate::domain::RoomKind::Rental)
                        .map(|r| (r.id, r.details.name))
                        .collect();
                    st.psychologists = staff
                        .into_iter()
                        .filter(|c| c.member.role == Role::Psychologist)
                        .map(|c| (c.id, c.member.list_name()))
                        .collect();
                }
                refresh(k);
            }
            Err(e) => {
                tracing::error!("cannot read the rooms and colleagues for the schedule: {e}");
                ui.global::<ScheduleAdapter>().set_problem("read".into());
            }
        },
    );
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(kiosk);
    timer.start(
        slint::TimerMode::Repeated,
        super::clock::BOARD_REFRESH,
        move || {
            if let Some(k) = weak.upgrade() {
                refresh::tick(&k);
            }
        },
    );
    kiosk.state_of::<ScheduleState>().timer = Some(timer);
}

/// Stops refreshing and forgets what the schedule showed (sign-out, idle, back).
pub fn close(kiosk: &Kiosk, ui: &AppWindow) {
    let keep = {
        let st = kiosk.view_of::<ScheduleState>();
        (st.mode, st.by, st.day)
    };
    *kiosk.state_of::<ScheduleState>() = ScheduleState::default();
    if kiosk.signed_in().is_some() {
        // Coming back to the schedule in the same sign-in keeps the view, not the data.
        let mut st = kiosk.state_of::<ScheduleState>();
        (st.mode, st.by, st.day) = keep;
    }
    let a = ui.global::<ScheduleAdapter>();
    a.set_blocks(ModelRc::default());
    a.set_due_steps(ModelRc::default());
    a.set_columns(ModelRc::default());
    a.set_problem(SharedString::new());
}

/// The columns for the current view.
fn columns(st: &ScheduleState) -> Vec<Column> {
    let Some(day) = st.day else { return Vec::new() };
    match st.mode {
        Mode::Day => match st.by {
            By::Room => st
                .rooms
                .iter()
                .map(|(r, _)| Column::Room(*r, day))
                .collect(),
            By::Psychologist => st
                .psychologists
                .iter()
                .map(|(p, _)| Column::Psychologist(*p, day))
                .collect(),
        },
        Mode::Week => {
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            let days = (0..7).map(|i| monday + Duration::days(i));
            match st.by {
                By::Room => st
                    .rooms
                    .get(st.subject)
                    .map(|(r, _)| days.map(|d| Column::Room(*r, d)).collect())
                    .unwrap_or_default(),
                By::Psychologist => st
                    .psychologists
                    .get(st.subject)
                    .map(|(p, _)| days.map(|d| Column::Psychologist(*p, d)).collect())
                    .unwrap_or_default(),
            }
        }
    }
}

fn due_row(s: &RouteStep, child: &str, lang: Language, now: DateTime<Utc>) -> DueStepRow {
    let due = if super::clock::local_date(s.due_at) == super::clock::local_date(now) {
        super::clock::local_hh_mm(s.due_at)
    } else {
        s.due_at
            .with_timezone(&super::clock::zone())
            .format("%d.%m %H:%M")
            .to_string()
    };
    DueStepRow {
        id: s.id as i32,
        title: s.title.get(lang).into(),
        child: child.into(),
        due: due.into(),
        overdue: s.due_at < now,
        key_step: s.key_step,
    }
}

fn show(kiosk: &Kiosk, ui: &AppWindow, entries: &[CalendarEntry], _now: DateTime<Utc>) {
    let lang = kiosk.state_language();
    let me = kiosk.signed_in();
    let shown = super::child_present::revealed(kiosk);
    let mut st = kiosk.state_of::<ScheduleState>();
    let (cols, hours) = fill(ui, &st, entries, lang, me, shown);
    st.shown = cols;
    st.hours = hours;
}

/// Fills the screen from `sc`'s view of `entries`; returns the columns and hours shown.
fn fill(
    ui: &AppWindow,
    sc: &ScheduleState,
    entries: &[CalendarEntry],
    lang: Language,
    me: Option<super::kiosk::SignedIn>,
    revealed: bool,
) -> (Vec<Column>, (u32, u32)) {
    // Surnames for psychologists, and only once shown: a child may see the day.
    let with_surnames = revealed && me.is_some_and(|s| s.role == Role::Psychologist);
    let cols = columns(sc);
    let hours = visible_hours(entries);
    let blocks = layout(entries, &cols, hours, with_surnames, me.map(|m| m.staff));
    let heads: Vec<SharedString> = cols
        .iter()
        .map(|c| match (sc.mode, c) {
            (Mode::Week, Column::Room(_, d) | Column::Psychologist(_, d)) => {
                lang.short_date(*d).into()
            }
            (Mode::Day, Column::Room(r, _)) => sc
                .rooms
                .iter()
                .find(|x| x.0 == *r)
                .map(|x| x.1.clone())
                .unwrap_or_default()
                .into(),
            (Mode::Day, Column::Psychologist(p, _)) => sc
                .psychologists
                .iter()
                .find(|x| x.0 == *p)
                .map(|x| x.1.clone())
                .unwrap_or_default()
                .into(),
        })
        .collect();
    let a = ui.global::<ScheduleAdapter>();
    a.set_mode(if sc.mode == Mode::Week { "week" } else { "day" }.into());
    a.set_by(
        if sc.by == By::Psychologist {
            "psychologist"
        } else {
            "room"
        }
        .into(),
    );
    let period = match (sc.mode, sc.day) {
        (Mode::Day, Some(d)) => lang.long_date(d),
        (Mode::Week, Some(_)) => match (cols.first(), cols.last()) {
            (
                Some(Column::Room(_, a) | Column::Psychologist(_, a)),
                Some(Column::Room(_, b) | Column::Psychologist(_, b)),
            ) => {
                format!("{} – {}", a.format("%d.%m"), b.format("%d.%m.%Y"))
            }
            _ => String::new(),
        },
        _ => String::new(),
    };
    a.set_period(period.into());
    let subject = match sc.by {
        By::Room => sc.rooms.get(sc.subject).map(|x| x.1.clone()),
        By::Psychologist => sc.psychologists.get(sc.subject).map(|x| x.1.clone()),
    };
    a.set_subject(subject.unwrap_or_default().into());
    a.set_columns(ModelRc::new(VecModel::from(heads)));
    let labels: Vec<SharedString> = (hours.0..hours.1)
        .map(|h| format!("{h:02}:00").into())
        .collect();
    a.set_hours(ModelRc::new(VecModel::from(labels)));
    let today = super::clock::today();
    let today_shown = cols
        .iter()
        .any(|c| matches!(c, Column::Room(_, d) | Column::Psychologist(_, d) if *d == today));
    let now_hour = today_shown.then(|| {
        crate::platform::clock::now()
            .with_timezone(&super::clock::zone())
            .hour()
    });
    a.set_opening_top(opening_top(hours, now_hour, &blocks));
    a.set_blocks(ModelRc::new(VecModel::from(blocks)));
    (cols, hours)
}

/// Fills the screen for a screenshot, without a running kiosk.
#[allow(clippy::too_many_arguments)]
pub fn preview(
    ui: &AppWindow,
    entries: &[CalendarEntry],
    rooms: Vec<(RoomId, String)>,
    psychologists: Vec<(StaffId, String)>,
    week: bool,
    day: NaiveDate,
    lang: Language,
    me: Option<super::kiosk::SignedIn>,
    steps: &[(RouteStep, String)],
    now: DateTime<Utc>,
) {
    let sc = ScheduleState {
        mode: if week { Mode::Week } else { Mode::Day },
        by: if week { By::Psychologist } else { By::Room },
        day: Some(day),
        subject: psychologists
            .iter()
            .position(|p| me.is_some_and(|m| m.staff == p.0))
            .unwrap_or(0),
        rooms,
        psychologists,
        ..Default::default()
    };
    // As a signed-in psychologist first sees it: a child may see the screen.
    fill(ui, &sc, entries, lang, me, false);
    let a = ui.global::<ScheduleAdapter>();
    a.set_show_steps(!week);
    let rows: Vec<DueStepRow> = steps
        .iter()
        .map(|(s, child)| {
            let first = child.split_whitespace().next().unwrap_or_default();
            DueStepRow {
                title: SharedString::new(),
                ..due_row(s, first, lang, now)
            }
        })
        .collect();
    a.set_due_steps(ModelRc::new(VecModel::from(rows)));
}

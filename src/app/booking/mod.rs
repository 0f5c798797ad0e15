//! Adapter of "Book a session": holds the form (children, kind, day, start, length, repeat,
//! psychologist, room), asks the store to book it — the clash check runs in the store's
//! writing transaction — and shows what clashes with the nearest free times as buttons.
//! Opened from a walk-in request at the door ("now, here") or from a free slot.

use std::rc::Rc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::navigator::Route;
use super::{AppWindow, BookingAdapter, BookingChild, BookingClash, Kiosk, Screen};
use crate::domain::conflict::ClashWith;
use crate::domain::recurrence::{Repeat, RepeatEnd};
use crate::domain::{Child, ChildId, DomainError, NewSession, Role, RoomId, SessionKind, StaffId};
use crate::platform::audio::Cue;
use crate::store::{Booking, BookingRules, EditScope, StoreError};

mod book;
pub(crate) mod preview;

use book::*;

/// The form as filled in so far; forgotten when it closes.
pub(crate) struct BookingState {
    walk_in: Option<i64>,
    children: Vec<Child>,
    /// What is typed in «Find a child»: the list shows only the children it finds (and those
    /// already chosen).
    search: String,
    chosen: Vec<ChildId>,
    kind: SessionKind,
    day: NaiveDate,
    /// Minutes after local midnight.
    start: u32,
    minutes: u32,
    weeks: u32,
    /// The series runs until this date (instead of `weeks` times).
    until: Option<NaiveDate>,
    /// The weekdays it falls on (empty: the start's weekday).
    weekdays: Vec<Weekday>,
    psychologists: Vec<(StaffId, String)>,
    psychologist: usize,
    rooms: Vec<(RoomId, String)>,
    room: usize,
    offers: Vec<DateTime<Utc>>,
    with_surnames: bool,
    lang: crate::domain::Language,
    /// Where "back" goes.
    from: Screen,
    /// Chosen before the lists arrive (a tap in a room's or a psychologist's column).
    want_room: Option<RoomId>,
    want_psychologist: Option<StaffId>,
    /// Moving this booked session instead of booking a new one.
    editing: Option<i64>,
    in_series: bool,
    move_rest: bool,
}

impl Default for BookingState {
    fn default() -> Self {
        Self {
            walk_in: None,
            children: Vec::new(),
            search: String::new(),
            chosen: Vec::new(),
            kind: SessionKind::IndividualPlayTherapy,
            day: NaiveDate::MIN,
            start: 9 * 60,
            minutes: 45,
            weeks: 1,
            until: None,
            weekdays: Vec::new(),
            psychologists: Vec::new(),
            psychologist: 0,
            rooms: Vec::new(),
            room: 0,
            offers: Vec::new(),
            with_surnames: false,
            lang: crate::domain::Language::Ru,
            from: Screen::RoleHome,
            want_room: None,
            want_psychologist: None,
            editing: None,
            in_series: false,
            move_rest: false,
        }
    }
}

/// At most this many sessions in a series from the form (the domain allows up to 60).
const MAX_WEEKS: u32 = 30;

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The repeat rule the form describes.
fn repeat_of(b: &BookingState) -> Repeat {
    let mut weekdays: Vec<Weekday> = WEEK
        .iter()
        .copied()
        .filter(|d| b.weekdays.contains(d))
        .collect();
    weekdays.dedup();
    match (b.until, b.weeks) {
        (Some(until), _) => Repeat::Weekly {
            weekdays,
            end: RepeatEnd::Until(until),
        },
        (None, n) if n > 1 => Repeat::Weekly {
            weekdays,
            end: RepeatEnd::Times(n),
        },
        _ => Repeat::Once,
    }
}

/// Opens [`Route::Booking`](super::navigator::Route::Booking) for a walk-in, at a free place, or to move a session.
pub(crate) struct BookingScreen {
    state: std::cell::RefCell<BookingState>,
}

impl super::navigator::Adapter for BookingScreen {
    fn answers(&self, route: &super::navigator::Route) -> bool {
        matches!(route, super::navigator::Route::Booking(_))
    }
    fn enter(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow, route: super::navigator::Route) {
        use super::navigator::{BookingRoute, Route};
        match route {
            Route::Booking(BookingRoute::WalkIn(id)) => open_for_walk_in(kiosk, ui, id),
            Route::Booking(BookingRoute::At {
                day,
                start,
                room,
                psychologist,
            }) => open_at(kiosk, ui, day, start, room, psychologist),
            Route::Booking(BookingRoute::Move(entry)) => open_for_move(kiosk, ui, &entry),
            _ => {}
        }
    }
    fn leave(&self, kiosk: &Rc<Kiosk>, ui: &AppWindow) {
        clear(kiosk, ui);
    }
    fn state(&self) -> &dyn std::any::Any {
        &self.state
    }
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<BookingAdapter>();
    let k = kiosk.clone();
    a.on_toggle_child(move |id| {
        edit(&k, |st| {
            if st.editing.is_none() {
                toggle_child(st, ChildId(i64::from(id)))
            }
        })
    });
    let k = kiosk.clone();
    a.on_search(move |text| {
        k.state_of::<BookingState>().search = text.to_string();
        if let Some(ui) = k.ui.upgrade() {
            show(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_set_move_rest(move |rest| edit(&k, |st| st.move_rest = rest));
    let k = kiosk.clone();
    a.on_set_kind(move |key| {
        edit(&k, |st| {
            if st.editing.is_some() {
                return;
            }
            if let Ok(kind) = SessionKind::from_key(&key) {
                st.kind = kind;
                if !allows_many(kind) {
                    st.chosen.truncate(1);
                }
            }
        })
    });
    let k = kiosk.clone();
    a.on_shift_day(move |d| edit(&k, |st| st.day += Duration::days(i64::from(d))));
    let k = kiosk.clone();
    a.on_shift_time(move |m| {
        edit(&k, |st| {
            st.start = (st.start as i32 + m).clamp(0, 24 * 60 - 15) as u32
        })
    });
    let k = kiosk.clone();
    a.on_set_minutes(move |m| edit(&k, |st| st.minutes = m.clamp(15, 240) as u32));
    let k = kiosk.clone();
    a.on_shift_weeks(move |w| {
        edit(&k, |st| match st.until {
            Some(until) => st.until = Some((until + Duration::weeks(i64::from(w))).max(st.day)),
            None => st.weeks = (st.weeks as i32 + w).clamp(1, MAX_WEEKS as i32) as u32,
        })
    });
    let k = kiosk.clone();
    a.on_toggle_weekday(move |i| {
        edit(&k, |st| {
            let Some(day) = WEEK.get(i as usize).copied() else {
                return;
            };
            match st.weekdays.iter().position(|d| *d == day) {
                Some(at) => {
                    st.weekdays.remove(at);
                }
                None => st.weekdays.push(day),
            }
        })
    });
    let k = kiosk.clone();
    a.on_toggle_until(move || {
        edit(&k, |st| {
            st.until = if st.until.is_some() {
                None
            } else {
                Some(st.day + Duration::weeks(4))
            }
        })
    });
    let k = kiosk.clone();
    a.on_next_psychologist(move || {
        edit(&k, |st| {
            st.psychologist = (st.psychologist + 1) % st.psychologists.len().max(1)
        })
    });
    let k = kiosk.clone();
    a.on_next_room(move || edit(&k, |st| st.room = (st.room + 1) % st.rooms.len().max(1)));
    let k = kiosk.clone();
    a.on_take_offer(move |i| {
        let Some(ui) = k.ui.upgrade() else { return };
        let offer = k.view_of::<BookingState>().offers.get(i as usize).copied();
        if let Some(t) = offer {
            edit(&k, |st| {
                let local = t.with_timezone(&super::clock::zone()).naive_local();
                st.day = local.date();
                st.start = local.hour() * 60 + local.minute();
            });
            book(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_book(move || {
        if let Some(ui) = k.ui.upgrade() {
            book(&k, &ui);
        }
    });
    let k = kiosk.clone();
    a.on_back(move || {
        let Some(ui) = k.ui.upgrade() else { return };
        let (from, editing) = {
            let st = k.view_of::<BookingState>();
            (st.from, st.editing)
        };
        clear(&k, &ui);
        if let (Screen::Session, Some(id)) = (from, editing) {
            k.go(&ui, Route::Session(id));
            return;
        }
        match from {
            Screen::Door => k.go(&ui, Route::Door),
            Screen::Schedule => k.go(&ui, Route::Schedule),
            _ => k.navigate(&ui, Screen::RoleHome),
        }
    });
    Rc::new(BookingScreen {
        state: Default::default(),
    })
}

/// «пн», «дш», «Mon» for weekday `i` (Monday = 0).
fn weekday_short(lang: crate::domain::Language, i: usize) -> String {
    // 2026-11-23 is a Monday.
    let day =
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date") + Duration::days(i as i64);
    lang.short_date(day)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn allows_many(kind: SessionKind) -> bool {
    matches!(kind, SessionKind::Group | SessionKind::FamilyReconciliation)
}

fn toggle_child(st: &mut BookingState, child: ChildId) {
    if let Some(i) = st.chosen.iter().position(|c| *c == child) {
        st.chosen.remove(i);
    } else if allows_many(st.kind) {
        st.chosen.push(child);
    } else {
        st.chosen = vec![child];
    }
}

/// Changes the form, forgets the last refusal, and shows the form again.
fn edit(kiosk: &Rc<Kiosk>, change: impl FnOnce(&mut BookingState)) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    {
        let mut st = kiosk.state_of::<BookingState>();
        change(&mut st);
        st.offers.clear();
    }
    let a = ui.global::<BookingAdapter>();
    a.set_clashes(ModelRc::default());
    a.set_offers(ModelRc::default());
    a.set_problem(SharedString::new());
    show(kiosk, &ui);
}

/// Opens the form for walk-in request `walk_in`: this room, now, the signed-in psychologist.
pub fn open_for_walk_in(kiosk: &Rc<Kiosk>, ui: &AppWindow, walk_in: i64) {
    let now = crate::platform::clock::now()
        .with_timezone(&super::clock::zone())
        .naive_local();
    let quarter = (now.hour() * 60 + now.minute()) / 15 * 15;
    let here = kiosk.state.borrow().room;
    open(
        kiosk,
        ui,
        BookingState {
            walk_in: Some(walk_in),
            day: now.date(),
            start: quarter,
            from: Screen::Door,
            want_room: here,
            ..Default::default()
        },
    );
}

/// Opens the form at a free place of the schedule: `day` at `start` minutes after local
/// midnight, in `room` or with `psychologist` when the tap was in their column.
pub fn open_at(
    kiosk: &Rc<Kiosk>,
    ui: &AppWindow,
    day: NaiveDate,
    start: u32,
    room: Option<RoomId>,
    psychologist: Option<StaffId>,
) {
    let here = kiosk.state.borrow().room;
    open(
        kiosk,
        ui,
        BookingState {
            day,
            start,
            from: Screen::Schedule,
            want_room: room.or(here),
            want_psychologist: psychologist,
            ..Default::default()
        },
    );
}

/// Opens the form to move booked session `entry` (and, if chosen, the rest of its series).
pub fn open_for_move(kiosk: &Rc<Kiosk>, ui: &AppWindow, entry: &crate::store::CalendarEntry) {
    let local = entry
        .session
        .starts_at
        .with_timezone(&super::clock::zone())
        .naive_local();
    open(
        kiosk,
        ui,
        BookingState {
            day: local.date(),
            start: local.hour() * 60 + local.minute(),
            minutes: entry.session.minutes,
            kind: entry.session.kind,
            chosen: entry.session.participants.clone(),
            from: Screen::Session,
            want_room: Some(entry.session.room),
            want_psychologist: Some(entry.session.psychologist),
            editing: Some(entry.id),
            in_series: entry.in_series,
            ..Default::default()
        },
    );
}

fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow, form: BookingState) {
    let Some(me) = kiosk.signed_in() else { return };
    clear(kiosk, ui);
    let walk_in = form.walk_in;
    {
        let lang = kiosk.state_language();
        *kiosk.state_of::<BookingState>() = BookingState {
            with_surnames: me.role == Role::Psychologist,
            lang,
            ..form
        };
    }
    let editing = kiosk.view_of::<BookingState>().editing.is_some();
    ui.global::<BookingAdapter>()
        .set_for_walk_in(walk_in.is_some());
    ui.global::<BookingAdapter>().set_editing(editing);
    kiosk.navigate(ui, Screen::Booking);
    kiosk.ask(
        |s| Ok::<_, StoreError>((s.bookable_children()?, s.staff_cards()?, s.rooms()?)),
        move |k, ui, found| {
            if ui.global::<super::Navigation>().get_screen() != Screen::Booking {
                return;
            }
            let (children, staff, rooms) = match found {
                Ok(found) => found,
                Err(e) => {
                    tracing::error!(
                        "cannot read the children, colleagues and rooms for booking: {e}"
                    );
                    ui.global::<BookingAdapter>().set_problem("read".into());
                    return;
                }
            };
            {
                let mut st = k.state_of::<BookingState>();
                let b = &mut *st;
                // Moving: only the session's own children are listed.
                b.children = if b.editing.is_some() {
                    children
                        .into_iter()
                        .filter(|c| b.chosen.contains(&c.id))
                        .collect()
                } else {
                    children
                };
                b.psychologists = staff
                    .iter()
                    .filter(|c| c.member.role == Role::Psychologist)
                    .map(|c| (c.id, c.member.list_name()))
                    .collect();
                let wanted = b.want_psychologist.unwrap_or(me.staff);
                b.psychologist = b
                    .psychologists
                    .iter()
                    .position(|(id, _)| *id == wanted)
                    .unwrap_or(0);
                b.rooms = rooms
                    .iter()
                    .filter(|r| r.details.kind != crate::domain::RoomKind::Rental)
                    .map(|r| (r.id, r.details.name.clone()))
                    .collect();
                b.room = b
                    .want_room
                    .and_then(|h| b.rooms.iter().position(|(id, _)| *id == h))
                    .unwrap_or(0);
            }
            show(k, ui);
        },
    );
}

/// Forgets the form.
pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<BookingState>() = BookingState::default();
    let a = ui.global::<BookingAdapter>();
    a.set_children(ModelRc::default());
    a.set_clashes(ModelRc::default());
    a.set_offers(ModelRc::default());
    a.set_problem(SharedString::new());
    a.set_booked(0);
    a.set_busy(false);
    a.set_for_walk_in(false);
    a.set_editing(false);
    a.set_in_series(false);
    a.set_move_rest(false);
}

/// A child's name on the form: surnames for psychologists only.
fn child_name(c: &Child, with_surname: bool) -> String {
    let d = &c.details;
    match (with_surname, d.surname.chars().next()) {
        (true, _) => format!("{} {}", d.first_name, d.surname),
        (false, Some(initial)) => format!("{} {initial}.", d.first_name),
        (false, None) => d.first_name.clone(),
    }
}

fn show(kiosk: &Kiosk, ui: &AppWindow) {
    let st = kiosk.view_of::<BookingState>();
    let b = &*st;
    let a = ui.global::<BookingAdapter>();
    let rows: Vec<BookingChild> = b
        .children
        .iter()
        .filter(|c| {
            // While surnames are hidden (a child may see the screen), only first names are searched.
            let surname = if b.with_surnames {
                c.details.surname.as_str()
            } else {
                ""
            };
            b.chosen.contains(&c.id)
                || crate::domain::names::found_by(&b.search, &[&c.details.first_name, surname])
        })
        .map(|c| BookingChild {
            id: c.id.0 as i32,
            avatar: c.details.avatar.key().into(),
            name: child_name(c, b.with_surnames).into(),
            chosen: b.chosen.contains(&c.id),
        })
        .collect();
    a.set_children(ModelRc::new(VecModel::from(rows)));
    a.set_kind(b.kind.key().into());
    a.set_day(b.day.format("%d.%m.%Y").to_string().into());
    a.set_time(format!("{:02}:{:02}", b.start / 60, b.start % 60).into());
    a.set_minutes(b.minutes as i32);
    a.set_weeks(b.weeks as i32);
    a.set_until_mode(b.until.is_some());
    a.set_until(
        b.until
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_default()
            .into(),
    );
    let on: Vec<bool> = WEEK
        .iter()
        .map(|d| b.weekdays.contains(d) || (b.weekdays.is_empty() && *d == b.day.weekday()))
        .collect();
    a.set_weekdays(ModelRc::new(VecModel::from(on)));
    let lang = b.lang;
    let names: Vec<SharedString> = (0..7)
        .map(|i| SharedString::from(weekday_short(lang, i)))
        .collect();
    a.set_weekday_names(ModelRc::new(VecModel::from(names)));
    a.set_psychologist(
        b.psychologists
            .get(b.psychologist)
            .map(|p| p.1.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_room(
        b.rooms
            .get(b.room)
            .map(|r| r.1.clone())
            .unwrap_or_default()
            .into(),
    );
    a.set_in_series(b.in_series);
    a.set_move_rest(b.move_rest);
}

/// «24.11 16:00» in the kiosk's zone.
fn day_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&super::clock::zone())
        .format("%d.%m %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests;

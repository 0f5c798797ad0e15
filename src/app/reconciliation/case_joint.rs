//! Booking a case's joint meeting on its screen: a day (today and on, one day a tap), a start on
//! the 15-minute grid within working hours, the length (60 min unless changed), the gap between
//! the two sides (15 min, in 5-minute steps) and a reconciliation room. `Writer::book_joint_meeting`
//! books it through the booking and conflict engine with the sides staggered; the screen then
//! shows when each side arrives and leaves, or the clashes with the nearest free times to take.

use std::rc::Rc;

use chrono::{DateTime, Days, Duration, NaiveDate, Timelike, Utc};
use slint::{ComponentHandle, ModelRc, VecModel};

use super::case::{problem, refresh, Booked, CaseState};
use super::words;
use crate::app::generation::ask_current;
use crate::app::{AppWindow, CaseAdapter, CaseClash, CaseProblem, Kiosk};
use crate::domain::conflict::ClashWith;
use crate::domain::RoomId;
use crate::store::restorative::JointBooking;
use crate::store::{BookingRules, StoreError};

/// The booking form as chosen so far.
#[derive(Debug, Clone)]
pub(crate) struct JointForm {
    /// Days after today.
    pub day: u32,
    /// Minutes after local midnight.
    pub start: u32,
    pub minutes: u32,
    pub gap: u32,
    pub rooms: Vec<(RoomId, String)>,
    pub room: usize,
    pub clashes: Vec<CaseClash>,
    pub offers: Vec<DateTime<Utc>>,
}

impl Default for JointForm {
    /// Tomorrow at 10:00, an hour, the sides 15 minutes apart.
    fn default() -> Self {
        Self {
            day: 1,
            start: 10 * 60,
            minutes: 60,
            gap: 15,
            rooms: Vec::new(),
            room: 0,
            clashes: Vec::new(),
            offers: Vec::new(),
        }
    }
}

impl JointForm {
    pub(super) fn day(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_add_days(Days::new(self.day.into()))
            .unwrap_or(today)
    }
    fn starts_at(&self, today: NaiveDate) -> DateTime<Utc> {
        crate::app::clock::at_local(self.day(today), self.start / 60, self.start % 60)
    }
}

/// The joint meeting the case has (just booked, or read with the case).
pub(super) fn meeting(st: &CaseState) -> Option<Booked> {
    st.booked.or_else(|| {
        st.view.as_ref()?.meetings.last().map(|m| Booked {
            session: m.session,
            starts_at: m.starts_at,
            minutes: m.minutes,
            harmed: m.harmed_side,
            other: m.other_side,
        })
    })
}

pub(super) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) {
    let a = ui.global::<CaseAdapter>();
    let k = kiosk.clone();
    a.on_shift_day(move |by| {
        let mut st = k.state_of::<CaseState>();
        st.form.day = st.form.day.saturating_add_signed(by).min(90);
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_shift_time(move |by| {
        let hours = &k.config.hours;
        let opens = hours.opens.hour() * 60 + hours.opens.minute();
        let closes = hours.closes.hour() * 60 + hours.closes.minute();
        let mut st = k.state_of::<CaseState>();
        let last = closes.saturating_sub(st.form.minutes).max(opens);
        st.form.start = st.form.start.saturating_add_signed(by).clamp(opens, last);
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_shift_minutes(move |by| {
        let mut st = k.state_of::<CaseState>();
        st.form.minutes = st.form.minutes.saturating_add_signed(by).clamp(30, 180);
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_shift_gap(move |by| {
        let mut st = k.state_of::<CaseState>();
        st.form.gap = st.form.gap.saturating_add_signed(by).clamp(5, 60);
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_next_room(move || {
        let mut st = k.state_of::<CaseState>();
        let n = st.form.rooms.len().max(1);
        st.form.room = (st.form.room + 1) % n;
        drop(st);
        refresh(&k);
    });
    let k = kiosk.clone();
    a.on_take_offer(move |i| {
        let today = crate::app::clock::today();
        let mut st = k.state_of::<CaseState>();
        let Some(at) = st.form.offers.get(i as usize).copied() else {
            return;
        };
        let local = at.with_timezone(&crate::app::clock::zone());
        st.form.day = u32::try_from((local.date_naive() - today).num_days()).unwrap_or(0);
        st.form.start = local.hour() * 60 + local.minute();
        drop(st);
        book(&k);
    });
    let k = kiosk.clone();
    a.on_book(move || book(&k));
}

fn book(kiosk: &Rc<Kiosk>) {
    let Some(ui) = kiosk.ui.upgrade() else { return };
    let a = ui.global::<CaseAdapter>();
    if a.get_busy() {
        return;
    }
    let Some(me) = kiosk.signed_in() else { return };
    let today = crate::app::clock::today();
    let (id, room, starts_at, minutes, gap) = {
        let st = kiosk.view_of::<CaseState>();
        let Some(id) = st.id else { return };
        let Some((room, _)) = st.form.rooms.get(st.form.room) else {
            problem(&ui, CaseProblem::NoRoom, "");
            return;
        };
        (
            id,
            *room,
            st.form.starts_at(today),
            st.form.minutes,
            Duration::minutes(st.form.gap.into()),
        )
    };
    let rules = BookingRules::at(
        crate::platform::clock::now(),
        crate::app::clock::zone(),
        kiosk.config.hours.clone(),
    );
    a.set_busy(true);
    problem(&ui, CaseProblem::None, "");
    ask_current::<CaseState, _>(
        kiosk,
        move |s| {
            s.write(|w| {
                let booking =
                    w.book_joint_meeting(me.staff, id, room, starts_at, minutes, gap, &rules)?;
                // Booked, the case stands at the joint meeting: read it as it is now.
                let view = match booking {
                    JointBooking::Booked { .. } => Some(w.restorative_case(me.staff, id)?),
                    JointBooking::Refused { .. } => None,
                };
                Ok::<_, StoreError>((booking, view))
            })
        },
        move |k, ui, r| {
            ui.global::<CaseAdapter>().set_busy(false);
            match r {
                Ok((
                    JointBooking::Booked {
                        session,
                        harmed_side,
                        other_side,
                    },
                    view,
                )) => {
                    let mut st = k.state_of::<CaseState>();
                    st.booked = Some(Booked {
                        session,
                        starts_at,
                        minutes,
                        harmed: harmed_side,
                        other: other_side,
                    });
                    if view.is_some() {
                        st.view = view;
                    }
                    st.form.clashes.clear();
                    st.form.offers.clear();
                }
                Ok((JointBooking::Refused { clashes, offers }, _)) => {
                    let mut st = k.state_of::<CaseState>();
                    let lines: Vec<CaseClash> =
                        clashes.iter().map(|(_, c)| clash_line(&st, c)).collect();
                    st.form.clashes = lines;
                    st.form.offers = offers;
                }
                Err(e) => {
                    let (p, arg) = words::problem_of(&e, &*k.view_of::<CaseState>());
                    problem(ui, p, &arg);
                    return;
                }
            }
            refresh(k);
        },
    );
}

/// A clash as the screen words it: what is taken, whose (the facilitator, a party's first
/// name), and when the other session runs.
fn clash_line(st: &CaseState, c: &crate::domain::conflict::Clash) -> CaseClash {
    let when = format!(
        "{}–{}",
        day_time(c.starts_at),
        crate::app::clock::local_hh_mm(c.ends_at)
    );
    let view = st.view.as_ref();
    let (what, name) = match c.with {
        ClashWith::Room(_) => ("room", String::new()),
        ClashWith::Psychologist(_) => (
            "psychologist",
            view.and_then(|v| v.facilitator_name.clone())
                .unwrap_or_default(),
        ),
        ClashWith::Child(child) => (
            "child",
            view.and_then(|v| v.parties.iter().find(|p| p.party.child() == Some(child)))
                .map(|p| p.first_name.clone())
                .unwrap_or_default(),
        ),
    };
    CaseClash {
        what: what.into(),
        name: name.into(),
        when: when.into(),
    }
}

pub(super) fn day_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&crate::app::clock::zone())
        .format("%d.%m %H:%M")
        .to_string()
}

/// The form's and the booked meeting's properties.
pub(super) fn show(st: &CaseState, ui: &AppWindow, lang: crate::domain::Language) {
    let a = ui.global::<CaseAdapter>();
    let today = crate::app::clock::today();
    let f = &st.form;
    a.set_day_label(lang.short_date(f.day(today)).into());
    a.set_time_label(format!("{:02}:{:02}", f.start / 60, f.start % 60).into());
    a.set_minutes(f.minutes as i32);
    a.set_gap(f.gap as i32);
    a.set_room_name(
        f.rooms
            .get(f.room)
            .map_or(String::new(), |r| r.1.clone())
            .into(),
    );
    a.set_clashes(ModelRc::new(VecModel::from(f.clashes.clone())));
    let offers: Vec<slint::SharedString> = f.offers.iter().map(|t| day_time(*t).into()).collect();
    a.set_offers(ModelRc::new(VecModel::from(offers)));
    let span = |s: &crate::domain::restorative::SideTimes| {
        format!(
            "{}–{}",
            crate::app::clock::local_hh_mm(s.arrives),
            crate::app::clock::local_hh_mm(s.leaves)
        )
    };
    match meeting(st) {
        Some(m) => {
            let ends = m.starts_at + Duration::minutes(m.minutes.into());
            a.set_booked(true);
            a.set_meeting(
                format!(
                    "{} {}–{}",
                    lang.short_date(crate::app::clock::local_date(m.starts_at)),
                    crate::app::clock::local_hh_mm(m.starts_at),
                    crate::app::clock::local_hh_mm(ends)
                )
                .into(),
            );
            a.set_harmed_times(span(&m.harmed).into());
            a.set_other_times(span(&m.other).into());
        }
        None => {
            a.set_booked(false);
            a.set_meeting(Default::default());
            a.set_harmed_times(Default::default());
            a.set_other_times(Default::default());
        }
    }
}

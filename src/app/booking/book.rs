//! Booking (or moving) what the form says: the series written whole, or the clashes shown with
//! the nearest free times offered.

use super::*;

pub(super) fn book(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    let a = ui.global::<BookingAdapter>();
    if a.get_busy() {
        return;
    }
    let Some(me) = kiosk.signed_in() else { return };
    let built = {
        let st = kiosk.view_of::<BookingState>();
        let b = &*st;
        let (Some((psychologist, _)), Some((room, _))) =
            (b.psychologists.get(b.psychologist), b.rooms.get(b.room))
        else {
            a.set_problem("no-psychologist".into());
            return;
        };
        let start = crate::app::clock::at_local(b.day, b.start / 60, b.start % 60);
        let repeat = repeat_of(b);
        let scope = if b.move_rest {
            EditScope::ThisAndFollowing
        } else {
            EditScope::ThisOne
        };
        NewSession::new(*room, *psychologist, b.kind, start, b.minutes, &b.chosen)
            .map(|s| (s, repeat, b.walk_in, b.editing.map(|id| (id, scope))))
    };
    let (session, repeat, walk_in, editing) = match built {
        Ok(b) => b,
        Err(DomainError::BadParticipants { .. }) => {
            kiosk.services.speakers.play(Cue::Refused);
            a.set_problem("participants".into());
            return;
        }
        Err(e) => {
            tracing::warn!("the booking form holds something the domain refuses: {e}");
            a.set_problem("write".into());
            return;
        }
    };
    let rules = BookingRules::at(
        crate::platform::clock::now(),
        crate::app::clock::zone(),
        kiosk.config.hours.clone(),
    );
    a.set_busy(true);
    a.set_problem(SharedString::new());
    kiosk.ask(
        move |s| {
            s.write(|w| match (editing, walk_in) {
                (Some((id, scope)), _) => w.reschedule(
                    id,
                    scope,
                    session.starts_at,
                    session.minutes,
                    session.room,
                    &rules,
                ),
                (None, Some(id)) => w.book_walk_in(id, &session, &repeat, me.staff, &rules),
                (None, None) => w.book(&session, &repeat, me.staff, &rules),
            })
        },
        |k, ui, outcome| {
            let a = ui.global::<BookingAdapter>();
            a.set_busy(false);
            if ui.global::<crate::app::Navigation>().get_screen() != Screen::Booking {
                return;
            }
            match outcome {
                Ok(Booking::Booked(ids)) => {
                    k.services.speakers.play(Cue::Chime);
                    a.set_clashes(ModelRc::default());
                    a.set_offers(ModelRc::default());
                    a.set_booked(ids.len() as i32);
                }
                Ok(Booking::Refused { clashes, offers }) => {
                    k.services.speakers.play(Cue::Refused);
                    let lines: Vec<BookingClash> = {
                        let st = k.view_of::<BookingState>();
                        let b = &*st;
                        clashes
                            .iter()
                            .map(|(_, c)| {
                                let when = format!(
                                    "{}–{}",
                                    day_time(c.starts_at),
                                    crate::app::clock::local_hh_mm(c.ends_at)
                                );
                                let (what, name) = match c.with {
                                    ClashWith::Room(_) => ("room", String::new()),
                                    ClashWith::Psychologist(p) => (
                                        "psychologist",
                                        b.psychologists
                                            .iter()
                                            .find(|x| x.0 == p)
                                            .map(|x| x.1.clone())
                                            .unwrap_or_default(),
                                    ),
                                    ClashWith::Child(id) => (
                                        "child",
                                        b.children
                                            .iter()
                                            .find(|x| x.id == id)
                                            .map(|x| child_name(x, b.with_surnames))
                                            .unwrap_or_default(),
                                    ),
                                };
                                BookingClash {
                                    what: what.into(),
                                    name: name.into(),
                                    when: when.into(),
                                }
                            })
                            .collect()
                    };
                    a.set_clashes(ModelRc::new(VecModel::from(lines)));
                    let labels: Vec<SharedString> =
                        offers.iter().map(|t| day_time(*t).into()).collect();
                    a.set_offers(ModelRc::new(VecModel::from(labels)));
                    k.state_of::<BookingState>().offers = offers;
                }
                Err(StoreError::InThePast(_)) => {
                    k.services.speakers.play(Cue::Refused);
                    a.set_problem("past".into());
                }
                Err(e) => {
                    tracing::error!("the booking was not saved: {e}");
                    k.services.speakers.play(Cue::Refused);
                    a.set_problem("write".into());
                }
            }
        },
    );
}

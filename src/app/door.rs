//! Adapter of "at the door today" (the walk-ins area of psychologists and staff), and the
//! watch behind it: while a psychologist or a staff member is signed in, on whatever screen,
//! the board is read every few seconds; something new at the door (a child checked in, a
//! child needs an adult, a family came without a booking) chimes and shows as a badge on the
//! colleague's home. The board screen itself shows the rows and records who answered.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::navigator::{BookingRoute, Route};
use super::{
    AppWindow, DoorAdapter, DoorArrivalRow, DoorHelpRow, DoorWalkInRow, Kiosk, Navigation, Screen,
};
use crate::domain::{Role, StaffId};
use crate::platform::audio::Cue;
use crate::store::{DataMark, DoorBoard, Fresh, StoreError};
use chrono::{DateTime, Utc};

/// How often the open board is read again.
pub use super::clock::BOARD_REFRESH as REFRESH;

#[derive(Default)]
pub(crate) struct DoorState {
    /// Runs while someone who looks after the door is signed in.
    timer: Option<slint::Timer>,
    /// The newest ids seen, to chime only for what is new.
    newest: Option<(i64, i64, i64)>,
    /// The board last read (room and day) and where the database stood then: the next look
    /// reads nothing unless something was written since.
    seen: Option<(BoardKey, DataMark)>,
}

/// Which board was read: the room and the bounds of the day.
type BoardKey = (crate::domain::RoomId, DateTime<Utc>, DateTime<Utc>);

/// Starts watching the door for the colleague who just signed in, if their role answers it.
pub fn watch(kiosk: &Rc<Kiosk>) {
    let answers_door = kiosk
        .signed_in()
        .is_some_and(|s| s.role.areas().contains(&crate::domain::Area::WalkIns));
    *kiosk.state_of::<DoorState>() = DoorState::default();
    if !answers_door {
        return;
    }
    refresh(kiosk);
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(kiosk);
    timer.start(slint::TimerMode::Repeated, REFRESH, move || {
        if let Some(k) = weak.upgrade() {
            refresh(&k);
        }
    });
    kiosk.state_of::<DoorState>().timer = Some(timer);
}

/// Stops watching (sign-out, hide, idle) and forgets what the board showed.
pub fn stop(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<DoorState>() = DoorState::default();
    ui.global::<super::RoleHomeAdapter>().set_door_news(0);
    close(ui);
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<DoorAdapter>();
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            close(&ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
    let k = kiosk.clone();
    a.on_help_seen(move |id| answer(&k, move |w, me| w.mark_help_seen(i64::from(id), me)));
    let k = kiosk.clone();
    a.on_take_walk_in(move |id| answer(&k, move |w, me| w.take_walk_in(i64::from(id), me)));
    let k = kiosk.clone();
    a.on_book_walk_in(move |id| {
        if let Some(ui) = k.ui.upgrade() {
            k.go(&ui, Route::Booking(BookingRoute::WalkIn(i64::from(id))));
        }
    });
    let k = kiosk.clone();
    a.on_close_walk_in(move |id| answer(&k, move |w, me| w.close_walk_in(i64::from(id), me)));
    Rc::new(
        super::navigator::Plain::<DoorState>::new(
            |r| matches!(r, super::navigator::Route::Door),
            open,
            stop,
        )
        .on_sign_in(watch),
    )
}

/// Opens the board (the watch keeps it fresh while it shows).
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    close(ui);
    kiosk.navigate(ui, Screen::Door);
    // The rows were just emptied: read them whatever the mark says.
    kiosk.state_of::<DoorState>().seen = None;
    refresh(kiosk);
}

/// Empties the board's rows.
pub fn close(ui: &AppWindow) {
    let a = ui.global::<DoorAdapter>();
    a.set_arrivals(ModelRc::default());
    a.set_help(ModelRc::default());
    a.set_walk_ins(ModelRc::default());
    a.set_problem(SharedString::new());
}

fn refresh(kiosk: &Rc<Kiosk>) {
    let Some(room) = kiosk.state.borrow().room else {
        return;
    };
    let (from, to) = super::clock::day_bounds(super::clock::today());
    let key = (room, from, to);
    let since = kiosk
        .view_of::<DoorState>()
        .seen
        .filter(|(seen, _)| *seen == key)
        .map(|(_, mark)| mark);
    kiosk.ask(
        move |s| s.read_if_changed(since, |s| s.door_board(room, from, to)),
        move |k, ui, board| {
            // Signed out while the board was being read: nothing of it may show.
            let Some(me) = k.signed_in() else { return };
            match board {
                Ok(Fresh::Unchanged) => {}
                Ok(Fresh::Read(mark, board)) => {
                    k.state_of::<DoorState>().seen = Some((key, mark));
                    let newest = board.newest();
                    let before = k.state_of::<DoorState>().newest.replace(newest);
                    if before.is_some_and(|before| is_news(before, newest)) {
                        k.services.speakers.play(Cue::Arrival);
                    }
                    ui.global::<super::RoleHomeAdapter>()
                        .set_door_news(board.waiting() as i32);
                    if ui.global::<Navigation>().get_screen() == Screen::Door {
                        show(ui, &board, Some(me));
                        ui.global::<DoorAdapter>().set_problem(SharedString::new());
                    }
                }
                Err(e) => {
                    tracing::error!("cannot read the door board: {e}");
                    if ui.global::<Navigation>().get_screen() == Screen::Door {
                        ui.global::<DoorAdapter>().set_problem("read".into());
                    }
                }
            }
        },
    );
}

/// Whether the board read at `now` holds something the reading at `before` did not.
fn is_news(before: (i64, i64, i64), now: (i64, i64, i64)) -> bool {
    now.0 > before.0 || now.1 > before.1 || now.2 > before.2
}

/// Fills the board; surnames only for a psychologist.
pub fn show(ui: &AppWindow, board: &DoorBoard, me: Option<super::kiosk::SignedIn>) {
    let with_surname = me.is_some_and(|s| s.role == Role::Psychologist);
    let mine = |p: StaffId| me.is_some_and(|s| s.staff == p);
    let hh_mm = super::clock::local_hh_mm;
    let arrivals: Vec<DoorArrivalRow> = board
        .arrivals
        .iter()
        .map(|a| DoorArrivalRow {
            time: hh_mm(a.at).into(),
            session_time: hh_mm(a.session_start).into(),
            avatar: a.avatar.key().into(),
            name: if with_surname {
                format!("{} {}", a.first_name, a.surname)
            } else {
                a.first_name.clone()
            }
            .into(),
            mood: i32::from(a.mood.code()),
            mine: mine(a.psychologist),
        })
        .collect();
    let help: Vec<DoorHelpRow> = board
        .help
        .iter()
        .map(|h| DoorHelpRow {
            id: h.id as i32,
            time: hh_mm(h.at).into(),
            session_time: hh_mm(h.session_start).into(),
            avatars: ModelRc::new(VecModel::from(
                h.avatars
                    .iter()
                    .map(|a| SharedString::from(a.key()))
                    .collect::<Vec<_>>(),
            )),
            mine: mine(h.psychologist),
        })
        .collect();
    let walk_ins: Vec<DoorWalkInRow> = board
        .walk_ins
        .iter()
        .map(|w| DoorWalkInRow {
            id: w.id as i32,
            time: hh_mm(w.at).into(),
            taken: w.taken_by.is_some(),
            taken_by_me: w.taken_by.is_some_and(mine),
            session_time: w.session.map(|(_, t)| hh_mm(t)).unwrap_or_default().into(),
        })
        .collect();
    let a = ui.global::<DoorAdapter>();
    a.set_arrivals(ModelRc::new(VecModel::from(arrivals)));
    a.set_help(ModelRc::new(VecModel::from(help)));
    a.set_walk_ins(ModelRc::new(VecModel::from(walk_ins)));
}

/// Records the signed-in colleague's answer, then shows the board again.
fn answer(
    kiosk: &Rc<Kiosk>,
    write: impl FnOnce(&mut crate::store::Writer<'_>, StaffId) -> Result<(), StoreError>
        + Send
        + 'static,
) {
    let Some(me) = kiosk.signed_in().map(|s| s.staff) else {
        return;
    };
    kiosk.ask(
        move |s| s.write(|w| write(w, me)),
        |k, _, r| {
            if let Err(e) = r {
                tracing::warn!("the answer at the door was not recorded: {e}");
                k.services.speakers.play(Cue::Refused);
            }
            refresh(k);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::is_news;

    #[test]
    fn only_a_newer_row_is_news() {
        assert!(!is_news((3, 1, 2), (3, 1, 2)));
        assert!(is_news((3, 1, 2), (4, 1, 2)), "a check-in");
        assert!(is_news((3, 1, 2), (3, 2, 2)), "a child needs an adult");
        assert!(is_news((3, 1, 2), (3, 1, 5)), "a walk-in");
        // A row answered and gone lowers the newest id: not news.
        assert!(!is_news((3, 4, 2), (3, 0, 2)));
    }
}

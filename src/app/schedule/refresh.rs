//! When the schedule reads the store again. Everything it shows follows the database or the
//! clock: the calendar and the route steps (data), the overdue marks and their order (the
//! minute). A tap that changes the view reads at once; the timer's look every few seconds
//! reads nothing, and repaints nothing, unless the database changed since the last read
//! ([`crate::store::DataMark`]) or the minute turned.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{due_row, show, Column, Mode, ScheduleState};
use crate::app::{DueStepRow, Kiosk, Navigation, ScheduleAdapter, Screen};
use crate::domain::Role;
use crate::store::{DataMark, Fresh, StoreError};

/// What a read was for: the same columns, the same viewer, the same minute.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    columns: Vec<Column>,
    with_steps: bool,
    minute: i64,
}

/// The last read's key and where the database stood when it was made.
#[derive(Debug)]
pub(crate) struct Seen {
    key: Key,
    mark: DataMark,
}

/// Reads and shows the view now (opened, changed, revealed, written to).
pub(super) fn refresh(kiosk: &Rc<Kiosk>) {
    look(kiosk, false);
}

/// The timer's look: reads only when something changed since the last read.
pub(super) fn tick(kiosk: &Rc<Kiosk>) {
    look(kiosk, true);
}

fn look(kiosk: &Rc<Kiosk>, may_skip: bool) {
    let cols = super::columns(&kiosk.view_of::<ScheduleState>());
    let (Some(first), Some(last)) = (cols.first(), cols.last()) else {
        return;
    };
    let day_of = |c: &Column| match c {
        Column::Room(_, d) | Column::Psychologist(_, d) => *d,
    };
    let (from, _) = crate::app::clock::day_bounds(day_of(first));
    let (_, to) = crate::app::clock::day_bounds(day_of(last));
    let now = crate::platform::clock::now();
    let with_steps = kiosk
        .signed_in()
        .is_some_and(|s| s.role == Role::Psychologist);
    let key = Key {
        columns: cols.clone(),
        with_steps,
        minute: now.timestamp().div_euclid(60),
    };
    let since = if may_skip {
        kiosk
            .view_of::<ScheduleState>()
            .seen
            .as_ref()
            .filter(|seen| seen.key == key)
            .map(|seen| seen.mark)
    } else {
        None
    };
    kiosk.ask(
        move |s| {
            s.read_if_changed(since, move |s| {
                let entries = s.calendar(from, to)?;
                let steps = if with_steps {
                    s.open_steps(now)?
                } else {
                    Vec::new()
                };
                let names = steps
                    .iter()
                    .map(|st| {
                        s.child(st.child)
                            .map(|c| (st.child, c.details.first_name, c.details.surname))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok::<_, StoreError>((entries, steps, names))
            })
        },
        move |k, ui, r| {
            if ui.global::<Navigation>().get_screen() != Screen::Schedule {
                return;
            }
            let a = ui.global::<ScheduleAdapter>();
            match r {
                Ok(Fresh::Unchanged) => {}
                Ok(Fresh::Read(mark, (entries, steps, names))) => {
                    k.state_of::<ScheduleState>().seen = Some(Seen { key, mark });
                    show(k, ui, &entries, now);
                    a.set_show_steps(with_steps && k.view_of::<ScheduleState>().mode == Mode::Day);
                    let shown = crate::app::child_present::revealed(k);
                    let rows: Vec<DueStepRow> = steps
                        .iter()
                        .take(30)
                        .map(|s| {
                            let (first, surname) = names
                                .iter()
                                .find(|n| n.0 == s.child)
                                .map(|n| (n.1.as_str(), n.2.as_str()))
                                .unwrap_or(("", ""));
                            let child =
                                crate::app::child_present::child_name(k, first, surname, true);
                            let mut row = due_row(s, &child, k.state_language(), now);
                            if !shown {
                                // A child may see the screen: the step's text stays out.
                                row.title = SharedString::new();
                            }
                            row
                        })
                        .collect();
                    a.set_due_steps(ModelRc::new(VecModel::from(rows)));
                    a.set_problem(SharedString::new());
                }
                Err(e) => {
                    tracing::error!("cannot read the schedule: {e}");
                    a.set_problem("read".into());
                }
            }
        },
    );
}

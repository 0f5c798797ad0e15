//! Where the blocks of the day and week views go: the hours shown, one column per room,
//! psychologist or day, and a tap on an empty place as a time.

use super::*;

/// The start, in minutes after midnight on a 15-minute grid, of a tap `fraction` down a
/// column showing `hours`.
pub fn slot_minutes(hours: (u32, u32), fraction: f32) -> u32 {
    let span = (hours.1.saturating_sub(hours.0) * 60) as f32;
    let at = hours.0 * 60 + (fraction.clamp(0.0, 1.0) * span) as u32;
    (at / 15 * 15).min(hours.1 * 60 - 15)
}

/// The hours to show: the working day, widened to hold every entry.
pub fn visible_hours(entries: &[CalendarEntry]) -> (u32, u32) {
    let zone = crate::app::clock::zone();
    entries.iter().fold(DAY_HOURS, |(from, to), e| {
        let start = e.session.starts_at.with_timezone(&zone);
        let end = e.session.ends_at().with_timezone(&zone);
        let end_hour = if end.date_naive() > start.date_naive() {
            24
        } else {
            end.hour() + u32::from(end.minute() > 0)
        };
        (from.min(start.hour()), to.max(end_hour))
    })
}

/// Where the day opens, as a fraction of the visible `hours` (the day scrolls when taller
/// than the screen): an hour before now when today is shown (`now_hour`), else the first
/// session shown, else the start of the day.
pub fn opening_top(hours: (u32, u32), now_hour: Option<u32>, blocks: &[ScheduleBlock]) -> f32 {
    let span = hours.1.saturating_sub(hours.0).max(1) as f32;
    match now_hour {
        Some(h) => (h.saturating_sub(1).clamp(hours.0, hours.1) - hours.0) as f32 / span,
        None => blocks
            .iter()
            .map(|b| b.top)
            .reduce(f32::min)
            .unwrap_or(0.0)
            .clamp(0.0, 1.0),
    }
}

/// Places each entry in its column as fractions of the visible hours.
pub fn layout(
    entries: &[CalendarEntry],
    cols: &[Column],
    hours: (u32, u32),
    with_surnames: bool,
    me: Option<StaffId>,
) -> Vec<ScheduleBlock> {
    let zone = crate::app::clock::zone();
    let span = f64::from((hours.1 - hours.0) * 60);
    entries
        .iter()
        .filter_map(|e| {
            let local = e.session.starts_at.with_timezone(&zone);
            let day = local.date_naive();
            let column = cols.iter().position(|c| match c {
                Column::Room(r, d) => *r == e.session.room && *d == day,
                Column::Psychologist(p, d) => *p == e.session.psychologist && *d == day,
            })?;
            let start = f64::from(local.hour() * 60 + local.minute()) - f64::from(hours.0 * 60);
            let names: Vec<String> = e
                .people
                .iter()
                .map(|p| {
                    if with_surnames {
                        format!("{} {}", p.first_name, p.surname)
                    } else {
                        p.first_name.clone()
                    }
                })
                .collect();
            Some(ScheduleBlock {
                id: e.id as i32,
                column: column as i32,
                top: (start / span) as f32,
                height: (f64::from(e.session.minutes) / span) as f32,
                time: format!(
                    "{}–{}",
                    crate::app::clock::local_hh_mm(e.session.starts_at),
                    crate::app::clock::local_hh_mm(e.session.ends_at())
                )
                .into(),
                kind: e.session.kind.key().into(),
                state: e.state.key().into(),
                names: names.join(", ").into(),
                avatars: ModelRc::new(VecModel::from(
                    e.people
                        .iter()
                        .map(|p| SharedString::from(p.avatar.key()))
                        .collect::<Vec<_>>(),
                )),
                arrived: e.people.iter().filter(|p| p.arrived).count() as i32,
                people: e.people.len() as i32,
                mine: me == Some(e.session.psychologist),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{NewSession, SessionState};
    use crate::domain::{Avatar, ChildId, SessionKind};
    use crate::store::CalendarPerson;

    fn entry(
        id: i64,
        room: i64,
        psy: i64,
        start: DateTime<Utc>,
        minutes: u32,
        arrived: bool,
    ) -> CalendarEntry {
        CalendarEntry {
            id,
            session: NewSession::new(
                RoomId(room),
                StaffId(psy),
                SessionKind::IndividualPlayTherapy,
                start,
                minutes,
                &[ChildId(id)],
            )
            .unwrap(),
            state: SessionState::Planned,
            people: vec![CalendarPerson {
                child: ChildId(id),
                avatar: Avatar::Owl,
                first_name: "Айдар".into(),
                surname: "Галиев".into(),
                arrived,
            }],
            in_series: false,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn blocks_sit_in_their_column_at_their_time() {
        let at = crate::app::clock::at_local(day(), 10, 30);
        let entries = [entry(1, 2, 7, at, 45, true), entry(2, 9, 7, at, 45, false)];
        let cols = [
            Column::Room(RoomId(1), day()),
            Column::Room(RoomId(2), day()),
        ];
        let blocks = layout(&entries, &cols, (8, 18), false, Some(StaffId(7)));
        assert_eq!(blocks.len(), 1, "a room not shown has no block");
        let b = &blocks[0];
        assert_eq!(b.column, 1);
        assert!((b.top - 150.0 / 600.0).abs() < 1e-6);
        assert!((b.height - 45.0 / 600.0).abs() < 1e-6);
        assert_eq!(b.time, "10:30–11:15");
        assert_eq!(b.names, "Айдар", "no surname unless a psychologist looks");
        assert_eq!((b.arrived, b.people, b.mine), (1, 1, true));
        let by_psy = layout(
            &entries,
            &[Column::Psychologist(StaffId(7), day())],
            (8, 18),
            true,
            None,
        );
        assert_eq!(by_psy.len(), 2);
        assert_eq!(by_psy[0].names, "Айдар Галиев");
    }

    #[test]
    fn the_day_widens_for_early_and_late_sessions() {
        assert_eq!(visible_hours(&[]), (8, 18));
        let early = entry(
            1,
            1,
            1,
            crate::app::clock::at_local(day(), 7, 15),
            30,
            false,
        );
        let late = entry(
            2,
            1,
            1,
            crate::app::clock::at_local(day(), 18, 30),
            45,
            false,
        );
        assert_eq!(visible_hours(&[early, late]), (7, 20));
    }

    #[test]
    fn the_day_opens_an_hour_before_now_or_at_the_first_session() {
        // Today at 17:50 on an 8–18 day: from 16:00.
        assert!((opening_top((8, 18), Some(17), &[]) - 0.8).abs() < 1e-6);
        // Before the day starts: from its start.
        assert_eq!(opening_top((8, 18), Some(6), &[]), 0.0);
        // Another day: at its first session, or its start when it has none.
        let at = crate::app::clock::at_local(day(), 10, 30);
        let blocks = layout(
            &[entry(1, 1, 7, at, 45, false)],
            &[Column::Room(RoomId(1), day())],
            (8, 18),
            false,
            None,
        );
        assert!((opening_top((8, 18), None, &blocks) - 0.25).abs() < 1e-6);
        assert_eq!(opening_top((8, 18), None, &[]), 0.0);
    }

    #[test]
    fn a_tap_becomes_a_quarter_hour() {
        assert_eq!(slot_minutes((8, 18), 0.0), 8 * 60);
        assert_eq!(slot_minutes((8, 18), 0.26), 10 * 60 + 30);
        assert_eq!(slot_minutes((8, 18), 1.0), 17 * 60 + 45);
        assert_eq!(slot_minutes((8, 18), -3.0), 8 * 60);
    }
}

//! «Сегодня»: the psychologist's own sessions of the day at the top of their home, so the
//! first tap after signing in can open the next session instead of the schedule. First names
//! only (a child may be in the room), in start order; what is over (held, cancelled, nobody
//! came) is left to the schedule, so the strip starts with what comes next.

use slint::{ModelRc, SharedString, VecModel};

use crate::app::TodayRow;
use crate::domain::{RoomId, SessionState, StaffId};
use crate::store::CalendarEntry;

/// `me`'s sessions among `entries` as rows of the home's «today» strip.
pub fn today_rows(
    entries: &[CalendarEntry],
    me: StaffId,
    rooms: &[(RoomId, String)],
) -> Vec<TodayRow> {
    entries
        .iter()
        .filter(|e| {
            e.session.psychologist == me
                && !matches!(
                    e.state,
                    SessionState::Cancelled | SessionState::Done | SessionState::NoShow
                )
        })
        .map(|e| {
            let names: Vec<&str> = e.people.iter().map(|p| p.first_name.as_str()).collect();
            let avatars: Vec<SharedString> =
                e.people.iter().map(|p| p.avatar.key().into()).collect();
            TodayRow {
                id: e.id as i32,
                time: crate::app::clock::local_hh_mm(e.session.starts_at).into(),
                names: names.join(", ").into(),
                avatars: ModelRc::new(VecModel::from(avatars)),
                room: rooms
                    .iter()
                    .find(|r| r.0 == e.session.room)
                    .map(|r| r.1.as_str())
                    .unwrap_or_default()
                    .into(),
                state: e.state.key().into(),
                arrived: e.people.iter().filter(|p| p.arrived).count() as i32,
                people: e.people.len() as i32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Avatar, ChildId, NewSession, SessionKind};
    use crate::store::CalendarPerson;
    use chrono::NaiveDate;
    use slint::Model;

    fn entry(id: i64, psychologist: i64, hour: u32, state: SessionState) -> CalendarEntry {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        CalendarEntry {
            id,
            session: NewSession {
                room: RoomId(1),
                psychologist: StaffId(psychologist),
                kind: SessionKind::IndividualPlayTherapy,
                starts_at: crate::app::clock::at_local(day, hour, 0),
                minutes: 45,
                participants: vec![ChildId(1)],
            },
            state,
            people: vec![CalendarPerson {
                child: ChildId(1),
                avatar: Avatar::Fox,
                first_name: "Маша".into(),
                surname: "Иванова".into(),
                arrived: state == SessionState::Arrived,
            }],
            in_series: false,
        }
    }

    #[test]
    fn only_my_sessions_still_ahead_with_first_names_and_the_room() {
        let rooms = [(RoomId(1), "Сенсорная".to_owned())];
        let rows = today_rows(
            &[
                entry(1, 7, 9, SessionState::Arrived),
                entry(2, 8, 10, SessionState::Planned),
                entry(3, 7, 11, SessionState::Cancelled),
                entry(4, 7, 12, SessionState::Planned),
                entry(5, 7, 8, SessionState::Done),
                entry(6, 7, 8, SessionState::NoShow),
            ],
            StaffId(7),
            &rooms,
        );
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, [1, 4]);
        let r = &rows[0];
        assert_eq!(
            (r.time.as_str(), r.names.as_str(), r.room.as_str()),
            ("09:00", "Маша", "Сенсорная")
        );
        assert_eq!((r.arrived, r.people, r.state.as_str()), (1, 1, "arrived"));
        assert_eq!(r.avatars.row_data(0).unwrap(), "fox");
        assert!(
            !r.names.contains("Иванова"),
            "no surname on the home screen"
        );
    }
}

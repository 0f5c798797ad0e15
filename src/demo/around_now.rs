//! Demo sessions around the current time. The demo centre's week runs Monday to Friday in
//! working hours, so a person trying the kiosk on a Saturday or at night would find no tiles at
//! «Я здесь!». At every start of `ladoshka run --demo` the demo centre's therapy rooms get a few
//! sessions starting within the next hours, if the check-in would otherwise show nothing; only a
//! database that holds the demo centre is touched, and the public home says "demo data".

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::{DEMO_STAFF, ROOMS};
use crate::domain::{ChildId, NewSession, RoomId, SessionKind, SessionState, StaffId};
use crate::store::{Store, StoreError};

/// How long a demo session lasts.
const MINUTES: u32 = 45;
// The window the check-in shows tiles for: a room with a session to check in to in it gets
// nothing more.
use crate::domain::check_in::{AHEAD, LATE_BY};

/// Three starts: the next quarter hour after `now`, then one and two hours later.
pub fn starts_after(now: DateTime<Utc>) -> [DateTime<Utc>; 3] {
    let quarter = Duration::minutes(15);
    let first = now
        .duration_trunc(quarter)
        .map_or(now, |t| if t < now { t + quarter } else { t });
    [
        first,
        first + Duration::hours(1),
        first + Duration::hours(2),
    ]
}

/// Whether a session of `minutes` from `start` in `room` with `psychologist` overlaps any of
/// `booked` (in the room, or of the psychologist).
fn clashes(
    booked: &[NewSession],
    room: RoomId,
    psychologist: StaffId,
    start: DateTime<Utc>,
) -> bool {
    let end = start + Duration::minutes(MINUTES.into());
    booked.iter().any(|b| {
        (b.room == room || b.psychologist == psychologist)
            && b.starts_at < end
            && start < b.starts_at + Duration::minutes(b.minutes.into())
    })
}

/// What was added, per room.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TopUp {
    pub sessions: usize,
}

/// Adds demo sessions around `now` to the demo centre's two therapy rooms where the check-in
/// would show nothing. A database that does not hold the demo centre is left alone.
pub fn top_up(store: &mut Store, now: DateTime<Utc>) -> Result<TopUp, StoreError> {
    let rooms = store.rooms()?;
    let staff = store.staff_cards()?;
    let demo_room = |i: usize| {
        rooms
            .iter()
            .find(|r| r.details.name == ROOMS[i].0)
            .map(|r| r.id)
    };
    let demo_psychologist = |i: usize| {
        let (first, patronymic, last, _, _) = DEMO_STAFF[i];
        staff
            .iter()
            .find(|c| {
                c.member.first_name == first
                    && c.member.patronymic == patronymic
                    && c.member.last_name == last
            })
            .map(|c| c.id)
    };
    let children: Vec<ChildId> = store
        .bookable_children()?
        .into_iter()
        .filter(|c| c.public_name().is_some())
        .map(|c| c.id)
        .collect();
    // (room, psychologist, kind) of the play-therapy and the reconciliation room.
    let plan = [
        (
            demo_room(0),
            demo_psychologist(0),
            SessionKind::IndividualPlayTherapy,
        ),
        (
            demo_room(1),
            demo_psychologist(2),
            SessionKind::FamilyReconciliation,
        ),
    ];
    if children.is_empty() || plan.iter().any(|(r, p, _)| r.is_none() || p.is_none()) {
        return Ok(TopUp::default());
    }
    let booked: Vec<NewSession> = store
        .sessions_between(now - Duration::hours(6), now + Duration::hours(6))?
        .into_iter()
        .filter(|b| b.state != SessionState::Cancelled)
        .map(|b| b.session)
        .collect();
    let mut new = Vec::new();
    for (n, (room, psychologist, kind)) in plan.into_iter().enumerate() {
        let (Some(room), Some(psychologist)) = (room, psychologist) else {
            continue;
        };
        let waiting = store.arrivals(room, now, now - LATE_BY, now + AHEAD)?;
        if !waiting.is_empty() {
            continue;
        }
        for (i, start) in starts_after(now).into_iter().enumerate() {
            if clashes(&booked, room, psychologist, start)
                || clashes(&new, room, psychologist, start)
            {
                continue;
            }
            // A different child each time, the same one for the same hour of the same day.
            let pick = (start.timestamp() / 3600) as usize + 7 * n + i;
            let child = children[pick % children.len()];
            new.push(NewSession::new(
                room,
                psychologist,
                kind,
                start,
                MINUTES,
                &[child],
            )?);
        }
    }
    if new.is_empty() {
        return Ok(TopUp::default());
    }
    store.write(|w| {
        for s in &new {
            w.insert_session(s)?;
        }
        Ok(())
    })?;
    Ok(TopUp {
        sessions: new.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn starts_fall_on_the_next_quarter_hour() {
        let s = starts_after(at("2026-12-05T23:30:00+03:00"));
        assert_eq!(s[0], at("2026-12-05T23:30:00+03:00"));
        assert_eq!(s[2], at("2026-12-06T01:30:00+03:00"), "past midnight");
        let s = starts_after(at("2026-12-31T23:52:10+03:00"));
        assert_eq!(s[0], at("2027-01-01T00:00:00+03:00"), "into the new year");
        assert!(starts_after(at("2026-12-07T08:01:00+03:00"))
            .iter()
            .all(|t| *t - at("2026-12-07T08:01:00+03:00") < AHEAD));
    }

    #[test]
    fn a_start_clashes_with_the_room_or_the_psychologist_only() {
        let start = at("2026-12-05T12:00:00+03:00");
        let other = NewSession::new(
            RoomId(2),
            StaffId(2),
            SessionKind::IndividualPlayTherapy,
            start + Duration::minutes(30),
            45,
            &[ChildId(1)],
        )
        .unwrap();
        let booked = [other];
        assert!(!clashes(&booked, RoomId(1), StaffId(1), start));
        assert!(clashes(&booked, RoomId(2), StaffId(1), start), "the room");
        assert!(
            clashes(&booked, RoomId(1), StaffId(2), start),
            "the psychologist"
        );
        assert!(
            !clashes(
                &booked,
                RoomId(2),
                StaffId(2),
                start + Duration::minutes(75)
            ),
            "after it"
        );
    }
}

//! Nobody is in two places at once: a room, a psychologist or a child already taken at a time
//! refuses a booking there, and the refusal names each clash so the psychologist can see what
//! to move.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::session::{NewSession, SessionState};
use super::{ChildId, RoomId, StaffId};

/// A booked session that holds its room, psychologist and children for its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub session: i64,
    pub room: RoomId,
    pub psychologist: StaffId,
    pub children: Vec<ChildId>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Busy {
    /// The booked session `id`, if its state still holds the time (a cancelled session or a
    /// no-show frees it).
    pub fn of(id: i64, s: &NewSession, state: SessionState) -> Option<Busy> {
        state.holds_time().then(|| Busy {
            session: id,
            room: s.room,
            psychologist: s.psychologist,
            children: s.participants.clone(),
            starts_at: s.starts_at,
            ends_at: s.ends_at(),
        })
    }

    fn overlaps(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.starts_at < to && from < self.ends_at
    }

    fn shares(&self, s: &NewSession) -> bool {
        self.room == s.room
            || self.psychologist == s.psychologist
            || self.children.iter().any(|c| s.participants.contains(c))
    }
}

/// What two sessions would share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClashWith {
    Room(RoomId),
    Psychologist(StaffId),
    Child(ChildId),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clash {
    /// The booked session in the way.
    pub session: i64,
    pub with: ClashWith,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Every clash of `wanted` with `busy`, leaving out the sessions in `moving` (the ones being
/// edited). Sessions touching end to start do not clash.
pub fn clashes(wanted: &NewSession, busy: &[Busy], moving: &[i64]) -> Vec<Clash> {
    let (from, to) = (wanted.starts_at, wanted.ends_at());
    let mut out = Vec::new();
    for b in busy
        .iter()
        .filter(|b| !moving.contains(&b.session) && b.overlaps(from, to))
    {
        let clash = |with| Clash {
            session: b.session,
            with,
            starts_at: b.starts_at,
            ends_at: b.ends_at,
        };
        if b.room == wanted.room {
            out.push(clash(ClashWith::Room(b.room)));
        }
        if b.psychologist == wanted.psychologist {
            out.push(clash(ClashWith::Psychologist(b.psychologist)));
        }
        for c in b
            .children
            .iter()
            .filter(|c| wanted.participants.contains(c))
        {
            out.push(clash(ClashWith::Child(*c)));
        }
    }
    out
}

/// The booked sessions that could ever clash with a session using the same room,
/// psychologist or children as `like`, as their times sorted by start: what a free-slot
/// search scans.
#[derive(Debug, Clone)]
pub struct Relevant {
    busy: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// The longest of them: how far back a look-up must start to see every overlap.
    longest: Duration,
}

impl Relevant {
    pub fn new(like: &NewSession, busy: &[Busy], moving: &[i64]) -> Self {
        let mut busy: Vec<(DateTime<Utc>, DateTime<Utc>)> = busy
            .iter()
            .filter(|b| !moving.contains(&b.session) && b.shares(like))
            .map(|b| (b.starts_at, b.ends_at))
            .collect();
        busy.sort_unstable();
        let longest = busy
            .iter()
            .map(|(s, e)| *e - *s)
            .max()
            .unwrap_or_else(Duration::zero);
        Self { busy, longest }
    }

    /// Whether `[from, to)` is free of every relevant session.
    pub fn is_free(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> bool {
        self.blocking(from, to).is_none()
    }

    /// The relevant sessions overlapping `[from, to)`, if any, as the earliest start and the
    /// latest end among them: a search can jump before the one or after the other at once.
    pub fn blocking(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        // A session starting `longest` or more before `from` has ended by then.
        let earliest = from - self.longest;
        let first = self.busy.partition_point(|(s, _)| *s <= earliest);
        self.busy[first..]
            .iter()
            .take_while(|(s, _)| *s < to)
            .filter(|(_, e)| from < *e)
            .fold(None, |acc, (s, e)| match acc {
                None => Some((*s, *e)),
                Some((first, last)) => Some((first.min(*s), last.max(*e))),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SessionKind;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }
    fn session(
        room: i64,
        psy: i64,
        children: &[i64],
        start: DateTime<Utc>,
        minutes: u32,
    ) -> NewSession {
        let kids: Vec<ChildId> = children.iter().map(|c| ChildId(*c)).collect();
        let kind = if kids.len() == 1 {
            SessionKind::IndividualPlayTherapy
        } else {
            SessionKind::Group
        };
        NewSession::new(RoomId(room), StaffId(psy), kind, start, minutes, &kids).unwrap()
    }
    fn busy(id: i64, s: &NewSession) -> Busy {
        Busy::of(id, s, SessionState::Planned).unwrap()
    }

    #[test]
    fn a_free_time_has_no_clash() {
        let booked = [busy(1, &session(1, 1, &[1], at(9, 0), 45))];
        assert!(
            clashes(&session(2, 2, &[2], at(9, 0), 45), &booked, &[]).is_empty(),
            "different everything"
        );
        assert!(
            clashes(&session(1, 1, &[1], at(9, 45), 45), &booked, &[]).is_empty(),
            "end touches start"
        );
        assert!(
            clashes(&session(1, 1, &[1], at(8, 15), 45), &booked, &[]).is_empty(),
            "start touches end"
        );
    }

    #[test]
    fn each_shared_thing_is_named() {
        let booked = [busy(7, &session(1, 1, &[1, 2], at(9, 0), 60))];
        let c = clashes(&session(1, 1, &[2, 3], at(9, 30), 45), &booked, &[]);
        let with: Vec<ClashWith> = c.iter().map(|c| c.with).collect();
        assert_eq!(
            with,
            vec![
                ClashWith::Room(RoomId(1)),
                ClashWith::Psychologist(StaffId(1)),
                ClashWith::Child(ChildId(2))
            ]
        );
        assert!(c
            .iter()
            .all(|c| c.session == 7 && c.starts_at == at(9, 0) && c.ends_at == at(10, 0)));
        // Only the child is shared.
        let c = clashes(&session(2, 2, &[1], at(8, 30), 45), &booked, &[]);
        assert_eq!(
            c.iter().map(|c| c.with).collect::<Vec<_>>(),
            vec![ClashWith::Child(ChildId(1))]
        );
        // Only the psychologist, fully inside.
        let c = clashes(&session(2, 1, &[9], at(9, 15), 15), &booked, &[]);
        assert_eq!(
            c.iter().map(|c| c.with).collect::<Vec<_>>(),
            vec![ClashWith::Psychologist(StaffId(1))]
        );
        // Only the room, fully around.
        let c = clashes(&session(1, 2, &[9], at(8, 0), 180), &booked, &[]);
        assert_eq!(
            c.iter().map(|c| c.with).collect::<Vec<_>>(),
            vec![ClashWith::Room(RoomId(1))]
        );
    }

    #[test]
    fn a_session_being_moved_does_not_clash_with_itself() {
        let s = session(1, 1, &[1], at(9, 0), 45);
        let booked = [busy(3, &s)];
        let later = session(1, 1, &[1], at(9, 30), 45);
        assert_eq!(clashes(&later, &booked, &[]).len(), 3);
        assert!(clashes(&later, &booked, &[3]).is_empty());
    }

    #[test]
    fn only_states_that_hold_the_time_are_busy() {
        let s = session(1, 1, &[1], at(9, 0), 45);
        for state in SessionState::ALL {
            let holds = matches!(
                state,
                SessionState::Planned | SessionState::Arrived | SessionState::InProgress
            );
            assert_eq!(Busy::of(1, &s, *state).is_some(), holds, "{state:?}");
        }
    }

    #[test]
    fn relevant_keeps_what_shares_something_and_finds_overlaps() {
        let like = session(1, 1, &[1], at(9, 0), 45);
        let booked = vec![
            busy(1, &session(1, 2, &[5], at(9, 0), 60)),  // same room
            busy(2, &session(2, 2, &[6], at(11, 0), 60)), // nothing shared
            busy(3, &session(3, 3, &[1], at(13, 0), 240)), // same child, long
        ];
        let r = Relevant::new(&like, &booked, &[]);
        assert!(!r.is_free(at(9, 30), at(10, 15)));
        assert!(r.is_free(at(10, 0), at(10, 45)));
        assert!(
            r.is_free(at(11, 0), at(11, 45)),
            "the other room's session is not relevant"
        );
        assert!(
            !r.is_free(at(16, 45), at(17, 30)),
            "a four-hour session seen from its end"
        );
        assert!(r.is_free(at(17, 0), at(17, 45)));
        assert!(Relevant::new(&like, &booked, &[1]).is_free(at(9, 0), at(9, 45)));
    }

    #[test]
    fn blocking_spans_every_overlap_and_sees_long_sessions_from_their_end() {
        let like = session(1, 1, &[1], at(9, 0), 45);
        let booked = vec![
            busy(1, &session(1, 2, &[5], at(9, 0), 60)), // 09:00–10:00
            busy(2, &session(1, 3, &[6], at(9, 30), 90)), // 09:30–11:00
            busy(3, &session(2, 1, &[7], at(12, 0), 240)), // 12:00–16:00, same psychologist
        ];
        let r = Relevant::new(&like, &booked, &[]);
        assert_eq!(
            r.blocking(at(9, 45), at(10, 30)),
            Some((at(9, 0), at(11, 0)))
        );
        assert_eq!(
            r.blocking(at(10, 0), at(10, 45)),
            Some((at(9, 30), at(11, 0)))
        );
        assert_eq!(r.blocking(at(11, 0), at(11, 45)), None, "touching the end");
        assert_eq!(
            r.blocking(at(11, 15), at(12, 0)),
            None,
            "touching the start"
        );
        assert_eq!(
            r.blocking(at(15, 45), at(16, 30)),
            Some((at(12, 0), at(16, 0)))
        );
        assert_eq!(r.blocking(at(16, 0), at(16, 45)), None);
        assert_eq!(
            Relevant::new(&like, &[], &[]).blocking(at(9, 0), at(9, 45)),
            None
        );
    }
}

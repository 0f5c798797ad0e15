//! A therapy session in a room: who, where, when, what kind. The scheduling rules
//! (recurrence, conflicts, free slots) arrive with the scheduling work; this is the record
//! and the rules every session obeys.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{ChildId, DomainError, RoomId, StaffId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    IndividualPlayTherapy,
    Group,
    FamilyReconciliation,
    Diagnostic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    Planned,
    Arrived,
    InProgress,
    Done,
    NoShow,
    Cancelled,
}

macro_rules! keyed {
    ($ty:ident, $what:literal, $($variant:ident => $key:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            pub fn key(self) -> &'static str { match self { $($ty::$variant => $key),+ } }
            pub fn from_key(key: &str) -> Result<Self, DomainError> {
                Self::ALL.iter().copied().find(|k| k.key() == key)
                    .ok_or_else(|| DomainError::Unknown { what: $what, value: key.into() })
            }
        }
    };
}
pub(crate) use keyed;

keyed!(SessionKind, "session kind",
    IndividualPlayTherapy => "individual_play_therapy", Group => "group",
    FamilyReconciliation => "family_reconciliation", Diagnostic => "diagnostic");
keyed!(SessionState, "session state",
    Planned => "planned", Arrived => "arrived", InProgress => "in_progress", Done => "done",
    NoShow => "no_show", Cancelled => "cancelled");

impl SessionState {
    /// Whether a session in this state holds its room, psychologist and children for its time.
    pub fn holds_time(self) -> bool {
        matches!(
            self,
            SessionState::Planned | SessionState::Arrived | SessionState::InProgress
        )
    }

    /// Whether the session is over one way or another (nothing more can happen to it).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            SessionState::Done | SessionState::NoShow | SessionState::Cancelled
        )
    }

    /// The way a session goes: planned → arrived (check-in) → in progress → done. A session may
    /// start without a check-in; a no-show or a cancellation ends it before it starts.
    pub fn can_become(self, next: SessionState) -> bool {
        use SessionState::*;
        matches!(
            (self, next),
            (Planned, Arrived | InProgress | NoShow | Cancelled)
                | (Arrived, InProgress | NoShow | Cancelled)
                | (InProgress, Done)
        )
    }

    /// Checks the move to `next`; a cancellation needs a reason.
    pub fn become_(
        self,
        next: SessionState,
        reason: Option<&str>,
    ) -> Result<SessionState, DomainError> {
        if !self.can_become(next) {
            return Err(DomainError::BadTransition {
                from: self.key(),
                to: next.key(),
            });
        }
        if next == SessionState::Cancelled && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(DomainError::Empty {
                field: "the reason for cancelling",
            });
        }
        Ok(next)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSession {
    pub room: RoomId,
    pub psychologist: StaffId,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub participants: Vec<ChildId>,
}

impl NewSession {
    pub fn new(
        room: RoomId,
        psychologist: StaffId,
        kind: SessionKind,
        starts_at: DateTime<Utc>,
        minutes: u32,
        participants: &[ChildId],
    ) -> Result<Self, DomainError> {
        if !(15..=240).contains(&minutes) {
            return Err(DomainError::BadSessionLength(minutes));
        }
        let mut participants = participants.to_vec();
        participants.sort();
        participants.dedup();
        let (ok, expected) = match kind {
            SessionKind::IndividualPlayTherapy | SessionKind::Diagnostic => {
                (participants.len() == 1, "exactly one child")
            }
            SessionKind::Group => ((2..=12).contains(&participants.len()), "2 to 12 children"),
            SessionKind::FamilyReconciliation => (!participants.is_empty(), "at least one child"),
        };
        if !ok {
            return Err(DomainError::BadParticipants {
                kind: kind.key(),
                expected,
                got: participants.len(),
            });
        }
        Ok(Self {
            room,
            psychologist,
            kind,
            starts_at,
            minutes,
            participants,
        })
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(self.minutes.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 7, 0, 0).unwrap()
    }

    #[test]
    fn participants_fit_the_kind() {
        let one = [ChildId(1)];
        let two = [ChildId(1), ChildId(2)];
        let s = |k, p: &[ChildId]| NewSession::new(RoomId(1), StaffId(1), k, at(), 45, p);
        assert!(s(SessionKind::IndividualPlayTherapy, &one).is_ok());
        assert!(s(SessionKind::IndividualPlayTherapy, &two).is_err());
        assert!(s(SessionKind::Group, &one).is_err());
        assert!(s(SessionKind::Group, &two).is_ok());
        assert!(s(SessionKind::FamilyReconciliation, &[]).is_err());
        assert!(s(SessionKind::Diagnostic, &one).is_ok());
        // Repeats collapse: the same child twice is one participant.
        assert!(s(
            SessionKind::IndividualPlayTherapy,
            &[ChildId(3), ChildId(3)]
        )
        .is_ok());
    }

    #[test]
    fn length_and_end() {
        let s = NewSession::new(
            RoomId(1),
            StaffId(1),
            SessionKind::Group,
            at(),
            90,
            &[ChildId(1), ChildId(2)],
        )
        .unwrap();
        assert_eq!(s.ends_at(), at() + Duration::minutes(90));
        for bad in [0, 14, 241] {
            assert_eq!(
                NewSession::new(
                    RoomId(1),
                    StaffId(1),
                    SessionKind::Diagnostic,
                    at(),
                    bad,
                    &[ChildId(1)]
                )
                .unwrap_err(),
                DomainError::BadSessionLength(bad)
            );
        }
    }

    #[test]
    fn states_move_only_forward() {
        use SessionState::*;
        let allowed = [
            (Planned, Arrived),
            (Planned, InProgress),
            (Planned, NoShow),
            (Planned, Cancelled),
            (Arrived, InProgress),
            (Arrived, NoShow),
            (Arrived, Cancelled),
            (InProgress, Done),
        ];
        for from in SessionState::ALL {
            for to in SessionState::ALL {
                assert_eq!(
                    from.can_become(*to),
                    allowed.contains(&(*from, *to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        for s in [Done, NoShow, Cancelled] {
            assert!(s.is_final() && !s.holds_time());
        }
        assert_eq!(
            Planned.become_(Cancelled, Some("заболел")).unwrap(),
            Cancelled
        );
        assert_eq!(
            Planned.become_(Cancelled, Some("  ")).unwrap_err(),
            DomainError::Empty {
                field: "the reason for cancelling"
            }
        );
        assert_eq!(
            Planned.become_(Cancelled, None).unwrap_err(),
            DomainError::Empty {
                field: "the reason for cancelling"
            }
        );
        assert_eq!(
            Done.become_(InProgress, None).unwrap_err(),
            DomainError::BadTransition {
                from: "done",
                to: "in_progress"
            }
        );
    }

    #[test]
    fn keys_round_trip() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::from_key(k.key()).unwrap(), *k);
        }
        for s in SessionState::ALL {
            assert_eq!(SessionState::from_key(s.key()).unwrap(), *s);
        }
        assert!(SessionState::from_key("lost").is_err());
    }
}

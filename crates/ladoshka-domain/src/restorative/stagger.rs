//! The two sides of a joint meeting never meet in the corridor: they arrive and leave at
//! least a gap apart (15 minutes unless the centre says otherwise).
//!
//! The harmed side arrives first and leaves first: it settles in the room before the other side
//! comes, and goes while the side that caused harm stays behind with the facilitator, so it
//! cannot be followed or waited for outside. The room is therefore held from `start − gap` to
//! `end + gap`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::RestorativeRefusal;

/// The gap between the two sides' arrivals and between their departures.
pub const DEFAULT_STAGGER: Duration = Duration::minutes(15);

/// When one side comes through the corridor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideTimes {
    pub arrives: DateTime<Utc>,
    pub leaves: DateTime<Utc>,
}

/// For a joint meeting starting at `start` and lasting `minutes`: (the harmed side, the side
/// that caused harm). The harmed side arrives `gap` before the start and leaves at the end; the
/// other side arrives at the start and leaves `gap` after the end. The meeting must last at
/// least `gap` (the harmed side leaves at the end, the other side came at the start); a
/// shorter one is refused by [`check_apart`], which the booking runs on whatever it books.
pub fn staggered(start: DateTime<Utc>, minutes: u32, gap: Duration) -> (SideTimes, SideTimes) {
    let end = start + Duration::minutes(minutes.into());
    (
        SideTimes {
            arrives: start - gap,
            leaves: end,
        },
        SideTimes {
            arrives: start,
            leaves: end + gap,
        },
    )
}

/// Whether every time one side passes through the corridor (arriving or leaving) is at least
/// `gap` from every time the other side does.
pub fn apart_enough(a: &SideTimes, b: &SideTimes, gap: Duration) -> bool {
    check_apart(a, b, gap).is_ok()
}

/// [`apart_enough`] as a refusal for a booking made by hand: names the first moment of `a`
/// that comes too near one of `b`'s.
pub fn check_apart(a: &SideTimes, b: &SideTimes, gap: Duration) -> Result<(), RestorativeRefusal> {
    for side in [a, b] {
        if side.leaves <= side.arrives {
            return Err(RestorativeRefusal::LeavesBeforeArriving {
                arrives: side.arrives,
                leaves: side.leaves,
            });
        }
    }
    for at in [a.arrives, a.leaves] {
        for other in [b.arrives, b.leaves] {
            if (at - other).abs() < gap {
                return Err(RestorativeRefusal::SidesWouldMeet {
                    at,
                    gap_minutes: gap.num_minutes(),
                });
            }
        }
    }
    Ok(())
}

/// Which side the door's check-in shows at `now`: the harmed side until halfway between the
/// two arrivals, then the other side. The tiles of one side never stand beside the other's.
pub fn harmed_side_at_door(harmed: &SideTimes, other: &SideTimes, now: DateTime<Utc>) -> bool {
    now < harmed.arrives + (other.arrives - harmed.arrives) / 2
}

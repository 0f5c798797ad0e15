//! The door's view of a joint meeting: which side checks in now, so the other side's
//! children are never on the "Who are you?" tiles beside them.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::domain::restorative::{harmed_side_at_door, SideTimes};
use crate::domain::ChildId;
use crate::store::{parse_ts, StoreError};

/// The side of a joint meeting the door shows at `now`: its children and its arrival time.
pub(crate) struct DoorSide {
    pub children: Vec<ChildId>,
    pub arrives: DateTime<Utc>,
}

/// `None` when `session` is not a restorative joint meeting.
pub(crate) fn side_at_door(
    conn: &Connection,
    session: i64,
    now: DateTime<Utc>,
) -> Result<Option<DoorSide>, StoreError> {
    let times: Option<(i64, [String; 4])> = conn
        .query_row(
            "SELECT case_id, harmed_arrives, harmed_leaves, other_arrives, other_leaves
             FROM restorative_meetings WHERE session_id = ?1",
            [session],
            |r| Ok((r.get(0)?, [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])),
        )
        .optional()?;
    let Some((case, t)) = times else {
        return Ok(None);
    };
    let harmed = SideTimes {
        arrives: parse_ts(&t[0])?,
        leaves: parse_ts(&t[1])?,
    };
    let other = SideTimes {
        arrives: parse_ts(&t[2])?,
        leaves: parse_ts(&t[3])?,
    };
    let harmed_now = harmed_side_at_door(&harmed, &other, now);
    let children = conn
        .prepare(
            "SELECT child_id FROM restorative_parties
             WHERE case_id = ?1 AND child_id IS NOT NULL AND side = ?2 ORDER BY child_id",
        )?
        .query_map(
            params![case, if harmed_now { "harmed" } else { "other" }],
            |r| Ok(ChildId(r.get(0)?)),
        )?
        .collect::<Result<_, _>>()?;
    Ok(Some(DoorSide {
        children,
        arrives: if harmed_now {
            harmed.arrives
        } else {
            other.arrives
        },
    }))
}

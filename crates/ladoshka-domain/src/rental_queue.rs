//! Who gets the next item of a kind: families waiting for a kind that is all lent out are
//! served first come, first served, and a family never holds two items of the same kind.

use chrono::{DateTime, Utc};

use super::rental::RentalKind;
use super::FamilyId;

/// A family waiting for a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub id: i64,
    pub family: FamilyId,
    pub kind: RentalKind,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueRefusal {
    #[error("this family already has a {0} on loan: a family holds one item of a kind")]
    AlreadyHolds(RentalKind),
    #[error("this family is already waiting for a {0}")]
    AlreadyWaiting(RentalKind),
    #[error("another family has waited longer for a {kind} (since {since}): lend it to them first, or take them out of the queue")]
    NotTheirTurn {
        kind: RentalKind,
        since: DateTime<Utc>,
        first: FamilyId,
    },
}

/// The queue for `kind`, in order: the earliest first (ties by the order written).
pub fn line(queue: &[Waiting], kind: RentalKind) -> Vec<&Waiting> {
    let mut v: Vec<&Waiting> = queue.iter().filter(|w| w.kind == kind).collect();
    v.sort_by_key(|w| (w.since, w.id));
    v
}

/// Whether `family` may join the queue for `kind`, given the kinds it holds now.
pub fn may_wait(
    family: FamilyId,
    kind: RentalKind,
    holds: &[RentalKind],
    queue: &[Waiting],
) -> Result<(), QueueRefusal> {
    if holds.contains(&kind) {
        return Err(QueueRefusal::AlreadyHolds(kind));
    }
    if queue.iter().any(|w| w.family == family && w.kind == kind) {
        return Err(QueueRefusal::AlreadyWaiting(kind));
    }
    Ok(())
}

/// Whether an item of `kind` may be lent to `family`: not a second of a kind, and not past a
/// family that has waited longer.
pub fn may_lend(
    family: FamilyId,
    kind: RentalKind,
    holds: &[RentalKind],
    queue: &[Waiting],
) -> Result<(), QueueRefusal> {
    if holds.contains(&kind) {
        return Err(QueueRefusal::AlreadyHolds(kind));
    }
    match line(queue, kind).first() {
        Some(first) if first.family != family => Err(QueueRefusal::NotTheirTurn {
            kind,
            since: first.since,
            first: first.family,
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, 0, 0).unwrap()
    }

    fn w(id: i64, family: i64, kind: RentalKind, h: u32) -> Waiting {
        Waiting {
            id,
            family: FamilyId(family),
            kind,
            since: at(h),
        }
    }

    #[test]
    fn the_queue_is_first_come_first_served_per_kind() {
        let q = [
            w(1, 10, RentalKind::WALKER, 12),
            w(2, 11, RentalKind::WALKER, 9),
            w(3, 12, RentalKind::PLAYPEN, 8),
            w(4, 13, RentalKind::WALKER, 9),
        ];
        let order: Vec<i64> = line(&q, RentalKind::WALKER)
            .iter()
            .map(|x| x.family.0)
            .collect();
        assert_eq!(
            order,
            vec![11, 13, 10],
            "earliest first; a tie keeps the order written"
        );
        assert!(line(&q, RentalKind::FEEDING_CHAIR).is_empty());
    }

    #[test]
    fn the_first_in_line_gets_the_item() {
        let q = [
            w(1, 10, RentalKind::WALKER, 12),
            w(2, 11, RentalKind::WALKER, 9),
        ];
        assert_eq!(may_lend(FamilyId(11), RentalKind::WALKER, &[], &q), Ok(()));
        assert_eq!(
            may_lend(FamilyId(10), RentalKind::WALKER, &[], &q),
            Err(QueueRefusal::NotTheirTurn {
                kind: RentalKind::WALKER,
                since: at(9),
                first: FamilyId(11)
            })
        );
        // No queue for the kind: anyone eligible may borrow.
        assert_eq!(may_lend(FamilyId(10), RentalKind::PLAYPEN, &[], &q), Ok(()));
    }

    #[test]
    fn never_two_of_a_kind() {
        let q = [w(1, 10, RentalKind::WALKER, 12)];
        assert_eq!(
            may_lend(
                FamilyId(20),
                RentalKind::PLAYPEN,
                &[RentalKind::PLAYPEN],
                &[]
            ),
            Err(QueueRefusal::AlreadyHolds(RentalKind::PLAYPEN))
        );
        assert_eq!(
            may_wait(
                FamilyId(20),
                RentalKind::PLAYPEN,
                &[RentalKind::PLAYPEN],
                &q
            ),
            Err(QueueRefusal::AlreadyHolds(RentalKind::PLAYPEN))
        );
        assert_eq!(
            may_wait(FamilyId(10), RentalKind::WALKER, &[], &q),
            Err(QueueRefusal::AlreadyWaiting(RentalKind::WALKER))
        );
        assert_eq!(
            may_wait(FamilyId(10), RentalKind::PLAYPEN, &[RentalKind::WALKER], &q),
            Ok(())
        );
    }
}

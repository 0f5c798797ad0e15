//! The rental report's facts read from the records: every item with its state now, and every
//! loan (`domain::rental_report` picks what falls in a period). Two queries, no filtering here,
//! so the rules stay in one place.

use chrono::NaiveDate;

use super::{Store, StoreError};
use crate::domain::rental_report::{ItemFacts, LoanFacts, RentalFacts};
use crate::domain::{FamilyId, ItemState, RentalKind};

fn day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date «{s}»: {e}")))
}

impl Store {
    /// Every rental item (kind, state now) and every loan (kind, family, dates, lost).
    pub fn rental_facts(&self) -> Result<RentalFacts, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, state FROM rental_items ORDER BY id")?;
        let items = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .map(|row| {
                let (kind, state) = row?;
                Ok(ItemFacts {
                    kind: RentalKind::from_key(&kind)?,
                    state: ItemState::from_key(&state)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let mut stmt = self.conn.prepare(
            "SELECT i.kind, l.family_id, l.started_on, l.due_on, l.returned_on, l.lost
             FROM rental_loans l JOIN rental_items i ON i.id = l.item_id ORDER BY l.id",
        )?;
        let loans = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            })?
            .map(|row| {
                let (kind, family, started, due, returned, lost) = row?;
                Ok(LoanFacts {
                    kind: RentalKind::from_key(&kind)?,
                    family: FamilyId(family),
                    started_on: day(&started)?,
                    due_on: day(&due)?,
                    returned_on: returned.as_deref().map(day).transpose()?,
                    lost,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(RentalFacts {
            kinds: self.rental_kinds()?.kinds().collect(),
            items,
            loans,
        })
    }
}

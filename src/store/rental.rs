//! The rental stock.

use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{ItemState, NewRentalItem, RentalKind};

impl Writer<'_> {
    pub fn insert_rental_item(&mut self, item: &NewRentalItem) -> Result<i64, StoreError> {
        let inserted = self.tx.execute(
            "INSERT INTO rental_items (kind, inventory_number, state) VALUES (?1, ?2, ?3)",
            params![item.kind.key(), item.inventory_number, item.state.key()],
        );
        if let Err(e) = &inserted {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                return Err(StoreError::Invalid(format!(
                    "inventory number {} is already in the catalogue: check the label",
                    item.inventory_number
                )));
            }
        }
        inserted?;
        let id = self.tx.last_insert_rowid();
        self.outbox("rental_item", id, Op::Insert, item)?;
        Ok(id)
    }
}

impl Store {
    pub fn rental_items(&self) -> Result<Vec<(i64, NewRentalItem)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, inventory_number, state FROM rental_items ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (id, kind, number, state) = row?;
            Ok((
                id,
                NewRentalItem {
                    kind: RentalKind::from_key(&kind)?,
                    inventory_number: number,
                    state: ItemState::from_key(&state)?,
                },
            ))
        })
        .collect()
    }
}

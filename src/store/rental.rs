//! The rental stock: adding items (with their condition notes), finding one by its inventory
//! number, and the centre's two lists this store lends by: the kinds of equipment and the
//! eligibility categories (`<data dir>/rental/*.toml`, else the shipped lists).

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::eligibility::Category;
use crate::domain::rental_kinds::RentalKinds;
use crate::domain::{ItemState, NewRentalItem, RentalKind};
use crate::platform::catalog;

/// What the outbox carries for a new item.
#[derive(Serialize)]
struct ItemRecord<'a> {
    #[serde(flatten)]
    item: &'a NewRentalItem,
    condition_notes: &'a str,
}

impl Writer<'_> {
    pub fn insert_rental_item(&mut self, item: &NewRentalItem) -> Result<i64, StoreError> {
        self.insert_rental_item_noting(item, "")
    }

    /// Adds `item` to the catalogue with notes on its condition (e.g. «small scratch on the
    /// frame»); refused when its inventory number is already there.
    pub fn insert_rental_item_noting(
        &mut self,
        item: &NewRentalItem,
        condition_notes: &str,
    ) -> Result<i64, StoreError> {
        let condition_notes = condition_notes.trim();
        let kinds = self.rental_kinds()?;
        if kinds.get(item.kind).is_none() {
            let known: Vec<&str> = kinds.specs().iter().map(|k| k.kind.key()).collect();
            return Err(StoreError::Invalid(format!(
                "«{}» is not one of the centre's kinds of equipment: use one of {}, or add it to the kinds file (`ladoshka rental kinds check`)",
                item.kind.key(),
                known.join(", ")
            )));
        }
        let inserted = self.tx.execute(
            "INSERT INTO rental_items (kind, inventory_number, state, condition_notes) VALUES (?1, ?2, ?3, ?4)",
            params![item.kind.key(), item.inventory_number, item.state.key(), condition_notes],
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
        self.outbox(
            "rental_item",
            id,
            Op::Insert,
            &ItemRecord {
                item,
                condition_notes,
            },
        )?;
        Ok(id)
    }

    /// The eligibility categories this store lends under (see [`Store::rental_categories`]).
    pub(crate) fn rental_categories(&self) -> Result<Vec<Category>, StoreError> {
        Ok(catalog::CATEGORIES.load(data_dir(self.tx.path()))?)
    }

    /// The kinds of equipment this store lends (see [`Store::rental_kinds`]).
    pub(crate) fn rental_kinds(&self) -> Result<RentalKinds, StoreError> {
        Ok(catalog::KINDS.load(data_dir(self.tx.path()))?)
    }
}

/// The data directory of the database at `db_path` (its folder); `None` in memory.
fn data_dir(db_path: Option<&str>) -> Option<&Path> {
    db_path
        .filter(|p| !p.is_empty())
        .and_then(|p| Path::new(p).parent())
}

impl Store {
    /// The eligibility categories this store lends under: the centre's
    /// `<data dir>/rental/categories.toml` when it exists, else the shipped list. Read afresh
    /// each time, so a centre's edit counts from the next loan.
    pub fn rental_categories(&self) -> Result<Vec<Category>, StoreError> {
        Ok(catalog::CATEGORIES.load(data_dir(self.conn.path()))?)
    }

    /// The kinds of equipment this store lends: the centre's `<data dir>/rental/kinds.toml`
    /// when it exists, else the shipped seven. Read afresh each time (a `stat` when unchanged),
    /// so a centre's new kind counts from the next item added.
    pub fn rental_kinds(&self) -> Result<RentalKinds, StoreError> {
        Ok(catalog::KINDS.load(data_dir(self.conn.path()))?)
    }

    /// The id, kind, state and condition notes of the item with `inventory_number` (compared as
    /// the catalogue writes it: trimmed, upper case).
    pub fn rental_item_by_number(
        &self,
        inventory_number: &str,
    ) -> Result<Option<(i64, RentalKind, ItemState, String)>, StoreError> {
        let number = inventory_number.trim().to_uppercase();
        let row: Option<(i64, String, String, String)> = self
            .conn
            .query_row(
                "SELECT id, kind, state, condition_notes FROM rental_items WHERE inventory_number = ?1",
                [number],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(id, kind, state, notes)| {
            Ok((
                id,
                RentalKind::from_key(&kind)?,
                ItemState::from_key(&state)?,
                notes,
            ))
        })
        .transpose()
    }

    /// The ids of the items that have a photo.
    pub fn rental_items_with_photos(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT item_id FROM rental_item_photos ORDER BY item_id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

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

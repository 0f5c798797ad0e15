//! The rental stock: adding items (with their condition notes), finding one by its inventory
//! number, and the centre's list of eligibility categories this store lends under.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::eligibility::{self, Category};
use crate::domain::{ItemState, NewRentalItem, RentalKind};

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
        categories_beside(self.tx.path())
    }
}

/// The centre's categories from `<data dir>/rental/categories.toml` when that file exists, else
/// the list shipped with Ladoshka. A centre's file that is broken is refused (with its line and
/// field), never half-read and never silently replaced by the shipped list. The file is parsed
/// again only when its modification time or size changed, so a loan costs a `stat`, not a parse.
fn load_rental_categories(data_dir: &Path) -> Result<Vec<Category>, StoreError> {
    type Parsed = (PathBuf, Option<SystemTime>, u64, Vec<Category>);
    static LAST: Mutex<Option<Parsed>> = Mutex::new(None);
    let file = data_dir.join(eligibility::CENTRE_FILE);
    let unreadable = |e: std::io::Error| {
        StoreError::Invalid(format!(
            "cannot read the centre's categories file {}: {e}: fix its permissions or remove it to use the shipped list",
            file.display()
        ))
    };
    let meta = match std::fs::metadata(&file) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(eligibility::default_categories())
        }
        Err(e) => return Err(unreadable(e)),
    };
    let stamp = (meta.modified().ok(), meta.len());
    let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((path, modified, len, categories)) = last.as_ref() {
        if *path == file && (*modified, *len) == stamp && stamp.0.is_some() {
            return Ok(categories.clone());
        }
    }
    let text = std::fs::read_to_string(&file).map_err(unreadable)?;
    let categories = eligibility::parse_categories(&file.display().to_string(), &text).map_err(|e| {
        StoreError::Invalid(format!(
            "the centre's categories file is broken: {e}. Fix it (check it with `ladoshka rental categories check {}`) or remove it to use the shipped list",
            file.display()
        ))
    })?;
    *last = Some((file, stamp.0, stamp.1, categories.clone()));
    Ok(categories)
}

/// The categories for the database file at `db_path` (its folder is the data directory); the
/// shipped list for a database with no file (in memory).
fn categories_beside(db_path: Option<&str>) -> Result<Vec<Category>, StoreError> {
    match db_path
        .filter(|p| !p.is_empty())
        .and_then(|p| Path::new(p).parent())
    {
        Some(dir) => load_rental_categories(dir),
        None => Ok(eligibility::default_categories()),
    }
}

impl Store {
    /// The eligibility categories this store lends under: the centre's
    /// `<data dir>/rental/categories.toml` when it exists, else the shipped list. Read afresh
    /// each time, so a centre's edit counts from the next loan.
    pub fn rental_categories(&self) -> Result<Vec<Category>, StoreError> {
        categories_beside(self.conn.path())
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

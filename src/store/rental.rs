//! The rental stock: adding items (with their condition notes), finding one by its inventory
//! number, and the centre's two lists this store lends by: the kinds of equipment and the
//! eligibility categories (`<data dir>/rental/*.toml`, else the shipped lists).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::eligibility::{self, Category};
use crate::domain::rental_kinds::{self, RentalKinds};
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
        beside(self.tx.path(), &CATEGORIES)
    }

    /// The kinds of equipment this store lends (see [`Store::rental_kinds`]).
    pub(crate) fn rental_kinds(&self) -> Result<RentalKinds, StoreError> {
        beside(self.tx.path(), &KINDS)
    }
}

/// A list as last read: its file, modification time, size, and what it said.
type LastRead<T> = (PathBuf, Option<SystemTime>, u64, T);

/// One of the centre's lists: where it lives in the data directory, what it is called in a
/// message, the shipped list, the parser, and the last one read.
struct CentreList<T: 'static> {
    file: &'static str,
    what: &'static str,
    command: &'static str,
    shipped: fn() -> T,
    parse: fn(&str, &str) -> Result<T, String>,
    last: &'static Mutex<Option<LastRead<T>>>,
}

static CATEGORIES: CentreList<Vec<Category>> = CentreList {
    file: eligibility::CENTRE_FILE,
    what: "categories",
    command: "ladoshka rental categories check",
    shipped: eligibility::default_categories,
    parse: |file, text| eligibility::parse_categories(file, text).map_err(|e| e.to_string()),
    last: &LAST_CATEGORIES,
};
static LAST_CATEGORIES: Mutex<Option<LastRead<Vec<Category>>>> = Mutex::new(None);

static KINDS: CentreList<RentalKinds> = CentreList {
    file: rental_kinds::CENTRE_FILE,
    what: "kinds",
    command: "ladoshka rental kinds check",
    shipped: rental_kinds::default_kinds,
    parse: |file, text| rental_kinds::parse_kinds(file, text).map_err(|e| e.to_string()),
    last: &LAST_KINDS,
};
static LAST_KINDS: Mutex<Option<LastRead<RentalKinds>>> = Mutex::new(None);

/// The centre's list from `<data dir>/<list.file>` when that file exists, else the list shipped
/// with Ladoshka. A centre's file that is broken is refused (with its line and field), never
/// half-read and never silently replaced by the shipped list. The file is parsed again only
/// when its modification time or size changed, so a loan costs a `stat`, not a parse.
fn load<T: Clone>(data_dir: &Path, list: &CentreList<T>) -> Result<T, StoreError> {
    let file = data_dir.join(list.file);
    let unreadable = |e: std::io::Error| {
        StoreError::Invalid(format!(
            "cannot read the centre's {} file {}: {e}: fix its permissions or remove it to use the shipped list",
            list.what,
            file.display()
        ))
    };
    let meta = match std::fs::metadata(&file) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((list.shipped)()),
        Err(e) => return Err(unreadable(e)),
    };
    let stamp = (meta.modified().ok(), meta.len());
    let mut last = list.last.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((path, modified, len, parsed)) = last.as_ref() {
        if *path == file && (*modified, *len) == stamp && stamp.0.is_some() {
            return Ok(parsed.clone());
        }
    }
    let text = std::fs::read_to_string(&file).map_err(unreadable)?;
    let parsed = (list.parse)(&file.display().to_string(), &text).map_err(|e| {
        StoreError::Invalid(format!(
            "the centre's {} file is broken: {e}. Fix it (check it with `{} {}`) or remove it to use the shipped list",
            list.what,
            list.command,
            file.display()
        ))
    })?;
    *last = Some((file, stamp.0, stamp.1, parsed.clone()));
    Ok(parsed)
}

/// The list for the database file at `db_path` (its folder is the data directory); the shipped
/// list for a database with no file (in memory).
fn beside<T: Clone>(db_path: Option<&str>, list: &CentreList<T>) -> Result<T, StoreError> {
    match db_path
        .filter(|p| !p.is_empty())
        .and_then(|p| Path::new(p).parent())
    {
        Some(dir) => load(dir, list),
        None => Ok((list.shipped)()),
    }
}

impl Store {
    /// The eligibility categories this store lends under: the centre's
    /// `<data dir>/rental/categories.toml` when it exists, else the shipped list. Read afresh
    /// each time, so a centre's edit counts from the next loan.
    pub fn rental_categories(&self) -> Result<Vec<Category>, StoreError> {
        beside(self.conn.path(), &CATEGORIES)
    }

    /// The kinds of equipment this store lends: the centre's `<data dir>/rental/kinds.toml`
    /// when it exists, else the shipped seven. Read afresh each time (a `stat` when unchanged),
    /// so a centre's new kind counts from the next item added.
    pub fn rental_kinds(&self) -> Result<RentalKinds, StoreError> {
        beside(self.conn.path(), &KINDS)
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

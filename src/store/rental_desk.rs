//! What the rental desk screen reads: an item found by its label (a USB scanner types the
//! label's inventory number into the focused field), its card with the open loan and its
//! history, the families it may go to, and the waiting lists.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};

use super::{parse_ts, Store, StoreError};
use crate::domain::eligibility::{self, CategoryCheck};
use crate::domain::rental::{label_code, label_readings};
use crate::domain::rental_item::{next_state, ItemEvent, ItemRefusal};
use crate::domain::rental_queue::{self, Waiting};
use crate::domain::Refusal;
use crate::domain::{FamilyId, ItemState, RentalKind};

/// One rental item as the desk shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemCard {
    pub id: i64,
    pub inventory_number: String,
    pub kind: RentalKind,
    pub state: ItemState,
    pub condition_notes: String,
    pub loan: Option<OpenLoan>,
    /// The latest changes first, at most [`HISTORY_LINES`].
    pub history: Vec<ItemChange>,
    /// Why the item cannot be lent in its state (`None`: it can), by the item's state machine.
    pub lend_refusal: Option<ItemRefusal>,
    /// Why the item cannot be taken back in its state (`None`: it can).
    pub return_refusal: Option<ItemRefusal>,
}

impl ItemCard {
    /// The card of an item in `state`, with what its state allows worked out by the domain's
    /// state machine (the same `next_state` the writers apply).
    pub fn new(
        id: i64,
        inventory_number: String,
        kind: RentalKind,
        state: ItemState,
        condition_notes: String,
        loan: Option<OpenLoan>,
        history: Vec<ItemChange>,
    ) -> Self {
        ItemCard {
            id,
            inventory_number,
            kind,
            state,
            condition_notes,
            loan,
            history,
            lend_refusal: next_state(state, ItemEvent::Lend).err(),
            return_refusal: next_state(state, ItemEvent::Return).err(),
        }
    }
}

/// How many changes of an item the card lists.
pub const HISTORY_LINES: usize = 8;

/// The loan an item is out on.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenLoan {
    pub loan: i64,
    pub family: FamilyId,
    pub surname: String,
    pub parent_name: String,
    pub phone: Option<String>,
    pub started_on: NaiveDate,
    pub due_on: NaiveDate,
    pub renewals: u32,
}

/// One change of an item: what happened, when, by whom (short name), with the note.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemChange {
    pub event: String,
    pub to_state: String,
    pub at: DateTime<Utc>,
    pub by: String,
    pub note: String,
}

/// A family the desk may lend to, with what decides whether it may borrow.
#[derive(Debug, Clone, PartialEq)]
pub struct LendCandidate {
    pub family: FamilyId,
    pub surname: String,
    pub parent_name: String,
    pub phone: Option<String>,
    pub has_consent: bool,
    pub checks: Vec<CategoryCheck>,
    /// The kinds this family holds now.
    pub holds: Vec<RentalKind>,
}

/// A family at the desk with the store's answers for one kind of item: the category it would
/// borrow under (its key) or why not, for a loan and for the waiting list.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskCandidate {
    pub who: LendCandidate,
    pub lend: Result<String, Refusal>,
    pub wait: Result<String, Refusal>,
}

/// One line of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueLine {
    pub id: i64,
    pub inventory_number: String,
    pub kind: RentalKind,
    pub state: ItemState,
    pub condition_notes: String,
}

/// A family in a waiting list.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingFamily {
    pub family: FamilyId,
    pub surname: String,
    pub phone: Option<String>,
    pub since: DateTime<Utc>,
}

impl Store {
    /// The item whose label reads `scanned` (as typed, or as the same keys in the US layout),
    /// if the catalogue has it.
    pub fn item_by_label(&self, scanned: &str) -> Result<Option<i64>, StoreError> {
        let readings = label_readings(scanned);
        if readings.iter().all(String::is_empty) {
            return Ok(None);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, inventory_number FROM rental_items")?;
        let items = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in items {
            let (id, number) = row?;
            if readings.contains(&label_code(&number)) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// The card of `item`: state, condition, the open loan and the latest changes.
    pub fn item_card(&self, item: i64) -> Result<ItemCard, StoreError> {
        let row: Option<(String, String, String, String)> = self
            .conn
            .query_row("SELECT inventory_number, kind, state, condition_notes FROM rental_items WHERE id = ?1", [item], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (number, kind, state, condition) = row.ok_or(StoreError::NotFound {
            what: "rental item",
            id: item,
        })?;
        let loan = self
            .conn
            .query_row(
                "SELECT l.id, f.id, f.surname, f.parent_name, f.phone, l.started_on, l.due_on, l.renewals
                 FROM rental_loans l JOIN families f ON f.id = l.family_id
                 WHERE l.item_id = ?1 AND l.returned_on IS NULL AND l.lost = 0",
                [item],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, u32>(7)?,
                    ))
                },
            )
            .optional()?
            .map(|(loan, family, surname, parent_name, phone, started, due, renewals)| {
                Ok::<_, StoreError>(OpenLoan {
                    loan,
                    family: FamilyId(family),
                    surname,
                    parent_name,
                    phone,
                    started_on: day(&started)?,
                    due_on: day(&due)?,
                    renewals,
                })
            })
            .transpose()?;
        let mut stmt = self.conn.prepare(
            "SELECT e.event, e.to_state, e.at, COALESCE(s.last_name || ' ' || substr(s.first_name, 1, 1) || '.', ''), e.note
             FROM rental_item_events e LEFT JOIN staff s ON s.id = e.staff_id
             WHERE e.item_id = ?1 ORDER BY e.at DESC, e.id DESC LIMIT ?2",
        )?;
        let history = stmt
            .query_map(params![item, HISTORY_LINES as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(event, to_state, at, by, note)| {
                Ok(ItemChange {
                    event,
                    to_state,
                    at: parse_ts(&at)?,
                    by,
                    note,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ItemCard::new(
            item,
            number,
            RentalKind::from_key(&kind)?,
            ItemState::from_key(&state)?,
            condition,
            loan,
            history,
        ))
    }

    /// Every family, with its consent, its category checks and the kinds it holds: the desk
    /// decides with the domain's rules which of them may borrow.
    pub fn lend_candidates(&self) -> Result<Vec<LendCandidate>, StoreError> {
        use std::collections::{HashMap, HashSet};
        // Four reads in all, whatever the number of families: the open loans through their
        // partial index, not every family's past loans.
        let families = self.families()?;
        let consented: HashSet<i64> = self
            .conn
            .prepare("SELECT DISTINCT family_id FROM consents WHERE withdrawn_at IS NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut checks: HashMap<i64, Vec<CategoryCheck>> = HashMap::new();
        let rows = self
            .conn
            .prepare("SELECT family_id, category, documents_seen, checked_on FROM family_category_checks ORDER BY checked_on DESC, id DESC")?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        for (family, category, docs, on) in rows {
            checks.entry(family).or_default().push(CategoryCheck {
                category,
                documents_seen: serde_json::from_str(&docs).unwrap_or_default(),
                checked_on: day(&on)?,
            });
        }
        let mut holds: HashMap<i64, Vec<RentalKind>> = HashMap::new();
        let rows = self
            .conn
            .prepare(
                "SELECT l.family_id, i.kind FROM rental_loans l JOIN rental_items i ON i.id = l.item_id
                 WHERE l.returned_on IS NULL AND l.lost = 0",
            )?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        for (family, kind) in rows {
            let kind = RentalKind::from_key(&kind)?;
            let held = holds.entry(family).or_default();
            if !held.contains(&kind) {
                held.push(kind);
            }
        }
        Ok(families
            .into_iter()
            .map(|f| LendCandidate {
                family: f.id,
                surname: f.details.surname,
                parent_name: f.details.parent_name,
                phone: f.details.phone.map(|p| p.display()),
                has_consent: consented.contains(&f.id.0),
                checks: checks.remove(&f.id.0).unwrap_or_default(),
                holds: holds.remove(&f.id.0).unwrap_or_default(),
            })
            .collect())
    }

    /// Every family with the store's answer, before the desk asks, to lending it an item of
    /// `kind` on `today` and to putting it on the waiting list for one: the category it would
    /// borrow under, or the refusal. The rules are `Writer::lend`'s and `Writer::join_queue`'s
    /// (eligibility with the centre's categories, "one item of a kind", the queue's order), so
    /// the desk never runs them itself.
    pub fn desk_candidates(
        &self,
        kind: RentalKind,
        today: NaiveDate,
    ) -> Result<Vec<DeskCandidate>, StoreError> {
        let categories = self.rental_categories()?;
        let queue: Vec<Waiting> = self
            .waiting_list(kind)?
            .into_iter()
            .enumerate()
            .map(|(i, w)| Waiting {
                id: i as i64,
                family: w.family,
                kind,
                since: w.since,
            })
            .collect();
        Ok(self
            .lend_candidates()?
            .into_iter()
            .map(|c| {
                let category = eligibility::eligible(c.has_consent, &c.checks, &categories, today)
                    .map_err(Refusal::from);
                let lend = category.clone().and_then(|key| {
                    rental_queue::may_lend(c.family, kind, &c.holds, &queue)
                        .map(|()| key)
                        .map_err(Refusal::from)
                });
                let wait = category.and_then(|key| {
                    rental_queue::may_wait(c.family, kind, &c.holds, &queue)
                        .map(|()| key)
                        .map_err(Refusal::from)
                });
                DeskCandidate { who: c, lend, wait }
            })
            .collect())
    }

    /// The families waiting for `kind`, first in line first, with the phone to call.
    pub fn waiting_list(&self, kind: RentalKind) -> Result<Vec<WaitingFamily>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT q.family_id, f.surname, f.phone, q.since FROM rental_queue q JOIN families f ON f.id = q.family_id
             WHERE q.kind = ?1 AND q.served_at IS NULL AND q.left_at IS NULL ORDER BY q.since, q.id",
        )?;
        let rows = stmt
            .query_map([kind.key()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(family, surname, phone, since)| {
                Ok(WaitingFamily {
                    family: FamilyId(family),
                    surname,
                    phone: phone
                        .map(|p| crate::domain::PhoneNumber::parse(&p).map_or(p, |n| n.display())),
                    since: parse_ts(&since)?,
                })
            })
            .collect()
    }

    /// Every item, by kind and number.
    pub fn catalogue(&self) -> Result<Vec<CatalogueLine>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id, inventory_number, kind, state, condition_notes FROM rental_items ORDER BY kind, inventory_number")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, number, kind, state, condition)| {
                Ok(CatalogueLine {
                    id,
                    inventory_number: number,
                    kind: RentalKind::from_key(&kind)?,
                    state: ItemState::from_key(&state)?,
                    condition_notes: condition,
                })
            })
            .collect()
    }

    /// How many items of each kind are in each state (kinds with no items are left out).
    pub fn stock_by_kind(&self) -> Result<Vec<(RentalKind, ItemState, usize)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT kind, state, count(*) FROM rental_items GROUP BY kind, state ORDER BY kind, state")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(k, s, n)| {
                Ok((
                    RentalKind::from_key(&k)?,
                    ItemState::from_key(&s)?,
                    n as usize,
                ))
            })
            .collect()
    }
}

fn day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date «{s}»: {e}")))
}

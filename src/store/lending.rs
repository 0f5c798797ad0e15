//! Lending in the store: each change of an item (with who and when), loans under a free-use
//! contract, returns, renewals, eligibility checks and the queue. Every change is one
//! transaction with its outbox rows, and bad input is refused before anything is written.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::eligibility::{self, CategoryCheck};
use crate::domain::loan::{self, LoanStanding};
use crate::domain::rental_item::{next_state, ItemEvent};
use crate::domain::rental_queue::{self, Waiting};
use crate::domain::{FamilyId, ItemState, Refusal, RentalKind, StaffId};

/// An open loan of an item: its id, the family, the start and due dates, and the renewals.
type OpenLoan = (i64, FamilyId, NaiveDate, NaiveDate, u32);
/// One event of an item's history: event, from state, to state, when, note (as stored).
pub type ItemHistoryRow = (String, String, String, String, String);

/// An open loan, as the staff home lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoanLine {
    pub loan: i64,
    pub item: i64,
    pub inventory_number: String,
    pub kind: RentalKind,
    pub family: FamilyId,
    pub surname: String,
    pub phone: Option<String>,
    pub due_on: NaiveDate,
    pub standing: LoanStanding,
}

#[derive(Serialize)]
struct ItemChange<'a> {
    item: i64,
    event: &'a str,
    from: &'a str,
    to: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct LoanRecord<'a> {
    item: i64,
    family: FamilyId,
    category: &'a str,
    started_on: NaiveDate,
    due_on: NaiveDate,
    renewals: u32,
    contract_sha256: &'a str,
    returned_on: Option<NaiveDate>,
    lost: bool,
}

fn event_key(e: ItemEvent) -> &'static str {
    match e {
        ItemEvent::Lend => "lend",
        ItemEvent::Return => "return",
        ItemEvent::ReturnDamaged => "return_damaged",
        ItemEvent::StartCleaning => "start_cleaning",
        ItemEvent::FinishCleaning => "finish_cleaning",
        ItemEvent::SendToRepair => "send_to_repair",
        ItemEvent::Repaired => "repaired",
        ItemEvent::ReportLost => "report_lost",
        ItemEvent::Found => "found",
        ItemEvent::WriteOff => "write_off",
    }
}

fn day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date «{s}»: {e}")))
}

impl Writer<'_> {
    fn item_state(&self, item: i64) -> Result<(ItemState, RentalKind, String), StoreError> {
        let row: Option<(String, String, String)> = self
            .tx
            .query_row(
                "SELECT state, kind, inventory_number FROM rental_items WHERE id = ?1",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (state, kind, number) = row.ok_or_else(|| {
            StoreError::Invalid(format!("there is no rental item {item}: check the label"))
        })?;
        Ok((
            ItemState::from_key(&state)?,
            RentalKind::from_key(&kind)?,
            number,
        ))
    }

    /// Applies `event` to `item` (who and when recorded), or refuses it and changes nothing.
    pub fn item_event(
        &mut self,
        item: i64,
        event: ItemEvent,
        note: &str,
        by: StaffId,
    ) -> Result<ItemState, StoreError> {
        let (from, _, number) = self.item_state(item)?;
        let to = next_state(from, event).map_err(|why| Refusal::Item {
            number: number.clone(),
            why,
        })?;
        self.tx.execute(
            "UPDATE rental_items SET state = ?2 WHERE id = ?1",
            params![item, to.key()],
        )?;
        self.tx.execute(
            "INSERT INTO rental_item_events (item_id, event, from_state, to_state, at, staff_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![item, event_key(event), from.key(), to.key(), super::ts(self.now), by.0, note],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox(
            "rental_item_event",
            id,
            Op::Insert,
            &ItemChange {
                item,
                event: event_key(event),
                from: from.key(),
                to: to.key(),
                note,
            },
        )?;
        Ok(to)
    }

    /// Records that staff saw a family's documents for a category (one of the centre's, see
    /// [`Store::rental_categories`]).
    pub fn record_category_check(
        &mut self,
        family: FamilyId,
        check: &CategoryCheck,
        by: StaffId,
    ) -> Result<i64, StoreError> {
        if !self
            .rental_categories()?
            .iter()
            .any(|c| c.key == check.category)
        {
            return Err(StoreError::Invalid(format!(
                "«{}» is not one of the centre's categories",
                check.category
            )));
        }
        let docs = serde_json::to_string(&check.documents_seen)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.tx.execute(
            "INSERT INTO family_category_checks (family_id, category, documents_seen, checked_on, checked_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![family.0, check.category, docs, check.checked_on.to_string(), by.0],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox("family_category_check", id, Op::Insert, &serde_json::json!({ "family": family, "category": check.category, "documents_seen": check.documents_seen, "checked_on": check.checked_on }))?;
        Ok(id)
    }

    fn kinds_held(&self, family: FamilyId) -> Result<Vec<RentalKind>, StoreError> {
        let mut stmt = self.tx.prepare(
            "SELECT i.kind FROM rental_loans l JOIN rental_items i ON i.id = l.item_id WHERE l.family_id = ?1 AND l.returned_on IS NULL AND l.lost = 0",
        )?;
        let kinds = stmt
            .query_map([family.0], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        kinds.iter().map(|k| Ok(RentalKind::from_key(k)?)).collect()
    }

    fn waiting(&self) -> Result<Vec<Waiting>, StoreError> {
        let mut stmt = self.tx.prepare("SELECT id, family_id, kind, since FROM rental_queue WHERE served_at IS NULL AND left_at IS NULL")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, f, k, s)| {
                Ok(Waiting {
                    id,
                    family: FamilyId(f),
                    kind: RentalKind::from_key(&k)?,
                    since: super::parse_ts(&s)?,
                })
            })
            .collect()
    }

    /// The category `family` may borrow under on `today` (consent, a category of the centre's,
    /// every document seen, recently enough), or why not.
    fn eligible_category(&self, family: FamilyId, today: NaiveDate) -> Result<String, StoreError> {
        let consent: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM consents WHERE family_id = ?1 AND withdrawn_at IS NULL)",
            [family.0],
            |r| r.get(0),
        )?;
        let mut stmt = self.tx.prepare("SELECT category, documents_seen, checked_on FROM family_category_checks WHERE family_id = ?1 ORDER BY checked_on DESC, id DESC")?;
        let checks = stmt
            .query_map([family.0], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(category, docs, on)| {
                Ok(CategoryCheck {
                    category,
                    documents_seen: serde_json::from_str(&docs).unwrap_or_default(),
                    checked_on: day(&on)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        drop(stmt);
        let categories = self.rental_categories()?;
        Ok(eligibility::eligible(consent, &checks, &categories, today).map_err(Refusal::from)?)
    }

    /// Puts `family` in the queue for `kind`.
    /// Only a family that may borrow waits: consent and a valid category, as for a loan.
    pub fn join_queue(&mut self, family: FamilyId, kind: RentalKind) -> Result<i64, StoreError> {
        self.eligible_category(family, self.now.date_naive())?;
        let holds = self.kinds_held(family)?;
        rental_queue::may_wait(family, kind, &holds, &self.waiting()?).map_err(Refusal::from)?;
        self.tx.execute(
            "INSERT INTO rental_queue (family_id, kind, since) VALUES (?1, ?2, ?3)",
            params![family.0, kind.key(), super::ts(self.now)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox(
            "rental_queue",
            id,
            Op::Insert,
            &serde_json::json!({ "family": family, "kind": kind.key() }),
        )?;
        Ok(id)
    }

    /// Takes `family` off the waiting list for `kind` (they no longer need it, or cannot be
    /// reached), so the next family's turn comes.
    pub fn leave_queue(&mut self, family: FamilyId, kind: RentalKind) -> Result<(), StoreError> {
        let changed = self.tx.execute(
            "UPDATE rental_queue SET left_at = ?3 WHERE family_id = ?1 AND kind = ?2 AND served_at IS NULL AND left_at IS NULL",
            params![family.0, kind.key(), super::ts(self.now)],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "this family is not waiting for a {}",
                kind.key()
            )));
        }
        let id: i64 = self.tx.query_row(
            "SELECT id FROM rental_queue WHERE family_id = ?1 AND kind = ?2 ORDER BY left_at DESC, id DESC LIMIT 1",
            params![family.0, kind.key()],
            |r| r.get(0),
        )?;
        self.outbox(
            "rental_queue",
            id,
            Op::Update,
            &serde_json::json!({ "left": true }),
        )?;
        Ok(())
    }

    /// Lends `item` to `family` for `months` from `today`, with the contract text the parent
    /// signed and their signature. Refused (nothing written) when the item is not available or
    /// not cleaned, the family has no consent or no valid category, already holds this kind, or
    /// another family has waited longer for it. Eligibility is judged by the centre's categories
    /// ([`Store::rental_categories`]: its `<data dir>/rental/categories.toml`, else the shipped
    /// list); a broken centre file refuses the loan with the file's line and field.
    #[allow(clippy::too_many_arguments)]
    pub fn lend(
        &mut self,
        item: i64,
        family: FamilyId,
        months: u32,
        today: NaiveDate,
        contract: &str,
        signature_png: &[u8],
        by: StaffId,
    ) -> Result<i64, StoreError> {
        let (state, kind, number) = self.item_state(item)?;
        next_state(state, ItemEvent::Lend).map_err(|why| Refusal::Item {
            number: number.clone(),
            why,
        })?;
        let category = self.eligible_category(family, today)?;
        let holds = self.kinds_held(family)?;
        let queue = self.waiting()?;
        rental_queue::may_lend(family, kind, &holds, &queue).map_err(Refusal::from)?;
        let due = loan::due_date(today, months, today).map_err(Refusal::from)?;
        if contract.trim().is_empty() || signature_png.is_empty() {
            return Err(Refusal::ContractNotSigned.into());
        }
        let sha = hex::encode(ring::digest::digest(
            &ring::digest::SHA256,
            contract.as_bytes(),
        ));
        self.item_event(item, ItemEvent::Lend, "", by)?;
        self.tx.execute(
            "INSERT INTO rental_loans (item_id, family_id, category, started_on, due_on, contract_text, contract_sha256, signature_png, lent_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![item, family.0, category, today.to_string(), due.to_string(), contract, sha, signature_png, by.0],
        )?;
        let id = self.tx.last_insert_rowid();
        // The family's place in the queue for this kind is served.
        if let Some(w) = queue.iter().find(|w| w.family == family && w.kind == kind) {
            self.tx.execute(
                "UPDATE rental_queue SET served_at = ?2 WHERE id = ?1",
                params![w.id, super::ts(self.now)],
            )?;
            self.outbox(
                "rental_queue",
                w.id,
                Op::Update,
                &serde_json::json!({ "served": true, "loan": id }),
            )?;
        }
        self.outbox(
            "rental_loan",
            id,
            Op::Insert,
            &LoanRecord {
                item,
                family,
                category: &category,
                started_on: today,
                due_on: due,
                renewals: 0,
                contract_sha256: &sha,
                returned_on: None,
                lost: false,
            },
        )?;
        Ok(id)
    }

    fn open_loan(&self, item: i64) -> Result<Option<OpenLoan>, StoreError> {
        let row: Option<(i64, i64, String, String, u32)> = self
            .tx
            .query_row(
                "SELECT id, family_id, started_on, due_on, renewals FROM rental_loans WHERE item_id = ?1 AND returned_on IS NULL AND lost = 0",
                [item],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        row.map(|(id, f, s, d, n)| Ok((id, FamilyId(f), day(&s)?, day(&d)?, n)))
            .transpose()
    }

    /// Takes `item` back on `today` (to cleaning, or to repair when `damaged`), noting its condition.
    pub fn return_item(
        &mut self,
        item: i64,
        damaged: bool,
        condition: &str,
        today: NaiveDate,
        by: StaffId,
    ) -> Result<(), StoreError> {
        let (state, _, number) = self.item_state(item)?;
        let event = if damaged {
            ItemEvent::ReturnDamaged
        } else {
            ItemEvent::Return
        };
        next_state(state, event).map_err(|why| Refusal::Item {
            number: number.clone(),
            why,
        })?;
        let (loan, family, started, due, renewals) = self
            .open_loan(item)?
            .ok_or_else(|| StoreError::Invalid(format!("{number} has no open loan")))?;
        self.item_event(item, event, condition, by)?;
        self.tx.execute(
            "UPDATE rental_loans SET returned_on = ?2, returned_by = ?3, return_condition = ?4 WHERE id = ?1",
            params![loan, today.to_string(), by.0, condition],
        )?;
        // An empty note keeps what was known of the item's condition.
        if !condition.trim().is_empty() {
            self.tx.execute(
                "UPDATE rental_items SET condition_notes = ?2 WHERE id = ?1",
                params![item, condition],
            )?;
        }
        self.outbox(
            "rental_loan",
            loan,
            Op::Update,
            &LoanRecord {
                item,
                family,
                category: "",
                started_on: started,
                due_on: due,
                renewals,
                contract_sha256: "",
                returned_on: Some(today),
                lost: false,
            },
        )?;
        Ok(())
    }

    /// Renews the open loan of `item` by `months`; returns the new due date.
    pub fn renew_loan(
        &mut self,
        item: i64,
        months: u32,
        today: NaiveDate,
    ) -> Result<NaiveDate, StoreError> {
        let (_, kind, number) = self.item_state(item)?;
        let (loan, family, started, due, renewals) = self
            .open_loan(item)?
            .ok_or_else(|| StoreError::Invalid(format!("{number} is not on loan")))?;
        // The contract renews only while no other family waits for the kind.
        if self.waiting()?.iter().any(|w| w.kind == kind) {
            return Err(Refusal::OthersWaiting {
                number,
                kind: kind.key().to_owned(),
            }
            .into());
        }
        let new_due = loan::renew(started, due, renewals, months, today).map_err(Refusal::from)?;
        self.tx.execute(
            "UPDATE rental_loans SET due_on = ?2, renewals = renewals + 1 WHERE id = ?1",
            params![loan, new_due.to_string()],
        )?;
        self.outbox(
            "rental_loan",
            loan,
            Op::Update,
            &LoanRecord {
                item,
                family,
                category: "",
                started_on: started,
                due_on: new_due,
                renewals: renewals + 1,
                contract_sha256: "",
                returned_on: None,
                lost: false,
            },
        )?;
        Ok(new_due)
    }

    /// The family reports the item lost: the loan ends, the item is lost until found.
    pub fn report_lost(&mut self, item: i64, note: &str, by: StaffId) -> Result<(), StoreError> {
        let (_, _, number) = self.item_state(item)?;
        let (loan, family, started, due, renewals) = self
            .open_loan(item)?
            .ok_or_else(|| StoreError::Invalid(format!("{number} is not on loan")))?;
        self.item_event(item, ItemEvent::ReportLost, note, by)?;
        self.tx
            .execute("UPDATE rental_loans SET lost = 1 WHERE id = ?1", [loan])?;
        self.outbox(
            "rental_loan",
            loan,
            Op::Update,
            &LoanRecord {
                item,
                family,
                category: "",
                started_on: started,
                due_on: due,
                renewals,
                contract_sha256: "",
                returned_on: None,
                lost: true,
            },
        )?;
        Ok(())
    }
}

impl Store {
    /// Open loans that are overdue or due soon on `today`, the most overdue first, with the
    /// family's phone to call.
    pub fn loans_to_chase(&self, today: NaiveDate) -> Result<Vec<LoanLine>, StoreError> {
        let horizon = today + chrono::Duration::days(loan::DUE_SOON_DAYS);
        let mut stmt = self.conn.prepare(
            "SELECT l.id, i.id, i.inventory_number, i.kind, f.id, f.surname, f.phone, l.due_on
             FROM rental_loans l JOIN rental_items i ON i.id = l.item_id JOIN families f ON f.id = l.family_id
             WHERE l.returned_on IS NULL AND l.lost = 0 AND l.due_on <= ?1 ORDER BY l.due_on, l.id",
        )?;
        let rows = stmt
            .query_map([horizon.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(loan, item, number, kind, family, surname, phone, due)| {
                let due_on = day(&due)?;
                Ok(LoanLine {
                    loan,
                    item,
                    inventory_number: number,
                    kind: RentalKind::from_key(&kind)?,
                    family: FamilyId(family),
                    surname,
                    phone,
                    due_on,
                    standing: loan::standing(due_on, today),
                })
            })
            .collect()
    }

    /// The families waiting for `kind`, first in line first.
    pub fn queue_for(
        &self,
        kind: RentalKind,
    ) -> Result<Vec<(FamilyId, chrono::DateTime<chrono::Utc>)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT family_id, since FROM rental_queue WHERE kind = ?1 AND served_at IS NULL AND left_at IS NULL ORDER BY since, id")?;
        let rows = stmt
            .query_map([kind.key()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(f, s)| Ok((FamilyId(f), super::parse_ts(&s)?)))
            .collect()
    }

    /// What happened to `item`, oldest first: (event, from, to, when, note).
    pub fn item_history(&self, item: i64) -> Result<Vec<ItemHistoryRow>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT event, from_state, to_state, at, note FROM rental_item_events WHERE item_id = ?1 ORDER BY at, id")?;
        let rows = stmt
            .query_map([item], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

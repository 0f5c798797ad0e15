//! Erasing a family or a child (152-ФЗ, art. 21): everything of theirs — the family and child
//! rows, consents and signatures, picture codes, check-ins, diagnostics with their drawings,
//! help routes, the notes of sessions only they attended, loans with their contracts and
//! signatures, category checks, queue places — is deleted in one transaction, and every outbox
//! row that carried any of it is redacted to its entity id. An erasure record (ids and a date,
//! no name) goes out through the outbox, so the centre erases its copy when it imports it.
//!
//! After the transaction the database is vacuumed and its write-ahead log checkpointed and
//! truncated; with `secure_delete` on (see `connection.rs`) no page keeps the erased bytes.
//! Bundles already sealed for the centre stay as they are: they are encrypted to the centre's
//! key, the kiosk cannot read them, and the centre erases their rows on import.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{AuditEvent, ChildId, FamilyId, Refusal, StaffId};

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    /// The erasure record's id (kept; holds ids and a date only).
    pub erasure: i64,
    pub family: FamilyId,
    pub children: Vec<ChildId>,
    /// Whether the family's own rows went too (the last child, or the whole family, erased).
    pub whole_family: bool,
    pub rows_deleted: usize,
    pub outbox_rows_redacted: usize,
    /// Whether the write-ahead log was checkpointed whole and truncated afterwards.
    pub log_truncated: bool,
}

/// The erasure as the centre receives it: which rows of this device's it must delete.
#[derive(Serialize)]
struct ErasureRecord<'a> {
    family: FamilyId,
    children: &'a [ChildId],
    whole_family: bool,
    /// Outbox entity → the ids whose rows are erased.
    entities: &'a BTreeMap<&'static str, Vec<i64>>,
    /// The centre's erasure order this answers, so the centre can mark it carried out.
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<u64>,
}

/// Who erased: a colleague on this kiosk, or the centre by an erasure order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErasedBy {
    Staff(StaffId),
    Order(u64),
}

/// What became of one of the centre's erasure orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderOutcome {
    /// Carried out now (`rows_deleted` 0 when the kiosk no longer held the family).
    CarriedOut(Erased),
    /// Carried out by an earlier package: nothing was done again.
    AlreadyDone,
    /// Not carried out: the family still holds these items, which would be lost track of. The
    /// order stays open at the centre and comes again with the next package.
    Waiting { holds: Vec<String> },
}

/// The ids of everything an erasure deletes, by the outbox entity that carried them.
#[derive(Default)]
struct Doomed {
    entities: BTreeMap<&'static str, Vec<i64>>,
}

impl Doomed {
    fn add(
        &mut self,
        tx: &Transaction<'_>,
        entities: &[&'static str],
        sql: &str,
        arg: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut stmt = tx.prepare(sql)?;
        let ids = stmt
            .query_map([arg], |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        for entity in entities {
            self.entities.entry(entity).or_default().extend(&ids);
        }
        Ok(ids)
    }
}

impl Store {
    /// Erases `family` whole: every child of it and the family's own rows.
    pub fn erase_family(&mut self, family: FamilyId, by: StaffId) -> Result<Erased, StoreError> {
        let erased = self.write(|w| w.erase(family, None, ErasedBy::Staff(by)))?;
        self.finish_erasure(erased)
    }

    /// Erases one child; the family goes too when it has no other child left.
    pub fn erase_child(&mut self, child: ChildId, by: StaffId) -> Result<Erased, StoreError> {
        let family = self.child(child)?.details.family;
        let erased = self.write(|w| w.erase(family, Some(child), ErasedBy::Staff(by)))?;
        self.finish_erasure(erased)
    }

    /// VACUUM rewrites the file without the freed pages; the checkpoint moves it out of the
    /// write-ahead log and truncates the log.
    pub(crate) fn finish_erasure(&mut self, mut erased: Erased) -> Result<Erased, StoreError> {
        self.conn.execute_batch("VACUUM;")?;
        erased.log_truncated = self.checkpoint()?;
        if !erased.log_truncated {
            tracing::warn!("the write-ahead log could not be truncated after an erasure (another reader): it is at the next checkpoint");
        }
        Ok(erased)
    }
}

impl Store {
    /// The centre's erasure orders that wait for a family to bring its items back, oldest
    /// first: `(order, family, enrolled_at)`.
    pub fn waiting_orders(&self) -> Result<Vec<(u64, FamilyId, Option<i64>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT order_no, family_id, enrolled_at FROM centre_erasure_orders
             WHERE erasure_id IS NULL ORDER BY order_no",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                FamilyId(r.get(1)?),
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (order, family, at) = row?;
            out.push((u64::try_from(order).unwrap_or(0), family, at));
        }
        Ok(out)
    }

    /// Moves everything in the write-ahead log into the database file and truncates the log;
    /// `false` when another connection's reader kept part of it (it goes at the next one).
    pub fn checkpoint(&self) -> Result<bool, StoreError> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }
}

impl Writer<'_> {
    /// Carries out the centre's erasure order `order` for `family` in this transaction, as a
    /// colleague's erasure of the whole family would be, attributed to the order. An order
    /// carried out before is not carried out again; a family this kiosk no longer holds is
    /// answered with an erasure of nothing, so the centre still learns the order was done.
    /// The caller vacuums afterwards ([`Store::finish_erasure`]).
    ///
    /// `enrolled_at` (Unix seconds), when the centre gives it, must be the family's enrolment:
    /// a family with another is a newer one that took the id of the ordered one after that was
    /// erased here, and it is left alone (the ordered family is held no more).
    pub fn erase_ordered(
        &mut self,
        family: FamilyId,
        order: u64,
        enrolled_at: Option<i64>,
    ) -> Result<OrderOutcome, StoreError> {
        let done: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM centre_erasure_orders
                            WHERE order_no = ?1 AND erasure_id IS NOT NULL)",
            [order_sql(order)],
            |r| r.get(0),
        )?;
        if done {
            return Ok(OrderOutcome::AlreadyDone);
        }
        let created: Option<String> = self
            .tx
            .query_row(
                "SELECT created_at FROM families WHERE id = ?1",
                [family.0],
                |r| r.get(0),
            )
            .optional()?;
        let another = match (created, enrolled_at) {
            (Some(created), Some(at)) => super::parse_ts(&created)?.timestamp() != at,
            _ => false,
        };
        let attempt = if another {
            Err(StoreError::NotFound {
                what: "family",
                id: family.0,
            })
        } else {
            self.erase(family, None, ErasedBy::Order(order))
        };
        let erased = match attempt {
            Ok(erased) => erased,
            Err(StoreError::NotFound { what: "family", .. }) => self.record_erasure(
                family,
                Vec::new(),
                true,
                0,
                0,
                &Doomed::default(),
                ErasedBy::Order(order),
            )?,
            // Refused before anything was deleted: nothing of this transaction is undone. The
            // order is kept, to be tried again at the next sync ([`Store::waiting_orders`]).
            Err(StoreError::Refused(crate::domain::Refusal::HoldsItems { numbers })) => {
                self.tx.execute(
                    "INSERT OR IGNORE INTO centre_erasure_orders (order_no, family_id, enrolled_at)
                     VALUES (?1, ?2, ?3)",
                    params![order_sql(order), family.0, enrolled_at],
                )?;
                return Ok(OrderOutcome::Waiting { holds: numbers });
            }
            Err(e) => return Err(e),
        };
        self.tx.execute(
            "INSERT INTO centre_erasure_orders (order_no, family_id, enrolled_at, erasure_id, carried_out_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (order_no) DO UPDATE SET erasure_id = ?4, carried_out_at = ?5",
            params![order_sql(order), family.0, enrolled_at, erased.erasure, super::ts(self.now)],
        )?;
        Ok(OrderOutcome::CarriedOut(erased))
    }

    fn erase(
        &mut self,
        family: FamilyId,
        only: Option<ChildId>,
        by: ErasedBy,
    ) -> Result<Erased, StoreError> {
        let siblings: Vec<i64> = {
            let mut stmt = self
                .tx
                .prepare("SELECT id FROM children WHERE family_id = ?1 ORDER BY id")?;
            let ids = stmt.query_map([family.0], |r| r.get(0))?;
            ids.collect::<Result<_, _>>()?
        };
        let family_exists: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM families WHERE id = ?1)",
            [family.0],
            |r| r.get(0),
        )?;
        if !family_exists {
            return Err(StoreError::NotFound {
                what: "family",
                id: family.0,
            });
        }
        let children: Vec<i64> = match only {
            Some(child) if !siblings.contains(&child.0) => {
                return Err(StoreError::NotFound {
                    what: "child",
                    id: child.0,
                })
            }
            Some(child) => vec![child.0],
            None => siblings.clone(),
        };
        let whole = children.len() == siblings.len();
        if whole {
            self.refuse_if_holding(family)?;
        }
        let mut doomed = Doomed::default();
        let mut deleted = 0;
        for &child in &children {
            deleted += self.erase_child_rows(&mut doomed, child)?;
        }
        if whole {
            deleted += self.erase_family_rows(&mut doomed, family)?;
        }
        let mut redacted = 0;
        for (entity, ids) in &doomed.entities {
            for id in ids {
                redacted += self.tx.execute(
                    "UPDATE outbox SET entity = 'erased', payload = CASE payload WHEN '' THEN '' ELSE '{}' END
                     WHERE entity = ?1 AND entity_id = ?2",
                    params![entity, id],
                )?;
            }
        }
        let child_ids: Vec<ChildId> = children.iter().copied().map(ChildId).collect();
        let erased =
            self.record_erasure(family, child_ids, whole, deleted, redacted, &doomed, by)?;
        if let ErasedBy::Staff(staff) = by {
            self.audit(
                Some(staff),
                AuditEvent::Erased {
                    family,
                    child: only,
                },
            )?;
        }
        Ok(erased)
    }

    /// Keeps the erasure's record (ids and a date), sends it to the centre through the outbox,
    /// and for an order writes the audit entry naming it.
    #[allow(clippy::too_many_arguments)]
    fn record_erasure(
        &mut self,
        family: FamilyId,
        children: Vec<ChildId>,
        whole: bool,
        deleted: usize,
        redacted: usize,
        doomed: &Doomed,
        by: ErasedBy,
    ) -> Result<Erased, StoreError> {
        let ids: Vec<i64> = children.iter().map(|c| c.0).collect();
        let children_json = serde_json::to_string(&ids)
            .map_err(|e| StoreError::Invalid(format!("cannot record the erased ids: {e}")))?;
        let (staff, order) = match by {
            ErasedBy::Staff(s) => (Some(s), None),
            ErasedBy::Order(o) => (None, Some(o)),
        };
        self.tx.execute(
            "INSERT INTO erasures (at, erased_by, family_id, children, whole_family, rows_deleted, outbox_rows_redacted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![super::ts(self.now), staff.map(|s| s.0), family.0, children_json, whole, deleted as i64, redacted as i64],
        )?;
        let erasure = self.tx.last_insert_rowid();
        self.outbox(
            "erasure",
            erasure,
            Op::Insert,
            &ErasureRecord {
                family,
                children: &children,
                whole_family: whole,
                entities: &doomed.entities,
                order,
            },
        )?;
        if let Some(order) = order {
            self.audit(None, AuditEvent::ErasedByOrder { family, order })?;
        }
        Ok(Erased {
            erasure,
            family,
            children,
            whole_family: whole,
            rows_deleted: deleted,
            outbox_rows_redacted: redacted,
            log_truncated: false,
        })
    }

    /// A family that still holds an item is not erased: the item would be lost track of.
    fn refuse_if_holding(&self, family: FamilyId) -> Result<(), StoreError> {
        let mut stmt = self.tx.prepare(
            "SELECT i.inventory_number FROM rental_loans l JOIN rental_items i ON i.id = l.item_id
             WHERE l.family_id = ?1 AND l.returned_on IS NULL AND l.lost = 0 ORDER BY 1",
        )?;
        let numbers = stmt
            .query_map([family.0], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if numbers.is_empty() {
            Ok(())
        } else {
            Err(Refusal::HoldsItems { numbers }.into())
        }
    }

    /// Restorative cases the child or family took part in go whole: the conflict's words,
    /// the answers and signatures are about them (the other side's record of that case goes
    /// with it).
    fn erase_cases(
        &mut self,
        doomed: &mut Doomed,
        which: &str,
        id: i64,
    ) -> Result<usize, StoreError> {
        let tx = &self.tx;
        let cases = doomed.add(
            tx,
            &["restorative_case"],
            &format!("SELECT DISTINCT case_id FROM restorative_parties WHERE {which} = ?1"),
            id,
        )?;
        let mut n = 0;
        for case in cases {
            doomed.add(
                tx,
                &["restorative_voice"],
                "SELECT id FROM restorative_voices WHERE case_id = ?1",
                case,
            )?;
            doomed.add(
                tx,
                &["restorative_pause"],
                "SELECT id FROM restorative_pauses WHERE case_id = ?1",
                case,
            )?;
            doomed.add(
                tx,
                &["restorative_signature"],
                "SELECT id FROM restorative_signatures WHERE case_id = ?1",
                case,
            )?;
            doomed.add(
                tx,
                &["restorative_meeting"],
                "SELECT session_id FROM restorative_meetings WHERE case_id = ?1",
                case,
            )?;
            n += tx.execute("DELETE FROM restorative_cases WHERE id = ?1", [case])?;
        }
        Ok(n)
    }

    fn erase_child_rows(&mut self, doomed: &mut Doomed, child: i64) -> Result<usize, StoreError> {
        let cases = self.erase_cases(doomed, "child_id", child)?;
        let tx = &self.tx;
        doomed.add(tx, &["child", "picture_code"], "SELECT ?1", child)?;
        doomed.add(
            tx,
            &["consent", "consent_withdrawn"],
            "SELECT id FROM consents WHERE child_id = ?1",
            child,
        )?;
        doomed.add(
            tx,
            &["check_in"],
            "SELECT id FROM check_ins WHERE child_id = ?1",
            child,
        )?;
        doomed.add(
            tx,
            &["administration"],
            "SELECT id FROM administrations WHERE child_id = ?1",
            child,
        )?;
        doomed.add(
            tx,
            &["drawing"],
            "SELECT d.id FROM drawings d JOIN administrations a ON a.id = d.administration_id WHERE a.child_id = ?1",
            child,
        )?;
        doomed.add(
            tx,
            &["route", "route_closed"],
            "SELECT id FROM routes WHERE child_id = ?1",
            child,
        )?;
        doomed.add(
            tx,
            &["route_step", "route_step_done", "route_step_session"],
            "SELECT s.id FROM route_steps s JOIN routes r ON r.id = s.route_id WHERE r.child_id = ?1",
            child,
        )?;
        // A session note is about the children who were there: it goes when this child was
        // the only one. Notes of group sessions stay (they are about the group).
        let alone = doomed.add(
            tx,
            &["session_note"],
            "SELECT n.session_id FROM session_notes n
             WHERE n.session_id IN (SELECT session_id FROM session_participants WHERE child_id = ?1)
               AND (SELECT count(*) FROM session_participants p WHERE p.session_id = n.session_id) = 1",
            child,
        )?;
        let mut n = 0;
        for session in &alone {
            n += tx.execute("DELETE FROM session_notes WHERE session_id = ?1", [session])?;
        }
        for sql in [
            "DELETE FROM drawings WHERE administration_id IN (SELECT id FROM administrations WHERE child_id = ?1)",
            "DELETE FROM administrations WHERE child_id = ?1",
            "DELETE FROM route_steps WHERE route_id IN (SELECT id FROM routes WHERE child_id = ?1)",
            "DELETE FROM routes WHERE child_id = ?1",
            "DELETE FROM check_ins WHERE child_id = ?1",
            "DELETE FROM picture_codes WHERE child_id = ?1",
            "DELETE FROM consents WHERE child_id = ?1",
            "DELETE FROM child_life_situations WHERE child_id = ?1",
        ] {
            n += tx.execute(sql, [child])?;
        }
        // Planned sessions the child was alone in are cancelled; the psychologist's day shows it.
        let mut stmt = tx.prepare(
            "SELECT s.id FROM sessions s WHERE s.state = 'planned'
               AND s.id IN (SELECT session_id FROM session_participants WHERE child_id = ?1)
               AND (SELECT count(*) FROM session_participants p WHERE p.session_id = s.id) = 1",
        )?;
        let planned: Vec<i64> = stmt
            .query_map([child], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        n += tx.execute(
            "DELETE FROM session_participants WHERE child_id = ?1",
            [child],
        )?;
        n += tx.execute("DELETE FROM children WHERE id = ?1", [child])? + cases;
        for session in planned {
            self.tx.execute(
                "UPDATE sessions SET state = 'cancelled', cancel_reason = 'erased' WHERE id = ?1",
                [session],
            )?;
            self.outbox("session_state", session, Op::Update, &"cancelled")?;
        }
        Ok(n)
    }

    fn erase_family_rows(
        &mut self,
        doomed: &mut Doomed,
        family: FamilyId,
    ) -> Result<usize, StoreError> {
        let f = family.0;
        let cases = self.erase_cases(doomed, "family_id", f)?;
        let tx = &self.tx;
        doomed.add(tx, &["family"], "SELECT ?1", f)?;
        doomed.add(
            tx,
            &["rental_loan"],
            "SELECT id FROM rental_loans WHERE family_id = ?1",
            f,
        )?;
        doomed.add(
            tx,
            &["family_category_check"],
            "SELECT id FROM family_category_checks WHERE family_id = ?1",
            f,
        )?;
        doomed.add(
            tx,
            &["rental_queue"],
            "SELECT id FROM rental_queue WHERE family_id = ?1",
            f,
        )?;
        let mut n = 0;
        for sql in [
            "DELETE FROM rental_loans WHERE family_id = ?1",
            "DELETE FROM family_category_checks WHERE family_id = ?1",
            "DELETE FROM rental_queue WHERE family_id = ?1",
            "DELETE FROM consents WHERE family_id = ?1",
            "DELETE FROM families WHERE id = ?1",
        ] {
            n += tx.execute(sql, [f])?;
        }
        Ok(n + cases)
    }
}

/// An order number as SQLite keeps it (the centre numbers from 1; none comes near `i64::MAX`).
fn order_sql(order: u64) -> i64 {
    i64::try_from(order).unwrap_or(i64::MAX)
}

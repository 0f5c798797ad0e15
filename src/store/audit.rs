//! The audit log of sign-ins, sign-outs, wrong PINs and locks.

use rusqlite::params;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{AuditEvent, StaffId};

/// One audit entry, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: String,
    pub staff: Option<StaffId>,
    pub event: String,
    pub detail: String,
}

impl Writer<'_> {
    pub fn audit(&mut self, staff: Option<StaffId>, event: AuditEvent) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO audit_log (at, staff_id, event, detail) VALUES (?1, ?2, ?3, ?4)",
            params![
                super::ts(self.now),
                staff.map(|s| s.0),
                event.key(),
                event.detail()
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.outbox("audit", id, Op::Insert, &(staff, event))?;
        Ok(id)
    }
}

impl Store {
    /// The latest `limit` entries, newest first.
    pub fn audit_entries(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, staff_id, event, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                staff: r.get::<_, Option<i64>>(1)?.map(StaffId),
                event: r.get(2)?,
                detail: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

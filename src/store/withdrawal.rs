//! Withdrawing a consent (152-ФЗ, art. 9 §2). The parent signs the withdrawal on the kiosk with a
//! finger, a colleague records it with their PIN, and from that moment nothing new is recorded
//! about the child: every write that would add to what is kept about a child (a check-in, a
//! booking, diagnostics, a help route or its steps) asks [`Writer::refuse_if_withdrawn`] first
//! and is refused with [`Refusal::ConsentWithdrawn`]. What is
//! already kept is erased by [`super::erasure`] within the 30 days the consent promises.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::domain::{AuditEvent, ChildId, FamilyId, Refusal, StaffId};

/// Where a child's consent stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentState {
    /// No consent was ever recorded for the child.
    Missing,
    /// Given, and not withdrawn.
    Given { signed_at: DateTime<Utc> },
    /// Withdrawn at this moment: the child's data is to be erased by `erase_by`.
    Withdrawn {
        at: DateTime<Utc>,
        erase_by: NaiveDate,
    },
}

/// A withdrawal waiting for its erasure, for the family-data screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwaitingErasure {
    pub child: ChildId,
    pub family: FamilyId,
    pub withdrawn_at: DateTime<Utc>,
    pub erase_by: NaiveDate,
}

/// The consent promises destruction within this many days of a withdrawal (`assets/consent/`).
pub const ERASE_WITHIN_DAYS: u64 = 30;

/// The last day the data of a consent withdrawn at `at` may still be kept.
pub fn erase_by(at: DateTime<Utc>) -> NaiveDate {
    at.date_naive() + chrono::Days::new(ERASE_WITHIN_DAYS)
}

#[derive(Serialize)]
struct WithdrawalRecord {
    child: ChildId,
    withdrawn_by: StaffId,
    signature_png: String,
}

impl Writer<'_> {
    /// Records that the parent withdrew the consent for `child`, signed with `signature_png`.
    /// Withdrawing twice changes nothing and returns the first moment.
    pub fn withdraw_consent(
        &mut self,
        child: ChildId,
        signature_png: &[u8],
        by: StaffId,
    ) -> Result<DateTime<Utc>, StoreError> {
        if signature_png.is_empty() {
            return Err(Refusal::WithdrawalNotSigned.into());
        }
        if let ConsentState::Withdrawn { at, .. } = consent_state(&self.tx, child)? {
            return Ok(at);
        }
        let consents: Vec<i64> = {
            let mut stmt = self
                .tx
                .prepare("SELECT id FROM consents WHERE child_id = ?1 AND withdrawn_at IS NULL")?;
            let ids = stmt.query_map([child.0], |r| r.get(0))?;
            ids.collect::<Result<_, _>>()?
        };
        if consents.is_empty() {
            return Err(Refusal::NoConsent.into());
        }
        for id in consents {
            self.tx.execute(
                "UPDATE consents SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawal_signature = ?4
                 WHERE id = ?1",
                params![id, super::ts(self.now), by.0, signature_png],
            )?;
            self.outbox(
                "consent_withdrawn",
                id,
                Op::Update,
                &WithdrawalRecord {
                    child,
                    withdrawn_by: by,
                    signature_png: hex::encode(signature_png),
                },
            )?;
        }
        self.audit(Some(by), AuditEvent::ConsentWithdrawn { child })?;
        Ok(self.now)
    }

    /// Refuses, with the reason, anything new about `child` unless their consent stands (used
    /// where a consent must be on file, such as diagnostics).
    pub(crate) fn require_consent(&self, child: ChildId) -> Result<(), StoreError> {
        match consent_state(&self.tx, child)? {
            ConsentState::Missing => Err(Refusal::NoConsent.into()),
            _ => self.refuse_if_withdrawn(child),
        }
    }

    /// Refuses, with the date, anything new about `child` once their consent is withdrawn.
    pub(crate) fn refuse_if_withdrawn(&self, child: ChildId) -> Result<(), StoreError> {
        match consent_state(&self.tx, child)? {
            ConsentState::Withdrawn { at, .. } => Err(Refusal::ConsentWithdrawn {
                on: at.date_naive().to_string(),
            }
            .into()),
            _ => Ok(()),
        }
    }
}

impl Store {
    pub fn consent_state(&self, child: ChildId) -> Result<ConsentState, StoreError> {
        consent_state(&self.conn, child)
    }

    /// Every withdrawn consent whose child is still kept, the most urgent first.
    pub fn awaiting_erasure(&self) -> Result<Vec<AwaitingErasure>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.child_id, c.family_id, max(c.withdrawn_at) FROM consents c
             WHERE c.withdrawn_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM consents g
                               WHERE g.child_id = c.child_id AND g.withdrawn_at IS NULL)
             GROUP BY c.child_id, c.family_id ORDER BY 3, 1",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (child, family, at) = row?;
            let at = super::parse_ts(&at)?;
            Ok(AwaitingErasure {
                child: ChildId(child),
                family: FamilyId(family),
                withdrawn_at: at,
                erase_by: erase_by(at),
            })
        })
        .collect()
    }
}

/// Where `child`'s consent stands, read inside whatever transaction `conn` is in. A child with
/// several consents (a newer document version signed later) is withdrawn only when every one is.
fn consent_state(conn: &rusqlite::Connection, child: ChildId) -> Result<ConsentState, StoreError> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT max(CASE WHEN withdrawn_at IS NULL THEN signed_at END), max(withdrawn_at)
             FROM consents WHERE child_id = ?1 HAVING count(*) > 0",
            [child.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        None => ConsentState::Missing,
        Some((Some(signed), _)) => ConsentState::Given {
            signed_at: super::parse_ts(&signed)?,
        },
        Some((None, Some(withdrawn))) => {
            let at = super::parse_ts(&withdrawn)?;
            ConsentState::Withdrawn {
                at,
                erase_by: erase_by(at),
            }
        }
        Some((None, None)) => ConsentState::Missing,
    })
}

//! Enrolment in one transaction: the family, the child, the picture code and the signed
//! consent are written together with their outbox rows, or not at all — so no child is ever
//! stored without the consent that allows it.

use rusqlite::params;
use serde::Serialize;

use super::{Op, Store, StoreError, Writer};
use crate::crypto::PinHash;
use crate::domain::{ChildId, Enrolment, FamilyId, NewChild, SignedConsent, StaffId};

/// What an enrolment wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enrolled {
    pub family: FamilyId,
    pub child: ChildId,
    pub consent: i64,
    /// The ring the child's picture wears (`domain::avatar_frame`), to show them at once.
    pub frame: u8,
}

/// The consent as the centre receives it (signatures as hex PNG).
#[derive(Serialize)]
struct ConsentRecord<'a> {
    family: FamilyId,
    child: ChildId,
    version: &'a str,
    language: &'a str,
    text: &'a str,
    sha256: &'a str,
    address: &'a str,
    id_document: &'a str,
    parent_signature_png: String,
    child_signature_png: Option<String>,
    recorded_by: Option<StaffId>,
}

/// A stored consent, for the staff who check it and for tests.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConsent {
    pub id: i64,
    pub family: FamilyId,
    pub child: ChildId,
    pub version: String,
    pub language: String,
    pub text: String,
    pub sha256: String,
    pub parent_signature_png: Vec<u8>,
    pub child_signature_png: Option<Vec<u8>>,
    pub recorded_by: Option<StaffId>,
}

impl Writer<'_> {
    pub fn enrol(
        &mut self,
        enrolment: &Enrolment,
        code_hash: &PinHash,
        recorded_by: Option<StaffId>,
    ) -> Result<Enrolled, StoreError> {
        let family = self.insert_family(&enrolment.family)?;
        let mut child = enrolment.child.clone();
        child.family = family;
        self.add_child_with_consent(&child, code_hash, &enrolment.consent, recorded_by)
    }

    /// A child joins an existing family (`child.family`), with their code and consent.
    pub fn add_child_with_consent(
        &mut self,
        child: &NewChild,
        code_hash: &PinHash,
        c: &SignedConsent,
        recorded_by: Option<StaffId>,
    ) -> Result<Enrolled, StoreError> {
        let family = child.family;
        let child = self.insert_child(child)?;
        self.set_picture_code(child, code_hash)?;
        self.tx.execute(
            "INSERT INTO consents (family_id, child_id, document_version, language, document_text, document_sha256,
                                   subject_address, subject_document, parent_signature, child_signature, signed_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                family.0,
                child.0,
                c.text.version,
                c.text.language.code(),
                c.text.text,
                c.text.sha256,
                c.subject.address,
                c.subject.id_document,
                c.parent_signature_png,
                c.child_signature_png,
                super::ts(self.now),
                recorded_by.map(|s| s.0),
            ],
        )?;
        let consent = self.tx.last_insert_rowid();
        self.outbox(
            "consent",
            consent,
            Op::Insert,
            &ConsentRecord {
                family,
                child,
                version: c.text.version,
                language: c.text.language.code(),
                text: &c.text.text,
                sha256: &c.text.sha256,
                address: &c.subject.address,
                id_document: &c.subject.id_document,
                parent_signature_png: hex::encode(&c.parent_signature_png),
                child_signature_png: c.child_signature_png.as_ref().map(hex::encode),
                recorded_by,
            },
        )?;
        let frame =
            self.tx
                .query_row("SELECT frame FROM children WHERE id = ?1", [child.0], |r| {
                    r.get::<_, u8>(0)
                })?;
        Ok(Enrolled {
            family,
            child,
            consent,
            frame,
        })
    }
}

impl Store {
    /// The consents a child's family signed, oldest first.
    pub fn consents_of(&self, child: ChildId) -> Result<Vec<StoredConsent>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, family_id, child_id, document_version, language, document_text, document_sha256,
                    parent_signature, child_signature, recorded_by
             FROM consents WHERE child_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([child.0], |r| {
            Ok(StoredConsent {
                id: r.get(0)?,
                family: FamilyId(r.get(1)?),
                child: ChildId(r.get(2)?),
                version: r.get(3)?,
                language: r.get(4)?,
                text: r.get(5)?,
                sha256: r.get(6)?,
                parent_signature_png: r.get(7)?,
                child_signature_png: r.get(8)?,
                recorded_by: r.get::<_, Option<i64>>(9)?.map(StaffId),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Children on record with no consent behind them (must always be none).
    pub fn children_without_consent(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM children c WHERE NOT EXISTS (SELECT 1 FROM consents k WHERE k.child_id = c.id)",
            [],
            |r| r.get(0),
        )?)
    }
}

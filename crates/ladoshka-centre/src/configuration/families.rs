//! The families a kiosk is sent (issue 18 §3): those the OTHER kiosks of its КЦСОН hold, each
//! as last edited, computed when its package is made from the rows the centre holds, so a family
//! enrolled at the play-therapy kiosk reaches the rental desk of the same КЦСОН with the next
//! version published (`config republish` publishes the last one again, for a nightly timer).
//!
//! A family is known by the uid its enrolling kiosk minted (`family` rows carry it); rows
//! without one (a kiosk of an older version) are not shared. Of every row naming a uid, the
//! record whose edit supersedes the others' is sent (`Edit::supersedes`: the later edit wins; at
//! the same second, the one made on the smaller device id); a record that could not be taken by
//! a kiosk (a bad phone, say) is left out rather than make the whole package refused. Only the
//! surname, the parent's name and the phone go: no children, consents or diagnostics. A kiosk
//! with no place is sent none.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use ladoshka_indicators::domain::centre_config::families::{allowed_uid, Edit, SharedFamily};
use ladoshka_indicators::domain::PhoneNumber;
use ladoshka_seal::DeviceId;

use crate::store::{CentreStore, StoreError, StoredRow};

/// What a kiosk's `family` row carries (`src/store/shared_families.rs` on the kiosk).
#[derive(Deserialize)]
struct Record {
    surname: String,
    parent_name: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    uid: Option<String>,
    #[serde(default)]
    edited_at: Option<DateTime<Utc>>,
    /// The kiosk the edit was made on, when not the row's own (a record it took from the centre).
    #[serde(default)]
    edited_by: Option<String>,
}

/// The family one held row gives, if it is a `family` row naming a valid uid with details a
/// kiosk takes. Its edit is the record's, or else the row's time on the row's kiosk.
pub fn from_row(device: &DeviceId, row: &StoredRow) -> Option<SharedFamily> {
    if !matches!(row.kind.as_str(), "family.insert" | "family.update") {
        return None;
    }
    let r = crate::store::decide::record_of::<Record>(&row.body).ok()?;
    let uid = r.uid.filter(|u| allowed_uid(u))?;
    let at = match r.edited_at {
        Some(at) => at,
        None => DateTime::parse_from_rfc3339(&row.created_at)
            .ok()?
            .with_timezone(&Utc),
    };
    let family = SharedFamily {
        uid,
        surname: r.surname,
        parent_name: r.parent_name,
        phone: match r.phone {
            Some(p) => Some(PhoneNumber::parse(&p).ok()?),
            None => None,
        },
        edited: Edit {
            at: DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at),
            by: r
                .edited_by
                .unwrap_or_else(|| hex::encode(device))
                .to_ascii_lowercase(),
        },
    };
    family.details().ok()?;
    Some(family)
}

/// Each uid's record whose edit supersedes the others', in uid order.
#[derive(Debug, Default)]
pub struct Latest {
    by_uid: BTreeMap<String, SharedFamily>,
}

impl Latest {
    /// Takes `family` if it is the first record of its uid or its edit supersedes the kept one.
    pub fn take(&mut self, family: SharedFamily) {
        match self.by_uid.get(&family.uid) {
            Some(kept) if !family.edited.supersedes(&kept.edited) => {}
            _ => {
                self.by_uid.insert(family.uid.clone(), family);
            }
        }
    }

    pub fn into_families(self) -> Vec<SharedFamily> {
        self.by_uid.into_values().collect()
    }
}

/// The families the kiosk `kiosk` in `unit` is sent: those held from the unit's other kiosks.
pub fn for_kiosk(
    store: &dyn CentreStore,
    kiosk: &DeviceId,
    unit: Option<&str>,
) -> Result<Vec<SharedFamily>, StoreError> {
    let Some(unit) = unit else {
        return Ok(Vec::new());
    };
    let mut latest = Latest::default();
    for other in store.kiosks_in(unit)?.iter().filter(|d| *d != kiosk) {
        store.each_row_after(other, 0, &mut |row| {
            if let Some(family) = from_row(other, row) {
                latest.take(family);
            }
        })?;
    }
    Ok(latest.into_families())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const UID: &str = "0123456789abcdef0123456789abcdef";
    const A: DeviceId = [0xaa; 16];
    const B: DeviceId = [0xbb; 16];

    fn row(kind: &str, record: serde_json::Value, at: &str) -> StoredRow {
        StoredRow {
            seq: 1,
            kind: kind.into(),
            body: json!({ "entity_id": 1, "data": { "id": 1, "record": record } }).to_string(),
            created_at: at.into(),
            bundle_id: Vec::new(),
        }
    }

    fn record(phone: &str, edited_at: Option<&str>, by: Option<&str>) -> serde_json::Value {
        let mut r = json!({ "surname": "Галиева", "parent_name": "Галиева Алсу", "phone": phone,
                            "uid": UID, "edited_at": edited_at });
        if let Some(by) = by {
            r["edited_by"] = json!(by);
        }
        r
    }

    #[test]
    fn a_family_row_gives_the_family_with_its_edit_and_nothing_of_the_children() {
        let f = from_row(
            &A,
            &row(
                "family.insert",
                record("89171234567", Some("2026-11-02T09:00:00.5Z"), None),
                "2026-11-02T09:00:01Z",
            ),
        )
        .unwrap();
        assert_eq!(f.uid, UID);
        assert_eq!(
            f.phone.as_ref().map(PhoneNumber::as_str),
            Some("+79171234567")
        );
        assert_eq!(f.edited.by, hex::encode(A), "the row's kiosk made the edit");
        assert_eq!(
            f.edited.at.to_rfc3339(),
            "2026-11-02T09:00:00+00:00",
            "whole seconds"
        );
        let taken = from_row(
            &B,
            &row(
                "family.insert",
                record("89171234567", Some("2026-11-02T09:00:00Z"), Some("AA")),
                "2026-11-03T09:00:00Z",
            ),
        )
        .unwrap();
        assert_eq!(
            taken.edited.by, "aa",
            "a record B took from the centre keeps its editor"
        );
        let untimed = from_row(
            &A,
            &row(
                "family.update",
                record("89171234567", None, None),
                "2026-11-04T10:00:00+00:00",
            ),
        )
        .unwrap();
        assert_eq!(
            untimed.edited.at.to_rfc3339(),
            "2026-11-04T10:00:00+00:00",
            "the row's time"
        );
    }

    #[test]
    fn rows_without_a_uid_other_kinds_and_records_a_kiosk_would_refuse_give_nothing() {
        let mut no_uid = record("89171234567", None, None);
        no_uid.as_object_mut().unwrap().remove("uid");
        assert_eq!(
            from_row(&A, &row("family.insert", no_uid, "2026-11-02T09:00:00Z")),
            None
        );
        assert_eq!(
            from_row(
                &A,
                &row(
                    "child.insert",
                    record("89171234567", None, None),
                    "2026-11-02T09:00:00Z"
                )
            ),
            None
        );
        assert_eq!(
            from_row(
                &A,
                &row(
                    "family.insert",
                    record("12", None, None),
                    "2026-11-02T09:00:00Z"
                )
            ),
            None
        );
        assert_eq!(
            from_row(&A, &row("family.insert", json!({}), "2026-11-02T09:00:00Z")),
            None
        );
    }

    #[test]
    fn the_latest_edit_of_each_family_is_sent_and_a_tie_goes_to_the_smaller_device_id() {
        let at = |phone: &str, t: &str, device: &DeviceId| {
            from_row(
                device,
                &row("family.update", record(phone, Some(t), None), t),
            )
            .unwrap()
        };
        let mut latest = Latest::default();
        latest.take(at("89170000002", "2026-11-02T10:00:00Z", &B));
        latest.take(at("89170000001", "2026-11-02T09:00:00Z", &A));
        assert_eq!(
            latest.into_families()[0].phone.as_ref().unwrap().as_str(),
            "+79170000002",
            "later wins"
        );

        let mut tie = Latest::default();
        tie.take(at("89170000002", "2026-11-02T10:00:00Z", &B));
        tie.take(at("89170000001", "2026-11-02T10:00:00Z", &A));
        assert_eq!(
            tie.into_families()[0].phone.as_ref().unwrap().as_str(),
            "+79170000001",
            "aa… < bb…"
        );
    }
}

//! Erasure orders from the centre (152-ФЗ art. 21): a family asks the centre, not the kiosk,
//! to erase its data. A centre worker finds the family among the rows the kiosks sent
//! ([`Centre::find_families`], audited because it reads names), orders the kiosk that holds it to
//! erase it ([`Centre::order_erasure`]), and follows the order per kiosk: `ordered` (published in
//! configuration version N), `delivered` (the kiosk said it runs N or later), `carried out` (the
//! kiosk's erasure row for it was imported, which deleted the centre's copy as well).
//!
//! The kiosk erases; the centre never deletes a kiosk's rows on its own: the kiosk would send
//! them again, and only the kiosk knows everything of the family's (its children, signatures,
//! loans). Placing an order publishes a new version so the kiosk, which asks only for newer ones,
//! is sent it; each of its packages carries the order until it is carried out.

use std::collections::BTreeMap;

use ladoshka_indicators::domain::centre_config::{CentreConfig, ErasureOrder};
use ladoshka_seal::DeviceId;
use serde::Deserialize;

use crate::centre::Centre;
use crate::store::console::AuditEntry;
use crate::store::decide::{entity_id, record_of};
use crate::store::erasure_order::ErasureOrderRecord;
use crate::store::StoreError;
use crate::time::now_unix;

/// A family the centre holds rows of, as `erasure find` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFamily {
    pub device_id: DeviceId,
    /// The kiosk's КЦСОН and room, when the centre knows them.
    pub unit: Option<String>,
    pub room: Option<String>,
    /// The family's id on that kiosk: what an order names.
    pub family: i64,
    pub surname: String,
    /// When the kiosk enrolled it (its `family.insert` row's time).
    pub enrolled_at: String,
}

/// Why an order was not placed or a search not made.
#[derive(Debug, thiserror::Error)]
pub enum ErasureOrderError {
    #[error(
        "no kiosk {device} is enrolled at this centre: check the id with `ladoshka-centre devices`"
    )]
    UnknownDevice { device: String },
    #[error("kiosk {device} is revoked: it is sent no configuration, so it cannot carry out an order. Reactivate it, or erase the family on the kiosk itself")]
    Revoked { device: String },
    #[error("{family} is not a family id: give the id `ladoshka-centre erasure find` lists")]
    BadFamily { family: i64 },
    #[error("family {family} of kiosk {device} is already ordered erased (order {order}); it is in every package for that kiosk until it is carried out, see `ladoshka-centre erasure list`")]
    AlreadyOrdered {
        device: String,
        family: i64,
        order: u64,
    },
    #[error("the centre holds no family {family} from kiosk {device}: order only a family `ladoshka-centre erasure find` lists (a family the kiosk has not synced yet is erased on the kiosk itself)")]
    NotHeld { device: String, family: i64 },
    #[error("give a surname to search for")]
    EmptySurname,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The part of a `family.insert`/`family.update` body a search reads.
#[derive(Deserialize)]
struct FamilyRecord {
    surname: String,
    /// The family's identity across the kiosks of its КЦСОН (kiosks of an older version send
    /// none).
    #[serde(default)]
    uid: Option<String>,
}

/// The orders placed for one family and its copies.
#[derive(Debug, Clone)]
pub struct OrderedEverywhere {
    /// The order for the kiosk asked, then one for each kiosk holding a copy.
    pub placed: Vec<ErasureOrderRecord>,
    /// Revoked kiosks that hold a copy: no order can reach them.
    pub revoked: Vec<DeviceId>,
}

impl Centre {
    /// The families whose surname is `surname` (letter case aside), from the rows held, with
    /// their kiosk's place. The search reads personal data, so it is written to the audit log as
    /// done by `who`, naming the ids found (never the surname).
    pub fn find_families(
        &self,
        surname: &str,
        who: &str,
    ) -> Result<Vec<FoundFamily>, ErasureOrderError> {
        let wanted = surname.trim().to_lowercase();
        if wanted.is_empty() {
            return Err(ErasureOrderError::EmptySurname);
        }
        // (device, family) → (surname now, enrolled at)
        let mut families: BTreeMap<(DeviceId, i64), (String, String)> = BTreeMap::new();
        self.store().each_row(&mut |device, row| {
            let Some(id) = entity_id(&row.body) else {
                return;
            };
            match row.kind.as_str() {
                "family.insert" | "family.update" => {
                    let Ok(record) = record_of::<FamilyRecord>(&row.body) else {
                        return;
                    };
                    let entry = families
                        .entry((*device, id))
                        .or_insert_with(|| (String::new(), row.created_at.clone()));
                    entry.0 = record.surname;
                }
                "family.delete" => {
                    families.remove(&(*device, id));
                }
                _ => {}
            }
        })?;
        let places = self.store().places()?;
        let found: Vec<FoundFamily> = families
            .into_iter()
            .filter(|(_, (name, _))| name.trim().to_lowercase() == wanted)
            .map(|((device_id, family), (surname, enrolled_at))| {
                let place = places.iter().find(|p| p.device_id == device_id);
                FoundFamily {
                    device_id,
                    unit: place.and_then(|p| p.unit.clone()),
                    room: place.and_then(|p| p.room.clone()),
                    family,
                    surname,
                    enrolled_at,
                }
            })
            .collect();
        let ids: Vec<String> = found
            .iter()
            .map(|f| format!("{}:{}", hex::encode(f.device_id), f.family))
            .collect();
        self.store().audit(&AuditEntry {
            at: now_unix(),
            login: who.into(),
            action: "erasure-find".into(),
            subject: format!(
                "surname search, {} family(ies) found {}",
                found.len(),
                ids.join(" ")
            ),
            device_id: None,
            remote_addr: "command line".into(),
        })?;
        Ok(found)
    }

    /// Orders kiosk `device` to erase its family `family` and publishes the next configuration
    /// version, which carries the order; audited as done by `who`.
    pub fn order_erasure(
        &self,
        device: &DeviceId,
        family: i64,
        reason: Option<&str>,
        who: &str,
    ) -> Result<ErasureOrderRecord, ErasureOrderError> {
        let shown = hex::encode(device);
        if family <= 0 {
            return Err(ErasureOrderError::BadFamily { family });
        }
        let store = self.store();
        match store
            .devices()?
            .into_iter()
            .find(|d| d.device_id == *device)
        {
            None => return Err(ErasureOrderError::UnknownDevice { device: shown }),
            Some(d) if d.revoked_at.is_some() => {
                return Err(ErasureOrderError::Revoked { device: shown })
            }
            Some(_) => {}
        }
        if let Some(open) = store
            .erasure_orders()?
            .into_iter()
            .find(|o| o.device_id == *device && o.family == family && o.done.is_none())
        {
            return Err(ErasureOrderError::AlreadyOrdered {
                device: shown,
                family,
                order: open.order,
            });
        }
        let enrolled_at = self
            .enrolled_at(device, family)?
            .ok_or(ErasureOrderError::NotHeld {
                device: shown.clone(),
                family,
            })?;
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let placed = store.place_erasure_order(
            device,
            family,
            enrolled_at,
            reason,
            &CentreConfig::default().to_json(),
            now_unix(),
        )?;
        store.audit(&AuditEntry {
            at: placed.ordered_at,
            login: who.into(),
            action: "erasure-ordered".into(),
            subject: format!(
                "order {}: family {}, configuration version {}",
                placed.order, family, placed.serial
            ),
            device_id: Some(device.to_vec()),
            remote_addr: "command line".into(),
        })?;
        tracing::info!(order = placed.order, device = %shown, family, serial = placed.serial, "erasure ordered");
        Ok(placed)
    }

    /// Orders kiosk `device` to erase its family `family` ([`Self::order_erasure`]) and every
    /// other kiosk that took a copy of the family (the same uid in its family rows: families
    /// shared within a КЦСОН) to erase its copy, each with an order of its own. A copy already
    /// ordered is left as it is; a revoked kiosk's copy is named, since no order reaches it.
    pub fn order_erasure_everywhere(
        &self,
        device: &DeviceId,
        family: i64,
        reason: Option<&str>,
        who: &str,
    ) -> Result<OrderedEverywhere, ErasureOrderError> {
        let mut done = OrderedEverywhere {
            placed: vec![self.order_erasure(device, family, reason, who)?],
            revoked: Vec::new(),
        };
        for (copy_device, copy_family) in self.copies_of(device, family)? {
            match self.order_erasure(&copy_device, copy_family, reason, who) {
                Ok(placed) => done.placed.push(placed),
                Err(ErasureOrderError::AlreadyOrdered { .. }) => {}
                Err(ErasureOrderError::Revoked { .. }) => done.revoked.push(copy_device),
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }

    /// The other kiosks' copies of `device`'s family `family`: (kiosk, its family id) with the
    /// same uid, from the rows held.
    fn copies_of(
        &self,
        device: &DeviceId,
        family: i64,
    ) -> Result<Vec<(DeviceId, i64)>, StoreError> {
        let mut uids: BTreeMap<(DeviceId, i64), String> = BTreeMap::new();
        self.store().each_row(&mut |from, row| {
            let Some(id) = entity_id(&row.body) else {
                return;
            };
            match row.kind.as_str() {
                "family.insert" | "family.update" => {
                    let uid = record_of::<FamilyRecord>(&row.body)
                        .ok()
                        .and_then(|r| r.uid);
                    if let Some(uid) = uid {
                        uids.insert((*from, id), uid);
                    }
                }
                "family.delete" => {
                    uids.remove(&(*from, id));
                }
                _ => {}
            }
        })?;
        let Some(uid) = uids.get(&(*device, family)).cloned() else {
            return Ok(Vec::new());
        };
        Ok(uids
            .into_iter()
            .filter(|(key, u)| *u == uid && *key != (*device, family))
            .map(|(key, _)| key)
            .collect())
    }

    /// The orders `device` is still to carry out, as its packages carry them.
    pub(crate) fn open_orders_for(
        &self,
        device: &DeviceId,
    ) -> Result<Vec<ErasureOrder>, StoreError> {
        Ok(self
            .store()
            .open_erasure_orders(device)?
            .into_iter()
            .map(|o| ErasureOrder {
                order: o.order,
                family: o.family,
                enrolled_at: Some(o.enrolled_at),
            })
            .collect())
    }

    /// When `device` enrolled its family `family` (Unix seconds, from the `family.insert` row
    /// held), or `None` when the centre holds no such row.
    fn enrolled_at(&self, device: &DeviceId, family: i64) -> Result<Option<i64>, StoreError> {
        let mut at = None;
        self.store().each_row_after(device, 0, &mut |row| {
            if row.kind == "family.insert" && entity_id(&row.body) == Some(family) {
                at = chrono::DateTime::parse_from_rfc3339(&row.created_at)
                    .ok()
                    .map(|t| t.timestamp());
            }
        })?;
        Ok(at)
    }
}

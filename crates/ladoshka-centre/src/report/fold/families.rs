//! One family, one family in the indicators (issue 18 §3): a kiosk's `family` rows carry the
//! family's uid (minted by the kiosk that enrolled it, taken by the other kiosks of its КЦСОН
//! from the centre's configuration), and the fold counts a family by its uid wherever one of its
//! kiosk's rows named one. A family enrolled on kiosk A and served on kiosk B is one family
//! across the kiosks and in its КЦСОН. A family whose rows carry no uid (a kiosk of an older
//! version) keeps counting per kiosk, as before. Two uids are two families: the fold never
//! merges families by name.

use std::collections::BTreeMap;

use serde::Deserialize;

use ladoshka_indicators::domain::centre_config::families::allowed_uid;
use ladoshka_indicators::domain::FamilyId;

/// What the fold reads of a family's record: its uid, nothing else.
#[derive(Deserialize)]
struct FamilyRecord {
    #[serde(default)]
    uid: Option<String>,
}

/// The uid a `family` row's record names, if it names a valid one; a record of another form is
/// a row the kiosk did not write.
pub(super) fn uid_of(record: serde_json::Value) -> Result<Option<String>, String> {
    let r: FamilyRecord = super::read(record)?;
    Ok(r.uid.filter(|u| allowed_uid(u)))
}

/// Centre-wide family ids for one computation: a family with a uid gets the number of its uid
/// (below zero, apart from every kiosk's own ids, which are above it); any other the kiosk's own.
pub(super) struct FamilyIds<'a> {
    numbers: BTreeMap<&'a str, i64>,
}

impl<'a> FamilyIds<'a> {
    /// Numbers every uid the kiosks' rows named.
    pub(super) fn new(uids: impl Iterator<Item = &'a BTreeMap<i64, String>>) -> Self {
        let mut numbers = BTreeMap::new();
        for map in uids {
            for uid in map.values() {
                let next = -(numbers.len() as i64) - 1;
                numbers.entry(uid.as_str()).or_insert(next);
            }
        }
        Self { numbers }
    }

    /// The id of a kiosk's family `local` whose kiosk-wide id would be `own`.
    pub(super) fn id(&self, uids: &BTreeMap<i64, String>, local: i64, own: i64) -> FamilyId {
        FamilyId(
            uids.get(&local)
                .and_then(|u| self.numbers.get(u.as_str()))
                .copied()
                .unwrap_or(own),
        )
    }
}

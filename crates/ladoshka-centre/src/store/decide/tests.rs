//! The import and enrolment rules, on a store made of plain values.

use std::collections::{BTreeMap, BTreeSet};

use ladoshka_seal::{BundleHeader, DeviceId, DeviceIdentity, FORMAT_VERSION};

use super::*;
use crate::store::model::Via;

const DEVICE: DeviceId = [7; 16];

#[derive(Default)]
struct Facts {
    device: Option<DeviceFacts>,
    hashes: BTreeSet<[u8; 32]>,
    /// first_seq → bundle id
    bundles: BTreeMap<u64, Vec<u8>>,
}

impl ImportLookup for Facts {
    fn device(&mut self, _: &DeviceId) -> Result<Option<DeviceFacts>, StoreError> {
        Ok(self.device.clone())
    }
    fn holds_hash(&mut self, _: &DeviceId, hash: &[u8; 32]) -> Result<bool, StoreError> {
        Ok(self.hashes.contains(hash))
    }
    fn holder_of(&mut self, _: &DeviceId, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .bundles
            .range(..=seq)
            .next_back()
            .map(|(_, id)| id.clone()))
    }
    fn bundle_id_used(&mut self, _: &DeviceId, id: &[u8; 16]) -> Result<bool, StoreError> {
        Ok(self.bundles.values().any(|b| b[..] == id[..]))
    }
}

fn active(held_through: u64, last_hash: [u8; 32]) -> Facts {
    Facts {
        device: Some(DeviceFacts {
            revoked: false,
            held_through,
            last_hash,
        }),
        ..Facts::default()
    }
}

fn header(first: u64, last: u64, prev: [u8; 32], id: u8) -> BundleHeader {
    BundleHeader {
        format_version: FORMAT_VERSION,
        device_id: DEVICE,
        device_key_id: [0; 8],
        centre_key_id: [0; 8],
        bundle_id: [id; 16],
        first_seq: first,
        last_seq: last,
        prev_bundle_hash: prev,
    }
}

fn check(facts: &mut Facts, h: &BundleHeader, hash: u8) -> Result<Option<Held>, ImportRefusal> {
    let bundle = NewBundle {
        header: h,
        hash: [hash; 32],
        byte_len: 100,
        rows: &[],
        received_at: 0,
        via: Via::Http,
    };
    check_import(facts, &bundle).expect("the lookups do not fail")
}

#[test]
fn the_first_bundle_of_an_active_device_is_imported() {
    assert_eq!(
        check(&mut active(0, [0; 32]), &header(1, 5, [0; 32], 1), 9),
        Ok(None)
    );
}

#[test]
fn the_next_bundle_must_follow_and_name_the_last_hash() {
    let mut f = active(5, [9; 32]);
    assert_eq!(check(&mut f, &header(6, 8, [9; 32], 2), 10), Ok(None));
    assert!(matches!(
        check(&mut f, &header(6, 8, [1; 32], 2), 10),
        Err(ImportRefusal::BrokenChain {
            held_through: 5,
            ..
        })
    ));
    assert_eq!(
        check(&mut f, &header(8, 9, [9; 32], 2), 10),
        Err(ImportRefusal::Gap {
            expected: 6,
            got: 8,
            held_through: 5
        })
    );
}

#[test]
fn the_same_bundle_again_is_already_held_and_another_for_its_rows_is_a_replay() {
    let mut f = active(5, [9; 32]);
    f.hashes.insert([9; 32]);
    f.bundles.insert(1, vec![1; 16]);
    assert_eq!(
        check(&mut f, &header(1, 5, [0; 32], 1), 9),
        Ok(Some(Held::AlreadyHeld { held_through: 5 }))
    );
    assert_eq!(
        check(&mut f, &header(3, 7, [0; 32], 3), 11),
        Err(ImportRefusal::Replay {
            first: 3,
            last: 5,
            bundle_id: hex::encode([1; 16]),
            held_through: 5
        })
    );
}

#[test]
fn unknown_revoked_reused_ids_and_huge_sequences_are_refused() {
    assert!(matches!(
        check(&mut Facts::default(), &header(1, 1, [0; 32], 1), 1),
        Err(ImportRefusal::UnknownDevice { .. })
    ));
    let mut revoked = active(0, [0; 32]);
    revoked.device.as_mut().unwrap().revoked = true;
    assert!(matches!(
        check(&mut revoked, &header(1, 1, [0; 32], 1), 1),
        Err(ImportRefusal::RevokedDevice { .. })
    ));
    let mut f = active(5, [9; 32]);
    f.bundles.insert(1, vec![4; 16]);
    assert!(matches!(
        check(&mut f, &header(6, 6, [9; 32], 4), 12),
        Err(ImportRefusal::BundleIdReused {
            held_through: 5,
            ..
        })
    ));
    assert_eq!(
        check(&mut f, &header(6, u64::MAX, [9; 32], 5), 12),
        Err(ImportRefusal::SeqTooLarge { last: u64::MAX })
    );
}

fn key() -> DevicePublicKey {
    DeviceIdentity::generate().expect("a key").public_key()
}

fn token(used_at: Option<i64>, used_by: Option<DeviceId>) -> Option<TokenFacts> {
    Some(TokenFacts {
        expires_at: 1000,
        used_at,
        used_by: used_by.map(|d| d.to_vec()),
    })
}

fn enrolled(key: &DevicePublicKey, revoked: bool) -> Option<EnrolledFacts> {
    Some(EnrolledFacts {
        public_key: key.as_bytes().to_vec(),
        revoked,
    })
}

#[test]
fn a_fresh_token_enrols_a_new_kiosk_once() {
    let k = key();
    let plan = |token, device| plan_enrol(EnrolFacts { token, device }, &DEVICE, &k, 500, false);
    assert_eq!(plan(token(None, None), None), EnrolPlan::InsertDevice);
    assert_eq!(
        plan(token(None, None), None).outcome(),
        Ok(EnrolOutcome::New)
    );
    // The same kiosk with its own token, its first answer lost: the same answer, nothing written.
    assert_eq!(
        plan(token(Some(400), Some(DEVICE)), enrolled(&k, false)),
        EnrolPlan::Answer(Ok(EnrolOutcome::Again))
    );
    // Another kiosk with that token: used.
    assert!(matches!(
        plan(token(Some(400), Some([1; 16])), None),
        EnrolPlan::Answer(Err(EnrolRefusal::UsedToken { .. }))
    ));
    // An active kiosk with the same key and a new token: nothing changes but the token.
    assert_eq!(
        plan(token(None, None), enrolled(&k, false)),
        EnrolPlan::KeepDevice
    );
}

#[test]
fn unknown_expired_conflicting_and_revoked_enrolments_are_refused() {
    let k = key();
    let plan =
        |token, device, now, re| plan_enrol(EnrolFacts { token, device }, &DEVICE, &k, now, re);
    assert_eq!(
        plan(None, None, 500, false),
        EnrolPlan::Answer(Err(EnrolRefusal::UnknownToken))
    );
    assert!(matches!(
        plan(token(None, None), None, 1000, false),
        EnrolPlan::Answer(Err(EnrolRefusal::ExpiredToken { .. }))
    ));
    assert!(matches!(
        plan(token(None, None), enrolled(&key(), false), 500, false),
        EnrolPlan::Answer(Err(EnrolRefusal::KeyConflict { .. }))
    ));
    assert!(matches!(
        plan(token(None, None), enrolled(&k, true), 500, false),
        EnrolPlan::Answer(Err(EnrolRefusal::Revoked { .. }))
    ));
    assert_eq!(
        plan(token(None, None), enrolled(&k, true), 500, true),
        EnrolPlan::ReactivateDevice
    );
}

#[test]
fn an_erasure_names_its_entities_and_an_unreadable_one_is_refused() {
    let body = r#"{"entity_id": 3, "data": {"id": 3, "record": {"entities": {"child": [7, 8], "family": [2]}}}}"#;
    let targets = erasure_targets(12, body).expect("readable");
    assert_eq!(targets["child"], vec![7, 8]);
    assert_eq!(targets["family"], vec![2]);
    assert!(matches!(
        erasure_targets(12, "{}"),
        Err(StoreError::Corrupt(_))
    ));
}

#[test]
fn a_rows_entity_is_its_integer_entity_id_and_its_kind() {
    assert_eq!(entity_id(r#"{"entity_id": 7, "data": {}}"#), Some(7));
    assert_eq!(entity_id(r#"{"entity_id": "7"}"#), None);
    assert_eq!(entity_id(r#"{"data": 1}"#), None);
    assert_eq!(entity_id("[1]"), None);
    assert_eq!(entity_of_kind("child.update"), Some("child"));
    assert_eq!(entity_of_kind("check_in.insert"), Some("check_in"));
    assert_eq!(entity_of_kind("erasure"), None);
    assert_eq!(entity_of_kind("child.merge"), None);
}

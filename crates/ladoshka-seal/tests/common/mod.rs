//! A centre, an enrolled kiosk and a sealed bundle, shared by the integration tests.
#![allow(dead_code)]

use ladoshka_seal::{
    encode_rows, random_id, seal, BundleHeader, CentreKeys, DeviceId, DeviceIdentity, DeviceStatus,
    OutboxRow,
};

pub const MAX_LEN: usize = 1 << 20;

pub struct World {
    pub centre: CentreKeys,
    pub device: DeviceIdentity,
    pub device_id: DeviceId,
}

impl World {
    pub fn new() -> Self {
        Self {
            centre: CentreKeys::generate().unwrap(),
            device: DeviceIdentity::generate().unwrap(),
            device_id: random_id().unwrap(),
        }
    }

    /// What the centre knows: this kiosk, enrolled and active.
    pub fn lookup(&self) -> impl Fn(&DeviceId) -> DeviceStatus + '_ {
        move |id| {
            if *id == self.device_id {
                DeviceStatus::Active(self.device.public_key())
            } else {
                DeviceStatus::Unknown
            }
        }
    }

    pub fn header(&self, first: u64, last: u64, prev: [u8; 32]) -> BundleHeader {
        BundleHeader::new(
            self.device_id,
            random_id().unwrap(),
            first,
            last,
            prev,
            &self.device.public_key(),
            &self.centre.public_key(),
        )
        .unwrap()
    }

    /// A sealed bundle of `payload` for rows 1..=3.
    pub fn bundle(&self, payload: &[u8]) -> (BundleHeader, Vec<u8>) {
        let header = self.header(1, 3, [0; 32]);
        let bytes = seal(&header, payload, &self.centre.public_key(), &self.device).unwrap();
        (header, bytes)
    }
}

pub fn rows(first: u64, last: u64) -> Vec<OutboxRow> {
    (first..=last)
        .map(|seq| OutboxRow {
            seq,
            kind: "check_in.insert".into(),
            body: ladoshka_seal::raw_body(
                &serde_json::json!({ "session": 12, "child": seq, "note": "пришла с мамой" }),
            ),
            created_at: "2026-03-01T10:00:00+03:00".into(),
        })
        .collect()
}

pub fn payload(header: &BundleHeader) -> Vec<u8> {
    encode_rows(header, &rows(header.first_seq, header.last_seq)).unwrap()
}

/// Signs `message` with `device`'s key, outside the crate's API (as a forger with the key would).
pub fn sign_with(device: &DeviceIdentity, message: &[u8]) -> Vec<u8> {
    ring::signature::Ed25519KeyPair::from_pkcs8(device.pkcs8())
        .unwrap()
        .sign(message)
        .as_ref()
        .to_vec()
}

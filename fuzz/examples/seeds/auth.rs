//! The seeds of `centre_enrol`, `centre_ack` and `kiosk_ack` (a module of `seed_corpus.rs`,
//! kept apart so that file stays short). They are fixed bytes: every run writes the same.

use std::path::Path;

use ladoshka_fuzz::keys::{self, REVOKED_KIOSK_ID, SEED_KIOSK_ID};
use ladoshka_fuzz::kiosk_ack::{chain, other_centre, OTHER_DEVICE};
use ladoshka_seal::Ack;
use serde_json::{json, Value};

use super::Out;

/// `centre_enrol`: the mode byte, then the body.
pub fn centre_enrol(root: &Path) -> usize {
    let mut out = Out::new(root, "centre_enrol");
    let fixed = keys::fixed();
    let kiosk = fixed.kiosk.public_key().to_hex();
    let other = fixed.other_kiosk.public_key().to_hex();
    let id = |text: &[u8; 16]| hex::encode(text);
    let request = |device: &str, key: &str| json!({ "token": "", "device_id": device, "device_public_key": key });
    let mut put = |name: &str, mode: u8, body: &Value| {
        let mut bytes = vec![mode];
        bytes.extend_from_slice(body.to_string().as_bytes());
        out.put(name, &bytes);
    };
    put(
        "fresh-new-device",
        3,
        &request(&id(b"fuzz-seed-dev-01"), &kiosk),
    );
    put(
        "fresh-seed-kiosk-again",
        3,
        &request(&id(&SEED_KIOSK_ID), &kiosk),
    );
    put(
        "fresh-key-conflict",
        3,
        &request(&id(&SEED_KIOSK_ID), &other),
    );
    put("fresh-revoked", 3, &request(&id(&REVOKED_KIOSK_ID), &kiosk));
    put(
        "fresh-revoke-first",
        11,
        &request(&id(b"fuzz-seed-dev-01"), &kiosk),
    );
    put("used-token", 4, &request(&id(b"fuzz-seed-dev-02"), &other));
    put(
        "expired-token",
        5,
        &request(&id(b"fuzz-seed-dev-03"), &kiosk),
    );
    put(
        "fresh-upper-padded",
        3,
        &request(
            &hex::encode_upper(b"fuzz-seed-dev-04"),
            &format!(" {} ", kiosk.to_uppercase()),
        ),
    );
    put("fresh-bad-id", 3, &request("zz", &kiosk));
    put(
        "fresh-short-key",
        3,
        &request(&id(b"fuzz-seed-dev-05"), "1234"),
    );
    put(
        "fresh-extra-fields",
        3,
        &json!({ "device_id": id(b"fuzz-seed-dev-06"), "device_public_key": kiosk,
                 "token": 1, "extra": [1, {"a": null}] }),
    );
    put("fresh-not-object", 3, &json!([1, 2]));
    put(
        "raw-json-unknown-token",
        0,
        &json!({ "token": "0123-4567-89ab-cdef-0123-4567-89ab-cdef",
        "device_id": id(b"fuzz-seed-dev-07"), "device_public_key": kiosk }),
    );
    put("raw-token-number", 0, &json!({ "token": 1 }));
    put("raw-no-type", 1, &request(&id(b"fuzz-seed-dev-08"), &kiosk));
    put(
        "raw-text-plain",
        2,
        &request(&id(b"fuzz-seed-dev-08"), &kiosk),
    );
    // Built requests: mode, then choice (device % 6, key / 6 % 3, token / 18 % 4), pool index.
    for (name, bytes) in [
        ("built-pool-fresh", &[6u8, 3, 0][..]),
        ("built-pool-other-key", &[6, 9, 0]),
        ("built-pool-revoke-first", &[14, 3, 0]),
        ("built-seed-used-token", &[6, 18, 0]),
        ("built-new-expired", &[6, 38, 0]),
        ("built-unknown-token", &[6, 54, 4, b'a', b'b', b'-', b'c']),
        (
            "built-raw-id-upper",
            &[7, 76, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
        ),
    ] {
        out.put(name, bytes);
    }
    out.put("raw-not-json", b"\x00not json");
    out.put("raw-empty", b"\x00");
    out.count
}

/// `centre_ack`: query byte (+ bytes), time byte (+ bytes), signature byte (+ bytes).
pub fn centre_ack(root: &Path) -> usize {
    let mut out = Out::new(root, "centre_ack");
    let seed_hex = hex::encode(SEED_KIOSK_ID);
    let mut text_query = vec![4, 32];
    text_query.extend_from_slice(seed_hex.as_bytes());
    text_query.extend_from_slice(&[0, 0, 0, 0]);
    let raw = format!("device={seed_hex}&device=00");
    let mut raw_query = vec![5, raw.len() as u8];
    raw_query.extend_from_slice(raw.as_bytes());
    raw_query.extend_from_slice(&[0, 0, 0, 0]);
    let mut raw_query_ok = vec![5, 39];
    raw_query_ok.extend_from_slice(format!("device={seed_hex}").as_bytes());
    raw_query_ok.extend_from_slice(&[0, 0, 0, 0]);
    let mut raw_device = vec![7];
    raw_device.extend_from_slice(&SEED_KIOSK_ID);
    raw_device.extend_from_slice(&[0, 0, 0, 0]);
    let mut random_sig = vec![0, 0, 0, 0, 4];
    random_sig.extend_from_slice(&[0xA5; 64]);
    let mut text_sig = vec![0, 0, 0, 0, 5, 12];
    text_sig.extend_from_slice(b" not hex at ");
    let mut text_time = vec![0, 4, 12];
    text_time.extend_from_slice(b" 1800000000 ");
    text_time.push(0);
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("valid-now", vec![0, 0, 0, 0, 0]),
        ("valid-upper", vec![0, 0, 0, 0, 1]),
        ("valid-padded-query", vec![3, 0, 0, 0, 0]),
        ("other-time", vec![0, 0, 0, 0, 2]),
        ("other-kiosk", vec![0, 0, 0, 0, 3]),
        ("random-signature", random_sig),
        ("text-signature", text_sig),
        ("no-signature", vec![0, 0, 0, 0, 6]),
        ("revoked", vec![1, 0, 0, 0, 0]),
        ("unknown", vec![2, 0, 0, 0, 0]),
        ("text-query", text_query),
        ("raw-query-twice", raw_query),
        ("raw-query", raw_query_ok),
        ("no-query", vec![6, 0, 0, 0, 0]),
        ("raw-device", raw_device),
        ("edge-plus", vec![0, 1, 0, 0]),
        ("past-edge-plus", vec![0, 1, 10, 0]),
        ("inside-edge-minus", vec![0, 0x81, 0xF6, 0]),
        ("past-edge-minus", vec![0, 0x81, 10, 0]),
        ("offset-4096", vec![0, 0, 0x10, 0x00, 0]),
        (
            "offset-max",
            vec![0, 2, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0],
        ),
        ("exact-min", vec![0, 3, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("text-time", text_time),
        ("no-time", vec![0, 5, 0]),
        ("post", vec![16, 0, 0, 0, 0]),
        ("wrong-path", vec![24, 0, 0, 0, 0]),
    ];
    for (name, bytes) in seeds {
        out.put(name, &bytes);
    }
    out.count
}

/// `kiosk_ack`: genuine acknowledgements as they are, and built ones.
pub fn kiosk_ack(root: &Path) -> usize {
    let mut out = Out::new(root, "kiosk_ack");
    let fixed = keys::fixed();
    let ack = |device_id, seq: u64, hash: Option<[u8; 32]>| Ack {
        device_id,
        highest_contiguous_seq: seq,
        last_bundle_hash: hash.unwrap_or_else(|| chain(seq).unwrap_or([0; 32])),
        issued_at_unix: 1_800_000_000,
    };
    let genuine = [
        ("ack-own-0", ack(SEED_KIOSK_ID, 0, None)),
        ("ack-own-10", ack(SEED_KIOSK_ID, 10, None)),
        ("ack-own-20", ack(SEED_KIOSK_ID, 20, None)),
        ("ack-own-30", ack(SEED_KIOSK_ID, 30, None)),
        (
            "ack-own-10-other-chain",
            ack(SEED_KIOSK_ID, 10, Some([7; 32])),
        ),
        ("ack-own-15-never-sealed", ack(SEED_KIOSK_ID, 15, None)),
        ("ack-other-device", ack(OTHER_DEVICE, 10, None)),
    ];
    for (name, a) in genuine {
        out.put(name, &a.sign(&fixed.centre));
    }
    out.put(
        "ack-other-centre",
        &ack(SEED_KIOSK_ID, 10, None).sign(other_centre()),
    );
    let mut v1 = ack(SEED_KIOSK_ID, 10, None).sign(&fixed.centre).to_vec();
    v1[5] = 1;
    v1.truncate(110);
    out.put("ack-version-1", &v1);
    // Built: device, seq, hash choices, issued_at (8), flags, damage (+ bytes).
    let time = 1_800_000_000i64.to_be_bytes();
    let built = |device: u8, seq: u8, hash: u8, flags: u8, damage: &[u8]| {
        let mut b = vec![device, seq, hash];
        b.extend_from_slice(&time);
        b.push(flags);
        b.extend_from_slice(damage);
        b
    };
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("built-own-10", built(0, 1, 0, 0, &[0])),
        ("built-own-0", built(0, 0, 0, 0, &[0])),
        ("built-own-30-wrong-hash", built(0, 3, 1, 0, &[0])),
        ("built-other-device", built(1, 2, 0, 0, &[0])),
        ("built-other-centre", built(0, 1, 0, 3, &[0])),
        ("built-chain-fails", built(0, 2, 0, 28, &[0])),
        ("built-flip-signature", built(0, 1, 0, 0, &[2, 100, 1])),
        ("built-flip-key-id", built(0, 1, 0, 0, &[2, 7, 0x80])),
        ("built-truncate", built(0, 1, 0, 0, &[3, 78])),
        ("built-extend", built(0, 1, 0, 0, &[4, 2, 0, 0])),
        ("built-version-1", built(0, 1, 0, 0, &[5])),
    ];
    for (name, bytes) in seeds {
        out.put(name, &bytes);
    }
    out.count
}

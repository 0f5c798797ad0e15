//! Writes the seed corpora of `bundle_parse`, `centre_upload`, `centre_enrol`, `centre_ack` and
//! `kiosk_ack`:
//!
//! ```sh
//! cargo run --release --example seed_corpus [-- OUT_DIR [TARGET...]]   # default: fuzz/corpus, all
//! ```
//!
//! into `OUT_DIR/<target>/seed-*`, replacing earlier `seed-*` files there (files the fuzzer
//! added are left alone). Naming targets writes only theirs. The bundles are sealed with the
//! fixed fuzz keys (`fuzz/keys/`), so they verify and open in the fuzzer's process too; sealing
//! is randomised (HPKE), so every run writes different bytes for the same seeds.

#[path = "seeds/auth.rs"]
mod auth;

use std::fs;
use std::path::{Path, PathBuf};

use ladoshka_fuzz::keys::{self, REVOKED_KIOSK_ID, SEED_KIOSK_ID};
use ladoshka_fuzz::script::{
    encode, BundleIdChoice, Channel, Content, Damage, First, HttpVariant, Last, Op, PayloadSpec,
    Prev, SealSpec, Who,
};
use ladoshka_seal::{
    bundle_hash, encode_rows, seal, Ack, BundleHeader, DeviceId, OutboxRow, FORMAT_VERSION,
};
use serde_json::json;

fn rows(first: u64, last: u64) -> Vec<OutboxRow> {
    (first..=last)
        .map(|seq| OutboxRow {
            seq,
            kind: "check_in.insert".into(),
            body: ladoshka_seal::raw_body(&json!({ "session": 12, "child": seq, "note": "пришла с мамой" })),
            created_at: "2026-03-01T10:00:00+03:00".into(),
        })
        .collect()
}

/// A genuine bundle from the fixed kiosk (under `device_id`) to the fixed centre.
fn bundle(device_id: DeviceId, first: u64, last: u64, prev: [u8; 32], id: u8) -> Vec<u8> {
    let fixed = keys::fixed();
    let header = BundleHeader {
        format_version: FORMAT_VERSION,
        device_id,
        device_key_id: fixed.kiosk.public_key().key_id(),
        centre_key_id: fixed.centre_public.key_id(),
        bundle_id: [id; 16],
        first_seq: first,
        last_seq: last,
        prev_bundle_hash: prev,
    };
    let payload = encode_rows(&header, &rows(first, last)).expect("rows for the range");
    seal(&header, &payload, &fixed.centre_public, &fixed.kiosk).expect("sealing")
}

/// The bundle cut at every field boundary, with a few bytes flipped, and with a byte appended.
fn damaged(bundle: &[u8]) -> Vec<(String, Vec<u8>)> {
    let len = bundle.len();
    let mut out = Vec::new();
    for cut in [
        0,
        4,
        6,
        22,
        30,
        38,
        54,
        62,
        70,
        102,
        134,
        138,
        len - 64,
        len - 1,
    ] {
        out.push((format!("cut-{cut}"), bundle[..cut].to_vec()));
    }
    for at in [0, 5, 6, 22, 30, 54, 62, 70, 102, 137, 140, len - 1] {
        let mut b = bundle.to_vec();
        b[at] ^= 0x01;
        out.push((format!("flip-{at}"), b));
    }
    let mut longer = bundle.to_vec();
    longer.push(0);
    out.push(("append".into(), longer));
    out
}

struct Out {
    dir: PathBuf,
    count: usize,
}

impl Out {
    fn new(root: &Path, target: &str) -> Out {
        let dir = root.join(target);
        fs::create_dir_all(&dir).expect("the corpus folder");
        for entry in fs::read_dir(&dir).expect("the corpus folder").flatten() {
            if entry.file_name().to_string_lossy().starts_with("seed-") {
                fs::remove_file(entry.path()).expect("removing an old seed");
            }
        }
        Out { dir, count: 0 }
    }

    fn put(&mut self, name: &str, bytes: &[u8]) {
        fs::write(self.dir.join(format!("seed-{name}")), bytes).expect("writing a seed");
        self.count += 1;
    }
}

fn bundle_parse(root: &Path) -> usize {
    let fixed = keys::fixed();
    let mut out = Out::new(root, "bundle_parse");
    let first = bundle(SEED_KIOSK_ID, 1, 1, [0; 32], 1);
    let second = bundle(SEED_KIOSK_ID, 2, 4, bundle_hash(&first), 2);
    out.put("bundle-1", &first);
    out.put("bundle-2-4", &second);
    out.put("bundle-big", &bundle(SEED_KIOSK_ID, 5, 40, [9; 32], 3));
    out.put(
        "bundle-revoked",
        &bundle(REVOKED_KIOSK_ID, 1, 2, [0; 32], 4),
    );
    // fuzz_parse_and_open's own device id: gets as far as its key check there.
    out.put("bundle-0x42", &bundle([0x42; 16], 1, 3, [0; 32], 5));
    for (name, bytes) in damaged(&second) {
        out.put(&format!("bundle-2-4-{name}"), &bytes);
    }
    // Payloads: fuzz_parse_and_open seals the input under a header for rows 1..=3.
    let header = |first, last| BundleHeader {
        format_version: FORMAT_VERSION,
        device_id: [0; 16],
        device_key_id: [0; 8],
        centre_key_id: [0; 8],
        bundle_id: [0; 16],
        first_seq: first,
        last_seq: last,
        prev_bundle_hash: [0; 32],
    };
    out.put(
        "rows-1-3",
        &encode_rows(&header(1, 3), &rows(1, 3)).expect("rows"),
    );
    out.put(
        "rows-1-1",
        &encode_rows(&header(1, 1), &rows(1, 1)).expect("rows"),
    );
    out.put("rows-empty", b"[]");
    out.put(
        "rows-gap",
        br#"[{"seq":1,"kind":"k","body":null,"created_at":""},{"seq":3,"kind":"k","body":{},"created_at":""}]"#,
    );
    // The other forms the crate reads.
    let ack = Ack {
        device_id: SEED_KIOSK_ID,
        highest_contiguous_seq: 4,
        last_bundle_hash: bundle_hash(&first),
        issued_at_unix: 1_772_348_400,
    }
    .sign(&fixed.centre);
    out.put("ack", &ack);
    out.put("centre-public", &fixed.centre_public.to_bytes());
    out.put("centre-public-hex", fixed.centre_public.to_hex().as_bytes());
    out.put("centre-key-file", keys::CENTRE_KEY_FILE);
    out.put("kiosk-pkcs8", keys::KIOSK_PKCS8);
    let header_only = bundle_hash(&first); // any 32 bytes
    let mut h = header(1, 2).encode().to_vec();
    h[70..102].copy_from_slice(&header_only);
    out.put("header", &h);
    out.count
}

fn seal_op(via: Channel, spec: SealSpec) -> Op {
    Op::Seal { via, spec }
}

fn next(via: Channel, rows: u8) -> Op {
    Op::SealNext {
        via,
        rows,
        content: Content::Table(0),
    }
}

fn centre_upload(root: &Path) -> usize {
    use Channel::*;
    let mut out = Out::new(root, "centre_upload");
    let mut put = |name: &str, ops: &[Op]| out.put(name, &encode(ops));
    let spec = SealSpec::default;

    put("next-usb", &[next(Usb, 1)]);
    put(
        "next-three-ways",
        &[next(Direct, 3), next(Router, 2), next(Usb, 1)],
    );
    put("resend", &[next(Router, 2), Op::Resend { via: Router }]);
    put(
        "replay",
        &[
            next(Direct, 3),
            seal_op(
                Direct,
                SealSpec {
                    first: First::Replay(1),
                    ..spec()
                },
            ),
        ],
    );
    put(
        "gap",
        &[seal_op(
            Router,
            SealSpec {
                first: First::Gap(3),
                ..spec()
            },
        )],
    );
    put(
        "broken-chain",
        &[
            next(Direct, 1),
            seal_op(
                Direct,
                SealSpec {
                    prev: Prev::Zeros,
                    ..spec()
                },
            ),
        ],
    );
    put(
        "chain-last-sent",
        &[
            next(Direct, 1),
            seal_op(
                Router,
                SealSpec {
                    prev: Prev::LastSent,
                    last: Last::Rows(4),
                    ..spec()
                },
            ),
        ],
    );
    put(
        "id-reused",
        &[
            next(Direct, 1),
            seal_op(
                Router,
                SealSpec {
                    id: BundleIdChoice::ReuseLast,
                    ..spec()
                },
            ),
        ],
    );
    put(
        "zero-first",
        &[seal_op(
            Usb,
            SealSpec {
                first: First::Zero,
                ..spec()
            },
        )],
    );
    for n in 0..6u8 {
        put(
            &format!("boundary-{n}"),
            &[seal_op(
                Router,
                SealSpec {
                    first: First::Boundary(n),
                    last: Last::Rows(2),
                    ..spec()
                },
            )],
        );
    }
    put(
        "exact-last",
        &[seal_op(
            Direct,
            SealSpec {
                last: Last::Exact(1 << 40),
                ..spec()
            },
        )],
    );
    put(
        "revoke-reenrol",
        &[
            next(Direct, 1),
            Op::Revoke,
            next(Router, 1),
            Op::Revoke,
            Op::Reenrol,
            next(Usb, 1),
        ],
    );
    let whos = [
        ("unknown", Who::UnknownDevice(*b"someone-else-000")),
        ("other-key", Who::OtherKeyInHeader),
        ("signed-by-other", Who::SignedByOther),
        ("other-centre", Who::OtherCentre),
        ("seed-kiosk", Who::SeedKiosk),
    ];
    for (name, who) in whos {
        put(
            &format!("who-{name}"),
            &[seal_op(Router, SealSpec { who, ..spec() })],
        );
    }
    let payloads = [
        ("skip", PayloadSpec::SkipSeq(Content::Table(1))),
        ("no-last", PayloadSpec::NoLast(Content::Table(2))),
        ("empty", PayloadSpec::Empty),
        ("pretty", PayloadSpec::Pretty(Content::Table(3))),
        (
            "bytes-json",
            PayloadSpec::Bytes(
                br#"[{"seq":1,"kind":"k","body":{"x":[1,2]},"created_at":"t"},{"seq":2,"kind":"","body":null,"created_at":""},{"seq":3,"kind":"k","body":1.5,"created_at":"t","extra":true}]"#
                    .to_vec(),
            ),
        ),
        ("bytes-junk", PayloadSpec::Bytes(b"{\"rows\": 1}".to_vec())),
        (
            "text",
            PayloadSpec::Rows(Content::Text("ключ\u{0}'\"\\".as_bytes().to_vec())),
        ),
    ];
    for (name, payload) in payloads {
        put(
            &format!("payload-{name}"),
            &[seal_op(
                Direct,
                SealSpec {
                    last: Last::Rows(3),
                    payload,
                    ..spec()
                },
            )],
        );
    }
    // Every kind, body and created_at of the harness's table at least once (kind = c % 6,
    // body = c / 6 % 7, created_at = c / 42).
    for c in [0u8, 7, 14, 21, 28, 33, 41, 50, 97, 127] {
        put(
            &format!("content-{c}"),
            &[Op::SealNext {
                via: Usb,
                rows: 2,
                content: Content::Table(c),
            }],
        );
    }
    let damages = [
        ("flip-header", Damage::Flip { at: 60, mask: 1 }),
        (
            "flip-signature",
            Damage::Flip {
                at: 9999,
                mask: 0x80,
            },
        ),
        ("truncate", Damage::Truncate(150)),
        ("append", Damage::Append(vec![0, 1, 2])),
        ("flip-resign-header", Damage::FlipResign { at: 40, mask: 4 }),
        (
            "flip-resign-ciphertext",
            Damage::FlipResign { at: 200, mask: 1 },
        ),
        ("ct-length", Damage::CtLength(17)),
    ];
    for (name, damage) in damages {
        put(
            &format!("damage-{name}"),
            &[seal_op(Direct, SealSpec { damage, ..spec() })],
        );
    }
    let variants = [
        ("chunked", HttpVariant::Chunked(31)),
        ("huge-length", HttpVariant::HugeLength),
        ("broken-body", HttpVariant::BrokenBody),
        ("wrong-length", HttpVariant::WrongLength(5)),
        ("garbage-length", HttpVariant::GarbageLength),
        ("wrong-path", HttpVariant::WrongPath),
        ("wrong-method", HttpVariant::WrongMethod),
    ];
    for (name, v) in variants {
        put(
            &format!("http-{name}"),
            &[next(RouterVariant(v), 1), next(Router, 1)],
        );
    }
    // Ready-made bundles from the seed kiosk, sent as raw bytes.
    let first = bundle(SEED_KIOSK_ID, 1, 2, [0; 32], 1);
    let second = bundle(SEED_KIOSK_ID, 3, 3, bundle_hash(&first), 2);
    put(
        "raw-seed-kiosk",
        &[
            Op::Raw {
                via: Usb,
                bytes: first.clone(),
            },
            Op::Raw {
                via: Router,
                bytes: second.clone(),
            },
            Op::Raw {
                via: Direct,
                bytes: first.clone(),
            },
        ],
    );
    for (name, bytes) in damaged(&second) {
        put(&format!("raw-{name}"), &[Op::Raw { via: Direct, bytes }]);
    }
    put(
        "raw-resigned",
        &[Op::RawResigned {
            via: Direct,
            bytes: first.clone(),
        }],
    );
    put(
        "raw-resigned-router",
        &[Op::RawResigned {
            via: Router,
            bytes: second,
        }],
    );
    put(
        "payload-op",
        &[
            Op::Payload {
                via: Direct,
                rows: 2,
                bytes: br#"[{"seq":1,"kind":"a","body":[],"created_at":"x"},{"seq":2,"kind":"b","body":{},"created_at":"y"}]"#.to_vec(),
            },
            Op::Payload {
                via: Router,
                rows: 1,
                bytes: b"[{\"seq\":3}]".to_vec(),
            },
        ],
    );
    out.count
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let root = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let only: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    let targets: [(&str, fn(&Path) -> usize); 5] = [
        ("bundle_parse", bundle_parse),
        ("centre_upload", centre_upload),
        ("centre_enrol", auth::centre_enrol),
        ("centre_ack", auth::centre_ack),
        ("kiosk_ack", auth::kiosk_ack),
    ];
    for (name, write) in targets {
        if only.is_empty() || only.iter().any(|o| o == name) {
            let n = write(&root);
            println!("wrote {n} seeds to {}", root.join(name).display());
        }
    }
}

//! Unit tests of configuration packages: every refusal made by a real manipulation of a real
//! package.

use super::*;
use crate::keys::{CentreKeys, CentrePublicKey, DeviceKemKeys, DeviceKemPublicKey};

const OURS: DeviceId = *b"kiosk-number-one";
const THEIRS: DeviceId = *b"kiosk-number-two";
const PAYLOAD: &[u8] = r#"{"legal_name":"ГБУ КЦСОН"}"#.as_bytes();
const ISSUED: i64 = 1_790_000_000;

struct World {
    centre: CentreKeys,
    public: CentrePublicKey,
    kem: DeviceKemKeys,
}

fn world() -> World {
    let centre = CentreKeys::generate().unwrap();
    World {
        public: centre.public_key(),
        centre,
        kem: DeviceKemKeys::generate().unwrap(),
    }
}

impl World {
    fn seal(&self, serial: u64) -> Vec<u8> {
        ConfigPackage::seal(
            &self.centre,
            OURS,
            &self.kem.public_key(),
            serial,
            ISSUED,
            PAYLOAD,
        )
        .unwrap()
    }

    fn open(&self, bytes: &[u8], applied: u64) -> Result<OpenedConfig, ConfigRefusal> {
        ConfigPackage::open(bytes, &self.public, &OURS, &self.kem, applied)
    }
}

/// Signs `bytes` again with `centre`, as if the centre had made them.
fn resign(centre: &CentreKeys, bytes: &mut [u8]) {
    let at = bytes.len() - SIGNATURE_LEN;
    let signature = centre.sign(&bytes[..at]);
    bytes[at..].copy_from_slice(&signature);
}

#[test]
fn a_package_opens_to_its_payload_on_its_kiosk() {
    let w = world();
    let bytes = w.seal(8);
    assert_eq!(CONFIG_HEADER_LEN, 82);
    assert_eq!(bytes.len(), 82 + PAYLOAD.len() + TAG_LEN + 64);
    assert_eq!(&bytes[..4], b"LDSC");
    assert_eq!(&bytes[4..6], &[0, 1]);
    assert_eq!(&bytes[6..14], &w.public.key_id());
    assert_eq!(&bytes[14..30], &OURS);
    assert_eq!(&bytes[30..38], &8u64.to_be_bytes());
    assert_eq!(&bytes[38..46], &ISSUED.to_be_bytes());
    let ct_len = u32::try_from(PAYLOAD.len() + TAG_LEN).unwrap();
    assert_eq!(&bytes[78..82], &ct_len.to_be_bytes());
    assert!(
        !bytes.windows(PAYLOAD.len()).any(|w| w == PAYLOAD),
        "the payload travels encrypted"
    );
    let opened = w.open(&bytes, 7).unwrap();
    assert_eq!(
        opened,
        OpenedConfig {
            serial: 8,
            issued_at_unix: ISSUED,
            payload: PAYLOAD.to_vec()
        }
    );
    assert!(!format!("{opened:?}").contains("legal_name"));
    assert_eq!(w.open(&bytes, 0).unwrap().serial, 8);
    // A fresh ephemeral key each time: the same configuration sealed twice differs.
    assert_ne!(w.seal(8), bytes);
}

#[test]
fn empty_and_extreme_values_round_trip() {
    let w = world();
    let kem = w.kem.public_key();
    let bytes = ConfigPackage::seal(&w.centre, OURS, &kem, u64::MAX, -1, b"").unwrap();
    let opened = w.open(&bytes, u64::MAX - 1).unwrap();
    assert_eq!((opened.serial, opened.issued_at_unix), (u64::MAX, -1));
    assert!(opened.payload.is_empty());
}

#[test]
fn peek_reads_the_header_without_keys_from_its_first_bytes() {
    let w = world();
    let bytes = w.seal(3);
    let expected = ConfigHeader {
        format_version: CONFIG_FORMAT_VERSION,
        centre_key_id: w.public.key_id(),
        device_id: OURS,
        serial: 3,
        issued_at_unix: ISSUED,
        ciphertext_len: u32::try_from(PAYLOAD.len() + TAG_LEN).unwrap(),
    };
    assert_eq!(ConfigPackage::peek(&bytes), Ok(expected));
    assert_eq!(
        ConfigPackage::peek(&bytes[..CONFIG_HEADER_LEN]),
        Ok(expected)
    );
    assert_eq!(expected.package_len(), bytes.len());
    assert_eq!(ConfigPackage::parse(&bytes).unwrap().header(), &expected);
}

#[test]
fn a_package_cut_at_any_length_is_truncated_and_never_panics() {
    let w = world();
    let bytes = w.seal(3);
    for len in 0..bytes.len() {
        let cut = &bytes[..len];
        assert!(
            matches!(w.open(cut, 0), Err(ConfigRefusal::Truncated { .. })),
            "cut at {len}: {:?}",
            w.open(cut, 0)
        );
        assert_eq!(
            ConfigPackage::peek(cut).is_ok(),
            len >= CONFIG_HEADER_LEN,
            "peek at {len}"
        );
    }
    assert_eq!(
        w.open(&bytes[..20], 0),
        Err(ConfigRefusal::Truncated {
            field: "device id",
            needed: 16,
            available: 6
        })
    );
}

#[test]
fn wrong_magic_future_version_and_malformed_lengths_are_refused_by_form() {
    let w = world();
    let good = w.seal(3);
    let mut b = good.clone();
    b[..4].copy_from_slice(b"LDSB");
    assert_eq!(
        w.open(&b, 0),
        Err(ConfigRefusal::BadMagic { found: *b"LDSB" })
    );
    assert_eq!(
        ConfigPackage::peek(&b),
        Err(ConfigRefusal::BadMagic { found: *b"LDSB" })
    );
    let mut b = good.clone();
    b[5] = 2;
    let future = ConfigRefusal::UnknownVersion { found: 2, known: 1 };
    assert_eq!(w.open(&b, 0), Err(future.clone()));
    // The version is named even when nothing else of a future package is understood.
    assert_eq!(w.open(&b[..6], 0), Err(future));
    let mut b = good.clone();
    b[78..82].copy_from_slice(&15u32.to_be_bytes());
    assert_eq!(
        w.open(&b, 0),
        Err(ConfigRefusal::CiphertextTooShort { len: 15 })
    );
    let mut b = good.clone();
    b.push(0);
    assert_eq!(
        w.open(&b, 0),
        Err(ConfigRefusal::TrailingBytes { count: 1 })
    );
    let mut b = good;
    b[78..82].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(w.open(&b, 0), Err(ConfigRefusal::TooLarge { .. })));
}

#[test]
fn another_centres_package_is_refused_and_one_forged_in_our_name_does_not_verify() {
    let w = world();
    let stranger = CentreKeys::generate().unwrap();
    let kem = w.kem.public_key();
    let foreign = ConfigPackage::seal(&stranger, OURS, &kem, 9, ISSUED, PAYLOAD).unwrap();
    assert_eq!(
        w.open(&foreign, 0),
        Err(ConfigRefusal::OtherCentre {
            found: hex::encode(stranger.public_key().key_id()),
            ours: hex::encode(w.public.key_id()),
        })
    );
    let mut forged = foreign;
    forged[6..14].copy_from_slice(&w.public.key_id());
    resign(&stranger, &mut forged);
    assert_eq!(w.open(&forged, 0), Err(ConfigRefusal::BadSignature));
}

#[test]
fn a_flipped_byte_anywhere_is_refused_before_decryption() {
    let w = world();
    let bytes = w.seal(3);
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        let refusal = w.open(&b, 0).unwrap_err();
        let fits = match i {
            0..4 => matches!(refusal, ConfigRefusal::BadMagic { .. }),
            4..6 => matches!(refusal, ConfigRefusal::UnknownVersion { .. }),
            6..14 => matches!(refusal, ConfigRefusal::OtherCentre { .. }),
            // The length field: the package no longer ends where it says.
            78..82 => matches!(
                refusal,
                ConfigRefusal::Truncated { .. }
                    | ConfigRefusal::TrailingBytes { .. }
                    | ConfigRefusal::TooLarge { .. }
            ),
            // Device id, serial, time, enc, ciphertext and the signature itself.
            _ => refusal == ConfigRefusal::BadSignature,
        };
        assert!(fits, "byte {i}: {refusal:?}");
    }
}

#[test]
fn an_all_zero_signature_is_unsigned() {
    let w = world();
    let mut bytes = w.seal(3);
    let at = bytes.len() - SIGNATURE_LEN;
    bytes[at..].fill(0);
    assert_eq!(w.open(&bytes, 0), Err(ConfigRefusal::Unsigned));
    // Whatever else the unsigned package claims.
    bytes[14..30].copy_from_slice(&THEIRS);
    assert_eq!(w.open(&bytes, 0), Err(ConfigRefusal::Unsigned));
}

#[test]
fn a_package_for_another_kiosk_is_refused() {
    let w = world();
    let kem = w.kem.public_key();
    let theirs = ConfigPackage::seal(&w.centre, THEIRS, &kem, 3, ISSUED, PAYLOAD).unwrap();
    assert_eq!(ConfigPackage::peek(&theirs).unwrap().device_id, THEIRS);
    assert_eq!(
        w.open(&theirs, 0),
        Err(ConfigRefusal::OtherDevice {
            found: hex::encode(THEIRS),
            ours: hex::encode(OURS),
        })
    );
}

#[test]
fn an_older_package_is_refused_and_the_same_one_is_already_applied() {
    let w = world();
    let older = w.open(&w.seal(4), 7).unwrap_err();
    assert_eq!(
        older,
        ConfigRefusal::Older {
            serial: 4,
            applied: 7
        }
    );
    assert_eq!(
        older.to_string(),
        "this configuration package is older (version 4) than the one this kiosk runs \
         (version 7): it was not applied; take the newest package from the centre"
    );
    assert_eq!(
        w.open(&w.seal(7), 7),
        Err(ConfigRefusal::AlreadyApplied { serial: 7 })
    );
    assert_eq!(
        w.open(&w.seal(0), 0),
        Err(ConfigRefusal::AlreadyApplied { serial: 0 })
    );
    assert_eq!(w.open(&w.seal(8), 7).unwrap().serial, 8);
}

#[test]
fn the_serial_is_checked_before_anything_is_decrypted() {
    // Signed by the centre, with a ciphertext no key opens: the serial still decides first.
    let w = world();
    let mut bytes = w.seal(4);
    let at = CONFIG_HEADER_LEN;
    bytes[at..at + 8].fill(0xee);
    resign(&w.centre, &mut bytes);
    assert_eq!(
        w.open(&bytes, 7),
        Err(ConfigRefusal::Older {
            serial: 4,
            applied: 7
        })
    );
    assert_eq!(
        w.open(&bytes, 4),
        Err(ConfigRefusal::AlreadyApplied { serial: 4 })
    );
    assert_eq!(w.open(&bytes, 3), Err(ConfigRefusal::Decryption));
}

#[test]
fn a_signed_package_this_kiosk_cannot_decrypt_is_its_own_refusal() {
    let w = world();
    // Sealed to an old KEM key of this kiosk.
    let old = DeviceKemKeys::generate().unwrap().public_key();
    let bytes = ConfigPackage::seal(&w.centre, OURS, &old, 3, ISSUED, PAYLOAD).unwrap();
    assert_eq!(w.open(&bytes, 0), Err(ConfigRefusal::Decryption));
    // The header is the associated data: changed and signed again, it does not decrypt.
    for range in [30..38, 38..46, 46..78] {
        let mut b = w.seal(3);
        b[range.start] ^= 0x40;
        resign(&w.centre, &mut b);
        assert_eq!(w.open(&b, 0), Err(ConfigRefusal::Decryption), "{range:?}");
    }
}

#[test]
fn the_payload_is_capped_on_both_sides() {
    let w = world();
    let kem = w.kem.public_key();
    let too_big = vec![0u8; MAX_CONFIG_PAYLOAD + 1];
    assert_eq!(
        ConfigPackage::seal(&w.centre, OURS, &kem, 3, ISSUED, &too_big),
        Err(ConfigError::PayloadTooLarge {
            len: MAX_CONFIG_PAYLOAD + 1,
            max: MAX_CONFIG_PAYLOAD
        })
    );
    let largest = ConfigPackage::seal(&w.centre, OURS, &kem, 3, ISSUED, &too_big[1..]).unwrap();
    assert_eq!(largest.len(), MAX_CONFIG_PACKAGE_LEN);
    assert_eq!(
        w.open(&largest, 0).unwrap().payload.len(),
        MAX_CONFIG_PAYLOAD
    );
    // A header declaring one byte more is refused from its first 82 bytes.
    let mut header = largest[..CONFIG_HEADER_LEN].to_vec();
    let declared = u32::try_from(MAX_CONFIG_PAYLOAD + TAG_LEN + 1).unwrap();
    header[78..82].copy_from_slice(&declared.to_be_bytes());
    assert_eq!(
        ConfigPackage::peek(&header),
        Err(ConfigRefusal::TooLarge {
            len: MAX_CONFIG_PACKAGE_LEN + 1,
            max: MAX_CONFIG_PACKAGE_LEN
        })
    );
    let mut longer = largest;
    longer.push(0);
    assert_eq!(
        w.open(&longer, 0),
        Err(ConfigRefusal::TooLarge {
            len: MAX_CONFIG_PACKAGE_LEN + 1,
            max: MAX_CONFIG_PACKAGE_LEN
        })
    );
}

#[test]
fn sealing_to_an_unusable_kem_key_says_so() {
    let w = world();
    let zero = DeviceKemPublicKey::from_bytes(&[0; 32]).unwrap();
    assert!(matches!(
        ConfigPackage::seal(&w.centre, OURS, &zero, 3, ISSUED, PAYLOAD),
        Err(ConfigError::Encryption { .. })
    ));
}

#[test]
fn junk_is_refused_without_a_panic() {
    let w = world();
    for junk in [&[][..], b"LDSC", &[0xff; 300], &[b'L'; 82]] {
        assert!(w.open(junk, 0).is_err());
        let _ = ConfigPackage::peek(junk);
    }
}

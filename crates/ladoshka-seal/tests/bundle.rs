//! Sealed bundles end to end: seal on the kiosk, parse and open on the centre, and every way a
//! bundle must be refused.

mod common;

use common::{payload, rows, sign_with, World, MAX_LEN};
use ladoshka_seal::{
    bundle_hash, decode_rows, open, parse, seal, suite, BundleHeader, CentreKeys, DeviceIdentity,
    DeviceStatus, OpenError, ParseError, SealError, HEADER_LEN, HPKE_INFO, MIN_BUNDLE_LEN,
    SIGNATURE_LEN,
};

#[test]
fn rows_sealed_on_the_kiosk_open_on_the_centre() {
    let world = World::new();
    let first = world.header(1, 50, [0; 32]);
    let payload_1 = payload(&first);
    let bundle_1 = seal(
        &first,
        &payload_1,
        &world.centre.public_key(),
        &world.device,
    )
    .unwrap();

    let parsed = parse(&bundle_1, MAX_LEN).unwrap();
    assert_eq!(parsed.header(), &first);
    let (header, plain) = open(&parsed, world.lookup(), &world.centre).unwrap();
    assert_eq!(header, first);
    assert_eq!(decode_rows(&header, &plain).unwrap(), rows(1, 50));

    // The next bundle names this one's hash; the chain is readable from the headers.
    let second = world.header(51, 51, parsed.hash());
    let bundle_2 = seal(
        &second,
        &payload(&second),
        &world.centre.public_key(),
        &world.device,
    )
    .unwrap();
    let parsed_2 = parse(&bundle_2, MAX_LEN).unwrap();
    let (header_2, plain_2) = open(&parsed_2, world.lookup(), &world.centre).unwrap();
    assert_eq!(header_2.prev_bundle_hash, bundle_hash(&bundle_1));
    assert_eq!(decode_rows(&header_2, &plain_2).unwrap(), rows(51, 51));
}

#[test]
fn the_wire_format_is_header_enc_length_ciphertext_signature() {
    let world = World::new();
    let (header, bytes) = world.bundle(b"twelve bytes");
    assert_eq!(bytes.len(), HEADER_LEN + 32 + 4 + (12 + 16) + SIGNATURE_LEN);
    assert_eq!(&bytes[..HEADER_LEN], &header.encode());
    assert_eq!(
        &bytes[HEADER_LEN + 32..HEADER_LEN + 36],
        &28u32.to_be_bytes()
    );
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    assert_eq!(parsed.header_bytes(), &header.encode());
    assert_eq!(parsed.signed_bytes(), &bytes[..bytes.len() - 64]);
    assert_eq!(parsed.ciphertext().len(), 28);
    assert!(
        !bytes.windows(12).any(|w| w == b"twelve bytes"),
        "the payload is not in clear"
    );
}

#[test]
fn an_empty_payload_still_seals_and_opens() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"");
    assert_eq!(bytes.len(), MIN_BUNDLE_LEN);
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    assert_eq!(open(&parsed, world.lookup(), &world.centre).unwrap().1, b"");
}

#[test]
fn sealing_twice_gives_two_different_bundles_that_both_open() {
    let world = World::new();
    let header = world.header(1, 1, [0; 32]);
    let a = seal(&header, b"row", &world.centre.public_key(), &world.device).unwrap();
    let b = seal(&header, b"row", &world.centre.public_key(), &world.device).unwrap();
    assert_ne!(a, b, "a fresh ephemeral key each time");
    for bytes in [a, b] {
        let parsed = parse(&bytes, MAX_LEN).unwrap();
        assert_eq!(
            open(&parsed, world.lookup(), &world.centre).unwrap().1,
            b"row"
        );
    }
}

#[test]
fn one_flipped_byte_anywhere_is_refused() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"small payload");
    for index in 0..bytes.len() {
        for mask in [0x01u8, 0x80] {
            let mut damaged = bytes.clone();
            damaged[index] ^= mask;
            let refused = match parse(&damaged, MAX_LEN) {
                Err(_) => true,
                Ok(parsed) => open(&parsed, world.lookup(), &world.centre).is_err(),
            };
            assert!(refused, "byte {index} ^ {mask:#04x} was accepted");
        }
    }
}

#[test]
fn a_bundle_cut_at_any_length_is_refused_as_truncated() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"small payload");
    for len in 0..bytes.len() {
        match parse(&bytes[..len], MAX_LEN) {
            Err(ParseError::Truncated { .. }) => {}
            other => panic!("cut at {len}: {other:?}"),
        }
    }
}

#[test]
fn trailing_bytes_are_refused() {
    let world = World::new();
    let (_, mut bytes) = world.bundle(b"x");
    bytes.extend_from_slice(b"!!");
    assert_eq!(
        parse(&bytes, MAX_LEN).unwrap_err(),
        ParseError::TrailingBytes { count: 2 }
    );
}

#[test]
fn an_oversized_bundle_is_refused_before_it_is_read() {
    let world = World::new();
    let (_, bytes) = world.bundle(&[7; 1000]);
    assert!(parse(&bytes, bytes.len()).is_ok());
    assert_eq!(
        parse(&bytes, bytes.len() - 1).unwrap_err(),
        ParseError::Oversized {
            len: bytes.len(),
            max: bytes.len() - 1
        }
    );
    // Not even the magic is looked at.
    let junk = vec![0u8; 4 << 20];
    assert_eq!(
        parse(&junk, MAX_LEN).unwrap_err(),
        ParseError::Oversized {
            len: 4 << 20,
            max: MAX_LEN
        }
    );
}

#[test]
fn bad_magic_unknown_version_and_a_short_ciphertext_are_refused() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"x");
    let mut b = bytes.clone();
    b[..4].copy_from_slice(b"PK\x03\x04");
    assert_eq!(
        parse(&b, MAX_LEN).unwrap_err(),
        ParseError::BadMagic {
            found: *b"PK\x03\x04"
        }
    );
    let mut b = bytes.clone();
    b[4..6].copy_from_slice(&2u16.to_be_bytes());
    assert_eq!(
        parse(&b, MAX_LEN).unwrap_err(),
        ParseError::UnknownVersion { found: 2, known: 1 }
    );
    let mut b = bytes[..HEADER_LEN + 32].to_vec();
    b.extend_from_slice(&15u32.to_be_bytes());
    b.extend_from_slice(&[0; 15 + 64]);
    assert_eq!(
        parse(&b, MAX_LEN).unwrap_err(),
        ParseError::CiphertextTooShort { len: 15 }
    );
}

#[test]
fn first_after_last_is_refused_when_building_sealing_and_parsing() {
    let world = World::new();
    let (device, centre) = (world.device.public_key(), world.centre.public_key());
    assert_eq!(
        BundleHeader::new(world.device_id, [1; 16], 5, 4, [0; 32], &device, &centre).unwrap_err(),
        ParseError::FirstAfterLast { first: 5, last: 4 }
    );
    let mut header = world.header(4, 5, [0; 32]);
    header.first_seq = 6;
    assert_eq!(
        seal(&header, b"x", &centre, &world.device).unwrap_err(),
        SealError::FirstAfterLast { first: 6, last: 5 }
    );
    let (_, mut bytes) = world.bundle(b"x");
    bytes[54..62].copy_from_slice(&9u64.to_be_bytes()); // first_seq 9 > last_seq 3
    assert_eq!(
        parse(&bytes, MAX_LEN).unwrap_err(),
        ParseError::FirstAfterLast { first: 9, last: 3 }
    );
}

#[test]
fn seal_refuses_a_header_that_names_other_keys() {
    let world = World::new();
    let other = World::new();
    let header = other.header(1, 1, [0; 32]);
    assert!(matches!(
        seal(&header, b"x", &other.centre.public_key(), &world.device),
        Err(SealError::DeviceKeyIdMismatch { .. })
    ));
    assert!(matches!(
        seal(&header, b"x", &world.centre.public_key(), &other.device),
        Err(SealError::CentreKeyIdMismatch { .. })
    ));
}

#[test]
fn an_unknown_device_is_refused() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"x");
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    let err = open(&parsed, |_| DeviceStatus::Unknown, &world.centre).unwrap_err();
    assert_eq!(
        err,
        OpenError::UnknownDevice {
            device_id: hex::encode(world.device_id)
        }
    );
    assert!(err.to_string().contains("not enrolled"));
}

#[test]
fn a_revoked_device_is_refused() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"x");
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    let mut asked = None;
    let err = open(
        &parsed,
        |id| {
            asked = Some(*id);
            DeviceStatus::Revoked
        },
        &world.centre,
    )
    .unwrap_err();
    assert_eq!(
        asked,
        Some(world.device_id),
        "the lookup is asked about the header's device"
    );
    assert_eq!(
        err,
        OpenError::RevokedDevice {
            device_id: hex::encode(world.device_id)
        }
    );
}

#[test]
fn a_bundle_sealed_to_another_centre_gets_its_own_error() {
    let world = World::new();
    let elsewhere = CentreKeys::generate().unwrap();
    let (_, bytes) = world.bundle(b"x");
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    assert_eq!(
        open(&parsed, world.lookup(), &elsewhere).unwrap_err(),
        OpenError::SealedToAnotherCentre {
            found: hex::encode(world.centre.public_key().key_id()),
            ours: hex::encode(elsewhere.public_key().key_id()),
        }
    );
}

#[test]
fn a_signature_by_a_different_device_key_is_refused() {
    let world = World::new();
    let intruder = DeviceIdentity::generate().unwrap();
    let (header, bytes) = world.bundle(b"x");

    // The enrolled device's bundle, re-signed by another key.
    let mut forged = bytes.clone();
    let signed_len = forged.len() - SIGNATURE_LEN;
    let signature = sign_with(&intruder, &forged[..signed_len]);
    forged[signed_len..].copy_from_slice(&signature);
    let parsed = parse(&forged, MAX_LEN).unwrap();
    assert_eq!(
        open(&parsed, world.lookup(), &world.centre).unwrap_err(),
        OpenError::BadSignature {
            device_id: hex::encode(world.device_id)
        }
    );

    // A bundle sealed by another key under the enrolled device's id.
    let mut claimed = header;
    claimed.device_key_id = intruder.public_key().key_id();
    let bytes = seal(&claimed, b"x", &world.centre.public_key(), &intruder).unwrap();
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    assert!(matches!(
        open(&parsed, world.lookup(), &world.centre),
        Err(OpenError::DeviceKeyMismatch { .. })
    ));
}

#[test]
fn every_tampered_header_field_is_refused_before_decryption() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"rows");
    let device_id = hex::encode(world.device_id);
    let bad_signature = OpenError::BadSignature {
        device_id: device_id.clone(),
    };
    // (field, offset, length) per the header's layout; the field's last byte gets one bit flipped.
    let fields: [(&str, usize, usize); 7] = [
        ("device id", 6, 16),
        ("device key id", 22, 8),
        ("centre key id", 30, 8),
        ("bundle id", 38, 16),
        ("first seq", 54, 8),
        ("last seq", 62, 8),
        ("previous bundle hash", 70, 32),
    ];
    for (field, offset, len) in fields {
        let mut tampered = bytes.clone();
        tampered[offset + len - 1] ^= 0x01;
        let parsed = parse(&tampered, MAX_LEN).unwrap_or_else(|e| panic!("{field}: {e}"));
        let err = open(&parsed, world.lookup(), &world.centre).expect_err(field);
        match field {
            // Another device id is one this centre does not know.
            "device id" => assert!(
                matches!(err, OpenError::UnknownDevice { .. }),
                "{field}: {err}"
            ),
            "device key id" => {
                assert!(
                    matches!(err, OpenError::DeviceKeyMismatch { .. }),
                    "{field}: {err}"
                )
            }
            // The rest, the centre key id included, fail the signature, checked first.
            _ => assert_eq!(err, bad_signature, "{field}"),
        }
    }
}

#[test]
fn the_header_is_the_aead_associated_data() {
    // A kiosk bug (or its key, stolen) re-signing a changed header cannot make it decrypt.
    let world = World::new();
    let (_, bytes) = world.bundle(b"rows 1..=3");
    let mut changed = bytes.clone();
    changed[62..70].copy_from_slice(&4u64.to_be_bytes()); // last_seq 3 -> 4
    let signed_len = changed.len() - SIGNATURE_LEN;
    let signature = sign_with(&world.device, &changed[..signed_len]);
    changed[signed_len..].copy_from_slice(&signature);
    let parsed = parse(&changed, MAX_LEN).unwrap();
    assert_eq!(
        open(&parsed, world.lookup(), &world.centre).unwrap_err(),
        OpenError::Decryption {
            device_id: hex::encode(world.device_id)
        }
    );
}

#[test]
fn the_sealer_cannot_open_what_it_sealed() {
    // By construction: `open` takes `&CentreKeys` (the doc test in lib.rs shows that a
    // `CentrePublicKey` does not compile there), and the kiosk holds only the public key. The
    // only `CentreKeys` a kiosk could have are ones it makes itself, and their private key
    // does not decrypt the bundle even with every id check skipped.
    let world = World::new();
    let (_, bytes) = world.bundle(b"child's record");
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    let kiosks_own = CentreKeys::generate().unwrap();
    assert!(matches!(
        open(&parsed, world.lookup(), &kiosks_own),
        Err(OpenError::SealedToAnotherCentre { .. })
    ));

    use hpke::{Deserializable, OpModeR};
    let kiosk_file = kiosks_own.to_key_file_bytes();
    let sk = <suite::Kem as hpke::Kem>::PrivateKey::from_bytes(&kiosk_file[6..38]).unwrap();
    let enc = <suite::Kem as hpke::Kem>::EncappedKey::from_bytes(parsed.enc()).unwrap();
    let mut ctx = hpke::setup_receiver::<suite::Aead, suite::Kdf, suite::Kem>(
        &OpModeR::Base,
        &sk,
        &enc,
        HPKE_INFO,
    )
    .unwrap();
    assert!(ctx
        .open(parsed.ciphertext(), parsed.header_bytes())
        .is_err());
}

#[test]
fn the_centre_reads_its_keys_back_from_its_key_file_and_still_opens() {
    let world = World::new();
    let (_, bytes) = world.bundle(b"after a restart");
    let reloaded = CentreKeys::from_key_file_bytes(&world.centre.to_key_file_bytes()).unwrap();
    let parsed = parse(&bytes, MAX_LEN).unwrap();
    assert_eq!(
        open(&parsed, world.lookup(), &reloaded).unwrap().1,
        b"after a restart"
    );
    let device = DeviceIdentity::from_pkcs8(world.device.pkcs8()).unwrap();
    assert_eq!(device.public_key(), world.device.public_key());
}

//! What the fuzz targets share with the seed generator (`examples/seed_corpus.rs`) and the
//! replay runner (`examples/replay.rs`): fixed, fuzz-only keys (so seeds sealed by one process
//! pass the signature check in another), a real centre to drive (`centre`), and one harness
//! module per target: `upload` (with its input encoding in `script`) for `centre_upload`,
//! `enrol` for `centre_enrol`, `ack` for `centre_ack`, `kiosk_ack` for `kiosk_ack`, and
//! `data_files` for the four targets of the files a centre or a person edits (route templates,
//! rental kinds, eligibility categories, `kiosk.toml`). `bundle_parse` is below.

pub mod ack;
pub mod centre;
pub mod data_files;
pub mod enrol;
pub mod keys;
pub mod kiosk_ack;
pub mod script;
pub mod upload;

use ladoshka_seal::{
    decode_rows, open, parse, DeviceStatus, OpenError, ParsedBundle, FUZZ_MAX_LEN, SIGNATURE_LEN,
};

/// `bundle_parse` as a whole: everything `ladoshka_seal` reads from outside, then the bundle
/// opened with the fixed keys.
pub fn bundle_parse(bytes: &[u8]) {
    ladoshka_seal::fuzz_parse_and_open(bytes);
    open_with_fixed_keys(bytes);
}

/// The fixed centre's lookup: the seed kiosk ([`keys::SEED_KIOSK_ID`]) is enrolled with the
/// fixed kiosk key, [`keys::REVOKED_KIOSK_ID`] is revoked, every other device is unknown.
fn lookup(id: &[u8; 16]) -> DeviceStatus {
    if *id == keys::SEED_KIOSK_ID {
        DeviceStatus::Active(keys::fixed().kiosk.public_key())
    } else if *id == keys::REVOKED_KIOSK_ID {
        DeviceStatus::Revoked
    } else {
        DeviceStatus::Unknown
    }
}

/// Opens a parsed bundle with the fixed centre and, when it opens, decodes its rows.
fn open_fixed(parsed: &ParsedBundle<'_>) -> Result<(), OpenError> {
    let fixed = keys::fixed();
    let (header, payload) = open(parsed, lookup, &fixed.centre)?;
    // Only the seed kiosk's own bundles open, and they name its key and this centre.
    assert_eq!(header, *parsed.header(), "open returned another header");
    assert_eq!(header.device_id, keys::SEED_KIOSK_ID);
    assert_eq!(header.device_key_id, fixed.kiosk.public_key().key_id());
    assert_eq!(header.centre_key_id, fixed.centre_public.key_id());
    // The payload is authenticated: it is the plaintext the kiosk sealed, so decoding it must
    // not panic whatever it holds (errors are fine: a kiosk bug, refused by the centre).
    let _ = decode_rows(&header, &payload);
    Ok(())
}

/// `bundle_parse`'s second half. The bytes parsed and opened with the fixed keys, so the valid
/// bundles of the seed corpus get past the signature check and are decrypted and decoded
/// (`ladoshka_seal::fuzz_parse_and_open` draws new keys in every process, so no stored bundle
/// ever opens there). Then, because a mutated bundle almost never keeps a valid signature, the
/// same bytes re-signed by the fixed kiosk as the seed kiosk: past the device lookup and the
/// signature, into the key-id checks, HPKE decryption with the header as associated data and
/// row decoding. A changed byte anywhere but in the signature must still be refused there.
pub fn open_with_fixed_keys(bytes: &[u8]) {
    let Ok(parsed) = parse(bytes, FUZZ_MAX_LEN) else {
        return;
    };
    let as_is = open_fixed(&parsed);

    let fixed = keys::fixed();
    let mut resigned = bytes.to_vec();
    resigned[6..22].copy_from_slice(&keys::SEED_KIOSK_ID);
    let at = resigned.len() - SIGNATURE_LEN;
    let signature = fixed.kiosk_sign(&resigned[..at]);
    resigned[at..].copy_from_slice(&signature);
    let parsed_again = parse(&resigned, FUZZ_MAX_LEN)
        .expect("changing the device id and the signature keeps a bundle well-formed");
    let again = open_fixed(&parsed_again);
    if as_is.is_ok() {
        // A bundle that opened is the seed kiosk's: re-signing changes nothing (Ed25519 is
        // deterministic), so it opens again.
        assert_eq!(
            resigned, bytes,
            "a bundle that opened changed when re-signed"
        );
        assert!(
            again.is_ok(),
            "a bundle that opened does not open re-signed"
        );
    }
    if let Err(e) = again {
        // Past the lookup and the signature only the centre key id and decryption can refuse.
        assert!(
            matches!(
                e,
                OpenError::DeviceKeyMismatch { .. }
                    | OpenError::SealedToAnotherCentre { .. }
                    | OpenError::Decryption { .. }
            ),
            "a bundle re-signed by the enrolled kiosk was refused for {e:?}"
        );
    }
}

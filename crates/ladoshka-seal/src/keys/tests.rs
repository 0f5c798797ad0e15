//! Unit tests of `keys`.

use super::*;

#[test]
fn device_identity_survives_its_pkcs8_bytes() {
    let id = DeviceIdentity::generate().unwrap();
    let again = DeviceIdentity::from_pkcs8(id.pkcs8()).unwrap();
    assert_eq!(id.public_key(), again.public_key());
    let sig = again.sign(b"message");
    assert!(id.public_key().verify(b"message", &sig));
    assert!(!id.public_key().verify(b"messagE", &sig));
}

#[test]
fn device_key_from_damaged_bytes_is_refused() {
    let id = DeviceIdentity::generate().unwrap();
    let mut bytes = id.pkcs8().to_vec();
    bytes.truncate(bytes.len() - 1);
    assert!(matches!(
        DeviceIdentity::from_pkcs8(&bytes),
        Err(KeyError::Ed25519Rejected { .. })
    ));
    assert!(DeviceIdentity::from_pkcs8(&[]).is_err());
}

#[test]
fn centre_keys_survive_their_key_file() {
    let keys = CentreKeys::generate().unwrap();
    let file = keys.to_key_file_bytes();
    let again = CentreKeys::from_key_file_bytes(&file).unwrap();
    assert_eq!(keys.public_key(), again.public_key());
    assert_eq!(
        keys.hpke_private().to_bytes(),
        again.hpke_private().to_bytes()
    );
}

#[test]
fn a_damaged_key_file_is_refused_with_its_reason() {
    let file = CentreKeys::generate().unwrap().to_key_file_bytes().to_vec();
    for len in 0..file.len() {
        assert!(
            CentreKeys::from_key_file_bytes(&file[..len]).is_err(),
            "cut at {len}"
        );
    }
    let mut longer = file.clone();
    longer.push(0);
    assert!(matches!(
        CentreKeys::from_key_file_bytes(&longer),
        Err(KeyError::WrongLength { .. })
    ));
    let mut magic = file.clone();
    magic[0] ^= 1;
    assert!(matches!(
        CentreKeys::from_key_file_bytes(&magic),
        Err(KeyError::BadMagic { .. })
    ));
    let mut version = file;
    version[5] = 2;
    assert!(matches!(
        CentreKeys::from_key_file_bytes(&version),
        Err(KeyError::UnknownVersion { found: 2, .. })
    ));
}

#[test]
fn centre_public_key_round_trips_as_bytes_hex_and_json() {
    let public = CentreKeys::generate().unwrap().public_key();
    assert_eq!(
        CentrePublicKey::from_bytes(&public.to_bytes()).unwrap(),
        public
    );
    assert_eq!(CentrePublicKey::from_hex(&public.to_hex()).unwrap(), public);
    let json = serde_json::to_string(&public).unwrap();
    assert_eq!(
        serde_json::from_str::<CentrePublicKey>(&json).unwrap(),
        public
    );
    assert!(CentrePublicKey::from_bytes(&public.to_bytes()[..69]).is_err());
    assert!(CentrePublicKey::from_hex("zz").is_err());
}

#[test]
fn key_ids_and_fingerprints_come_from_sha256_of_the_public_key() {
    let device = DeviceIdentity::generate().unwrap().public_key();
    let digest = ring::digest::digest(&ring::digest::SHA256, device.as_bytes());
    assert_eq!(&device.key_id()[..], &digest.as_ref()[..8]);
    let fp = device.fingerprint();
    assert_eq!(fp.split(' ').count(), 16);
    assert_eq!(fp.replace(' ', ""), hex::encode(digest.as_ref()));
    assert!(fp.starts_with(&device.short_fingerprint()));
    assert_eq!(
        device.short_fingerprint().len(),
        19,
        "four groups of four and three spaces"
    );

    let centre = CentreKeys::generate().unwrap().public_key();
    let mut both = centre.x25519().to_vec();
    both.extend_from_slice(centre.ed25519());
    assert_eq!(centre.key_id(), key_id_of(&both));
}

#[test]
fn group_hex_groups_by_four() {
    assert_eq!(group_hex(&[0xab, 0x12, 0xcd, 0x34, 0x56]), "ab12 cd34 56");
    assert_eq!(group_hex(&[]), "");
}

#[test]
fn a_typed_fingerprint_matches_in_full_or_its_first_sixteen_digits() {
    let key = CentreKeys::generate().unwrap().public_key();
    let full = key.fingerprint();
    assert!(key.matches_fingerprint(&full));
    assert!(key.matches_fingerprint(&full.to_uppercase().replace(' ', "-")));
    assert!(key.matches_fingerprint(&key.short_fingerprint()));
    assert!(
        !key.matches_fingerprint(&full[..14]),
        "fewer than 16 digits"
    );
    assert!(!key.matches_fingerprint(""));
    let other = CentreKeys::generate().unwrap().public_key();
    assert!(!key.matches_fingerprint(&other.fingerprint()));
    assert!(!key.matches_fingerprint(&other.short_fingerprint()));
    assert!(
        !key.matches_fingerprint(&format!("{full} 00")),
        "longer than the fingerprint"
    );
}

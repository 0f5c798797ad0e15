//! Signed acknowledgements, and the fuzz entry point fed many damaged bundles.

mod common;

use common::World;
use ladoshka_seal::{fuzz_parse_and_open, Ack, AckError, CentreKeys, ACK_LEN, MIN_BUNDLE_LEN};

fn ack(world: &World) -> Ack {
    Ack {
        device_id: world.device_id,
        highest_contiguous_seq: 4_217,
        last_bundle_hash: [0x5a; 32],
        issued_at_unix: 1_772_000_000,
    }
}

#[test]
fn an_ack_round_trips() {
    let world = World::new();
    let bytes = ack(&world).sign(&world.centre);
    assert_eq!(bytes.len(), ACK_LEN);
    assert_eq!(&bytes[..4], b"LDSA");
    assert_eq!(
        Ack::verify(&bytes, &world.centre.public_key()).unwrap(),
        ack(&world)
    );
    let negative = Ack {
        issued_at_unix: -1,
        highest_contiguous_seq: 0,
        ..ack(&world)
    };
    let bytes = negative.sign(&world.centre);
    assert_eq!(
        Ack::verify(&bytes, &world.centre.public_key()).unwrap(),
        negative
    );
}

#[test]
fn a_tampered_ack_is_refused() {
    let world = World::new();
    let bytes = ack(&world).sign(&world.centre);
    let public = world.centre.public_key();
    for index in 0..bytes.len() {
        let mut tampered = bytes;
        tampered[index] ^= 0x01;
        assert!(
            Ack::verify(&tampered, &public).is_err(),
            "byte {index} changed was accepted"
        );
    }
    // The acknowledged sequence number raised: the signature no longer fits.
    let mut raised = bytes;
    raised[30..38].copy_from_slice(&999_999u64.to_be_bytes());
    assert_eq!(Ack::verify(&raised, &public), Err(AckError::BadSignature));
    assert_eq!(
        Ack::verify(&bytes[..ACK_LEN - 1], &public),
        Err(AckError::WrongLength {
            found: ACK_LEN - 1,
            expected: ACK_LEN
        })
    );
    // The hash of the last bundle held changed: another chain, and the signature says so.
    let mut other_chain = bytes;
    other_chain[38] ^= 0x80;
    assert_eq!(
        Ack::verify(&other_chain, &public),
        Err(AckError::BadSignature)
    );
    // A version-1 acknowledgement (110 bytes, no hash) says which version it is.
    let mut v1 = bytes[..110].to_vec();
    v1[4..6].copy_from_slice(&1u16.to_be_bytes());
    assert_eq!(
        Ack::verify(&v1, &public),
        Err(AckError::UnknownVersion { found: 1, known: 2 })
    );
    let mut magic = bytes;
    magic[0] = b'X';
    assert_eq!(Ack::verify(&magic, &public), Err(AckError::BadMagic));
    let mut version = bytes;
    version[5] = 9;
    assert_eq!(
        Ack::verify(&version, &public),
        Err(AckError::UnknownVersion { found: 9, known: 2 })
    );
}

#[test]
fn an_ack_from_another_centre_is_refused() {
    let world = World::new();
    let other = CentreKeys::generate().unwrap();
    let bytes = ack(&world).sign(&other);
    assert!(matches!(
        Ack::verify(&bytes, &world.centre.public_key()),
        Err(AckError::OtherCentre { .. })
    ));
}

/// xorshift64*: repeatable "random" damage without another dependency.
struct Damage(u64);

impl Damage {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn the_fuzz_entry_point_survives_damaged_bundles_and_junk() {
    let world = World::new();
    let (_, bundle) = world.bundle(b"[{\"seq\":1}]");
    let ack = ack(&world).sign(&world.centre);

    fuzz_parse_and_open(&[]);
    fuzz_parse_and_open(&bundle);
    fuzz_parse_and_open(&ack);
    fuzz_parse_and_open(&world.centre.public_key().to_bytes());
    fuzz_parse_and_open(&world.centre.to_key_file_bytes());
    fuzz_parse_and_open(world.device.pkcs8());
    fuzz_parse_and_open(&vec![0xff; MIN_BUNDLE_LEN]);

    let mut damage = Damage(0x9e37_79b9_7f4a_7c15);
    for _ in 0..1_500 {
        let mut input = bundle.clone();
        match damage.below(4) {
            0 => {
                let at = damage.below(input.len());
                input[at] ^= 1 << damage.below(8);
            }
            1 => input.truncate(damage.below(input.len())),
            2 => {
                // A ciphertext length that lies.
                let at = ladoshka_seal::HEADER_LEN + 32;
                input[at..at + 4].copy_from_slice(&(damage.next() as u32).to_be_bytes());
            }
            _ => {
                let len = damage.below(300);
                input = (0..len).map(|_| damage.next() as u8).collect();
            }
        }
        fuzz_parse_and_open(&input);
    }
}

//! The HPKE suite of `ladoshka_seal::suite` against RFC 9180's own test vector for it.
//!
//! Data: RFC 9180 (Hybrid Public Key Encryption, February 2022), Appendix A.2.1,
//! "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305", Base Setup Information
//! (mode 0, kem_id 32, kdf_id 1, aead_id 3), with its Encryptions (A.2.1.1) and Exported Values
//! (A.2.1.2), copied from the RFC's text.
//!
//! What the `hpke` crate's public API does not let us check directly, and how it is covered:
//! - The key schedule's intermediate values (shared_secret, key_schedule_context, secret, key,
//!   base_nonce, exporter_secret) and the per-message nonces are not exposed. Every ciphertext
//!   and exported value below is a function of them, so they are checked through those.
//! - A context's sequence number cannot be set, and an opening context advances only on success,
//!   so the receiver cannot skip from sequence 2 to 4, 255 or 256. The sender side, made
//!   deterministic, fills the gaps: hpke draws the ephemeral key as `DeriveKeyPair(random(32))`,
//!   so a "random" source that yields exactly `ikmE` reproduces the vector's `skE`/`enc`. The
//!   sender's ciphertexts at the listed sequence numbers must equal the vector's; the receiver
//!   opens the vector's ciphertexts there and the sender's own ones in between.
//! - hpke serialises X25519 private keys clamped (RFC 9180 §7.1.2 says SerializePrivateKey must
//!   clamp), while the vector prints `skEm`/`skRm` unclamped; they are compared clamped.

use std::convert::Infallible;

use hpke::rand_core::{TryCryptoRng, TryRng};
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use ladoshka_seal::suite::{Aead, Kdf, Kem};

const INFO: &str = "4f6465206f6e2061204772656369616e2055726e";
const IKM_E: &str = "909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b";
const PK_EM: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
const SK_EM: &str = "f4ec9b33b792c372c1d2c2063507b684ef925b8c75a42dbcbf57d63ccd381600";
const IKM_R: &str = "1ac01f181fdf9f352797655161c58b75c656a6cc2716dcb66372da835542e1df";
const PK_RM: &str = "4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a";
const SK_RM: &str = "8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb";
const ENC: &str = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";

const PT: &str = "4265617574792069732074727574682c20747275746820626561757479";
/// (sequence number, aad, ct)
const ENCRYPTIONS: [(u64, &str, &str); 6] = [
    (
        0,
        "436f756e742d30",
        "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28",
    ),
    (
        1,
        "436f756e742d31",
        "6b53c051e4199c518de79594e1c4ab18b96f081549d45ce015be002090bb119e85285337cc95ba5f59992dc98c",
    ),
    (
        2,
        "436f756e742d32",
        "71146bd6795ccc9c49ce25dda112a48f202ad220559502cef1f34271e0cb4b02b4f10ecac6f48c32f878fae86b",
    ),
    (
        4,
        "436f756e742d34",
        "63357a2aa291f5a4e5f27db6baa2af8cf77427c7c1a909e0b37214dd47db122bb153495ff0b02e9e54a50dbe16",
    ),
    (
        255,
        "436f756e742d323535",
        "18ab939d63ddec9f6ac2b60d61d36a7375d2070c9b683861110757062c52b8880a5f6b3936da9cd6c23ef2a95c",
    ),
    (
        256,
        "436f756e742d323536",
        "7a4a13e9ef23978e2c520fd4d2e757514ae160cd0cd05e556ef692370ca53076214c0c40d4c728d6ed9e727a5b",
    ),
];
/// (exporter_context, exported_value), L = 32
const EXPORTS: [(&str, &str); 3] = [
    (
        "",
        "4bbd6243b8bb54cec311fac9df81841b6fd61f56538a775e7c80a9f40160606e",
    ),
    (
        "00",
        "8c1df14732580e5501b00f82b10a1647b40713191b7c1240ac80e2b68808ba69",
    ),
    (
        "54657374436f6e74657874",
        "5acb09211139c43b3090489a9da433e8a30ee7188ba8b0a9a1ccf0c229283e53",
    ),
];

fn h(text: &str) -> Vec<u8> {
    hex::decode(text).expect("hex in the test vector")
}

/// X25519 clamping (RFC 7748 §5), as hpke applies it to serialised private keys.
fn clamped(hex_key: &str) -> Vec<u8> {
    let mut k = h(hex_key);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    k
}

/// A "random" source that yields the vector's ikmE, once.
struct FixedIkm(Vec<u8>);

impl TryRng for FixedIkm {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        unreachable!("hpke only fills bytes for an ephemeral key")
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        unreachable!("hpke only fills bytes for an ephemeral key")
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        assert_eq!(dst.len(), self.0.len(), "hpke asks for exactly Nsk bytes");
        dst.copy_from_slice(&self.0);
        self.0.clear();
        Ok(())
    }
}

impl TryCryptoRng for FixedIkm {}

#[test]
fn the_suite_is_the_one_of_appendix_a_2() {
    assert_eq!(<Kem as hpke::Kem>::KEM_ID, 0x0020);
    assert_eq!(<Kdf as hpke::kdf::Kdf>::KDF_ID, 0x0001);
    assert_eq!(<Aead as hpke::aead::Aead>::AEAD_ID, 0x0003);
}

#[test]
fn derive_key_pair_matches_the_vector() {
    let (sk_r, pk_r) = Kem::derive_keypair(&h(IKM_R));
    assert_eq!(pk_r.to_bytes().as_slice(), h(PK_RM).as_slice(), "pkRm");
    assert_eq!(
        sk_r.to_bytes().as_slice(),
        clamped(SK_RM).as_slice(),
        "skRm"
    );
    let (sk_e, pk_e) = Kem::derive_keypair(&h(IKM_E));
    assert_eq!(pk_e.to_bytes().as_slice(), h(PK_EM).as_slice(), "pkEm");
    assert_eq!(
        sk_e.to_bytes().as_slice(),
        clamped(SK_EM).as_slice(),
        "skEm"
    );

    // The printed (unclamped) skRm deserialises to the same key.
    let sk_from_vector = <Kem as hpke::Kem>::PrivateKey::from_bytes(&h(SK_RM)).unwrap();
    assert_eq!(Kem::sk_to_pk(&sk_from_vector), pk_r);
}

#[test]
fn base_mode_encryptions_and_exports_match_the_vector() {
    let info = h(INFO);
    let pt = h(PT);
    let (sk_r, pk_r) = Kem::derive_keypair(&h(IKM_R));

    // Receiver, from the vector's enc.
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(&h(ENC)).unwrap();
    let mut receiver =
        hpke::setup_receiver::<Aead, Kdf, Kem>(&OpModeR::Base, &sk_r, &enc, &info).unwrap();

    // Sender, deterministic through ikmE.
    let (enc_s, mut sender) = hpke::setup_sender_with_rng::<Aead, Kdf, Kem>(
        &OpModeS::Base,
        &pk_r,
        &info,
        &mut FixedIkm(h(IKM_E)),
    )
    .unwrap();
    assert_eq!(enc_s.to_bytes().as_slice(), h(ENC).as_slice(), "enc");

    let last = ENCRYPTIONS.last().unwrap().0;
    let mut listed = ENCRYPTIONS.iter().peekable();
    let mut checked = 0;
    for seq in 0..=last {
        match listed.next_if(|(s, _, _)| *s == seq) {
            Some((_, aad, ct)) => {
                let (aad, ct) = (h(aad), h(ct));
                assert_eq!(
                    sender.seal(&pt, &aad).unwrap(),
                    ct,
                    "sender ct at sequence {seq}"
                );
                assert_eq!(
                    receiver.open(&ct, &aad).unwrap(),
                    pt,
                    "opened pt at sequence {seq}"
                );
                checked += 1;
            }
            None => {
                // Not printed in the RFC: move both contexts on with a message of our own.
                let aad = format!("Count-{seq}").into_bytes();
                let ct = sender.seal(&pt, &aad).unwrap();
                assert_eq!(receiver.open(&ct, &aad).unwrap(), pt, "sequence {seq}");
            }
        }
    }
    assert_eq!(checked, ENCRYPTIONS.len());

    for (context, value) in EXPORTS {
        let mut from_receiver = [0u8; 32];
        receiver.export(&h(context), &mut from_receiver).unwrap();
        assert_eq!(
            from_receiver.as_slice(),
            h(value).as_slice(),
            "export {context:?}"
        );
        let mut from_sender = [0u8; 32];
        sender.export(&h(context), &mut from_sender).unwrap();
        assert_eq!(from_sender, from_receiver);
    }
}

#[test]
fn a_changed_vector_ciphertext_or_aad_does_not_open() {
    let (sk_r, _) = Kem::derive_keypair(&h(IKM_R));
    let enc = <Kem as hpke::Kem>::EncappedKey::from_bytes(&h(ENC)).unwrap();
    let (_, aad, ct) = ENCRYPTIONS[0];
    let mut bad_ct = h(ct);
    bad_ct[0] ^= 1;
    let mut receiver =
        hpke::setup_receiver::<Aead, Kdf, Kem>(&OpModeR::Base, &sk_r, &enc, &h(INFO)).unwrap();
    assert!(receiver.open(&bad_ct, &h(aad)).is_err());
    assert!(receiver.open(&h(ct), b"Count-1").is_err());
    // Failed opens do not move the context on: the right message still opens at sequence 0.
    assert_eq!(receiver.open(&h(ct), &h(aad)).unwrap(), h(PT));
}

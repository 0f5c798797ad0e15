//! The cryptographic core of Ladoshka's sealed sync, shared by the kiosk (`ladoshka`) and the
//! centre's receiver (`ladoshka-centre`).
//!
//! A kiosk seals a contiguous range of its outbox rows into a *bundle*: encrypted with HPKE
//! (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to the
//! centre's public key, with the header as associated data, and signed with the device's Ed25519
//! key. The centre parses it strictly, checks that the device is enrolled and the signature is
//! its own, and only then decrypts. It answers with a signed acknowledgement.
//!
//! The kiosk cannot open what it sealed: [`open()`] needs the centre's private [`CentreKeys`],
//! and nothing turns a [`CentrePublicKey`] into those:
//!
//! ```compile_fail,E0308
//! use ladoshka_seal::{open, parse, CentreKeys, DeviceStatus};
//! fn kiosk_tries(bundle: &[u8], centre: &ladoshka_seal::CentrePublicKey) {
//!     let parsed = parse(bundle, 1 << 20).unwrap();
//!     // A public key is not the centre's keys: this does not compile.
//!     let _ = open(&parsed, |_| DeviceStatus::Unknown, centre);
//! }
//! ```
//!
//! The other way, the centre sends each kiosk a signed configuration package, sealed with HPKE
//! to the kiosk's own X25519 key ([`DeviceKemKeys`]); see [`ConfigPackage`].
//!
//! Nothing here does I/O or knows the kiosk's store; see the README for the wire format.

mod ack;
mod ack_check;
mod ack_request;
mod bundle;
mod config;
mod device_signed;
mod enrolment;
mod fuzz;
mod header;
mod keys;
mod open;
mod payload;
mod rng;
mod seal;
pub mod suite;
mod update;
mod wire;

pub use ack::{Ack, AckError, ACK_LEN, ACK_VERSION};
pub use ack_check::{check_ack, AckMismatch};
pub use ack_request::AckRequest;
pub use bundle::{
    bundle_hash, parse, parse_prefix, ParsedBundle, LENGTH_LEN, MIN_BUNDLE_LEN, OVERHEAD_LEN,
    PREFIX_LEN,
};
pub use config::{
    ConfigError, ConfigHeader, ConfigPackage, ConfigRefusal, ConfigRequest, DeviceKemRegistration,
    OpenedConfig, CONFIG_FORMAT_VERSION, CONFIG_HEADER_LEN, CONFIG_HPKE_INFO, CONFIG_MAGIC,
    MAX_CONFIG_PACKAGE_LEN, MAX_CONFIG_PAYLOAD,
};
pub use device_signed::DeviceSigned;
pub use enrolment::{EnrolmentRequest, EnrolmentResponse};
pub use fuzz::{fuzz_parse_and_open, FUZZ_MAX_LEN};
pub use header::{BundleHeader, BundleId, DeviceId, FORMAT_VERSION, HEADER_LEN, MAGIC};
pub use keys::{
    fingerprint_matches, fingerprint_of, group_hex, key_id_of, short_fingerprint_of, CentreKeys,
    CentrePublicKey, DeviceIdentity, DeviceKemKeys, DeviceKemPublicKey, DevicePublicKey, KeyError,
    KeyId, CENTRE_PUBLIC_KEY_LEN, DEVICE_KEM_PRIVATE_LEN, ED25519_PUBLIC_LEN, SIGNATURE_LEN,
    X25519_PUBLIC_LEN,
};
pub use open::{open, precheck, DeviceStatus, OpenError};
pub use payload::{check_rows, decode_rows, encode_rows, raw_body, OutboxRow, PayloadError};
pub use rng::{random_id, RandomnessError};
pub use seal::{seal, SealError, HPKE_INFO};
pub use update::{
    verified_manifest, FileDigest, Manifest, UpdatePublicKey, UpdateRefusal, UpdateSigningKey,
    MANIFEST_NAME, SIGNATURE_NAME, UPDATE_FILES,
};
pub use wire::ParseError;

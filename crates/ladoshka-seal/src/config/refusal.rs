//! Why a configuration package could not be made (on the centre) or was not applied (on a kiosk).
//!
//! A kiosk shows a [`ConfigRefusal`] to its operator, so each says what happened and what to do,
//! in the kiosk's terms. One variant, [`ConfigRefusal::AlreadyApplied`], is not a fault: the
//! package is the one the kiosk runs, and the caller treats it as nothing to do.

use crate::rng::RandomnessError;

/// Why a package was not applied. Nothing from it may be used.
///
/// The variants up to [`ConfigRefusal::TrailingBytes`] are about the form and say nothing of who
/// made the bytes; the ones after are checked in their order, and every one after
/// [`ConfigRefusal::BadSignature`] is about a package the centre really signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigRefusal {
    #[error(
        "the configuration package is {len} bytes, more than the {max} bytes a kiosk accepts: \
         it was not read; take the package for this kiosk from the centre again"
    )]
    TooLarge { len: usize, max: usize },

    #[error(
        "the configuration package ends inside its {field} ({needed} bytes needed, {available} \
         left): the file was cut short or the download broke off; copy it from the centre again"
    )]
    Truncated {
        field: &'static str,
        needed: usize,
        available: usize,
    },

    #[error(
        "this is not a Ladoshka configuration package: it starts with {found:02x?}, not \
         \"LDSC\"; check that the right file was chosen"
    )]
    BadMagic { found: [u8; 4] },

    #[error(
        "configuration package format version {found} is not known to this kiosk (it reads \
         version {known}): update Ladoshka on this kiosk, then apply the package again"
    )]
    UnknownVersion { found: u16, known: u16 },

    #[error(
        "the configuration package's ciphertext is {len} bytes, shorter than its 16-byte \
         authentication tag: the package is damaged; copy it from the centre again"
    )]
    CiphertextTooShort { len: usize },

    #[error(
        "{count} unexpected bytes follow the configuration package's signature: the file was \
         altered or holds more than one package; export it from the centre again"
    )]
    TrailingBytes { count: usize },

    #[error(
        "the configuration package was signed by centre key {found}, not by the centre this \
         kiosk is enrolled with ({ours}): it comes from another centre and was not applied; \
         take the package from this kiosk's own centre"
    )]
    OtherCentre { found: String, ours: String },

    #[error(
        "the configuration package is not signed (its signature is all zeros): it did not come \
         from the centre and was not applied; export it from the centre again"
    )]
    Unsigned,

    #[error(
        "the configuration package's signature does not verify with the centre's key: it was \
         altered or forged and was not applied; take a fresh package from the centre"
    )]
    BadSignature,

    #[error(
        "this configuration package is for kiosk {found}, not for this one ({ours}): it was not \
         applied; take the file named for this kiosk's device id"
    )]
    OtherDevice { found: String, ours: String },

    #[error(
        "this configuration package is older (version {serial}) than the one this kiosk runs \
         (version {applied}): it was not applied; take the newest package from the centre"
    )]
    Older { serial: u64, applied: u64 },

    #[error("this kiosk already runs configuration version {serial}: there is nothing to apply")]
    AlreadyApplied { serial: u64 },

    #[error(
        "the configuration package is signed by the centre but cannot be decrypted with this \
         kiosk's key: the centre sealed it to another key of this kiosk; sync once so the kiosk \
         registers its key again, then take a new package from the centre"
    )]
    Decryption,
}

/// Why the centre could not make a package. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "the configuration for this kiosk is {len} bytes, more than the {max} bytes one package \
         may carry: nothing was written; remove what the kiosk does not need (old rosters, \
         unused instruments) and publish again"
    )]
    PayloadTooLarge { len: usize, max: usize },

    #[error(transparent)]
    Randomness(#[from] RandomnessError),

    #[error(
        "HPKE could not encrypt to the kiosk's key ({reason}): the key registered for this kiosk \
         is unusable; have the kiosk register its key again (it does so when it syncs)"
    )]
    Encryption { reason: String },
}

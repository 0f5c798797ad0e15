//! The centre's secret files: the database key and the key file, written readable by the owner
//! only and never over an existing file, and read back from the data folder or from a systemd
//! credential.
//!
//! The database key is 32 random bytes from ring, kept as 64 hex digits and a newline; SQLCipher
//! takes it raw (`x'…'`), with no passphrase derivation.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// The operating system's random number generator failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system's random number generator failed; nothing was created: check the kernel's entropy source (getrandom) and try again")]
pub struct RandomnessFailed;

/// The raw key of `centre.db`.
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    pub fn generate() -> Result<Self, RandomnessFailed> {
        let mut key = Zeroizing::new([0u8; 32]);
        SystemRandom::new()
            .fill(key.as_mut())
            .map_err(|_| RandomnessFailed)?;
        Ok(Self(key))
    }

    /// Reads the file form: 64 hex digits, surrounding white space ignored.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, String> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "it is not text (expected 64 hex digits)".to_string())?;
        let text = text.trim();
        let mut key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text, key.as_mut()).map_err(|_| {
            format!(
                "expected 64 hex digits, found {} characters that are not a 32-byte key in hex",
                text.len()
            )
        })?;
        Ok(Self(key))
    }

    /// The file form: 64 hex digits and a newline.
    pub fn to_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut text = hex::encode(self.0.as_ref()).into_bytes();
        text.push(b'\n');
        Zeroizing::new(text)
    }

    /// A key for `purpose` derived from this one (HKDF-SHA256), e.g. the key of the row bodies
    /// kept in PostgreSQL, so the database key itself is only ever SQLCipher's.
    pub fn derive(
        &self,
        purpose: &'static [u8],
        algorithm: &'static ring::aead::Algorithm,
    ) -> ring::aead::UnboundKey {
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"ladoshka-centre")
            .extract(self.0.as_ref());
        let info = [purpose];
        let okm = prk
            .expand(&info, algorithm)
            .expect("a 32-byte output is within HKDF-SHA256's limit");
        ring::aead::UnboundKey::from(okm)
    }

    /// An HMAC-SHA256 key for `purpose` derived from this one (HKDF-SHA256).
    pub fn derive_hmac(&self, purpose: &'static [u8]) -> ring::hmac::Key {
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"ladoshka-centre")
            .extract(self.0.as_ref());
        let info = [purpose];
        let okm = prk
            .expand(&info, ring::hmac::HMAC_SHA256)
            .expect("a 32-byte output is within HKDF-SHA256's limit");
        ring::hmac::Key::from(okm)
    }

    /// The SQL literal SQLCipher takes as a raw key: `"x'…'"`.
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(self.0.as_ref())))
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<hidden>)")
    }
}

/// Writes a secret to a new file, mode 0600, and syncs it; refuses to replace a file.
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes a public file (mode 0644) that must not exist yet.
pub fn write_public_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Reads a secret file (at most 64 KiB: a key file is some 150 bytes).
pub fn read_secret_file(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    let len = fs::metadata(path)?.len();
    if len > 64 * 1024 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("it is {len} bytes, far too large for a key"),
        ));
    }
    Ok(Zeroizing::new(fs::read(path)?))
}

/// Whether group or others may read `path` (a key file that should be the owner's alone).
pub fn readable_by_others(path: &Path) -> bool {
    fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o077 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_key_round_trips_through_its_file_form() {
        let key = DbKey::generate().unwrap();
        let file = key.to_file_bytes();
        assert_eq!(file.len(), 65);
        let again = DbKey::from_file_bytes(&file).unwrap();
        assert_eq!(again.sqlcipher_literal(), key.sqlcipher_literal());
        assert!(key.sqlcipher_literal().starts_with("\"x'"));
        assert!(DbKey::from_file_bytes(b"abcd").is_err());
        assert!(DbKey::from_file_bytes(&[0xff; 64]).is_err());
        assert!(!format!("{key:?}").contains(&hex::encode(key.0.as_ref())));
    }

    #[test]
    fn secret_files_are_the_owners_alone_and_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.key");
        write_secret_file(&path, b"one").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(!readable_by_others(&path));
        assert_eq!(
            write_secret_file(&path, b"two").unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        assert_eq!(&read_secret_file(&path).unwrap()[..], b"one");
    }
}

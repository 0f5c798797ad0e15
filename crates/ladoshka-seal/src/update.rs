//! Signed updates of the kiosk's operating system. Whoever holds a USB stick must not be able to
//! replace what the kiosk boots, so an update folder carries a *manifest* — the image version
//! and the size and SHA-256 of each file — and an Ed25519 signature over it by a key the kiosk
//! was built to trust (`/usr/lib/ladoshka-kiosk/update-keys/*.pub`). The kiosk installs nothing
//! unless the signature is by one of those keys, the version is newer than the one it runs, and
//! every file has the size and digest the manifest names.
//!
//! This module is the pure part: the texts of the manifest, the signature and the keys, and the
//! checks. Reading and hashing the files is the caller's (`ladoshka update`), and so is the
//! order of the checks, cheapest first: signature, version, then the files.

use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use zeroize::Zeroizing;

/// The files of an update folder, in the order the manifest lists them.
pub const UPDATE_FILES: [&str; 3] = ["root.img", "vmlinuz", "initrd.img"];
/// The manifest's file name in an update folder.
pub const MANIFEST_NAME: &str = "manifest";
/// The signature's file name in an update folder.
pub const SIGNATURE_NAME: &str = "manifest.sig";

const MANIFEST_FORMAT: &str = "ladoshka-kiosk-update 1";
const SIGNATURE_FORMAT: &str = "ladoshka-update-signature-v1";
const PUBLIC_KEY_FORMAT: &str = "ladoshka-update-key-v1";

/// Why an update is not installed. Each says what was found and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateRefusal {
    #[error("the update is not signed ({missing} is missing): nothing was installed. Use an update folder made by `make image`, which signs it")]
    Unsigned { missing: String },
    #[error("the update's {what} is malformed ({reason}): nothing was installed. Copy the update folder again")]
    Malformed { what: &'static str, reason: String },
    #[error("the update is signed by key {signer}, which this kiosk does not trust: nothing was installed. Only updates signed by the region's signing key are accepted (kiosk-image/README.md, «Signed updates»)")]
    Foreign { signer: String },
    #[error("the update's {name} does not match its signed manifest ({reason}): it was changed or damaged after signing, nothing was installed. Copy the update folder again from the original")]
    Tampered { name: String, reason: String },
    #[error("the update is version {offered}, not newer than the running version {running}: nothing was installed. Old versions are never installed again")]
    Older { offered: u64, running: u64 },
    #[error("this kiosk trusts no update signing key ({keys}): nothing was installed. The image must carry the region's public key")]
    NoTrustedKeys { keys: String },
}

/// One file as the manifest names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    pub name: String,
    pub size: u64,
    pub sha256: [u8; 32],
}

/// What an update folder holds, as signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The image version, a number that grows with each build (`YYYYMMDDHHMM`).
    pub version: u64,
    pub files: Vec<FileDigest>,
}

impl Manifest {
    /// The manifest's text: the format line, the version, one `sha256 HEX SIZE NAME` line per file.
    pub fn to_text(&self) -> String {
        let mut text = format!("{MANIFEST_FORMAT}\nversion {}\n", self.version);
        for f in &self.files {
            text.push_str(&format!(
                "sha256 {} {} {}\n",
                hex::encode(f.sha256),
                f.size,
                f.name
            ));
        }
        text
    }

    /// Reads a manifest's text; every file of [`UPDATE_FILES`] must be named once.
    pub fn parse(text: &str) -> Result<Self, UpdateRefusal> {
        let bad = |reason: String| UpdateRefusal::Malformed {
            what: "manifest",
            reason,
        };
        let mut lines = text.lines();
        if lines.next() != Some(MANIFEST_FORMAT) {
            return Err(bad(format!("the first line is not «{MANIFEST_FORMAT}»")));
        }
        let version = lines
            .next()
            .and_then(|l| l.strip_prefix("version "))
            .and_then(|v| v.parse::<u64>().ok())
            .ok_or_else(|| bad("the second line is not «version NUMBER»".into()))?;
        let mut files = Vec::new();
        for line in lines {
            let parts: Vec<&str> = line.split(' ').collect();
            let [kind, digest, size, name] = parts[..] else {
                return Err(bad(format!("«{line}» is not «sha256 HEX SIZE NAME»")));
            };
            let sha256 = hex::decode(digest)
                .ok()
                .and_then(|d| <[u8; 32]>::try_from(d).ok())
                .filter(|_| kind == "sha256")
                .ok_or_else(|| bad(format!("«{line}» has no SHA-256 digest")))?;
            let size = size
                .parse()
                .map_err(|_| bad(format!("«{line}» has no size in bytes")))?;
            if !UPDATE_FILES.contains(&name) || files.iter().any(|f: &FileDigest| f.name == name) {
                return Err(bad(format!(
                    "«{name}» is not an update file, or is named twice"
                )));
            }
            files.push(FileDigest {
                name: name.to_owned(),
                size,
                sha256,
            });
        }
        if let Some(missing) = UPDATE_FILES
            .iter()
            .find(|n| !files.iter().any(|f| f.name == **n))
        {
            return Err(bad(format!("it names no {missing}")));
        }
        Ok(Self { version, files })
    }

    /// The file named `name`.
    pub fn file(&self, name: &str) -> Option<&FileDigest> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Refuses a version that is not newer than the running one.
    pub fn check_newer_than(&self, running: u64) -> Result<(), UpdateRefusal> {
        if self.version > running {
            Ok(())
        } else {
            Err(UpdateRefusal::Older {
                offered: self.version,
                running,
            })
        }
    }

    /// Refuses a file whose size or digest differs from what the manifest names.
    pub fn check_file(
        &self,
        name: &str,
        size: u64,
        sha256: &[u8; 32],
    ) -> Result<(), UpdateRefusal> {
        let tampered = |reason: String| UpdateRefusal::Tampered {
            name: name.to_owned(),
            reason,
        };
        let expected = self
            .file(name)
            .ok_or_else(|| tampered("the manifest does not name it".into()))?;
        if expected.size != size {
            return Err(tampered(format!("{size} bytes, signed {}", expected.size)));
        }
        if &expected.sha256 != sha256 {
            return Err(tampered("its SHA-256 digest differs".into()));
        }
        Ok(())
    }
}

/// A public key the kiosk trusts for updates (`NAME.pub`: one line of text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdatePublicKey([u8; 32]);

impl UpdatePublicKey {
    /// Reads a `.pub` file's text.
    pub fn parse(text: &str) -> Result<Self, UpdateRefusal> {
        text.trim()
            .strip_prefix(PUBLIC_KEY_FORMAT)
            .and_then(|rest| hex::decode(rest.trim()).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .map(Self)
            .ok_or_else(|| UpdateRefusal::Malformed {
                what: "public key",
                reason: format!("it is not «{PUBLIC_KEY_FORMAT} HEX» with 64 hexadecimal digits"),
            })
    }

    /// The `.pub` file's text.
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_KEY_FORMAT} {}\n", hex::encode(self.0))
    }

    /// The first 16 hexadecimal digits, to name the key in messages.
    pub fn short(&self) -> String {
        hex::encode(&self.0[..8])
    }
}

/// The private key that signs updates, held by whoever builds a region's images.
pub struct UpdateSigningKey(Ed25519KeyPair);

impl UpdateSigningKey {
    /// A new key as PKCS#8 bytes (what `ladoshka update keygen` writes).
    pub fn generate_pkcs8() -> Result<Zeroizing<Vec<u8>>, crate::RandomnessError> {
        Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map(|d| Zeroizing::new(d.as_ref().to_vec()))
            .map_err(|_| crate::RandomnessError)
    }

    /// The key from its PKCS#8 bytes.
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self, UpdateRefusal> {
        Ed25519KeyPair::from_pkcs8(pkcs8)
            .map(Self)
            .map_err(|e| UpdateRefusal::Malformed {
                what: "signing key",
                reason: format!("it is not an Ed25519 PKCS#8 key ({e})"),
            })
    }

    pub fn public(&self) -> UpdatePublicKey {
        let mut k = [0u8; 32];
        k.copy_from_slice(self.0.public_key().as_ref());
        UpdatePublicKey(k)
    }

    /// The signature file's text for a manifest's text: the signer's public key and the
    /// signature, so a refusal can name the key.
    pub fn sign(&self, manifest: &str) -> String {
        let sig = self.0.sign(manifest.as_bytes());
        format!(
            "{SIGNATURE_FORMAT} {} {}\n",
            hex::encode(self.public().0),
            hex::encode(sig.as_ref())
        )
    }
}

/// The manifest, once its signature is by one of `trusted`.
pub fn verified_manifest(
    manifest: &str,
    signature: &str,
    trusted: &[UpdatePublicKey],
) -> Result<Manifest, UpdateRefusal> {
    let bad = |reason: &str| UpdateRefusal::Malformed {
        what: "signature",
        reason: reason.to_owned(),
    };
    let parts: Vec<&str> = signature.split_whitespace().collect();
    let [format, signer, sig] = parts[..] else {
        return Err(bad("it is not «FORMAT KEY SIGNATURE»"));
    };
    if format != SIGNATURE_FORMAT {
        return Err(bad("its format is unknown"));
    }
    let signer = hex::decode(signer)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(UpdatePublicKey)
        .ok_or_else(|| bad("the signer's key is not 64 hexadecimal digits"))?;
    let sig = hex::decode(sig).map_err(|_| bad("the signature is not hexadecimal"))?;
    // The key named in the file only chooses which trusted key to try; a key that is not
    // trusted is refused whatever the signature.
    if !trusted.contains(&signer)
        || UnparsedPublicKey::new(&ED25519, signer.0)
            .verify(manifest.as_bytes(), &sig)
            .is_err()
    {
        return Err(UpdateRefusal::Foreign {
            signer: signer.short(),
        });
    }
    Manifest::parse(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> UpdateSigningKey {
        UpdateSigningKey::from_pkcs8(&UpdateSigningKey::generate_pkcs8().unwrap()).unwrap()
    }

    fn manifest(version: u64) -> Manifest {
        Manifest {
            version,
            files: UPDATE_FILES
                .iter()
                .enumerate()
                .map(|(i, n)| FileDigest {
                    name: (*n).to_owned(),
                    size: 100 + i as u64,
                    sha256: [i as u8; 32],
                })
                .collect(),
        }
    }

    #[test]
    fn a_signed_manifest_reads_back_and_its_checks_hold() {
        let k = key();
        let m = manifest(202612071830);
        let text = m.to_text();
        let got = verified_manifest(&text, &k.sign(&text), &[k.public()]).unwrap();
        assert_eq!(got, m);
        assert_eq!(got.check_newer_than(202612010000), Ok(()));
        assert!(matches!(
            got.check_newer_than(202612071830),
            Err(UpdateRefusal::Older { .. })
        ));
        assert!(matches!(
            got.check_newer_than(202701010000),
            Err(UpdateRefusal::Older { .. })
        ));
        assert_eq!(got.check_file("vmlinuz", 101, &[1; 32]), Ok(()));
        assert!(matches!(
            got.check_file("vmlinuz", 102, &[1; 32]),
            Err(UpdateRefusal::Tampered { .. })
        ));
        assert!(matches!(
            got.check_file("vmlinuz", 101, &[2; 32]),
            Err(UpdateRefusal::Tampered { .. })
        ));
        let public = k.public();
        assert_eq!(UpdatePublicKey::parse(&public.to_text()), Ok(public));
    }

    #[test]
    fn a_foreign_key_or_a_changed_manifest_is_refused() {
        let (k, other) = (key(), key());
        let text = manifest(5).to_text();
        let sig = k.sign(&text);
        assert!(matches!(
            verified_manifest(&text, &other.sign(&text), &[k.public()]),
            Err(UpdateRefusal::Foreign { .. })
        ));
        let raised = text.replace("version 5", "version 6");
        assert!(matches!(
            verified_manifest(&raised, &sig, &[k.public()]),
            Err(UpdateRefusal::Foreign { .. })
        ));
        // A signature naming a trusted key but made by another is refused too.
        let forged = other
            .sign(&text)
            .replace(&hex::encode(other.public().0), &hex::encode(k.public().0));
        assert!(matches!(
            verified_manifest(&text, &forged, &[k.public()]),
            Err(UpdateRefusal::Foreign { .. })
        ));
        assert!(matches!(
            verified_manifest(&text, "garbage", &[k.public()]),
            Err(UpdateRefusal::Malformed { .. })
        ));
    }

    #[test]
    fn a_manifest_that_misses_or_repeats_a_file_is_malformed() {
        let text = manifest(1).to_text();
        let short: String = text.lines().take(4).map(|l| format!("{l}\n")).collect();
        assert!(matches!(
            Manifest::parse(&short),
            Err(UpdateRefusal::Malformed { .. })
        ));
        let twice = format!("{text}{}\n", text.lines().nth(2).unwrap());
        assert!(matches!(
            Manifest::parse(&twice),
            Err(UpdateRefusal::Malformed { .. })
        ));
        assert!(Manifest::parse("ladoshka-kiosk-update 1\nversion x\n").is_err());
    }
}

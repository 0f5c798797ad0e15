//! Which certificate authorities the kiosk trusts when it talks to its centre over HTTPS.
//!
//! A centre may sit behind a certificate from the Russian Trusted Root CA (not in browsers'
//! built-in lists) or from its own internal CA. So the kiosk trusts the operating system's
//! certificate store (Debian's `ca-certificates`, where an administrator adds a CA with
//! `update-ca-certificates`; `SSL_CERT_FILE`/`SSL_CERT_DIR` also count), found by
//! `rustls-native-certs`, plus the CA file the kiosk's settings name (`ca_file` in
//! `kiosk.toml`, or `--ca-file`/`LADOSHKA_CA_FILE`). Only when the system has no store at all
//! and no file is named does it fall back to the roots built into the HTTP client.
//!
//! The file is read when the first request is made, not at start-up, and a file that cannot
//! be used stops every request with an error that names it: a kiosk told to trust a CA never
//! quietly talks without it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use ureq::tls::{Certificate, PemItem, RootCerts};

/// The CA file the kiosk's settings name, set once at start-up.
static CA_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();
/// The roots, loaded at the first request.
static ROOTS: OnceLock<Result<RootCerts, TrustError>> = OnceLock::new();

/// Why the kiosk cannot tell whom to trust.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustError {
    #[error("the centre's CA file {file} cannot be read ({reason}): nothing is sent. Put the CA's certificate (PEM) there, or remove ca_file from kiosk.toml")]
    Unreadable { file: String, reason: String },
    #[error("the centre's CA file {file} holds no PEM certificate («-----BEGIN CERTIFICATE-----»): nothing is sent. Put the CA's certificate there, or remove ca_file from kiosk.toml")]
    NoCertificate { file: String },
}

/// Names the CA file to trust besides the system's store (the first call counts).
pub fn set_ca_file(file: Option<PathBuf>) {
    let _ = CA_FILE.set(file);
}

/// The roots every client of this process uses.
pub fn roots() -> Result<RootCerts, TrustError> {
    ROOTS
        .get_or_init(|| {
            let file = CA_FILE.get().cloned().flatten();
            load(system_store(), file.as_deref())
        })
        .clone()
}

/// The system's certificates (empty when there is no store).
pub fn system_store() -> Vec<Certificate<'static>> {
    let found = rustls_native_certs::load_native_certs();
    for e in &found.errors {
        tracing::warn!("the system's certificate store: {e}");
    }
    found
        .certs
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect()
}

/// `system` and the certificates of `ca_file`; the client's built-in roots when both are empty.
pub fn load(
    mut system: Vec<Certificate<'static>>,
    ca_file: Option<&Path>,
) -> Result<RootCerts, TrustError> {
    if let Some(file) = ca_file {
        let name = file.display().to_string();
        let pem = std::fs::read(file).map_err(|e| TrustError::Unreadable {
            file: name.clone(),
            reason: e.to_string(),
        })?;
        let before = system.len();
        for item in ureq::tls::parse_pem(&pem) {
            match item {
                Ok(PemItem::Certificate(c)) => system.push(c),
                Ok(_) => {}
                Err(e) => {
                    return Err(TrustError::Unreadable {
                        file: name,
                        reason: e.to_string(),
                    })
                }
            }
        }
        if system.len() == before {
            return Err(TrustError::NoCertificate { file: name });
        }
        tracing::info!(file = %name, certificates = system.len() - before, "the centre's CA file is trusted");
    }
    if system.is_empty() {
        tracing::warn!("no system certificate store and no ca_file: the HTTP client's built-in roots are trusted");
        return Ok(RootCerts::WebPki);
    }
    Ok(RootCerts::Specific(Arc::new(system)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_file_must_hold_a_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        assert!(matches!(
            load(vec![], Some(&missing)),
            Err(TrustError::Unreadable { .. })
        ));
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        assert!(matches!(
            load(vec![], Some(&empty)),
            Err(TrustError::NoCertificate { .. })
        ));
        assert!(matches!(load(vec![], None), Ok(RootCerts::WebPki)));
    }
}

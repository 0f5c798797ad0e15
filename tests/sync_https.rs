//! Issue 22 §5: a centre behind HTTPS whose certificate chains to a CA the HTTP client's built-in
//! web roots do not have (the Russian Trusted Root CA, a centre's own CA). A test CA made here
//! signs the certificate of a TLS front (tokio-rustls) before the in-process test centre. The
//! kiosk refuses it while nothing trusts that CA; it reaches the centre once the CA is in the
//! operating system's store (`SSL_CERT_FILE`, as `update-ca-certificates` would leave it), or
//! named by `ca_file` in `kiosk.toml`, or by `--ca-file`; a `ca_file` that holds no certificate
//! stops the sync with a line that names it.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{printed as text, run, TempKiosk};
use ladoshka::sync::{trust, CentreClient, HttpError};
use ladoshka_centre_testing::TestCentre;
use tokio_rustls::rustls;

/// A test CA and the TLS settings of a server for `localhost` whose certificate it signed.
struct TestCa {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn test_ca() -> TestCa {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(
        DnType::CommonName,
        "Ladoshka test CA (Russian Trusted Root stand-in)",
    );
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(leaf_key.serialize_der()).into();
    let server = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .unwrap();
    TestCa {
        ca_pem: ca.pem(),
        server: Arc::new(server),
    }
}

/// A TLS front on a free loopback port forwarding to the plain HTTP centre at `backend`; its
/// runtime lives as long as the returned value.
fn tls_front(
    config: Arc<rustls::ServerConfig>,
    backend: std::net::SocketAddr,
) -> (tokio::runtime::Runtime, u16) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_io()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    rt.spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: nothing to forward.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (rt, port)
}

/// What a request to the centre gave: a refusal of a bundle that is not one means the
/// connection was trusted and the centre itself answered.
fn reached(client: &CentreClient) -> Result<u16, String> {
    match client.send_bundle(b"not a bundle") {
        Err(HttpError::Refused { status, .. }) => Ok(status),
        Err(e) => Err(e.to_string()),
        Ok(_) => Ok(200),
    }
}

fn enrol_args<'a>(url: &'a str, token: &'a str, fingerprint: &'a str) -> Vec<&'a str> {
    vec![
        "enrol",
        "--centre",
        url,
        "--token",
        token,
        "--fingerprint",
        fingerprint,
    ]
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_centre_with_its_own_ca_is_reached_once_the_ca_is_trusted_and_never_before() {
    let ca = test_ca();
    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let (_front, port) = tls_front(ca.server.clone(), server.addr);
    let url = format!("https://localhost:{port}");
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("centre-ca.pem");
    write(&ca_file, &ca.ca_pem);

    // The client's built-in web roots, and a system store without the CA: refused.
    let builtin = CentreClient::trusting(&url, Ok(ureq::tls::RootCerts::WebPki));
    let refused = reached(&builtin).unwrap_err();
    assert!(refused.contains("cannot be reached"), "{refused}");
    assert!(refused.to_lowercase().contains("certificate"), "{refused}");
    let system = CentreClient::trusting(&url, trust::load(trust::system_store(), None));
    assert!(
        reached(&system).is_err(),
        "the test CA is in no system store"
    );

    // The CA file named: the centre answers through TLS.
    let named = CentreClient::trusting(&url, trust::load(trust::system_store(), Some(&ca_file)));
    assert_eq!(reached(&named), Ok(400));

    // The operating system's store holding the CA (rustls-native-certs reads SSL_CERT_FILE
    // first, as it reads /etc/ssl/certs/ca-certificates.crt on a kiosk).
    let bundle = dir.path().join("ca-certificates.crt");
    write(&bundle, &ca.ca_pem);
    std::env::set_var("SSL_CERT_FILE", &bundle);
    let store = trust::system_store();
    std::env::remove_var("SSL_CERT_FILE");
    let ca_der = ureq::tls::Certificate::from_pem(ca.ca_pem.as_bytes()).unwrap();
    assert!(
        store.iter().any(|c| c.der() == ca_der.der()),
        "the store holds the test CA"
    );
    let os = CentreClient::trusting(&url, trust::load(store, None));
    assert_eq!(reached(&os), Ok(400));

    // The kiosk's own command: refused without the CA, enrolled with `ca_file` in kiosk.toml,
    // and a broken ca_file stops the sync with a line naming the file.
    let k = TempKiosk::new();
    let fingerprint = c.centre.public_key().fingerprint();
    let token = c.token();
    let out = run(&k, &enrol_args(&url, &token, &fingerprint));
    assert!(
        !out.status.success(),
        "enrolled through an untrusted certificate: {}",
        text(&out)
    );
    assert!(text(&out).contains("cannot be reached"), "{}", text(&out));
    write(
        &k.data_dir().join("kiosk.toml"),
        &format!("ca_file = \"{}\"\n", ca_file.display()),
    );
    let out = run(&k, &enrol_args(&url, &token, &fingerprint));
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    write(&ca_file, "the CA's certificate goes here\n");
    let out = run(&k, &["sync"]);
    assert!(!out.status.success());
    let said = format!(
        "the centre's CA file {} holds no PEM certificate",
        ca_file.display()
    );
    assert_eq!(
        text(&out).matches(&said).count(),
        1,
        "said once: {}",
        text(&out)
    );

    // --ca-file names the file for one command, over kiosk.toml.
    let good = dir.path().join("good-ca.pem");
    write(&good, &ca.ca_pem);
    let out = run(&k, &["--ca-file", good.to_str().unwrap(), "sync"]);
    assert!(out.status.success(), "{}", text(&out));
}

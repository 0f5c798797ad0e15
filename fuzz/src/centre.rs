//! A real centre for the targets that drive `ladoshka-centre` (`centre_upload`, `centre_enrol`,
//! `centre_ack`): `init` with the fixed centre key and `Centre::open` in a temporary folder,
//! its axum router, and a current-thread tokio runtime to send requests through it. Shared so
//! that every such target makes its centre, enrols a kiosk and sends a request the same way.
//!
//! The folder is under `/dev/shm` when there is one, where SQLite's fsyncs cost nothing.
//! Statics are never dropped, so a fuzzer process's last centre stays behind when it exits;
//! such folders (their process gone) are removed when the next centre is made.

use std::fs;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use bytes::Bytes;
use ladoshka_centre::layout::CENTRE_KEY_CREDENTIAL;
use ladoshka_centre::token::EnrolmentToken;
use ladoshka_centre::{init, Centre, Layout};
use ladoshka_seal::{DeviceId, DeviceIdentity, EnrolmentRequest};
use tower::ServiceExt;

use crate::keys::{self, SEED_KIOSK_ID};

const DIR_PREFIX: &str = "ladoshka-fuzz-centre-";

/// One centre on disk. Field order is drop order: the centre closes before its folder goes.
pub struct Instance {
    pub router: Router,
    pub centre: Arc<Centre>,
    _dir: tempfile::TempDir,
}

impl Instance {
    /// A new centre with the fixed key, the seed kiosk ([`SEED_KIOSK_ID`]) enrolled with the
    /// fixed kiosk key.
    pub fn new() -> Instance {
        remove_stale_dirs();
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        let prefix = format!("{DIR_PREFIX}{}-", std::process::id());
        builder.prefix(&prefix);
        let dir = if shm.is_dir() {
            builder.tempdir_in(shm)
        } else {
            builder.tempdir()
        }
        .expect("a temporary folder for the centre");
        // The fixed centre key, as a systemd credential: `init` uses it instead of making one.
        let credentials = dir.path().join("credentials");
        fs::create_dir(&credentials).expect("the credentials folder");
        fs::write(
            credentials.join(CENTRE_KEY_CREDENTIAL),
            keys::CENTRE_KEY_FILE,
        )
        .expect("the centre-key credential");
        let layout = Layout::new(dir.path().join("centre"), Some(credentials));
        init(&layout).expect("init of the fuzz centre");
        let centre = Arc::new(Centre::open(&layout).expect("opening the fuzz centre"));
        assert_eq!(centre.public_key(), keys::fixed().centre_public);
        enrol(&centre, SEED_KIOSK_ID, &keys::fixed().kiosk);
        Instance {
            router: ladoshka_centre::http::router(centre.clone()),
            centre,
            _dir: dir,
        }
    }
}

impl Default for Instance {
    fn default() -> Self {
        Instance::new()
    }
}

/// Removes the folders of fuzzer processes that are gone.
fn remove_stale_dirs() {
    for base in [Path::new("/dev/shm").to_path_buf(), std::env::temp_dir()] {
        let Ok(entries) = fs::read_dir(&base) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
                continue;
            };
            let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
                continue;
            };
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// A one-time token, stored valid from a minute ago for an hour, as `token create` makes it.
pub fn issue_token(centre: &Centre) -> EnrolmentToken {
    let token = EnrolmentToken::generate().expect("randomness for a token");
    let now = ladoshka_centre::time::now_unix();
    centre
        .store()
        .insert_token(&token.hash(), now - 60, now + 3600)
        .expect("storing a token");
    token
}

/// Enrols `device_id` with `identity`'s key through `Centre::enrol` and a fresh token.
pub fn enrol(centre: &Centre, device_id: DeviceId, identity: &DeviceIdentity) {
    let token = issue_token(centre);
    centre
        .enrol(&EnrolmentRequest {
            token: token.to_text(),
            device_id,
            device_public_key: identity.public_key(),
        })
        .expect("enrolment with a fresh token");
}

/// Enrols [`keys::REVOKED_KIOSK_ID`] with the fixed kiosk key and revokes it, as
/// `devices revoke` does.
pub fn enrol_revoked(centre: &Centre) {
    enrol(centre, keys::REVOKED_KIOSK_ID, &keys::fixed().kiosk);
    let now = ladoshka_centre::time::now_unix();
    let outcome = centre
        .store()
        .revoke(&keys::REVOKED_KIOSK_ID, now)
        .expect("revoking");
    assert_eq!(outcome, ladoshka_centre::store::RevokeOutcome::Revoked);
}

/// The runtime the router runs on: one thread, timers on (the router's request deadline uses
/// them), the blocking pool for the store work.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread tokio runtime")
}

/// What the router answered.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// Sends `request` through `router` (`tower::ServiceExt::oneshot`) and reads the whole answer.
pub fn send<B>(runtime: &tokio::runtime::Runtime, router: &Router, request: Request<B>) -> Answer
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let router = router.clone();
    let request = request.map(Body::new);
    runtime.block_on(async move {
        let response = router
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the response body");
        Answer {
            status,
            headers,
            body,
        }
    })
}

/// `LADOSHKA_FUZZ_TRACE=1`: the centre targets print one line per request or delivery on
/// stderr (for `examples/replay.rs`).
pub fn trace() -> bool {
    static TRACE: OnceLock<bool> = OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("LADOSHKA_FUZZ_TRACE").is_some_and(|v| v == "1"))
}

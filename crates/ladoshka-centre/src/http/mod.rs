//! The centre's HTTP API, on axum: enrolment, bundle upload and acknowledgement.
//!
//! - `POST /v1/enrol`: JSON `EnrolmentRequest` → JSON `EnrolmentResponse`
//! - `POST /v1/bundles`: a sealed bundle's bytes → the signed acknowledgement's bytes
//! - `/console/…`: the web console ([`crate::console`]), HTML for people
//! - `GET /v1/ack?device=HEX`, signed by the device (headers `X-Ladoshka-Signed-At` and
//!   `X-Ladoshka-Signature`): the signed acknowledgement's bytes
//! - `POST /v1/device-kem?device=HEX&key=HEX` and `GET /v1/config?device=HEX&have=N`, signed
//!   the same way: the kiosk's key for configuration packages, and its package ([`config`])
//!
//! Every refusal is a JSON `{"error": "…"}` in plain words; a failure of the centre itself is
//! logged and answered "the centre failed; …" without its internal words. The store work runs on
//! tokio's blocking pool, so a slow import never stalls the other connections. The server's
//! limits (timeouts, connections, uploads) are in [`limits`].

mod bundles;
mod config;
mod enrol;
pub mod limits;
mod reply;
mod server;
mod signed;

use std::future::Future;
use std::io;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

use crate::centre::Centre;

pub use config::CONFIG_SERIAL_HEADER;
pub use limits::{Limits, ServeConfig};
pub use reply::{ACK_HEADER, RESULT_HEADER};
pub use server::serve_with;

/// The header carrying the Unix time a `GET /v1/ack` was signed at.
pub const SIGNED_AT_HEADER: &str = "x-ladoshka-signed-at";
/// The header carrying the device's signature of a `GET /v1/ack` (128 hex digits).
pub const SIGNATURE_HEADER: &str = "x-ladoshka-signature";

/// What every handler reaches: the centre and the server's limits.
pub(crate) struct Api {
    centre: Arc<Centre>,
    limits: Arc<Limits>,
}

/// The routes with the default limits, for tests and fuzzers that drive the router directly.
pub fn router(centre: Arc<Centre>) -> Router {
    router_with(centre, Limits::new(ServeConfig::default()))
}

/// The routes under `limits`.
pub fn router_with(centre: Arc<Centre>, limits: Arc<Limits>) -> Router {
    let console = crate::console::router(centre.clone(), limits.config.console.clone());
    let api = Arc::new(Api { centre, limits });
    Router::new()
        .route("/v1/enrol", post(enrol::enrol))
        .route("/v1/bundles", post(bundles::upload))
        .route("/v1/ack", get(bundles::ack))
        .route("/v1/device-kem", post(config::register_kem))
        .route("/v1/config", get(config::config))
        .with_state(api.clone())
        .nest("/console", console)
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(api, deadline))
}

/// Serves the API on `listener` with the default limits until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    centre: Arc<Centre>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(
        listener,
        centre,
        Limits::new(ServeConfig::default()),
        shutdown,
    )
    .await
}

/// Ends a request that takes longer than the limit, body and work included.
async fn deadline(State(api): State<Arc<Api>>, request: Request, next: Next) -> Response {
    let limit = api.limits.config.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request took longer than {} s: dropped", limit.as_secs());
            reply::error(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request took longer than the {} s the centre allows: send it again",
                    limit.as_secs()
                ),
            )
        }
    }
}

async fn not_found(method: Method, uri: Uri) -> Response {
    reply::error(
        StatusCode::NOT_FOUND,
        format!(
            "there is no {method} {} here: the centre answers POST /v1/enrol, POST /v1/bundles, \
             GET /v1/ack?device=…, POST /v1/device-kem and GET /v1/config; people use /console",
            uri.path()
        ),
    )
}

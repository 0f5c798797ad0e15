//! The centre's HTTP API, on axum: enrolment, bundle upload and acknowledgement.
//!
//! - `POST /v1/enrol`: JSON `EnrolmentRequest` → JSON `EnrolmentResponse`
//! - `POST /v1/bundles`: a sealed bundle's bytes → the signed acknowledgement's bytes
//! - `GET /v1/ack?device=HEX`: the signed acknowledgement's bytes
//!
//! Every refusal is a JSON `{"error": "…"}` in plain words. The store work runs on tokio's
//! blocking pool, so a slow import never stalls the other connections.

mod bundles;
mod enrol;
mod reply;

use std::future::Future;
use std::io;
use std::sync::Arc;

use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

use crate::centre::Centre;

pub use reply::{ACK_HEADER, RESULT_HEADER};

/// The routes, for `serve` and for tests that drive the router directly.
pub fn router(centre: Arc<Centre>) -> Router {
    Router::new()
        .route("/v1/enrol", post(enrol::enrol))
        .route("/v1/bundles", post(bundles::upload))
        .route("/v1/ack", get(bundles::ack))
        .fallback(not_found)
        .with_state(centre)
}

/// Serves the API on `listener` until `shutdown` completes; connections in flight finish first.
pub async fn serve(
    listener: TcpListener,
    centre: Arc<Centre>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, router(centre))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn not_found(method: Method, uri: Uri) -> Response {
    reply::error(
        StatusCode::NOT_FOUND,
        format!(
            "there is no {method} {} here: the centre answers POST /v1/enrol, POST /v1/bundles \
             and GET /v1/ack?device=…",
            uri.path()
        ),
    )
}

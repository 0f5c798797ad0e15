//! `POST /v1/device-kem` and `GET /v1/config`: a kiosk registers its key for configuration
//! packages, and asks for its package, both signed with its device key.
//!
//! - `POST /v1/device-kem?device=HEX&key=HEX` → 204 when kept;
//! - `GET /v1/config?device=HEX&have=N` → 200 with the package's bytes (and its version in
//!   `X-Ladoshka-Config-Serial`), 204 when the kiosk runs the last version, 409 when it has
//!   registered no key yet.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use ladoshka_seal::{ConfigRequest, DeviceKemPublicKey, DeviceKemRegistration};

use super::{reply, signed, Api};
use crate::configuration::ConfigAnswer;

/// The header with the version of the package in the body.
pub const CONFIG_SERIAL_HEADER: &str = "x-ladoshka-config-serial";

fn skew(api: &Api) -> i64 {
    i64::try_from(api.limits.config.ack_skew.as_secs()).unwrap_or(i64::MAX)
}

fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

pub(super) async fn register_kem(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let device_id = match signed::device(&query, "POST /v1/device-kem") {
        Ok(d) => d,
        Err(response) => return response,
    };
    let Some(kem_public_key) = query
        .get("key")
        .and_then(|k| DeviceKemPublicKey::from_hex(k.trim()).ok())
    else {
        return reply::error(
            StatusCode::BAD_REQUEST,
            "give the kiosk's configuration key: POST /v1/device-kem?device=…&key=<64 hex digits>",
        );
    };
    let (issued_at_unix, sig) = match signed::signature(&headers) {
        Ok(s) => s,
        Err(response) => return response,
    };
    let registration = DeviceKemRegistration {
        device_id,
        kem_public_key,
        issued_at_unix,
    };
    let skew = skew(&api);
    let centre = api.centre.clone();
    let done =
        tokio::task::spawn_blocking(move || centre.register_kem(&registration, &sig, skew)).await;
    match done {
        Ok(Ok(Ok(()))) => no_content(),
        Ok(Ok(Err(refusal))) => signed::refused(&refusal),
        Ok(Err(e)) => reply::internal("key registration failed", &e, "send it again later"),
        Err(e) => reply::internal("key registration task failed", &e, "send it again later"),
    }
}

pub(super) async fn config(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let device_id = match signed::device(&query, "GET /v1/config") {
        Ok(d) => d,
        Err(response) => return response,
    };
    let Some(have_serial) = query.get("have").and_then(|h| h.trim().parse::<u64>().ok()) else {
        return reply::error(
            StatusCode::BAD_REQUEST,
            "say which configuration the kiosk runs: GET /v1/config?device=…&have=<version, 0 for none>",
        );
    };
    let (issued_at_unix, sig) = match signed::signature(&headers) {
        Ok(s) => s,
        Err(response) => return response,
    };
    let request = ConfigRequest {
        device_id,
        have_serial,
        issued_at_unix,
    };
    let skew = skew(&api);
    let centre = api.centre.clone();
    let done = tokio::task::spawn_blocking(move || centre.config_for(&request, &sig, skew)).await;
    match done {
        Ok(Ok(Ok(ConfigAnswer::Package { serial, bytes }))) => {
            let mut response = Response::new(Body::from(bytes));
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            headers.insert(CONFIG_SERIAL_HEADER, HeaderValue::from(serial));
            response
        }
        Ok(Ok(Ok(ConfigAnswer::UpToDate))) => no_content(),
        Ok(Ok(Ok(ConfigAnswer::NoKey))) => reply::error(
            StatusCode::CONFLICT,
            "this kiosk has not registered its configuration key: register it \
             (POST /v1/device-kem) and ask again; a Ladoshka kiosk does this itself",
        ),
        Ok(Ok(Err(refusal))) => signed::refused(&refusal),
        Ok(Err(e)) => reply::internal("configuration failed", &e, "ask again later"),
        Err(e) => reply::internal("configuration task failed", &e, "ask again later"),
    }
}

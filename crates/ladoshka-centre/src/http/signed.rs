//! The parts of a request a kiosk signs with its device key (`GET /v1/ack`, `GET /v1/config`,
//! `POST /v1/device-kem`): the device in the query, the time and the signature in two headers,
//! and the answer to a refused one. Read here once for every such route.

use std::collections::HashMap;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use ladoshka_seal::{DeviceId, SIGNATURE_LEN};

use super::reply;
use super::{SIGNATURE_HEADER, SIGNED_AT_HEADER};
use crate::centre::AckAskRefusal;

/// The device a request names (`?device=<32 hex digits>`); `route` is for the message.
pub(super) fn device(query: &HashMap<String, String>, route: &str) -> Result<DeviceId, Response> {
    let Some(text) = query.get("device") else {
        return Err(reply::error(
            StatusCode::BAD_REQUEST,
            format!("say which device: {route}?device=<its id, 32 hex digits>"),
        ));
    };
    let mut device_id = [0u8; 16];
    if hex::decode_to_slice(text.trim(), &mut device_id).is_err() {
        return Err(reply::error(
            StatusCode::BAD_REQUEST,
            format!("{text:?} is not a device id: expected 32 hex digits"),
        ));
    }
    Ok(device_id)
}

/// The signing time and the signature of a request.
pub(super) fn signature(headers: &HeaderMap) -> Result<(i64, [u8; SIGNATURE_LEN]), Response> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let (Some(at), Some(signature)) = (text(SIGNED_AT_HEADER), text(SIGNATURE_HEADER)) else {
        return Err(unsigned("the request is not signed"));
    };
    let Ok(issued_at_unix) = at.parse::<i64>() else {
        return Err(unsigned("the signing time is not a number of seconds"));
    };
    let mut sig = [0u8; SIGNATURE_LEN];
    if hex::decode_to_slice(signature, &mut sig).is_err() {
        return Err(unsigned("the signature is not 128 hex digits"));
    }
    Ok((issued_at_unix, sig))
}

/// The answer to a signed request that was refused.
pub(super) fn refused(refusal: &AckAskRefusal) -> Response {
    let status = match refusal {
        AckAskRefusal::Unknown { .. } => StatusCode::NOT_FOUND,
        AckAskRefusal::Revoked { .. } => StatusCode::FORBIDDEN,
        AckAskRefusal::BadSignature { .. } | AckAskRefusal::Skew { .. } => StatusCode::UNAUTHORIZED,
    };
    reply::error(status, refusal.to_string())
}

fn unsigned(what: &str) -> Response {
    reply::error(
        StatusCode::UNAUTHORIZED,
        format!(
            "{what}: only the device itself may ask this, signing the request with its key \
             (headers {SIGNED_AT_HEADER} and {SIGNATURE_HEADER}; a Ladoshka kiosk does this \
             itself)"
        ),
    )
}

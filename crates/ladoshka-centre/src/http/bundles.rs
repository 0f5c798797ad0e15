//! `POST /v1/bundles` and `GET /v1/ack`: sealed bundles in, signed acknowledgements out.
//!
//! An upload is read frame by frame and refused with 413 as soon as it is longer than
//! [`MAX_BUNDLE_LEN`] (at once, unread, when its Content-Length says so); reading stops there.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;

use super::reply::{self, RESULT_HEADER};
use crate::centre::{AckAnswer, Centre, MAX_BUNDLE_LEN};
use crate::store::{Held, Via};

fn too_large() -> Response {
    reply::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the upload is larger than the {MAX_BUNDLE_LEN} bytes a bundle may have: refused \
             unread; seal fewer outbox rows per bundle"
        ),
    )
}

enum ReadError {
    TooLarge,
    Broken(String),
}

/// The body, or `TooLarge` as soon as it passes `max` bytes.
async fn read_limited(mut body: Body, max: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| ReadError::Broken(e.to_string()))?;
        if let Ok(data) = frame.into_data() {
            if data.len() > max - bytes.len() {
                return Err(ReadError::TooLarge);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

pub(super) async fn upload(
    State(centre): State<Arc<Centre>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > MAX_BUNDLE_LEN as u64) {
        tracing::warn!(declared, "upload refused unread: larger than the limit");
        return too_large();
    }
    let bytes = match read_limited(body, MAX_BUNDLE_LEN).await {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge) => {
            tracing::warn!("upload refused: it went past the limit");
            return too_large();
        }
        Err(ReadError::Broken(reason)) => {
            return reply::error(
                StatusCode::BAD_REQUEST,
                format!("the upload broke off ({reason}); send the bundle again"),
            )
        }
    };
    let done = tokio::task::spawn_blocking(move || centre.receive(&bytes, Via::Http)).await;
    match done {
        Ok(Ok(received)) => {
            let mut response = reply::ack_bytes(&received.ack);
            let result = match received.held {
                Held::Imported { .. } => "imported",
                Held::AlreadyHeld { .. } => "already-held",
            };
            response
                .headers_mut()
                .insert(RESULT_HEADER, HeaderValue::from_static(result));
            response
        }
        Ok(Err(e)) => reply::refused(&e),
        Err(e) => {
            tracing::error!("import task failed: {e}");
            reply::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the centre failed while importing; nothing was imported, send the bundle again",
            )
        }
    }
}

pub(super) async fn ack(
    State(centre): State<Arc<Centre>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(text) = query.get("device") else {
        return reply::error(
            StatusCode::BAD_REQUEST,
            "say which device: GET /v1/ack?device=<its id, 32 hex digits>",
        );
    };
    let mut device_id = [0u8; 16];
    if hex::decode_to_slice(text.trim(), &mut device_id).is_err() {
        return reply::error(
            StatusCode::BAD_REQUEST,
            format!("{text:?} is not a device id: expected 32 hex digits"),
        );
    }
    let done = tokio::task::spawn_blocking(move || centre.ack(&device_id)).await;
    match done {
        Ok(Ok(AckAnswer::Signed(ack))) => reply::ack_bytes(&ack),
        Ok(Ok(AckAnswer::Unknown)) => reply::error(
            StatusCode::NOT_FOUND,
            format!("device {} is not enrolled at this centre: enrol the kiosk first", hex::encode(device_id)),
        ),
        Ok(Ok(AckAnswer::Revoked)) => reply::error(
            StatusCode::FORBIDDEN,
            format!(
                "device {} was revoked at this centre: its bundles are refused; enrol the kiosk again if it should sync",
                hex::encode(device_id)
            ),
        ),
        Ok(Err(e)) => reply::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(e) => {
            tracing::error!("acknowledgement task failed: {e}");
            reply::error(StatusCode::INTERNAL_SERVER_ERROR, "the centre failed; ask again")
        }
    }
}

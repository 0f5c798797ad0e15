//! `POST /v1/bundles` and `GET /v1/ack`: sealed bundles in, signed acknowledgements out.
//!
//! An upload is read frame by frame. As soon as its first [`PREFIX_LEN`] bytes have arrived,
//! the header and the declared length are checked (the device known and active with the key
//! the header names, the bundle sealed to this centre, at most [`MAX_BUNDLE_LEN`]); a bad one is
//! refused before any more is read. The signature covers the whole bundle, so it is checked
//! when the declared length has arrived (and not a byte more). A pause longer than the body
//! timeout drops the upload. At most `max_uploads` are read at once; one more gets 429.
//!
//! An acknowledgement is given only to the device itself: `GET /v1/ack` must be signed with
//! the device's key (`AckRequest`, the time and signature in two headers), else 401.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;
use ladoshka_seal::{AckRequest, ParseError, PREFIX_LEN};

use super::reply::{self, RESULT_HEADER};
use super::{signed, Api};
use crate::centre::MAX_BUNDLE_LEN;
use crate::import::ReceiveError;
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
    /// More than the bundle's declared length (or the limit) arrived.
    TooLong,
    Broken(String),
    Stalled,
}

/// Reads the body into `bytes` until it holds at least `want` bytes or the body ends;
/// `TooLong` as soon as it holds more than `max`.
async fn read_until(
    body: &mut Body,
    bytes: &mut Vec<u8>,
    want: usize,
    max: usize,
    idle: std::time::Duration,
) -> Result<(), ReadError> {
    while bytes.len() < want {
        let frame = match tokio::time::timeout(idle, body.frame()).await {
            Err(_) => return Err(ReadError::Stalled),
            Ok(None) => return Ok(()),
            Ok(Some(frame)) => frame.map_err(|e| ReadError::Broken(e.to_string()))?,
        };
        if let Ok(data) = frame.into_data() {
            if data.len() > max - bytes.len() {
                return Err(ReadError::TooLong);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(())
}

fn read_failed(e: ReadError, idle: std::time::Duration) -> Response {
    match e {
        ReadError::TooLong => {
            tracing::warn!("upload refused: it went past its length");
            reply::refused(&ReceiveError::Parse(ParseError::TrailingBytes { count: 1 }))
        }
        ReadError::Broken(reason) => reply::error(
            StatusCode::BAD_REQUEST,
            format!("the upload broke off ({reason}); send the bundle again"),
        ),
        ReadError::Stalled => {
            tracing::warn!("upload dropped: it stalled");
            reply::error(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the upload stalled: nothing arrived for {} s; send the bundle again",
                    idle.as_secs_f32()
                ),
            )
        }
    }
}

pub(super) async fn upload(
    State(api): State<Arc<Api>>,
    headers: HeaderMap,
    mut body: Body,
) -> Response {
    let Some(_permit) = api.limits.upload() else {
        tracing::warn!(
            "upload refused: {} in flight already",
            api.limits.config.max_uploads
        );
        return reply::error(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "the centre is taking in {} uploads at once already: try again in a minute; \
                 the kiosk keeps its bundles meanwhile",
                api.limits.config.max_uploads
            ),
        );
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > MAX_BUNDLE_LEN as u64) {
        tracing::warn!(declared, "upload refused unread: larger than the limit");
        return too_large();
    }
    let idle = api.limits.config.body_idle_timeout;
    // The header and the declared length first.
    let mut bytes = Vec::with_capacity(PREFIX_LEN);
    if let Err(e) = read_until(&mut body, &mut bytes, PREFIX_LEN, MAX_BUNDLE_LEN, idle).await {
        return read_failed(e, idle);
    }
    let mut total = bytes.len();
    if bytes.len() >= PREFIX_LEN {
        let centre = api.centre.clone();
        let prefix = bytes[..PREFIX_LEN].to_vec();
        let checked =
            tokio::task::spawn_blocking(move || centre.precheck(&prefix, MAX_BUNDLE_LEN)).await;
        total = match checked {
            Ok(Ok(total)) => total,
            Ok(Err(e)) => {
                tracing::warn!("upload refused from its header: {e}");
                return reply::refused(&e);
            }
            Err(e) => {
                return reply::internal(
                    "upload check failed",
                    &e,
                    "nothing was imported, send the bundle again",
                )
            }
        };
        bytes.reserve_exact(total.saturating_sub(bytes.len()));
        // The rest, and not a byte more than the header declared (a shorter upload is found
        // cut short by `receive`).
        if let Err(e) = read_until(&mut body, &mut bytes, total + 1, total, idle).await {
            return read_failed(e, idle);
        }
    }
    if bytes.len() > total {
        return read_failed(ReadError::TooLong, idle);
    }
    let centre = api.centre.clone();
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
        Err(e) => reply::internal(
            "import task failed",
            &e,
            "nothing was imported, send the bundle again",
        ),
    }
}

pub(super) async fn ack(
    State(api): State<Arc<Api>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let device_id = match signed::device(&query, "GET /v1/ack") {
        Ok(d) => d,
        Err(response) => return response,
    };
    let (issued_at_unix, sig) = match signed::signature(&headers) {
        Ok(s) => s,
        Err(response) => return response,
    };
    let request = AckRequest {
        device_id,
        issued_at_unix,
    };
    let skew = i64::try_from(api.limits.config.ack_skew.as_secs()).unwrap_or(i64::MAX);
    let centre = api.centre.clone();
    let done = tokio::task::spawn_blocking(move || centre.signed_ack(&request, &sig, skew)).await;
    match done {
        Ok(Ok(Ok(ack))) => reply::ack_bytes(&ack),
        Ok(Ok(Err(refusal))) => signed::refused(&refusal),
        Ok(Err(e)) => reply::internal("acknowledgement failed", &e, "ask again later"),
        Err(e) => reply::internal("acknowledgement task failed", &e, "ask again later"),
    }
}

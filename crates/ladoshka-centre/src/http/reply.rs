//! How the API answers: JSON errors in plain words, acknowledgement bytes, and the status code
//! each refusal gets.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ladoshka_seal::{OpenError, ParseError, ACK_LEN};

use crate::import::ReceiveError;
use crate::store::ImportRefusal;

/// `imported` or `already-held` on a successful upload.
pub const RESULT_HEADER: &str = "x-ladoshka-result";
/// The signed acknowledgement in hex, sent with a 409 so the kiosk knows where to resume.
pub const ACK_HEADER: &str = "x-ladoshka-ack";

/// `{"error": message}` with `status`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let message = message.into();
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// 500 for a failure of the centre itself: the details (which may name files or carry the
/// store's own words) go to the log, the client hears only `the centre failed; {then}`.
pub fn internal(what: &str, details: &dyn std::fmt::Display, then: &str) -> Response {
    tracing::error!("{what}: {details}");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("the centre failed; {then}"),
    )
}

/// 200 with the signed acknowledgement's bytes.
pub fn ack_bytes(ack: &[u8; ACK_LEN]) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/octet-stream")],
        ack.to_vec(),
    )
        .into_response()
}

/// The answer to a refused bundle.
pub fn refused(e: &ReceiveError) -> Response {
    let status = match e {
        ReceiveError::Parse(ParseError::Oversized { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        ReceiveError::Parse(_) | ReceiveError::Payload(_) => StatusCode::BAD_REQUEST,
        ReceiveError::Open(
            OpenError::UnknownDevice { .. }
            | OpenError::RevokedDevice { .. }
            | OpenError::DeviceKeyMismatch { .. },
        ) => StatusCode::FORBIDDEN,
        ReceiveError::Open(_) => StatusCode::BAD_REQUEST,
        ReceiveError::Refused { refusal, .. } => match refusal {
            ImportRefusal::UnknownDevice { .. } | ImportRefusal::RevokedDevice { .. } => {
                StatusCode::FORBIDDEN
            }
            ImportRefusal::SeqTooLarge { .. } => StatusCode::BAD_REQUEST,
            ImportRefusal::Replay { .. }
            | ImportRefusal::Gap { .. }
            | ImportRefusal::BrokenChain { .. }
            | ImportRefusal::BundleIdReused { .. } => StatusCode::CONFLICT,
        },
        ReceiveError::Store(store) => {
            return internal(
                "bundle import failed",
                store,
                "nothing was imported, send the bundle again later",
            )
        }
    };
    let mut response = error(status, e.to_string());
    if let ReceiveError::Refused { ack: Some(ack), .. } = e {
        if let Ok(value) = HeaderValue::from_str(&hex::encode(&ack[..])) {
            response.headers_mut().insert(ACK_HEADER, value);
        }
    }
    response
}

//! `POST /v1/enrol`: a kiosk's public key and one-time token in, the centre's public key out.

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ladoshka_seal::EnrolmentRequest;

use super::reply;
use crate::centre::{Centre, EnrolError};
use crate::store::EnrolRefusal;

pub(super) async fn enrol(
    State(centre): State<Arc<Centre>>,
    request: Result<Json<EnrolmentRequest>, JsonRejection>,
) -> Response {
    let request = match request {
        Ok(Json(request)) => request,
        Err(rejection) => {
            return reply::error(
                rejection.status(),
                format!(
                    "the enrolment request is not the JSON a Ladoshka kiosk sends ({}): \
                     send {{\"token\", \"device_id\", \"device_public_key\"}} as application/json",
                    rejection.body_text()
                ),
            )
        }
    };
    let done = tokio::task::spawn_blocking(move || centre.enrol(&request)).await;
    match done {
        Ok(Ok(response)) => (StatusCode::OK, Json(response)).into_response(),
        Ok(Err(EnrolError::Refused(refusal))) => {
            let status = match refusal {
                EnrolRefusal::KeyConflict { .. } => StatusCode::CONFLICT,
                _ => StatusCode::FORBIDDEN,
            };
            reply::error(status, refusal.to_string())
        }
        Ok(Err(EnrolError::Store(e))) => {
            tracing::error!("enrolment failed: {e}");
            reply::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        }
        // Only offline enrolment makes a token; kept for completeness.
        Ok(Err(EnrolError::Randomness(e))) => {
            reply::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        }
        Err(e) => {
            tracing::error!("enrolment task failed: {e}");
            reply::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the centre failed while enrolling; nothing was written, try again",
            )
        }
    }
}

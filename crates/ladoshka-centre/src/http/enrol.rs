//! `POST /v1/enrol`: a kiosk's public key and one-time token in, the centre's public key out.

use std::sync::Arc;

use super::Api;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ladoshka_seal::EnrolmentRequest;

use super::reply;
use crate::centre::EnrolError;
use crate::store::EnrolRefusal;

pub(super) async fn enrol(
    State(api): State<Arc<Api>>,
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
    let centre = api.centre.clone();
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
        Ok(Err(EnrolError::Store(e))) => reply::internal(
            "enrolment failed",
            &e,
            "nothing was written; try again, and tell the centre's administrator if it goes on",
        ),
        // Only offline enrolment makes a token; kept for completeness.
        Ok(Err(EnrolError::Randomness(e))) => {
            reply::internal("enrolment failed", &e, "nothing was written; try again")
        }
        Err(e) => reply::internal(
            "enrolment task failed",
            &e,
            "nothing was written; try again",
        ),
    }
}

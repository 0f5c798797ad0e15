//! The centre's web console, served by `serve` under `/console`: server-rendered HTML without
//! a script, for a phone or a desktop, in Russian, Tatar and English.
//!
//! Sign-in with Argon2id passwords ([`password`]) and sessions kept in the store ([`guard`]);
//! pages per role: kiosks and their revocation ([`devices`]), enrolment tokens with their QR
//! code ([`tokens`]), the indicators with their CSV and printable page ([`indicators`]), the
//! audit log ([`audit`]) and the erasures ([`erasures`]). Every store call runs on a blocking
//! thread: the PostgreSQL client must never be called on an async task.

pub mod audit;
pub mod devices;
pub mod erasures;
pub mod guard;
pub mod indicators;
pub mod lang;
pub mod page;
pub mod password;
pub mod sign_in;
pub mod text;
pub mod tokens;
pub mod users;

use std::sync::{Arc, OnceLock};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};

use crate::centre::Centre;
use crate::store::{CentreStore, StoreError};
use guard::Ctx;
use text::Msg;

/// What the console needs from `serve`'s command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleConfig {
    /// The centre's address as kiosks reach it (`https://centre.example.ru`), for the enrolment
    /// QR code; with `https://` the session cookie is also marked `Secure`. Without it the
    /// address the browser used is taken.
    pub public_url: Option<String>,
    /// The centre's name on the printable indicators page.
    pub operator: String,
    /// The time zone the indicators' days are counted in (the kiosks').
    pub time_zone: chrono_tz::Tz,
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        Self {
            public_url: None,
            operator: String::new(),
            time_zone: chrono_tz::Europe::Moscow,
        }
    }
}

/// What every console handler reaches.
pub struct Console {
    pub(crate) centre: Arc<Centre>,
    pub(crate) config: ConsoleConfig,
    /// A hash verified against when the login is unknown or locked, so such an answer takes
    /// as long as a wrong password.
    dummy_hash: OnceLock<String>,
}

/// The console's routes, to be nested under `/console`.
pub fn router(centre: Arc<Centre>, config: ConsoleConfig) -> Router {
    let console = Arc::new(Console {
        centre,
        config,
        dummy_hash: OnceLock::new(),
    });
    Router::new()
        .route("/", get(home))
        .route("/style.css", get(style))
        .route("/sign-in", get(sign_in::page).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/devices", get(devices::list))
        .route(
            "/devices/revoke",
            // A language link on the confirmation page comes back to the list.
            post(devices::revoke).get(|| async { page::see_other("/console/devices") }),
        )
        .route("/tokens", get(tokens::page).post(tokens::create))
        .route("/indicators", get(indicators::page))
        .route("/indicators.csv", get(indicators::csv))
        .route("/indicators/print", get(indicators::print))
        .route("/audit", get(audit::page))
        .route("/erasures", get(erasures::page))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(guard::context))
        .with_state(console)
}

/// Runs `work` on the store on a blocking thread.
pub(crate) async fn on_store<T, F>(console: &Arc<Console>, work: F) -> Result<T, Failure>
where
    T: Send + 'static,
    F: FnOnce(&dyn CentreStore) -> Result<T, Failure> + Send + 'static,
{
    let centre = console.centre.clone();
    tokio::task::spawn_blocking(move || work(centre.store()))
        .await
        .unwrap_or_else(|e| Err(Failure::Task(e.to_string())))
}

/// Why a console page could not be made; shown as the plain "the centre failed" page, the
/// cause going to the server's log only.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    #[error("a console task stopped: {0}")]
    Task(String),
    #[error("no random bytes from the system: {0}")]
    Randomness(#[from] crate::secrets::RandomnessFailed),
}

impl Failure {
    /// The page for this failure, logged.
    pub(crate) fn page(&self, ctx: &Ctx) -> Response {
        tracing::error!("console: {self}");
        page::message(
            ctx,
            None,
            StatusCode::INTERNAL_SERVER_ERROR,
            Msg::FailedTitle,
            Msg::FailedBody,
        )
    }
}

async fn home(
    axum::extract::State(console): axum::extract::State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: axum::http::HeaderMap,
) -> Response {
    match guard::viewer(&console, &ctx, &headers, guard::Need::Any).await {
        Ok(v) => page::see_other(guard::landing(v.user.role)),
        Err(r) => r,
    }
}

const STYLE: &str = include_str!("style.css");

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

async fn not_found(Extension(ctx): Extension<Ctx>) -> Response {
    page::message(
        &ctx,
        None,
        StatusCode::NOT_FOUND,
        Msg::NotFoundTitle,
        Msg::NotFoundBody,
    )
}

//! The audit log for the administrator and the methodologist: the latest entries, newest
//! first. Looking at it is itself audited (it names who saw which data).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use maud::html;

use super::guard::{self, Ctx, Need};
use super::page;
use super::text::{text, Msg};
use super::{on_store, Console};

/// How many entries the page shows.
pub const SHOWN: u32 = 200;

pub async fn page(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Supervision).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let entry = viewer.audit(&ctx, "audit-viewed", String::new(), None);
    let log = on_store(&console, move |store| {
        store.audit(&entry)?;
        store.audit_log(SHOWN).map_err(Into::into)
    })
    .await;
    let log = match log {
        Ok(l) => l,
        Err(failure) => return failure.page(&ctx),
    };
    let t = |m| text(m, ctx.lang);
    let body = html! {
        p { (t(Msg::AuditIntro)) }
        @if log.is_empty() {
            p { (t(Msg::NoAudit)) }
        } @else {
            // A list rather than a table: six columns do not fit a phone.
            ol.log {
                @for e in &log {
                    li.(if e.action.ends_with("failed") { "failed" } else { "" }) {
                        div.line {
                            strong.action { (e.action) }
                            span.at title=(t(Msg::When)) { (page::when(e.at)) }
                        }
                        div.line {
                            span title=(t(Msg::Who)) { (e.login) }
                            @if !e.remote_addr.is_empty() {
                                span.mono title=(t(Msg::Address)) { (e.remote_addr) }
                            }
                        }
                        @if !e.subject.is_empty() {
                            div.subject title=(t(Msg::Subject)) { (e.subject) }
                        }
                        @if let Some(d) = &e.device_id {
                            div.mono { (t(Msg::Kiosk)) " " (hex::encode(d)) }
                        }
                    }
                }
            }
        }
    };
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::AuditTitle), body),
    )
}

//! The erasures the centre carried out at families' request (the kiosks' erasure rows): which
//! kiosk, when, how many rows. Child-level data, so for the administrator and the methodologist
//! only, and every view is audited.

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

pub async fn page(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Supervision).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut entry = viewer.audit(&ctx, "erasures-viewed", String::new(), None);
    let erasures = on_store(&console, move |store| {
        let erasures = store.erasures()?;
        entry.subject = format!("{} erasure(s)", erasures.len());
        store.audit(&entry)?;
        Ok(erasures)
    })
    .await;
    let erasures = match erasures {
        Ok(e) => e,
        Err(failure) => return failure.page(&ctx),
    };
    let t = |m| text(m, ctx.lang);
    let body = html! {
        p { (t(Msg::ErasuresIntro)) }
        @if erasures.is_empty() {
            p { (t(Msg::NoErasures)) }
        } @else {
            div.cards {
                @for e in erasures.iter().rev() {
                    section.card {
                        dl {
                            dt { (t(Msg::Kiosk)) } dd.mono { (hex::encode(&e.device_id)) }
                            dt { (t(Msg::ErasedAt)) } dd { (page::when(e.erased_at)) }
                            dt { (t(Msg::RowsDeleted)) } dd { (e.rows_deleted) }
                            dt { (t(Msg::KioskRow)) } dd { (e.seq) }
                        }
                    }
                }
            }
        }
        p.hint { (t(Msg::AuditedView)) }
    };
    page::html(StatusCode::OK, page::frame(&ctx, Some(&viewer), t(Msg::ErasuresTitle), body))
}

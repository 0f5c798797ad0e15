//! Erasures at families' request: the centre's erasure orders with their state per kiosk
//! (ordered, delivered, carried out; `crate::erasure_orders`), then the erasures the centre
//! carried out (the kiosks' erasure rows): which kiosk, when, how many rows. Child-level data, so
//! for the administrator and the methodologist only, and every view is audited.

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
use crate::store::erasure_order::OrderState;

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
    let read = on_store(&console, move |store| {
        let erasures = store.erasures()?;
        let orders = store.erasure_orders()?;
        let places = store.places()?;
        entry.subject = format!("{} erasure(s), {} order(s)", erasures.len(), orders.len());
        store.audit(&entry)?;
        Ok((erasures, orders, places))
    })
    .await;
    let (erasures, orders, places) = match read {
        Ok(e) => e,
        Err(failure) => return failure.page(&ctx),
    };
    let t = |m| text(m, ctx.lang);
    let unit = |device: &[u8; 16]| {
        places
            .iter()
            .find(|p| p.device_id == *device)
            .and_then(|p| p.unit.clone())
    };
    let body = html! {
        h2 { (t(Msg::OrdersTitle)) }
        p { (t(Msg::OrdersIntro)) }
        @if orders.is_empty() {
            p { (t(Msg::NoOrders)) }
        } @else {
            div.cards {
                @for o in orders.iter().rev() {
                    section.card {
                        dl {
                            dt { (t(Msg::OrderNo)) } dd { (o.order) }
                            dt { (t(Msg::State)) } dd { (t(state_msg(o.state()))) }
                            dt { (t(Msg::Kiosk)) } dd.mono { (hex::encode(o.device_id)) }
                            @if let Some(u) = unit(&o.device_id) { dt { (t(Msg::Unit)) } dd { (u) } }
                            dt { (t(Msg::FamilyOnKiosk)) } dd { (o.family) }
                            dt { (t(Msg::OrderedAt)) } dd { (page::when(o.ordered_at)) }
                            dt { (t(Msg::ConfigVersion)) } dd { (o.serial) }
                            @if let Some(r) = &o.reason { dt { (t(Msg::OrderReason)) } dd { (r) } }
                            @if let Some(done) = o.done {
                                dt { (t(Msg::CarriedOutAt)) } dd { (page::when(done.at)) }
                                dt { (t(Msg::RowsDeleted)) } dd { (done.rows_deleted) }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t(Msg::ErasuresDoneTitle)) }
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
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::ErasuresTitle), body),
    )
}

/// The words for an order's state.
fn state_msg(state: OrderState) -> Msg {
    match state {
        OrderState::Ordered => Msg::OrderOrdered,
        OrderState::Delivered => Msg::OrderDelivered,
        OrderState::CarriedOut => Msg::OrderCarriedOut,
    }
}

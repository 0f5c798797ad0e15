//! The kiosks enrolled at the centre: id, key fingerprint, enrolment, last sync, rows held and
//! how far, revoked or not; and revocation, confirmed first, for the administrator. Seeing the
//! list is a view of device data and is audited, as is every revocation.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use maud::html;
use serde::Deserialize;

use super::guard::{self, Ctx, Need};
use super::page;
use super::text::{text, Msg};
use super::{on_store, Console};
use crate::store::{DeviceSummary, RevokeOutcome};
use crate::time::now_unix;

#[derive(Debug, Deserialize)]
pub struct Shown {
    /// What was just done: `revoked`, `already`, `unknown`.
    #[serde(default)]
    done: String,
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    device: String,
    /// `yes` once the administrator confirmed.
    #[serde(default)]
    confirm: String,
}

fn fingerprint(d: &DeviceSummary) -> String {
    d.public_key
        .map(|k| k.fingerprint())
        .unwrap_or_else(|| "—".into())
}

/// The list of kiosks.
pub async fn list(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(shown): Query<Shown>,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Supervision).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut entry = viewer.audit(&ctx, "devices-viewed", String::new(), None);
    let devices = on_store(&console, move |store| {
        let devices = store.devices()?;
        let places = store.places()?;
        entry.subject = format!("{} kiosk(s)", devices.len());
        store.audit(&entry)?;
        Ok((devices, places))
    })
    .await;
    let (devices, places) = match devices {
        Ok(d) => d,
        Err(failure) => return failure.page(&ctx),
    };
    let place_of = |id: &[u8; 16]| places.iter().find(|p| &p.device_id == id);
    let lang = ctx.lang;
    let t = |m| text(m, lang);
    let note = match shown.done.as_str() {
        "revoked" => Some(Msg::RevokedDone),
        "already" => Some(Msg::AlreadyRevoked),
        "unknown" => Some(Msg::UnknownDevice),
        _ => None,
    };
    let admin = Need::Admin.allows(viewer.user.role);
    let body = html! {
        @if let Some(note) = note { p.notice.info role="status" { (t(note)) } }
        @if devices.is_empty() {
            p { (t(Msg::NoDevices)) }
        }
        div.cards {
            @for d in &devices {
                @let id = hex::encode(d.device_id);
                section.card.device.revoked[d.revoked_at.is_some()] {
                    h2.mono { (id) }
                    dl {
                        dt { (t(Msg::State)) }
                        dd {
                            @match d.revoked_at {
                                Some(at) => { strong.bad { (t(Msg::Revoked)) } " " (page::when(at)) }
                                None => { strong.good { (t(Msg::Active)) } }
                            }
                        }
                        dt { (t(Msg::Fingerprint)) } dd.mono { (fingerprint(d)) }
                        dt { (t(Msg::Enrolled)) } dd { (page::when(d.enrolled_at)) }
                        dt { (t(Msg::LastSync)) }
                        dd { @match d.last_bundle_at { Some(at) => (page::when(at)), None => (t(Msg::NeverSynced)) } }
                        @if let Some(p) = place_of(&d.device_id) {
                            @if let Some(unit) = &p.unit { dt { (t(Msg::Unit)) } dd { (unit) } }
                            @if let Some(room) = &p.room { dt { (t(Msg::Room)) } dd { (room) } }
                        }
                        dt { (t(Msg::RowsHeld)) } dd.num { (d.rows_held) }
                        dt { (t(Msg::HeldThrough)) } dd.num { (d.held_through) }
                        @if let Some(p) = place_of(&d.device_id) {
                            @if let (Some(why), Some(at)) = (&p.refusal, p.refused_at) {
                                dt { (t(Msg::Pending)) }
                                dd { strong.bad { (page::when(at)) } br; small { (why) } }
                            }
                        }
                    }
                    @if admin && d.revoked_at.is_none() {
                        form method="post" action="/console/devices/revoke" {
                            input type="hidden" name="csrf" value=(viewer.csrf);
                            input type="hidden" name="device" value=(id);
                            button.danger type="submit" { (t(Msg::RevokeButton)) }
                        }
                    }
                }
            }
        }
        p.hint { (t(Msg::AuditedView)) }
    };
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::DevicesTitle), body),
    )
}

/// Revocation: first the confirmation page, then (with `confirm=yes`) the act.
pub async fn revoke(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(form): Form<RevokeForm>,
) -> Response {
    let viewer = match guard::form_viewer(&console, &ctx, &headers, &form.csrf, Need::Admin).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut id = [0u8; 16];
    if hex::decode_to_slice(form.device.trim(), &mut id).is_err() {
        return page::see_other("/console/devices?done=unknown");
    }
    if form.confirm != "yes" {
        let found = on_store(&console, move |store| {
            Ok(store.devices()?.into_iter().find(|d| d.device_id == id))
        })
        .await;
        let device = match found {
            Ok(Some(d)) => d,
            Ok(None) => return page::see_other("/console/devices?done=unknown"),
            Err(failure) => return failure.page(&ctx),
        };
        let lang = ctx.lang;
        let t = |m| text(m, lang);
        let body = html! {
            section.card {
                p.mono { (hex::encode(device.device_id)) }
                p { (t(Msg::Fingerprint)) ": " span.mono { (fingerprint(&device)) } }
                p { (t(Msg::RowsHeld)) ": " (device.rows_held) }
                p.notice.error { (t(Msg::RevokeConfirmBody)) }
                form.actions method="post" action="/console/devices/revoke" {
                    input type="hidden" name="csrf" value=(viewer.csrf);
                    input type="hidden" name="device" value=(hex::encode(device.device_id));
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { (t(Msg::RevokeConfirmButton)) }
                    a.button href="/console/devices" { (t(Msg::Cancel)) }
                }
            }
        };
        return page::html(
            StatusCode::OK,
            page::frame(&ctx, Some(&viewer), t(Msg::RevokeConfirmTitle), body),
        );
    }
    let entry = viewer.audit(&ctx, "device-revoked", String::new(), Some(id.to_vec()));
    let outcome = on_store(&console, move |store| {
        let outcome = store.revoke(&id, now_unix())?;
        if outcome == RevokeOutcome::Revoked {
            store.audit(&entry)?;
        }
        Ok(outcome)
    })
    .await;
    match outcome {
        Ok(RevokeOutcome::Revoked) => {
            tracing::info!(device_id = %hex::encode(id), login = %viewer.user.login, "kiosk revoked in the console");
            page::see_other("/console/devices?done=revoked")
        }
        Ok(RevokeOutcome::AlreadyRevoked) => page::see_other("/console/devices?done=already"),
        Ok(RevokeOutcome::Unknown) => page::see_other("/console/devices?done=unknown"),
        Err(failure) => failure.page(&ctx),
    }
}

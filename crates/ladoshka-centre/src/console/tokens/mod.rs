//! One-time enrolment tokens for the administrator: a token valid N hours, shown once with
//! the centre's address and fingerprint and a QR code of all three for the kiosk's camera.
//! Creating one is audited; the centre keeps only the token's hash.

mod qr;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use maud::html;
use serde::Deserialize;

use super::guard::{self, Ctx, Need};
use super::page;
use super::text::{text, Msg};
use super::{on_store, Console, Failure};
use crate::time::now_unix;
use crate::token::EnrolmentToken;

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    hours: String,
}

const DEFAULT_HOURS: u32 = 24;

fn form(csrf: &str, lang: crate::report::Language, hours: &str) -> maud::Markup {
    let t = |m| text(m, lang);
    html! {
        form.card.actions method="post" action="/console/tokens" {
            input type="hidden" name="csrf" value=(csrf);
            label { (t(Msg::ValidHours)) input type="number" name="hours" min="1" max="8760" value=(hours) required; }
            button type="submit" { (t(Msg::CreateToken)) }
        }
    }
}

/// The form to create a token.
pub async fn page(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Admin).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let t = |m| text(m, ctx.lang);
    let body = html! {
        p { (t(Msg::TokensIntro)) }
        (form(&viewer.csrf, ctx.lang, &DEFAULT_HOURS.to_string()))
    };
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::TokensTitle), body),
    )
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The centre's address for kiosks: the configured one, or the one the browser used.
fn centre_url(console: &Console, headers: &HeaderMap) -> String {
    if let Some(url) = &console.config.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get("x-forwarded-host")
        .or_else(|| headers.get(header::HOST))
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Creates the token and shows it once.
pub async fn create(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(sent): Form<CreateForm>,
) -> Response {
    let viewer = match guard::form_viewer(&console, &ctx, &headers, &sent.csrf, Need::Admin).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let lang = ctx.lang;
    let t = |m| text(m, lang);
    let hours = match sent.hours.trim().parse::<u32>() {
        Ok(h) if (1..=8760).contains(&h) => h,
        _ => {
            let body = html! {
                p.notice.error role="alert" { (t(Msg::BadHours)) }
                (form(&viewer.csrf, lang, sent.hours.trim()))
            };
            return page::html(
                StatusCode::UNPROCESSABLE_ENTITY,
                page::frame(&ctx, Some(&viewer), t(Msg::TokensTitle), body),
            );
        }
    };
    let token = match EnrolmentToken::generate() {
        Ok(t) => t,
        Err(e) => return Failure::from(e).page(&ctx),
    };
    let now = now_unix();
    let expires_at = now + i64::from(hours) * 3600;
    let hash = token.hash();
    let entry = viewer.audit(
        &ctx,
        "token-created",
        format!("valid {hours} h, until {}", page::when(expires_at)),
        None,
    );
    let kept = on_store(&console, move |store| {
        store.insert_token(&hash, now, expires_at)?;
        store.audit(&entry)?;
        Ok(())
    })
    .await;
    if let Err(failure) = kept {
        return failure.page(&ctx);
    }
    let url = centre_url(&console, &headers);
    let fingerprint = console.centre.public_key().fingerprint();
    let text_token = token.to_text();
    let payload = format!(
        "ladoshka-enrol:?centre={}&token={}&fingerprint={}",
        encode(&url),
        encode(&text_token),
        encode(&fingerprint)
    );
    let body = html! {
        p.notice.info { (t(Msg::TokenShownOnce)) }
        section.card.token {
            dl {
                dt { (t(Msg::Token)) } dd.mono.big { (text_token) }
                dt { (t(Msg::CentreAddress)) } dd.mono { (url) }
                dt { (t(Msg::CentreFingerprint)) } dd.mono { (fingerprint) }
                dt { (t(Msg::ValidUntil)) } dd { (page::when(expires_at)) }
            }
            @if let Some(svg) = qr::svg(&payload, t(Msg::QrCaption)) {
                figure {
                    (svg)
                    figcaption { (t(Msg::QrCaption)) }
                }
            }
        }
        p { a href="/console/tokens" { (t(Msg::AnotherToken)) } }
    };
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::TokenCreatedTitle), body),
    )
}

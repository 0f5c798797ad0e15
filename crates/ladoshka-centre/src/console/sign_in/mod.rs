//! Signing in and out. A wrong password, an unknown login, a disabled or a locked-out user all
//! get the same answer after the same Argon2 work, so the page tells nobody which logins
//! exist; five failures in a row lock the user for fifteen minutes. Every attempt is audited.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use maud::html;
use serde::Deserialize;

use super::guard::{self, Ctx, SESSION_COOKIE, SIGN_IN_COOKIE};
use super::page;
use super::password::{self, PasswordCost};
use super::text::{text, Msg};
use super::users::normalise_login;
use super::{on_store, Console, Failure};
use crate::store::console::{AuditEntry, Lockout};
use crate::time::now_unix;

/// Five failures in a row lock a user for fifteen minutes.
pub const LOCKOUT: Lockout = Lockout {
    failures: 5,
    secs: 15 * 60,
};

#[derive(Debug, Deserialize)]
pub struct Shown {
    /// `ended` (the session timed out) or `out` (signed out).
    #[serde(default)]
    m: String,
}

#[derive(Debug, Deserialize)]
pub struct Sent {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

#[derive(Debug, Deserialize)]
pub struct SignOut {
    #[serde(default)]
    csrf: String,
}

/// The sign-in form, with a fresh CSRF token in it and in a cookie.
pub async fn page(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(shown): Query<Shown>,
) -> Response {
    if guard::cookie(&headers, SESSION_COOKIE).is_some() {
        if let Ok(v) = guard::viewer(&console, &ctx, &headers, guard::Need::Any).await {
            return page::see_other(guard::landing(v.user.role));
        }
    }
    let note = match shown.m.as_str() {
        "ended" => Some(Msg::SessionEnded),
        "out" => Some(Msg::SignedOut),
        _ => None,
    };
    form(&console, &ctx, StatusCode::OK, note, "")
}

fn form(
    console: &Console,
    ctx: &Ctx,
    status: StatusCode,
    note: Option<Msg>,
    login: &str,
) -> Response {
    let token = match guard::random32() {
        Ok(t) => hex::encode(t),
        Err(e) => return Failure::from(e).page(ctx),
    };
    let lang = ctx.lang;
    let t = |m| text(m, lang);
    let body = html! {
        @if let Some(note) = note {
            p.notice.(if status == StatusCode::OK { "info" } else { "error" }) role="alert" { (t(note)) }
        }
        form.card.sign-in method="post" action="/console/sign-in" {
            input type="hidden" name="csrf" value=(token);
            label { (t(Msg::Login)) input type="text" name="login" value=(login) autocomplete="username" autocapitalize="none" required; }
            label { (t(Msg::Password)) input type="password" name="password" autocomplete="current-password" required; }
            button type="submit" { (t(Msg::SignInButton)) }
        }
        p.hint { (t(Msg::SignInHint)) }
    };
    let mut response = page::html(status, page::frame(ctx, None, t(Msg::SignInTitle), body));
    let cookie = format!(
        "{SIGN_IN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/console{}",
        secure(console)
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// `; Secure` when the console is reached over HTTPS.
fn secure(console: &Console) -> &'static str {
    match &console.config.public_url {
        Some(url) if url.starts_with("https://") => "; Secure",
        _ => "",
    }
}

/// What a sign-in attempt came to.
enum Outcome {
    In { token: [u8; 32] },
    Refused,
}

/// Checks the login and password; on success starts a session.
pub async fn submit(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(sent): Form<Sent>,
) -> Response {
    let cookie = guard::cookie(&headers, SIGN_IN_COOKIE).unwrap_or_default();
    if !guard::same_origin(&headers)
        || cookie.is_empty()
        || !guard::same_bytes(cookie.as_bytes(), sent.csrf.trim().as_bytes())
    {
        return page::message(
            &ctx,
            None,
            StatusCode::FORBIDDEN,
            Msg::CsrfTitle,
            Msg::CsrfBody,
        );
    }
    let login = normalise_login(&sent.login);
    let shown_login: String = sent.login.trim().chars().take(64).collect();
    let remote = ctx.remote.clone();
    let password = sent.password;
    let shared = console.clone();
    let outcome = on_store(&console, move |store| {
        let now = now_unix();
        let audit = |action: &str, subject: &str| AuditEntry {
            at: now,
            login: shown_login.clone(),
            action: action.into(),
            subject: subject.into(),
            device_id: None,
            remote_addr: remote.clone(),
        };
        let user = store.user(&login)?;
        let usable = user
            .as_ref()
            .filter(|u| u.disabled_at.is_none() && u.locked_until.is_none_or(|until| until <= now));
        let Some(user) = usable else {
            // The same work as a real check, then the same answer.
            let dummy = shared.dummy_hash.get_or_init(|| {
                password::hash("no such user", PasswordCost::STANDARD).unwrap_or_default()
            });
            let _ = password::verify(&password, dummy);
            let why = match &user {
                None => "unknown login",
                Some(u) if u.disabled_at.is_some() => "user disabled",
                Some(_) => "user locked out",
            };
            store.audit(&audit("sign-in-failed", why))?;
            return Ok(Outcome::Refused);
        };
        if !password::verify(&password, &user.password_hash) {
            let locked = store.sign_in_failed(user.id, now, LOCKOUT)?;
            let why = match locked {
                Some(until) => format!("wrong password; locked until {}", page::when(until)),
                None => "wrong password".into(),
            };
            store.audit(&audit("sign-in-failed", &why))?;
            return Ok(Outcome::Refused);
        }
        let token = guard::random32()?;
        let csrf = guard::random32()?;
        store.sign_in_succeeded(user.id)?;
        store.create_session(&guard::token_hash(&token), user.id, &csrf, now)?;
        store.audit(&audit("sign-in", user.role.as_str()))?;
        Ok(Outcome::In { token })
    })
    .await;
    match outcome {
        Err(failure) => failure.page(&ctx),
        Ok(Outcome::Refused) => form(
            &console,
            &ctx,
            StatusCode::UNAUTHORIZED,
            Some(Msg::SignInFailed),
            sent.login.trim(),
        ),
        Ok(Outcome::In { token }) => {
            let mut response = page::see_other("/console");
            let cookie = format!(
                "{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/console{}",
                hex::encode(token),
                secure(&console)
            );
            let h = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                h.append(header::SET_COOKIE, v);
            }
            h.append(
                header::SET_COOKIE,
                HeaderValue::from_static("ladoshka_sign_in=; Max-Age=0; Path=/console"),
            );
            response
        }
    }
}

/// Ends the session.
pub async fn sign_out(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(sent): Form<SignOut>,
) -> Response {
    let viewer =
        match guard::form_viewer(&console, &ctx, &headers, &sent.csrf, guard::Need::Any).await {
            Ok(v) => v,
            Err(r) => return r,
        };
    let entry = viewer.audit(&ctx, "sign-out", String::new(), None);
    let hash = viewer.token_hash;
    let done = on_store(&console, move |store| {
        store.end_session(&hash)?;
        store.audit(&entry)?;
        Ok(())
    })
    .await;
    if let Err(failure) = done {
        return failure.page(&ctx);
    }
    let mut response = page::see_other("/console/sign-in?m=out");
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ladoshka_console=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/console",
        ),
    );
    response
}

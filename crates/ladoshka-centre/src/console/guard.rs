//! Who is asking and may they: the request's context (language, address), the session cookie
//! checked against the store (idle 30 min, at most 12 h), the role a page needs, and for every
//! form sent the synchronizer CSRF token and a same-origin `Origin`/`Referer`. Every console
//! answer also gets its security headers here.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};

use super::page;
use super::text::Msg;
use super::{on_store, Console};
use crate::report::Language;
use crate::secrets::RandomnessFailed;
use crate::store::console::{AuditEntry, Role, User};
use crate::time::now_unix;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ladoshka_console";
/// The cookie carrying the sign-in form's own CSRF token, before there is a session.
pub const SIGN_IN_COOKIE: &str = "ladoshka_sign_in";
/// A session unused this long ends.
pub const IDLE_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in, used or not.
pub const ABSOLUTE_SECS: i64 = 12 * 60 * 60;

/// The default Content-Security-Policy: nothing but this site's stylesheet, no script at all.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The request as every console handler sees it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Language,
    /// The client's address, with the proxy's `X-Forwarded-For` when there is one.
    pub remote: String,
    /// The request's path under `/console` (the router is nested there), for the menu.
    pub path: String,
    /// The request's query without `lang`, for the language links to keep the rest.
    pub query: String,
}

impl Ctx {
    /// This page in language `code`.
    pub fn in_language(&self, code: &str) -> String {
        if self.query.is_empty() {
            format!("{}?lang={code}", self.path)
        } else {
            format!("{}?{}&lang={code}", self.path, self.query)
        }
    }
}

/// Sets the context, and the console's headers on the way out.
pub async fn context(mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let query_lang = request.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("lang="))
            .map(str::to_string)
    });
    let (lang, chosen) = super::lang::pick(
        query_lang.as_deref(),
        cookie(headers, "lang").as_deref(),
        headers,
    );
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(100).collect::<String>());
    let remote = match forwarded {
        Some(f) => format!("{peer} (for {f})"),
        None => peer,
    };
    let path = format!("/console{}", request.uri().path());
    let query = request
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang=") && !kv.starts_with("done="))
        .collect::<Vec<_>>()
        .join("&");
    request.extensions_mut().insert(Ctx {
        lang,
        remote,
        path,
        query,
    });
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if chosen {
        let c = format!(
            "lang={}; Path=/console; SameSite=Strict; Max-Age=31536000",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
    response
}

/// The value of cookie `name`, from every `Cookie` header.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.trim().to_string())
}

/// 32 random bytes.
pub fn random32() -> Result<[u8; 32], RandomnessFailed> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| RandomnessFailed)?;
    Ok(bytes)
}

/// SHA-256 of a cookie's token, as the store keeps it.
pub fn token_hash(token: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, token).as_ref());
    out
}

/// Compares two byte strings in time that depends on their length only.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Whether a form came from a page of this very site: its `Origin` (or, without one, its
/// `Referer`) names the host the request was sent to.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let source = match get(header::ORIGIN).filter(|o| *o != "null") {
        Some(origin) => origin,
        None => match get(header::REFERER) {
            Some(referer) => referer,
            None => return false,
        },
    };
    let Some((_, rest)) = source.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    [
        get(header::HOST),
        headers
            .get("x-forwarded-host")
            .and_then(|v| v.to_str().ok()),
    ]
    .into_iter()
    .flatten()
    .any(|host| host.eq_ignore_ascii_case(authority))
}

/// Which users a page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any signed-in user.
    Any,
    /// The administrator and the methodologist: child-level and device data, the audit log.
    Supervision,
    /// The administrator alone: revocation, enrolment tokens.
    Admin,
}

impl Need {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Need::Any => true,
            Need::Supervision => matches!(role, Role::Admin | Role::Methodologist),
            Need::Admin => role == Role::Admin,
        }
    }
}

/// Where a user lands after signing in: their first page.
pub fn landing(role: Role) -> &'static str {
    match role {
        Role::Admin | Role::Methodologist => "/console/devices",
        Role::Analyst => "/console/indicators",
    }
}

/// A signed-in user on a page they may see.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    /// The session's CSRF token as put in forms (hex).
    pub csrf: String,
    pub token_hash: [u8; 32],
}

impl Viewer {
    /// An audit line by this user from `ctx`.
    pub fn audit(
        &self,
        ctx: &Ctx,
        action: &str,
        subject: String,
        device_id: Option<Vec<u8>>,
    ) -> AuditEntry {
        AuditEntry {
            at: now_unix(),
            login: self.user.login.clone(),
            action: action.into(),
            subject,
            device_id,
            remote_addr: ctx.remote.clone(),
        }
    }
}

/// The signed-in user if their session is alive and their role allows `need`; otherwise the
/// answer to send: the sign-in page (by redirect) or 403.
pub async fn viewer(
    console: &Arc<Console>,
    ctx: &Ctx,
    headers: &HeaderMap,
    need: Need,
) -> Result<Viewer, Response> {
    let Some(token) = cookie(headers, SESSION_COOKIE).and_then(|t| hex::decode(t).ok()) else {
        return Err(page::see_other("/console/sign-in"));
    };
    let hash = token_hash(&token);
    let now = now_unix();
    let found = on_store(console, move |store| {
        let Some(session) = store.session(&hash)? else {
            return Ok(None);
        };
        let alive = now - session.last_seen_at <= IDLE_SECS
            && now - session.created_at <= ABSOLUTE_SECS
            && session.user.disabled_at.is_none();
        if alive {
            store.touch_session(&hash, now)?;
            Ok(Some(Ok(session)))
        } else {
            store.end_session(&hash)?;
            Ok(Some(Err(())))
        }
    })
    .await;
    let session = match found {
        Err(failure) => return Err(failure.page(ctx)),
        Ok(None) => return Err(page::see_other("/console/sign-in")),
        Ok(Some(Err(()))) => return Err(page::see_other("/console/sign-in?m=ended")),
        Ok(Some(Ok(session))) => session,
    };
    let viewer = Viewer {
        csrf: hex::encode(&session.csrf),
        user: session.user,
        token_hash: hash,
    };
    if !need.allows(viewer.user.role) {
        return Err(page::message(
            ctx,
            Some(&viewer),
            StatusCode::FORBIDDEN,
            Msg::ForbiddenTitle,
            Msg::ForbiddenBody,
        ));
    }
    Ok(viewer)
}

/// [`viewer`] for a form sent: also the same origin and the session's CSRF token in `csrf`.
pub async fn form_viewer(
    console: &Arc<Console>,
    ctx: &Ctx,
    headers: &HeaderMap,
    csrf: &str,
    need: Need,
) -> Result<Viewer, Response> {
    let viewer = viewer(console, ctx, headers, Need::Any).await?;
    let sent = hex::decode(csrf.trim()).unwrap_or_default();
    let expected = hex::decode(&viewer.csrf).unwrap_or_default();
    if !same_origin(headers) || !same_bytes(&sent, &expected) {
        tracing::warn!(login = %viewer.user.login, remote = %ctx.remote, "console: a form without the right CSRF token or origin was refused");
        return Err(page::message(
            ctx,
            Some(&viewer),
            StatusCode::FORBIDDEN,
            Msg::CsrfTitle,
            Msg::CsrfBody,
        ));
    }
    if !need.allows(viewer.user.role) {
        return Err(page::message(
            ctx,
            Some(&viewer),
            StatusCode::FORBIDDEN,
            Msg::ForbiddenTitle,
            Msg::ForbiddenBody,
        ));
    }
    Ok(viewer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_name_the_host_the_request_went_to() {
        let mut h = HeaderMap::new();
        h.insert("host", "centre.example:8430".parse().unwrap());
        assert!(!same_origin(&h), "no origin, no referer");
        h.insert("origin", "http://centre.example:8430".parse().unwrap());
        assert!(same_origin(&h));
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.remove("origin");
        h.insert(
            "referer",
            "https://centre.example:8430/console/devices"
                .parse()
                .unwrap(),
        );
        assert!(same_origin(&h));
        h.insert(
            "referer",
            "https://centre.example:8430.evil/x".parse().unwrap(),
        );
        assert!(!same_origin(&h));
    }

    #[test]
    fn cookies_are_found_by_name_among_several() {
        let mut h = HeaderMap::new();
        h.append("cookie", "lang=tt; ladoshka_console=ab12".parse().unwrap());
        h.append("cookie", "other=1".parse().unwrap());
        assert_eq!(cookie(&h, "ladoshka_console").as_deref(), Some("ab12"));
        assert_eq!(cookie(&h, "lang").as_deref(), Some("tt"));
        assert_eq!(cookie(&h, "other").as_deref(), Some("1"));
        assert_eq!(cookie(&h, "missing"), None);
        assert!(same_bytes(b"abc", b"abc"));
        assert!(!same_bytes(b"abc", b"abd"));
        assert!(!same_bytes(b"abc", b"ab"));
    }
}

//! The frame every console page shares: the mobile viewport, the stylesheet, the menu the
//! user's role allows, the language switch and the sign-out button; and the plain message
//! pages (not allowed, out-of-date form, failure, not found).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::guard::{Ctx, Need, Viewer};
use super::text::{text, Msg};
use crate::report::Language;
use crate::store::console::Role;

/// The menu: path, label, who may see it.
const MENU: [(&str, Msg, Need); 5] = [
    ("/console/devices", Msg::NavDevices, Need::Supervision),
    ("/console/tokens", Msg::NavTokens, Need::Admin),
    ("/console/indicators", Msg::NavIndicators, Need::Any),
    ("/console/erasures", Msg::NavErasures, Need::Supervision),
    ("/console/audit", Msg::NavAudit, Need::Supervision),
];

pub fn role_name(role: Role, lang: Language) -> &'static str {
    text(
        match role {
            Role::Admin => Msg::RoleAdmin,
            Role::Methodologist => Msg::RoleMethodologist,
            Role::Analyst => Msg::RoleAnalyst,
        },
        lang,
    )
}

/// A whole page titled `title` around `body`.
pub fn frame(ctx: &Ctx, viewer: Option<&Viewer>, title: &str, body: Markup) -> Markup {
    let lang = ctx.lang;
    let t = |m| text(m, lang);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t(Msg::Brand)) }
                link rel="stylesheet" href="/console/style.css";
            }
            body {
                header.top {
                    div.bar {
                        a.brand href="/console" { (t(Msg::Brand)) }
                        nav.langs aria-label=(t(Msg::Language)) {
                            @for l in Language::ALL {
                                @if l == lang {
                                    span.current { (l.code()) }
                                } @else {
                                    a href=(ctx.in_language(l.code())) hreflang=(l.code()) { (l.code()) }
                                }
                            }
                        }
                    }
                    @if let Some(v) = viewer {
                        nav.menu {
                            @for (path, label, need) in MENU {
                                @if need.allows(v.user.role) {
                                    @if ctx.path.starts_with(path) {
                                        a.current href=(path) aria-current="page" { (t(label)) }
                                    } @else {
                                        a href=(path) { (t(label)) }
                                    }
                                }
                            }
                        }
                        div.who {
                            span { (v.user.display_name) " · " (role_name(v.user.role, lang)) }
                            form method="post" action="/console/sign-out" {
                                input type="hidden" name="csrf" value=(v.csrf);
                                button.link type="submit" { (t(Msg::SignOut)) }
                            }
                        }
                    }
                }
                main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// An HTML answer with `status`.
pub fn html(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

/// A page with one message.
pub fn message(
    ctx: &Ctx,
    viewer: Option<&Viewer>,
    status: StatusCode,
    title: Msg,
    body: Msg,
) -> Response {
    let lang = ctx.lang;
    html(
        status,
        frame(
            ctx,
            viewer,
            text(title, lang),
            html! {
                p.notice { (text(body, lang)) }
                p { a href="/console" { (text(Msg::BackToConsole, lang)) } }
            },
        ),
    )
}

/// `303 See Other` to `to`.
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// A Unix time as the console shows it.
pub fn when(unix: i64) -> String {
    crate::time::show(unix)
}

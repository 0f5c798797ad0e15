//! The indicators across every kiosk for a period, for every role: the figures as a table with
//! two bar charts, and the CSV download and the printable page, which are byte for byte what
//! `ladoshka-centre report indicators` prints for the same period and language. Aggregates
//! only, so views are not audited; the CSV and the printable page, being exports, are.

mod chart;

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{Datelike, NaiveDate};
use maud::html;
use serde::Deserialize;

use super::guard::{self, Ctx, Need, Viewer};
use super::page;
use super::text::{text, Msg};
use super::{on_store, Console, Failure};
use crate::report::{self, Figures, Format, Request};
use ladoshka_indicators::report::indicators::{kind_label, situation_label, TABLE_ORDER};
use ladoshka_indicators::report::sheet::{convert, Spreadsheet};

#[derive(Debug, Deserialize)]
pub struct Period {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// One КЦСОН's kiosks only (empty: every kiosk).
    #[serde(default)]
    unit: String,
}

impl Period {
    fn unit(&self) -> Option<String> {
        Some(self.unit.trim().to_string()).filter(|u| !u.is_empty())
    }
}

/// `text` for a query string: everything but ASCII letters and digits percent-encoded.
fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The request for `period` (this month so far when it is not given), or `None` when the
/// period cannot be read or ends before it begins.
fn request(console: &Console, ctx: &Ctx, period: &Period, format: Format) -> Option<Request> {
    let today = chrono::Utc::now()
        .with_timezone(&console.config.time_zone)
        .date_naive();
    let day = |s: &str, default: NaiveDate| -> Option<NaiveDate> {
        let s = s.trim();
        if s.is_empty() {
            return Some(default);
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
            .ok()
    };
    let first_day = day(&period.from, today.with_day(1).unwrap_or(today))?;
    let last_day = day(&period.to, today)?;
    (first_day <= last_day).then(|| Request {
        first_day,
        last_day,
        zone: console.config.time_zone,
        today,
        format,
        lang: ctx.lang,
        operator: console.config.operator.clone(),
    })
}

async fn compute(
    console: &Arc<Console>,
    req: Request,
    unit: Option<String>,
    audit: Option<crate::store::console::AuditEntry>,
) -> Result<(Figures, String, Vec<String>), Failure> {
    // The centre's kept fold: only the rows that arrived since the last page are folded.
    let centre = console.centre.clone();
    on_store(console, move |store| {
        let figures = centre.figures(&req, unit.as_deref())?;
        let text = report::render(&figures, &req)?;
        if let Some(entry) = audit {
            store.audit(&entry)?;
        }
        let mut units: Vec<String> = store.places()?.into_iter().filter_map(|p| p.unit).collect();
        units.sort();
        units.dedup();
        Ok((figures, text, units))
    })
    .await
}

fn bad_period(ctx: &Ctx, viewer: &Viewer, period: &Period) -> Response {
    let t = |m| text(m, ctx.lang);
    let body = html! {
        p.notice.error role="alert" { (t(Msg::BadPeriod)) }
        (period_form(ctx, &period.from, &period.to, &period.unit, &[]))
    };
    page::html(
        StatusCode::UNPROCESSABLE_ENTITY,
        page::frame(ctx, Some(viewer), t(Msg::IndicatorsTitle), body),
    )
}

fn period_form(ctx: &Ctx, from: &str, to: &str, unit: &str, units: &[String]) -> maud::Markup {
    let t = |m| text(m, ctx.lang);
    html! {
        form.card.period method="get" action="/console/indicators" {
            label { (t(Msg::From)) input type="date" name="from" value=(from) required; }
            label { (t(Msg::To)) input type="date" name="to" value=(to) required; }
            @if !units.is_empty() {
                label {
                    (t(Msg::Unit))
                    select name="unit" {
                        option value="" selected[unit.is_empty()] { (t(Msg::AllUnits)) }
                        @for u in units {
                            option value=(u) selected[u == unit] { (u) }
                        }
                    }
                }
            }
            button type="submit" { (t(Msg::Show)) }
        }
    }
}

/// The page: period form, table, charts, links to the CSV and the printable page.
pub async fn page(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Any).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(req) = request(&console, &ctx, &period, Format::Csv) else {
        return bad_period(&ctx, &viewer, &period);
    };
    let (from, to) = (req.first_day.to_string(), req.last_day.to_string());
    let unit = period.unit();
    let (figures, csv_text, units) = match compute(&console, req, unit.clone(), None).await {
        Ok(r) => r,
        Err(failure) => return failure.page(&ctx),
    };
    let lang = ctx.lang;
    let t = |m| text(m, lang);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let lines: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    let i = &figures.indicators;
    let by = |s| {
        i.children_by_situation
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    };
    let situations: Vec<(&str, usize)> = TABLE_ORDER
        .iter()
        .map(|(_, s)| (situation_label(*s, lang), by(*s)))
        .collect();
    let kinds: Vec<(&str, usize)> = i
        .sessions_by_kind
        .iter()
        .map(|(k, n)| (kind_label(*k, lang), *n))
        .collect();
    let query = format!(
        "from={from}&to={to}&lang={}&unit={}",
        lang.code(),
        query_value(unit.as_deref().unwrap_or(""))
    );
    let body = html! {
        (period_form(&ctx, &from, &to, unit.as_deref().unwrap_or(""), &units))
        p.links {
            a.button href={ "/console/indicators.csv?" (query) } download { (t(Msg::DownloadCsv)) }
            a.button href={ "/console/indicators/print?" (query) } target="_blank" { (t(Msg::PrintablePage)) }
        }
        p.meta {
            (t(Msg::Kiosks)) ": " (figures.devices) " · " (t(Msg::Rows)) ": " (figures.rows)
            @if !figures.quarantined.is_empty() {
                " · " (t(Msg::Quarantined)) ": " (figures.quarantined.len())
            }
        }
        div.scroll {
            table.figures {
                thead { tr { th { (t(Msg::Code)) } th { (t(Msg::Indicator)) } th.num { (t(Msg::Value)) } } }
                tbody {
                    @for l in &lines {
                        tr {
                            td.code { (l.get(0).unwrap_or_default()) }
                            td { (l.get(1).unwrap_or_default()) }
                            td.num { @match l.get(2) { Some("") | None => "—", Some(v) => (lang.decimal(v)) } }
                        }
                    }
                }
            }
        }
        div.charts {
            (chart::bars(t(Msg::ChartSituations), &situations))
            (chart::bars(t(Msg::ChartSessions), &kinds))
        }
        p.hint { (t(Msg::FamiliesNote)) }
    };
    page::html(
        StatusCode::OK,
        page::frame(&ctx, Some(&viewer), t(Msg::IndicatorsTitle), body),
    )
}

/// The export in `format`, exactly as the command line writes it.
async fn export(
    console: Arc<Console>,
    ctx: Ctx,
    headers: HeaderMap,
    period: Period,
    format: Format,
) -> Response {
    let viewer = match guard::viewer(&console, &ctx, &headers, Need::Any).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(req) = request(&console, &ctx, &period, format) else {
        return bad_period(&ctx, &viewer, &period);
    };
    let name = format!("indicators-{}-{}", req.first_day, req.last_day);
    let (lang, days) = (req.lang, (req.first_day, req.last_day));
    let action = match format {
        Format::Csv => "indicators-csv",
        Format::Html => "indicators-printed",
    };
    let entry = viewer.audit(
        &ctx,
        action,
        format!("{} – {}", req.first_day, req.last_day),
        None,
    );
    let (_, body, _) = match compute(&console, req, period.unit(), Some(entry)).await {
        Ok(r) => r,
        Err(failure) => return failure.page(&ctx),
    };
    match format {
        // Downloaded to be opened in Excel or LibreOffice: the Excel style (report::sheet).
        Format::Csv => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}.csv\""),
                ),
            ],
            match convert(&body, Spreadsheet::csv(false), lang, "", days) {
                Ok(bytes) => bytes,
                Err(e) => return Failure::Report(e.into()).page(&ctx),
            },
        )
            .into_response(),
        Format::Html => {
            let mut response = page::html(StatusCode::OK, maud::PreEscaped(body));
            // The report's page carries its own <style>: allowed by its hash, nothing else.
            let csp = format!(
                "default-src 'none'; style-src '{}'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
                style_hash()
            );
            if let Ok(v) = HeaderValue::from_str(&csp) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, v);
            }
            response
        }
    }
}

/// `sha256-…` of the printable report's stylesheet, for its Content-Security-Policy.
fn style_hash() -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        ladoshka_indicators::report::indicators::STYLE.as_bytes(),
    );
    format!("sha256-{}", base64(digest.as_ref()))
}

/// Standard base64 with padding (the CSP's hash form).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSV download.
pub async fn csv(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    export(console, ctx, headers, period, Format::Csv).await
}

/// The printable page.
pub async fn print(
    State(console): State<Arc<Console>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(period): Query<Period>,
) -> Response {
    export(console, ctx, headers, period, Format::Html).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_is_the_standard_one() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}

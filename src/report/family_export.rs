//! A family's data as the family reads it (152-ФЗ, art. 14, the right of access): one printable
//! HTML page in the family's language, and the same data as JSON for a machine, written side by
//! side to a USB stick. The files are named by the family's number and the date, never by a
//! name, so a stick's listing says nothing about who they are.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::domain::Language;
use crate::platform::usb_stick::{self, StickError};
use crate::report::indicators::{t, STYLE};
use crate::store::family_export::{ChildData, FamilyData};

/// The two files' names for `data` written on `today`.
pub fn file_stem(data: &FamilyData, today: NaiveDate) -> String {
    format!("ladoshka-family-{}-{today}", data.family.id.0)
}

/// Writes the page and the JSON into `dir` (see `usb_stick::write_whole`); returns both paths.
pub fn write(
    dir: &Path,
    data: &FamilyData,
    lang: Language,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, StickError> {
    let stem = file_stem(data, today);
    let json = serde_json::to_vec_pretty(data).expect("the family's data is plain values");
    Ok(vec![
        usb_stick::write_whole(
            dir,
            &format!("{stem}.html"),
            html_page(data, lang, today).as_bytes(),
        )?,
        usb_stick::write_whole(dir, &format!("{stem}.json"), &json)?,
    ])
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("—")
}

/// The printable page.
pub fn html_page(d: &FamilyData, lang: Language, today: NaiveDate) -> String {
    let f = &d.family.details;
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (t(lang, "Данные семьи", "Гаилә мәгълүматлары", "A family's data")) " — " (f.surname) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (t(lang, "Данные семьи", "Гаилә мәгълүматлары", "A family's data")) ": " (f.surname) }
                p { (t(lang,
                    "Всё, что киоск «Ладошка» хранит о вашей семье, на дату выгрузки (152-ФЗ, ст. 14).",
                    "«Ладошка» киоскы сезнең гаилә турында саклаган бар мәгълүмат, чыгару көненә (152-ФЗ, 14 ст.).",
                    "Everything the Ladoshka kiosk keeps about your family, as of the export date (152-FZ, art. 14).")) " " (today) }
                table {
                    tr { th { (t(lang, "Родитель", "Ата-ана", "Parent")) } td { (f.parent_name) } }
                    tr { th { (t(lang, "Телефон", "Телефон", "Phone")) } td { (f.phone.as_ref().map(|p| p.as_str()).unwrap_or("—")) } }
                    tr { th { (t(lang, "Записаны", "Язылган", "Enrolled")) } td { (d.created_at) } }
                }
                @for c in &d.children { (child(c, lang)) }
                @if !d.loans.is_empty() {
                    h2 { (t(lang, "Прокат", "Прокат", "Loans")) }
                    table {
                        tr { th { (t(lang, "Вещь", "Әйбер", "Item")) } th { "№" } th { (t(lang, "Выдано", "Бирелгән", "Lent")) } th { (t(lang, "Вернуть до", "Кайтару вакыты", "Due")) } th { (t(lang, "Возвращено", "Кайтарылган", "Returned")) } }
                        @for l in &d.loans { tr { td { (l.kind) } td { (l.inventory_number) } td { (l.started_on) } td { (l.due_on) } td { (or_dash(&l.returned_on)) } } }
                    }
                }
                @if !d.category_checks.is_empty() {
                    h2 { (t(lang, "Проверенные документы", "Тикшерелгән документлар", "Documents checked")) }
                    ul { @for c in &d.category_checks { li { (c.checked_on) ": " (c.category) " (" (c.documents_seen) ")" } } }
                }
                @if !d.queue.is_empty() {
                    h2 { (t(lang, "Очередь", "Чират", "Queue")) }
                    ul { @for q in &d.queue { li { (q.kind) ": " (q.since) } } }
                }
                h2 { (t(lang, "Кто работал с данными", "Мәгълүматлар белән кем эшләде", "Who handled the data")) }
                @if d.audit.is_empty() { p { "—" } }
                ul { @for a in &d.audit { li { (a.at) ": " (a.event) " (" (a.detail) ") — " (or_dash(&a.by)) } } }
            }
        }
    };
    page.into_string()
}

fn child(c: &ChildData, lang: Language) -> Markup {
    let ch = &c.child.details;
    html! {
        h2 { (ch.first_name) " " (ch.surname) ", " (ch.birth_date) }
        h3 { (t(lang, "Согласия", "Ризалыклар", "Consents")) }
        ul { @for k in &c.consents {
            li { (k.version) " (" (k.language) "), " (t(lang, "подписано", "имза куелган", "signed")) " " (k.signed_at)
                @if let Some(w) = &k.withdrawn_at { ", " (t(lang, "отозвано", "кире алынган", "withdrawn")) " " (w) } }
        } }
        @if !c.check_ins.is_empty() {
            h3 { (t(lang, "Отметки о приходе", "Килү билгеләре", "Check-ins")) }
            ul { @for x in &c.check_ins { li { (x.at) } } }
        }
        @if !c.sessions.is_empty() {
            h3 { (t(lang, "Занятия", "Шөгыльләр", "Sessions")) }
            ul { @for s in &c.sessions { li { (s.starts_at) ", " (s.minutes) " " (t(lang, "мин", "мин", "min")) ", " (s.kind) ", " (s.state) " — " (s.psychologist) } } }
        }
        @if !c.diagnostics.is_empty() {
            h3 { (t(lang, "Диагностика", "Диагностика", "Diagnostics")) }
            ul { @for x in &c.diagnostics { li { (x.instrument) " " (x.version) ", " (x.started_at) " – " (or_dash(&x.finished_at)) @if let Some(o) = &x.outcome { ": " (o) } } } }
        }
        @if !c.routes.is_empty() {
            h3 { (t(lang, "Маршруты помощи", "Ярдәм маршрутлары", "Help routes")) }
            @for r in &c.routes {
                p { (r.template) ", " (r.assigned_at) " – " (or_dash(&r.closed_at)) }
                ul { @for s in &r.steps { li { (s.title) ": " (s.due_at) " / " (or_dash(&s.done_at)) } } }
            }
        }
    }
}

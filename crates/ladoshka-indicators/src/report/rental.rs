//! The rental report as CSV or printable HTML: the stock by state (and by kind and state), loans
//! per month and kind, families served, the average time on loan and the overdue rate, in
//! Russian, Tatar or English. The figures come from `domain::rental_report::compute`; the page
//! looks and prints like the indicators report (same style sheet and bar charts).

use maud::{html, PreEscaped, DOCTYPE};

use super::indicators::{bar_chart, t, STYLE};
use crate::domain::rental_report::RentalReport;
use crate::domain::RentalKinds;
use crate::domain::{ItemState, Language};

/// One line of the report: a code (dots mark a line under the one above), the label, the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub code: String,
    pub label: String,
    /// Empty when there is nothing to measure (no returns, no loan judged).
    pub value: String,
}

/// An item state as the reports name it.
pub fn state_label(s: ItemState, lang: Language) -> &'static str {
    match s {
        ItemState::Available => t(lang, "в наличии", "бар", "available"),
        ItemState::OnLoan => t(lang, "выдано", "бирелгән", "on loan"),
        ItemState::AwaitingCleaning => t(
            lang,
            "возвращено, ждёт чистки",
            "кайтарылган, чистартуны көтә",
            "returned, awaiting cleaning",
        ),
        ItemState::Cleaning => t(lang, "на чистке", "чистартыла", "being cleaned"),
        ItemState::InRepair => t(lang, "в ремонте", "ремонтта", "in repair"),
        ItemState::Lost => t(lang, "утеряно", "югалган", "lost"),
        ItemState::WrittenOff => t(lang, "списано", "исәптән төшерелгән", "written off"),
    }
}

/// A share or an average with one decimal, empty when there is none.
pub fn one_decimal(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn line(code: impl Into<String>, label: impl Into<String>, value: impl ToString) -> Line {
    Line {
        code: code.into(),
        label: label.into(),
        value: value.to_string(),
    }
}

/// The kind-by-state lines (code 2): each kind's total, then its count in every state.
fn stock_by_kind(r: &RentalReport, lang: Language, kinds: &RentalKinds) -> Vec<Line> {
    let mut out = Vec::new();
    for (k, (kind, states)) in r.items_by_kind.iter().enumerate() {
        let total: usize = states.iter().map(|(_, n)| n).sum();
        out.push(line(
            format!("2.{}", k + 1),
            kinds.title(*kind, lang),
            total,
        ));
        for (s, (state, n)) in states.iter().enumerate() {
            let label = format!(
                "{}: {}",
                kinds.title(*kind, lang),
                state_label(*state, lang)
            );
            out.push(line(format!("2.{}.{}", k + 1, s + 1), label, n));
        }
    }
    out
}

/// Every line of the report, in order: 1 the stock by state, 2 by kind and state, 3 loans by
/// month, 4 by kind, 5 families, 6 returns and the average time on loan, 7 the overdue rate,
/// 8 overdue now.
pub fn lines(r: &RentalReport, lang: Language, kinds: &RentalKinds) -> Vec<Line> {
    let mut out = vec![line(
        "1",
        t(
            lang,
            "Вещи в фонде сейчас",
            "Фондтагы әйберләр хәзер",
            "Items in the stock now",
        ),
        r.items,
    )];
    for (n, (state, count)) in r.items_by_state.iter().enumerate() {
        out.push(line(
            format!("1.{}", n + 1),
            state_label(*state, lang),
            count,
        ));
    }
    out.extend(stock_by_kind(r, lang, kinds));
    out.push(line(
        "3",
        t(
            lang,
            "Выдачи за период",
            "Периодтагы бирүләр",
            "Loans started in the period",
        ),
        r.loans_started,
    ));
    for (n, m) in r.loans_by_month.iter().enumerate() {
        out.push(line(format!("3.{}", n + 1), m.label(), m.loans));
    }
    out.push(line(
        "4",
        t(
            lang,
            "Выдачи по видам",
            "Бирүләр төрләре буенча",
            "Loans started by kind",
        ),
        r.loans_started,
    ));
    for (n, (kind, count)) in r.loans_by_kind.iter().enumerate() {
        out.push(line(
            format!("4.{}", n + 1),
            kinds.title(*kind, lang),
            count,
        ));
    }
    out.push(line(
        "5",
        t(
            lang,
            "Семьи, пользовавшиеся прокатом",
            "Прокаттан файдаланган гаиләләр",
            "Families served",
        ),
        r.families_served,
    ));
    out.push(line(
        "6",
        t(
            lang,
            "Возвраты за период",
            "Периодтагы кайтарулар",
            "Loans returned in the period",
        ),
        r.loans_returned,
    ));
    out.push(line(
        "6.1",
        t(
            lang,
            "средний срок пользования, дней",
            "уртача файдалану вакыты, көн",
            "average time on loan, days",
        ),
        one_decimal(r.average_days_on_loan),
    ));
    out.push(line(
        "7",
        t(
            lang,
            "Доля просроченных возвратов, %",
            "Вакытында кайтарылмаганнар өлеше, %",
            "Overdue rate, %",
        ),
        one_decimal(r.overdue.percent()),
    ));
    out.push(line(
        "7.1",
        t(
            lang,
            "выдачи, срок возврата которых наступил",
            "кайтару вакыты җиткән бирүләр",
            "loans whose due date had come",
        ),
        r.overdue.judged,
    ));
    out.push(line(
        "7.2",
        t(
            lang,
            "из них возвращены с опозданием или не возвращены",
            "шулардан соңга калып кайтарылган яки кайтарылмаган",
            "of which returned late or not returned",
        ),
        r.overdue.late,
    ));
    out.push(line(
        "8",
        t(
            lang,
            "Просрочено сейчас",
            "Хәзер вакыты узган",
            "Overdue now",
        ),
        r.overdue_now,
    ));
    out
}

/// The report as CSV: `code,indicator,value`, a header line first.
pub fn to_csv(r: &RentalReport, lang: Language, kinds: &RentalKinds) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        t(lang, "код", "код", "code"),
        t(lang, "показатель", "күрсәткеч", "indicator"),
        t(lang, "значение", "кыйммәт", "value"),
    ])?;
    for l in lines(r, lang, kinds) {
        w.write_record([&lang.section_code(&l.code), &l.label, &l.value])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("the CSV writer writes the UTF-8 it was given"))
}

/// What each figure means, printed under the page.
fn definitions(lang: Language) -> &'static str {
    t(
        lang,
        "Определения: состояния вещей — на дату отчёта. Семья пользовалась прокатом, если её выдача шла хотя бы один день периода (утерянная вещь — до срока возврата). Средний срок — от выдачи до возврата, по вещам, возвращённым в периоде. Доля просроченных: выдачи (кроме утерянных) со сроком возврата в периоде, уже прошедшим, и выдачи, просроченные раньше и не возвращённые к концу периода (или к сегодняшнему дню); просрочена выдача, возвращённая позже срока или не возвращённая. Просрочено сейчас — вещи не возвращены, срок прошёл. «—»: нет данных.",
        "Билгеләмәләр: әйберләрнең хәле — отчёт көненә. Гаилә прокаттан файдаланган, әгәр аның бирүе периодның ким дигәндә бер көнендә барса (югалган әйбер — кайтару вакытына кадәр). Уртача вакыт — бирүдән кайтаруга кадәр, периодта кайтарылган әйберләр буенча. Вакытында кайтарылмаганнар өлеше: кайтару вакыты периодта булган һәм узган бирүләр (югалганнардан тыш), һәм элегрәк вакыты узган, период ахырына (яки бүгенгә) кайтарылмаган бирүләр; вакытыннан соң кайтарылган яки кайтарылмаган бирү — соңга калган. Хәзер вакыты узган — әйбер кайтарылмаган, вакыт узган. «—»: мәгълүмат юк.",
        "Definitions: item states are as on the day of the report. A family was served when one of its loans ran on at least one day of the period (a lost item: until its due date). The average time on loan runs from lending to return, for items returned in the period. Overdue rate: loans (lost ones aside) whose due date is in the period and has passed, and loans overdue before the period and still out at its end (or today); a loan is late when it came back after its due date or has not come back. Overdue now: out and past the due date. «—»: no data.",
    )
}

/// The report as a printable HTML page: the figures, the stock by kind and state, and charts
/// of the loans per month and the stock by state.
pub fn to_html(r: &RentalReport, lang: Language, centre: &str, kinds: &RentalKinds) -> String {
    let title = t(lang, "Социальный прокат", "Социаль прокат", "Social rental");
    let period = format!(
        "{} – {}",
        r.from.format("%d.%m.%Y"),
        r.to.format("%d.%m.%Y")
    );
    let today = r.today.format("%d.%m.%Y");
    let on = match lang {
        Language::Ru => format!("состояния вещей на {today}"),
        Language::Tt => format!("{today} көнгә әйберләр хәле"),
        Language::En => format!("item states on {today}"),
    };
    let meta = [centre, &period, &on]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let month_labels: Vec<String> = r.loans_by_month.iter().map(|m| m.label()).collect();
    let month_bars: Vec<(&str, usize)> = month_labels
        .iter()
        .zip(&r.loans_by_month)
        .map(|(label, m)| (label.as_str(), m.loans))
        .collect();
    let state_bars: Vec<(&str, usize)> = r
        .items_by_state
        .iter()
        .map(|(s, n)| (state_label(*s, lang), *n))
        .collect();
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) " · " (period) }
                style { (PreEscaped(STYLE)) (PreEscaped(MATRIX_STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { (meta) }
                }
                table {
                    thead { tr { th { "№" } th { (t(lang, "Показатель", "Күрсәткеч", "Indicator")) } th.num { (t(lang, "Значение", "Кыйммәт", "Value")) } } }
                    tbody {
                        @for l in lines(r, lang, kinds).into_iter().filter(|l| !l.code.starts_with('2')) {
                            tr.(if l.code.contains('.') { "sub" } else { "main" }) {
                                td { (lang.section_code(l.code.as_ref())) }
                                td { (l.label) }
                                td.num { @if l.value.is_empty() { "—" } @else { (lang.decimal(&l.value)) } }
                            }
                        }
                    }
                }
                h2 { (t(lang, "Вещи по видам и состояниям", "Әйберләр төрләре һәм хәлләре буенча", "Items by kind and state")) }
                table.matrix {
                    thead {
                        tr {
                            th { (t(lang, "Вид", "Төр", "Kind")) }
                            @for (s, _) in &r.items_by_state { th.num { (state_label(*s, lang)) } }
                            th.num { (t(lang, "Всего", "Барлыгы", "Total")) }
                        }
                    }
                    tbody {
                        @for (kind, states) in &r.items_by_kind {
                            tr {
                                td { (kinds.title(*kind, lang)) }
                                @for (_, n) in states { td.num { (n) } }
                                td.num { (states.iter().map(|(_, n)| n).sum::<usize>()) }
                            }
                        }
                        tr.main {
                            td { (t(lang, "Всего", "Барлыгы", "Total")) }
                            @for (_, n) in &r.items_by_state { td.num { (n) } }
                            td.num { (r.items) }
                        }
                    }
                }
                div.charts {
                    (bar_chart(t(lang, "Выдачи по месяцам", "Айлар буенча бирүләр", "Loans per month"), &month_bars))
                    (bar_chart(t(lang, "Вещи по состояниям", "Әйберләр хәлләре буенча", "Items by state"), &state_bars))
                }
                footer {
                    p { (definitions(lang)) }
                    p { (t(lang, "Сформировано киоском «Ладошка».", "«Ладошка» киоскы әзерләде.", "Made by the Ladoshka kiosk.")) }
                }
            }
        }
    };
    page.into_string()
}

const MATRIX_STYLE: &str = r#"
h2 { font-size: 13pt; margin: 14pt 0 4pt; }
table.matrix { font-size: 9pt; }
table.matrix th { font-weight: 600; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rental_report::{compute, ItemFacts, LoanFacts, RentalFacts};
    use crate::domain::{FamilyId, RentalKind};
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn sample() -> RentalReport {
        let facts = RentalFacts {
            kinds: crate::domain::rental_kinds::default_kinds()
                .kinds()
                .collect(),
            items: vec![
                ItemFacts {
                    kind: RentalKind::WALKER,
                    state: ItemState::OnLoan,
                },
                ItemFacts {
                    kind: RentalKind::WALKER,
                    state: ItemState::Available,
                },
                ItemFacts {
                    kind: RentalKind::PLAYPEN,
                    state: ItemState::InRepair,
                },
            ],
            loans: vec![
                LoanFacts {
                    kind: RentalKind::WALKER,
                    family: FamilyId(1),
                    started_on: d(1, 10),
                    due_on: d(2, 10),
                    returned_on: Some(d(2, 14)),
                    lost: false,
                },
                LoanFacts {
                    kind: RentalKind::WALKER,
                    family: FamilyId(2),
                    started_on: d(3, 1),
                    due_on: d(4, 1),
                    returned_on: None,
                    lost: false,
                },
            ],
        };
        compute(&facts, d(1, 1), d(3, 31), d(4, 10))
    }

    fn value<'a>(csv: &'a str, code: &str) -> &'a str {
        csv.lines()
            .find(|l| l.starts_with(&format!("{code},")))
            .unwrap_or_else(|| panic!("no row {code} in {csv}"))
            .rsplit(',')
            .next()
            .unwrap()
    }

    #[test]
    fn csv_lists_every_figure_with_its_code() {
        let csv = to_csv(&sample(), Language::Ru, &RentalKinds::default()).unwrap();
        assert_eq!(csv.lines().next().unwrap(), "код,показатель,значение");
        assert_eq!(csv.lines().nth(1).unwrap(), "1,Вещи в фонде сейчас,3");
        assert_eq!(csv.lines().nth(2).unwrap(), "1.1,в наличии,1");
        assert_eq!(value(&csv, "1.5"), "1", "in repair");
        // Walkers are kind 5 (the shipped list's order); on loan is state 2.
        assert!(csv.contains("2.5,Ходунки,2\n"));
        assert!(csv.contains("2.5.2,Ходунки: выдано,1\n"));
        assert!(csv.contains("3.1,2026-01,1\n3.2,2026-02,0\n3.3,2026-03,1\n"));
        assert_eq!(value(&csv, "3"), "2");
        assert_eq!(value(&csv, "4.5"), "2");
        assert_eq!(value(&csv, "5"), "2");
        assert_eq!(value(&csv, "6"), "1");
        assert_eq!(value(&csv, "6.1"), "35.0", "10.01 – 14.02");
        // Judged: the first loan (late by 4 days); the second falls due after the period.
        assert_eq!(value(&csv, "7"), "100.0");
        assert_eq!(value(&csv, "7.1"), "1");
        assert_eq!(value(&csv, "8"), "1", "due 01.04, out on 10.04");
        let kinds = RentalKinds::default().specs().len();
        let n = 1 + 7 + kinds * 8 + 1 + 3 + 1 + kinds + 7;
        assert_eq!(csv.lines().count(), 1 + n);
        assert_eq!(
            lines(&sample(), Language::Ru, &RentalKinds::default()).len(),
            n
        );
    }

    #[test]
    fn empty_figures_are_empty_in_csv_and_a_dash_in_html() {
        let r = compute(&RentalFacts::default(), d(11, 1), d(11, 30), d(12, 1));
        let csv = to_csv(&r, Language::En, &RentalKinds::default()).unwrap();
        assert_eq!(csv.lines().next().unwrap(), "code,indicator,value");
        assert!(csv.contains("\n6.1,\"average time on loan, days\",\n"));
        assert!(csv.contains("\n7,\"Overdue rate, %\",\n"));
        let page = to_html(&r, Language::En, "", &RentalKinds::default());
        assert!(page.contains("<td class=\"num\">—</td>"));
        assert!(page
            .contains("<p class=\"meta\">01.11.2026 – 30.11.2026 · item states on 01.12.2026</p>"));
    }

    #[test]
    fn html_is_printable_escaped_and_has_the_matrix_and_charts() {
        let page = to_html(
            &sample(),
            Language::En,
            "ГБУ «КЦСОН <Казань>»",
            &RentalKinds::default(),
        );
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("@page"), "print layout");
        assert!(page.contains("&lt;Казань&gt;"));
        assert_eq!(page.matches("<svg").count(), 2);
        assert!(page.contains("01.01.2026 – 31.03.2026"));
        assert!(page.contains("item states on 10.04.2026"));
        assert!(page.contains("Items by kind and state"));
        assert!(page.contains(">Walker<"));
        assert!(page.contains(">2026-02<"), "every month on the chart");
        assert!(page.contains(">35.0<"));
        assert!(
            !page.contains(">2.5.2<"),
            "the matrix replaces the code-2 lines"
        );
    }

    #[test]
    fn every_state_has_a_label_in_each_language() {
        for s in ItemState::ALL {
            for lang in [Language::Ru, Language::Tt, Language::En] {
                assert!(!state_label(*s, lang).is_empty());
            }
        }
        let tt = to_html(&sample(), Language::Tt, "", &RentalKinds::default());
        assert!(tt.contains("lang=\"tt\"") && tt.contains("Социаль прокат"));
    }
}

//! The indicators report as CSV (for the centre's spreadsheets) and as a printable HTML page
//! with a bar chart, in Russian (the language the centres report in), Tatar or English.

use chrono::NaiveDate;
use maud::{html, PreEscaped, DOCTYPE};

use crate::domain::indicators::Indicators;
use crate::domain::rental_report::RentalReport;
use crate::domain::{Language, LifeSituation, SessionKind};

/// One line of the report: the number the project's table uses, the label, the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub code: &'static str,
    pub label: &'static str,
    /// Empty when there is nothing to count (no answers yet; no rental records).
    pub value: String,
}

pub fn t(lang: Language, ru: &'static str, tt: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Ru => ru,
        Language::Tt => tt,
        Language::En => en,
    }
}

pub fn situation_label(s: LifeSituation, lang: Language) -> &'static str {
    match s {
        LifeSituation::ReturnFromCombatZone => t(
            lang,
            "возвращение из зон боевых действий",
            "сугыш хәрәкәтләре зонасыннан кайту",
            "return from combat zones",
        ),
        LifeSituation::LossOfParents => t(
            lang,
            "утрата родителей",
            "ата-ананы югалту",
            "loss of parents",
        ),
        LifeSituation::AbuseOrAssault => t(
            lang,
            "жестокое обращение и преступные посягательства",
            "рәхимсез мөгамәлә һәм җинаятьләр",
            "abuse and criminal assault",
        ),
        LifeSituation::Emergency => t(
            lang,
            "посттравматическое расстройство после чрезвычайных ситуаций",
            "гадәттән тыш хәлләрдән соң травматик бозылу",
            "post-traumatic stress after emergencies",
        ),
    }
}

pub fn kind_label(k: SessionKind, lang: Language) -> &'static str {
    match k {
        SessionKind::IndividualPlayTherapy => t(
            lang,
            "индивидуальная игротерапия",
            "индивидуаль уен терапиясе",
            "individual play therapy",
        ),
        SessionKind::Group => t(
            lang,
            "групповые занятия",
            "төркем шөгыльләре",
            "group sessions",
        ),
        SessionKind::FamilyReconciliation => t(
            lang,
            "семейные встречи и примирение",
            "гаилә очрашулары һәм татулашу",
            "family and reconciliation meetings",
        ),
        SessionKind::Diagnostic => t(lang, "диагностика", "диагностика", "diagnostics"),
    }
}

/// The project table's order of situations: 1.1 combat zones, 1.2 loss, 1.3 abuse, 1.4 emergencies.
pub const TABLE_ORDER: [(&str, LifeSituation); 4] = [
    ("1.1", LifeSituation::ReturnFromCombatZone),
    ("1.2", LifeSituation::LossOfParents),
    ("1.3", LifeSituation::AbuseOrAssault),
    ("1.4", LifeSituation::Emergency),
];

/// The report's lines in the project table's order.
pub fn lines(i: &Indicators, lang: Language) -> Vec<Line> {
    let by = |s: LifeSituation| {
        i.children_by_situation
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    };
    let mut out = vec![Line {
        code: "1",
        label: t(
            lang,
            "Дети, получившие помощь",
            "Ярдәм алган балалар",
            "Children who received help",
        ),
        value: i.children_helped.to_string(),
    }];
    for (code, s) in TABLE_ORDER {
        out.push(Line {
            code,
            label: situation_label(s, lang),
            value: by(s).to_string(),
        });
    }
    out.push(Line {
        code: "1.0",
        label: t(
            lang,
            "без указанной ситуации (профилактика)",
            "хәл күрсәтелмәгән (профилактика)",
            "no situation recorded (preventive work)",
        ),
        value: i.children_without_situation.to_string(),
    });
    out.push(Line {
        code: "2",
        label: t(
            lang,
            "Семьи с детьми, получившими помощь",
            "Балалары ярдәм алган гаиләләр",
            "Families of the children helped",
        ),
        value: i.families_helped.to_string(),
    });
    out.push(Line {
        code: "2.1",
        label: t(
            lang,
            "в том числе под социальным сопровождением",
            "шул исәптән социаль озатуда",
            "of which under social support",
        ),
        value: i.families_supported.to_string(),
    });
    out.push(Line {
        code: "3",
        label: t(
            lang,
            "Родители, получившие помощь",
            "Ярдәм алган ата-аналар",
            "Parents helped",
        ),
        value: i.parents_helped.to_string(),
    });
    out.push(Line {
        code: "4",
        label: t(
            lang,
            "Доля семей, отметивших улучшение, %",
            "Яхшыру билгеләгән гаиләләр өлеше, %",
            "Share of families that noted an improvement, %",
        ),
        value: i
            .improvement
            .percent()
            .map(|p| format!("{p:.1}"))
            .unwrap_or_default(),
    });
    out.push(Line {
        code: "4.1",
        label: t(
            lang,
            "семьи, ответившие при закрытии маршрута",
            "маршрут ябылганда җавап биргән гаиләләр",
            "families who answered when a route closed",
        ),
        value: i.improvement.answered.to_string(),
    });
    out.push(Line {
        code: "4.2",
        label: t(
            lang,
            "из них отметили улучшение",
            "шулардан яхшыру билгеләгәннәр",
            "of which noted an improvement",
        ),
        value: i.improvement.improved.to_string(),
    });
    out.push(Line {
        code: "С",
        label: t(
            lang,
            "Проведено занятий",
            "Үткәрелгән шөгыльләр",
            "Sessions held",
        ),
        value: i.sessions_held.to_string(),
    });
    let codes = ["С.1", "С.2", "С.3", "С.4"];
    for ((k, n), code) in i.sessions_by_kind.iter().zip(codes) {
        out.push(Line {
            code,
            label: kind_label(*k, lang),
            value: n.to_string(),
        });
    }
    out.push(Line {
        code: "П",
        label: t(
            lang,
            "Выдачи социального проката",
            "Социаль прокат бирүләре",
            "Social rental loans",
        ),
        value: i.rental_loans.map(|n| n.to_string()).unwrap_or_default(),
    });
    out
}

/// The rental block (П.1–П.3) under the rental loans: families served, the overdue rate and
/// the stock by state now, from `domain::rental_report` (the `ladoshka report rental` figures).
pub fn rental_lines(r: &RentalReport, lang: Language) -> Vec<Line> {
    const STATE_CODES: [&str; 7] = [
        "П.3.1", "П.3.2", "П.3.3", "П.3.4", "П.3.5", "П.3.6", "П.3.7",
    ];
    let mut out = vec![
        Line {
            code: "П.1",
            label: t(
                lang,
                "семьи, пользовавшиеся прокатом",
                "прокаттан файдаланган гаиләләр",
                "families served",
            ),
            value: r.families_served.to_string(),
        },
        Line {
            code: "П.2",
            label: t(
                lang,
                "доля просроченных возвратов, %",
                "вакытында кайтарылмаганнар өлеше, %",
                "overdue rate, %",
            ),
            value: super::rental::one_decimal(r.overdue.percent()),
        },
        Line {
            code: "П.3",
            label: t(
                lang,
                "вещи в фонде сейчас",
                "фондтагы әйберләр хәзер",
                "items in the stock now",
            ),
            value: r.items.to_string(),
        },
    ];
    for ((state, n), code) in r.items_by_state.iter().zip(STATE_CODES) {
        out.push(Line {
            code,
            label: super::rental::state_label(*state, lang),
            value: n.to_string(),
        });
    }
    out
}

/// The rental block of the report, shown only where there are rental records (items, or loans
/// that ran in the period): the kiosk's report and the centre's use this one rule.
pub fn rental_block(r: &RentalReport) -> Option<&RentalReport> {
    (r.items > 0 || r.loans_started > 0 || r.families_served > 0).then_some(r)
}

/// The indicators' lines, then the rental block when there is a rental report, then the
/// reconciliation room's block («В») where the facts hold restorative cases.
fn all_lines(i: &Indicators, rental: Option<&RentalReport>, lang: Language) -> Vec<Line> {
    let mut out = lines(i, lang);
    if let Some(r) = rental {
        out.extend(rental_lines(r, lang));
    }
    if let Some(r) = &i.restorative {
        out.extend(super::restorative::lines(r, lang));
    }
    out
}

/// The report as CSV: `code,indicator,value`, a header line first; the rental block when
/// `rental` is given, the restorative block last when there are cases.
pub fn to_csv(
    i: &Indicators,
    rental: Option<&RentalReport>,
    lang: Language,
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        t(lang, "код", "код", "code"),
        t(lang, "показатель", "күрсәткеч", "indicator"),
        t(lang, "значение", "кыйммәт", "value"),
    ])?;
    for l in all_lines(i, rental, lang) {
        w.write_record([lang.section_code(l.code).as_str(), l.label, &l.value])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("the CSV writer writes the UTF-8 it was given"))
}

pub(crate) use super::chart::bar_chart;

/// The report as a printable HTML page with charts of the children by situation and the
/// sessions by kind, and the rental block when `rental` is given.
pub fn to_html(
    i: &Indicators,
    rental: Option<&RentalReport>,
    lang: Language,
    centre: &str,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> String {
    let title = t(
        lang,
        "Показатели эффективности",
        "Нәтиҗәлелек күрсәткечләре",
        "Project indicators",
    );
    let period = format!(
        "{} – {}",
        first_day.format("%d.%m.%Y"),
        last_day.format("%d.%m.%Y")
    );
    let by = |s: LifeSituation| {
        i.children_by_situation
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    };
    let situation_bars: Vec<(&str, usize)> = TABLE_ORDER
        .iter()
        .map(|(_, s)| (situation_label(*s, lang), by(*s)))
        .collect();
    let kind_bars: Vec<(&str, usize)> = i
        .sessions_by_kind
        .iter()
        .map(|(k, n)| (kind_label(*k, lang), *n))
        .collect();
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) " · " (period) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { (centre) " · " (period) }
                }
                table {
                    thead { tr { th { "№" } th { (t(lang, "Показатель", "Күрсәткеч", "Indicator")) } th.num { (t(lang, "Значение", "Кыйммәт", "Value")) } } }
                    tbody {
                        @for l in all_lines(i, rental, lang) {
                            @if l.code == super::restorative::SECTION {
                                tr.section { td colspan="3" { (lang.section_code(l.code)) " " (l.label) } }
                            } @else {
                            tr.(super::restorative::row_class(l.code)) {
                                td { (lang.section_code(l.code.as_ref())) }
                                td { (l.label) }
                                td.num { @if l.value.is_empty() { "—" } @else { (lang.decimal(&l.value)) } }
                            }
                            }
                        }
                    }
                }
                div.charts {
                    (bar_chart(t(lang, "Дети, получившие помощь, по ситуациям", "Ярдәм алган балалар, хәлләр буенча", "Children helped by life situation"), &situation_bars))
                    (bar_chart(t(lang, "Проведённые занятия по видам", "Үткәрелгән шөгыльләр төрләре буенча", "Sessions held by kind"), &kind_bars))
                }
                footer {
                    p { (t(lang,
                        "Определения: ребёнок получил помощь, если в периоде было проведено занятие с ним или выполнен шаг его маршрута; сопровождение — маршрут помощи, открытый в периоде; родители — семьи на проведённых семейных встречах; улучшение — ответ семьи при закрытии маршрута. «—»: нет данных.",
                        "Билгеләмәләр: бала ярдәм алган, әгәр периодта аның белән шөгыль үткәрелсә яки маршрут адымы үтәлсә; озату — периодта ачык маршрут; ата-аналар — гаилә очрашуларында булган гаиләләр; яхшыру — маршрут ябылганда гаилә җавабы. «—»: мәгълүмат юк.",
                        "Definitions: a child received help when a session with them was held or a step of their route was done in the period; support is a help route open in the period; parents are families at a held family meeting; improvement is the family's answer when a route closed. «—»: no data."
                    )) }
                    @if i.restorative.is_some() { p { (super::restorative::definitions(lang)) } }
                    p { (t(lang, "Сформировано программой «Ладошка».", "«Ладошка» программасы әзерләде.", "Made by Ladoshka.")) }
                }
            }
        }
    };
    page.into_string()
}

pub const STYLE: &str = r#"
@page { size: A4; margin: 16mm; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #2b2d42; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
.meta { color: #555; margin: 0 0 12pt; }
table { border-collapse: collapse; width: 100%; font-size: 10.5pt; }
th, td { border-bottom: 1px solid #ccc; padding: 4pt 6pt; text-align: left; vertical-align: top; }
th { background: #eef3fb; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.main td { font-weight: 600; }
tr.sub td:nth-child(2) { padding-left: 18pt; }
tr.section td { background: #f3eefa; font-weight: 700; padding-top: 8pt; }
.charts { display: flex; flex-wrap: wrap; gap: 12pt; margin-top: 14pt; page-break-inside: avoid; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4pt; }
footer { margin-top: 14pt; font-size: 9pt; color: #555; }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::{compute, Facts, Improvement};
    use chrono::{TimeZone, Utc};

    fn sample() -> Indicators {
        let mut i = compute(
            &Facts::default(),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        );
        i.children_helped = 7;
        i.children_by_situation = vec![
            (LifeSituation::LossOfParents, 3),
            (LifeSituation::AbuseOrAssault, 2),
            (LifeSituation::Emergency, 1),
            (LifeSituation::ReturnFromCombatZone, 1),
        ];
        i.improvement = Improvement {
            answered: 4,
            improved: 3,
        };
        i.sessions_by_kind[0].1 = 12;
        i.sessions_held = 12;
        i
    }

    #[test]
    fn csv_has_every_line_in_the_project_order() {
        let csv = to_csv(&sample(), None, Language::Ru).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], "код,показатель,значение");
        assert_eq!(rows[1], "1,\"Дети, получившие помощь\",7");
        assert_eq!(rows[2], "1.1,возвращение из зон боевых действий,1");
        assert_eq!(rows[3], "1.2,утрата родителей,3");
        assert!(csv.contains("4,\"Доля семей, отметивших улучшение, %\",75.0"));
        assert!(csv.contains("С.1,индивидуальная игротерапия,12"));
        assert!(rows.last().unwrap().starts_with("П,"), "rental last");
        assert!(
            rows.last().unwrap().ends_with(','),
            "no rental records: empty value"
        );
        assert_eq!(rows.len(), 1 + lines(&sample(), Language::Ru).len());
    }

    #[test]
    fn html_is_printable_escaped_and_has_charts() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let page = to_html(
            &sample(),
            None,
            Language::En,
            "ГБУ «КЦСОН <Казань>»",
            day(1),
            day(30),
        );
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("@page"), "print layout");
        assert!(
            page.contains("&lt;Казань&gt;"),
            "the centre's name is escaped"
        );
        assert_eq!(page.matches("<svg").count(), 2);
        assert!(page.contains("01.11.2026 – 30.11.2026"));
        assert!(page.contains("Children who received help"));
        assert!(page.contains(">75.0<"));
    }

    #[test]
    fn the_rental_block_follows_the_rental_loans_when_given() {
        use crate::domain::rental_report::{compute, ItemFacts, LoanFacts, RentalFacts};
        use crate::domain::{FamilyId, ItemState, RentalKind};
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
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
                    kind: RentalKind::PLAYPEN,
                    state: ItemState::Lost,
                },
            ],
            loans: vec![LoanFacts {
                kind: RentalKind::WALKER,
                family: FamilyId(3),
                started_on: day(10, 1),
                due_on: day(11, 1),
                returned_on: None,
                lost: false,
            }],
        };
        let rental = compute(&facts, day(11, 1), day(11, 30), day(12, 1));
        let csv = to_csv(&sample(), Some(&rental), Language::Ru).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        let at = rows.iter().position(|r| r.starts_with("П,")).unwrap();
        assert_eq!(rows[at + 1], "П.1,\"семьи, пользовавшиеся прокатом\",1");
        assert_eq!(rows[at + 2], "П.2,\"доля просроченных возвратов, %\",100.0");
        assert_eq!(rows[at + 3], "П.3,вещи в фонде сейчас,2");
        assert_eq!(rows[at + 5], "П.3.2,выдано,1");
        assert_eq!(rows[at + 9], "П.3.6,утеряно,1");
        assert_eq!(rows.len(), at + 11);
        let page = to_html(
            &sample(),
            Some(&rental),
            Language::En,
            "",
            day(11, 1),
            day(11, 30),
        );
        // In English the section letters are Latin; in Russian they stay, with decimal commas.
        assert!(page.contains("families served") && page.contains(">R.3.7<"));
        assert!(!page.contains(">П.3.7<"));
        let ru = to_html(
            &sample(),
            Some(&rental),
            Language::Ru,
            "",
            day(11, 1),
            day(11, 30),
        );
        assert!(ru.contains(">П.3.7<") && ru.contains(">100,0<") && ru.contains(">75,0<"));
    }
}

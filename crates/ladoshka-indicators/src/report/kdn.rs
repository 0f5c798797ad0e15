//! The quarterly report for the КДНиЗП (комиссия по делам несовершеннолетних и защите их прав):
//! the indicators' restorative block alone («В», [`super::restorative`]) for one calendar
//! quarter, as CSV and as a printable HTML page, titled with the quarter and the centre's
//! reconciliation room. Kiosk (`ladoshka report kdn`) and centre (`ladoshka-centre report kdn`)
//! print it with these functions, so both give the same page for the same cases.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use maud::{html, PreEscaped, DOCTYPE};

use crate::domain::indicators::Restorative;
use crate::domain::restorative::texts::report_key;
use crate::domain::restorative::CentreTexts;
use crate::domain::Language;

use super::indicators::{t, STYLE};
use super::restorative::{definitions, lines, row_class, SECTION};

/// A calendar quarter, written `2026-Q4` (or `2026Q4`, `Q4-2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
}

impl Quarter {
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 3 * self.number - 2, 1).expect("a quarter's first day")
    }

    pub fn last_day(self) -> NaiveDate {
        let next = if self.number == 4 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, 3 * self.number + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
            .expect("a quarter's last day")
    }

    /// The quarter `day` falls in.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            number: day.month0() / 3 + 1,
        }
    }

    /// «IV квартал 2026 г.», «2026 елның IV кварталы», «Q4 2026».
    pub fn label(self, lang: Language) -> String {
        let roman = ["I", "II", "III", "IV"][self.number as usize - 1];
        match lang {
            Language::Ru => format!("{roman} квартал {} г.", self.year),
            Language::Tt => format!("{} елның {roman} кварталы", self.year),
            Language::En => format!("Q{} {}", self.number, self.year),
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.number)
    }
}

impl FromStr for Quarter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("«{s}» is not a quarter: write 2026-Q4 (Q1 to Q4)");
        let upper = s.trim().to_uppercase();
        let (year, number) = match upper.split_once('Q') {
            Some((y, n)) if !y.trim_end_matches('-').is_empty() => (y.trim_end_matches('-'), n),
            Some(("", rest)) => match rest.split_once('-') {
                Some((n, y)) => (y, n),
                None => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number: u32 = number.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&number) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, number })
    }
}

fn title(lang: Language) -> &'static str {
    t(
        lang,
        "Сведения о восстановительных программах для КДНиЗП",
        "КДНиЗП өчен торгызу программалары турында белешмә",
        "Restorative programmes: report for the juvenile affairs commission (KDN)",
    )
}

fn room(lang: Language) -> &'static str {
    t(
        lang,
        "кабинет примирения и согласия",
        "татулашу һәм килешү кабинеты",
        "reconciliation room",
    )
}

/// «IV квартал 2026 г. (01.10.2026 – 31.12.2026)».
fn period(q: Quarter, lang: Language) -> String {
    format!(
        "{} ({} – {})",
        q.label(lang),
        q.first_day().format("%d.%m.%Y"),
        q.last_day().format("%d.%m.%Y")
    )
}

/// The title line: the report, the quarter, the centre and its room.
pub fn heading(q: Quarter, centre: &str, lang: Language) -> String {
    let place = if centre.trim().is_empty() {
        room(lang).to_string()
    } else {
        format!("{} ({})", centre.trim(), room(lang))
    };
    format!("{} · {} · {place}", title(lang), period(q, lang))
}

/// A line's label: the centre's own words for its code (`report.В.1` in its texts file), else
/// the built-in one.
fn label<'a>(texts: &'a CentreTexts, lang: Language, code: &str, built_in: &'a str) -> &'a str {
    texts.get(lang, &report_key(code)).unwrap_or(built_in)
}

/// The report as CSV: the title line (the quarter and the centre's room in the label's
/// column), then `code,indicator,value` and the block's lines as in the indicators CSV.
pub fn to_csv(
    r: &Restorative,
    q: Quarter,
    centre: &str,
    lang: Language,
    texts: &CentreTexts,
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["", heading(q, centre, lang).as_str(), ""])?;
    w.write_record([
        t(lang, "код", "код", "code"),
        t(lang, "показатель", "күрсәткеч", "indicator"),
        t(lang, "значение", "кыйммәт", "value"),
    ])?;
    for l in lines(r, lang) {
        w.write_record([
            lang.section_code(l.code).as_str(),
            label(texts, lang, l.code, l.label),
            &l.value,
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("the CSV writer writes the UTF-8 it was given"))
}

/// The report as a printable HTML page, with the definitions under it.
pub fn to_html(
    r: &Restorative,
    q: Quarter,
    centre: &str,
    lang: Language,
    texts: &CentreTexts,
) -> String {
    let title = title(lang);
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) " · " (q.label(lang)) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta {
                        @if !centre.trim().is_empty() { (centre.trim()) " · " }
                        (room(lang)) " · " (period(q, lang))
                    }
                }
                table {
                    thead { tr { th { "№" } th { (t(lang, "Показатель", "Күрсәткеч", "Indicator")) } th.num { (t(lang, "Значение", "Кыйммәт", "Value")) } } }
                    tbody {
                        @for l in lines(r, lang) {
                            @if l.code == SECTION {
                                tr.section { td colspan="3" { (lang.section_code(l.code)) " " (label(texts, lang, l.code, l.label)) } }
                            } @else {
                                tr.(row_class(l.code)) {
                                    td { (lang.section_code(l.code)) }
                                    td { (label(texts, lang, l.code, l.label)) }
                                    td.num { (l.value) }
                                }
                            }
                        }
                    }
                }
                footer {
                    p { (definitions(lang)) }
                    p { (t(lang, "Сформировано программой «Ладошка».", "«Ладошка» программасы әзерләде.", "Made by Ladoshka.")) }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::restorative::{count, Days};
    use crate::domain::restorative::{CaseFacts, CaseId, ProgrammeKind, ReferralSource, Stage};

    #[test]
    fn quarters_parse_and_span_their_months() {
        let q: Quarter = "2026-Q4".parse().unwrap();
        assert_eq!(
            q,
            Quarter {
                year: 2026,
                number: 4
            }
        );
        assert_eq!("2026q1".parse::<Quarter>().unwrap().number, 1);
        assert_eq!(
            "Q2-2027".parse::<Quarter>().unwrap(),
            Quarter {
                year: 2027,
                number: 2
            }
        );
        for bad in ["2026-Q5", "2026-Q0", "2026", "Q4", "осень 2026", "26-Q4"] {
            let e = bad.parse::<Quarter>().unwrap_err();
            assert!(e.contains("write 2026-Q4"), "{bad}: {e}");
        }
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            (q.first_day(), q.last_day()),
            (day(2026, 10, 1), day(2026, 12, 31))
        );
        let q1 = Quarter {
            year: 2028,
            number: 1,
        };
        assert_eq!(
            (q1.first_day(), q1.last_day()),
            (day(2028, 1, 1), day(2028, 3, 31))
        );
        assert_eq!(
            Quarter::of(day(2026, 6, 30)),
            Quarter {
                year: 2026,
                number: 2
            }
        );
        assert_eq!(Quarter::of(day(2026, 7, 1)).to_string(), "2026-Q3");
        assert_eq!(q.label(Language::Ru), "IV квартал 2026 г.");
        assert_eq!(q.label(Language::Tt), "2026 елның IV кварталы");
        assert_eq!(q.label(Language::En), "Q4 2026");
    }

    fn sample() -> Restorative {
        let q = Quarter {
            year: 2026,
            number: 4,
        };
        let case = CaseFacts {
            case: CaseId(1),
            kind: ProgrammeKind::Circle,
            source: ReferralSource::Kdn,
            referred_on: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            stage: Stage::Referral,
            closed_on: None,
            minors: 3,
            adults: 2,
            declined_role: None,
            agreement_made_on: None,
            agreement_reached: false,
            agreement_kept: None,
            screening_rules: vec![],
        };
        count(&[case], Days::inclusive(q.first_day(), q.last_day()))
    }

    #[test]
    fn the_csv_is_titled_with_the_quarter_and_room_then_the_block() {
        let q = Quarter {
            year: 2026,
            number: 4,
        };
        let csv = to_csv(
            &sample(),
            q,
            "ГБУ «КЦСОН «Гармония»",
            Language::Ru,
            &CentreTexts::default(),
        )
        .unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert!(
            rows[0].contains("IV квартал 2026 г. (01.10.2026 – 31.12.2026)"),
            "{}",
            rows[0]
        );
        assert!(
            rows[0].contains("(кабинет примирения и согласия)"),
            "{}",
            rows[0]
        );
        assert_eq!(rows[1], "код,показатель,значение");
        assert_eq!(
            rows[2],
            "В,Восстановительные программы (кабинет примирения),"
        );
        assert_eq!(rows[3], "В.1,\"Случаи, поступившие в периоде\",1");
        assert_eq!(rows[4], "В.1.1,КДНиЗП,1");
        assert!(csv.contains("В.2.4,круг сообщества,1"));
        assert!(csv.contains("В.4.1,участники — несовершеннолетние,3"));
        assert_eq!(rows.len(), 2 + 33);
        let en = to_csv(&sample(), q, "", Language::En, &CentreTexts::default()).unwrap();
        assert!(en.contains("RP.4.2,participants: adults,2"), "{en}");
    }

    #[test]
    fn the_page_is_printable_escaped_and_defines_its_lines() {
        let q = Quarter {
            year: 2026,
            number: 4,
        };
        for lang in Language::ALL {
            let page = to_html(
                &sample(),
                q,
                "КЦСОН <Казань>",
                lang,
                &CentreTexts::default(),
            );
            assert!(page.starts_with("<!DOCTYPE html>"));
            assert!(page.contains("@page"));
            assert!(page.contains("КЦСОН &lt;Казань&gt;"));
            assert!(page.contains(&q.label(lang)));
            assert!(page.contains("01.10.2026 – 31.12.2026"));
            assert!(page.contains("<tr class=\"section\">"));
            assert!(page.contains(definitions(lang)));
        }
    }

    #[test]
    fn a_centre_words_the_lines_its_own_way_and_the_rest_stay() {
        let q = Quarter {
            year: 2026,
            number: 4,
        };
        let own = CentreTexts::parse(
            "[ru]\n\"report.В.1\" = \"Поступило материалов\"\n\"report.В.4.1\" = \"Несовершеннолетних участников\"\n\
             [en]\n\"report.В.1\" = \"Referrals received\"\n",
        )
        .unwrap();
        let csv = to_csv(&sample(), q, "", Language::Ru, &own).unwrap();
        assert!(csv.contains("В.1,Поступило материалов,1"), "{csv}");
        assert!(
            csv.contains("В.4.1,Несовершеннолетних участников,3"),
            "{csv}"
        );
        assert!(
            csv.contains("В.1.1,КДНиЗП,1"),
            "a line the centre left out keeps its words"
        );
        let en = to_csv(&sample(), q, "", Language::En, &own).unwrap();
        assert!(en.contains("RP.1,Referrals received,1"), "{en}");
        let page = to_html(&sample(), q, "", Language::Ru, &own);
        assert!(page.contains("<td>Поступило материалов</td>"), "{page}");
    }
}

//! The reconciliation room's lines of the indicators report (section «В»: восстановительные
//! программы) and their definitions under the printable page, in Russian, Tatar and English.
//! The same lines make the КДНиЗП's quarterly report ([`super::kdn`]). The figures and their
//! rules are the domain's ([`crate::domain::indicators::restorative`]).

use crate::domain::indicators::Restorative;
use crate::domain::restorative::{PartyRole, ProgrammeKind, ReferralSource, ScreeningRule};
use crate::domain::Language;

use super::indicators::{t, Line};

/// The section's code: its header line has it and no value.
pub const SECTION: &str = "В";

/// A printed line's class: «main» for a section's own lines (1, С, В.1), «sub» (indented) for
/// the lines under them (1.1, С.1, В.1.1).
pub fn row_class(code: &str) -> &'static str {
    let own_depth = usize::from(code.starts_with(SECTION));
    if code.matches('.').count() > own_depth {
        "sub"
    } else {
        "main"
    }
}

pub fn section_label(lang: Language) -> &'static str {
    t(
        lang,
        "Восстановительные программы (кабинет примирения)",
        "Торгызу программалары (татулашу кабинеты)",
        "Restorative programmes (reconciliation room)",
    )
}

pub fn source_label(s: ReferralSource, lang: Language) -> &'static str {
    match s {
        ReferralSource::Kdn => t(
            lang,
            "КДНиЗП",
            "КДНиЗП",
            "juvenile affairs commission (KDN)",
        ),
        ReferralSource::Pdn => t(
            lang,
            "ПДН полиции",
            "полициянең ПДН",
            "police juvenile unit (PDN)",
        ),
        ReferralSource::School => t(
            lang,
            "образовательная организация",
            "мәгариф оешмасы",
            "school",
        ),
        ReferralSource::OtherAgency => t(
            lang,
            "другое ведомство",
            "башка ведомство",
            "another agency",
        ),
        ReferralSource::Family => t(
            lang,
            "семья обратилась сама",
            "гаилә үзе мөрәҗәгать итте",
            "the family itself",
        ),
        ReferralSource::OwnPsychologist => t(
            lang,
            "психолог центра",
            "үзәк психологы",
            "the centre's psychologist",
        ),
    }
}

pub fn programme_label(k: ProgrammeKind, lang: Language) -> &'static str {
    match k {
        ProgrammeKind::Mediation => t(
            lang,
            "программа примирения (медиация)",
            "татулашу программасы (медиация)",
            "mediation",
        ),
        ProgrammeKind::Shuttle => t(
            lang,
            "челночная программа (встречи порознь)",
            "аерым очрашулар аша программа",
            "shuttle programme (separate meetings)",
        ),
        ProgrammeKind::FamilyConference => t(
            lang,
            "семейная восстановительная встреча",
            "гаиләнең торгызу очрашуы",
            "family group conference",
        ),
        ProgrammeKind::Circle => t(
            lang,
            "круг сообщества",
            "җәмгыять түгәрәге",
            "community circle",
        ),
    }
}

/// Who declined, for the lines under «ended at the preliminary stage».
pub fn declined_label(r: PartyRole, lang: Language) -> &'static str {
    match r {
        PartyRole::Harmed => t(
            lang,
            "отказалась пострадавшая сторона",
            "зыян күргән як баш тартты",
            "the harmed side declined",
        ),
        PartyRole::CausedHarm => t(
            lang,
            "отказалась сторона, причинившая вред",
            "зыян салган як баш тартты",
            "the side that caused harm declined",
        ),
        PartyRole::FamilyMember => t(
            lang,
            "отказался член семьи",
            "гаилә әгъзасы баш тартты",
            "a family member declined",
        ),
        PartyRole::Supporter => t(
            lang,
            "отказался поддерживающий участник",
            "ярдәмче катнашучы баш тартты",
            "a supporter declined",
        ),
    }
}

pub fn rule_label(r: ScreeningRule, lang: Language) -> &'static str {
    match r {
        ScreeningRule::OngoingViolenceOrSafetyRisk => t(
            lang,
            "продолжающееся насилие или угроза безопасности",
            "дәвам итүче көч куллану яки куркынычсызлыкка янау",
            "ongoing violence or a threat to safety",
        ),
        ScreeningRule::SexualHarm => t(lang, "сексуальный вред", "җенси зыян", "sexual harm"),
        ScreeningRule::CoerciveControl => t(
            lang,
            "принудительный контроль",
            "мәҗбүри контроль",
            "coercive control",
        ),
        ScreeningRule::HarmedPartyUnwilling => t(
            lang,
            "пострадавшая сторона не желает встречи",
            "зыян күргән як очрашырга теләми",
            "the harmed side does not want to meet",
        ),
    }
}

/// The section's lines: its header («В», no value), then В.1–В.6.
pub fn lines(r: &Restorative, lang: Language) -> Vec<Line> {
    let line = |code, label, value: usize| Line {
        code,
        label,
        value: value.to_string(),
    };
    let mut out = vec![Line {
        code: SECTION,
        label: section_label(lang),
        value: String::new(),
    }];
    out.push(line(
        "В.1",
        t(
            lang,
            "Случаи, поступившие в периоде",
            "Периодта кергән очраклар",
            "Cases referred in the period",
        ),
        r.referred,
    ));
    const SOURCES: [&str; 6] = ["В.1.1", "В.1.2", "В.1.3", "В.1.4", "В.1.5", "В.1.6"];
    for ((s, n), code) in r.referred_by_source.iter().zip(SOURCES) {
        out.push(line(code, source_label(*s, lang), *n));
    }
    out.push(line(
        "В.2",
        t(
            lang,
            "Поступившие случаи по видам программ",
            "Кергән очраклар программа төрләре буенча",
            "Cases referred by programme kind",
        ),
        r.referred,
    ));
    const KINDS: [&str; 4] = ["В.2.1", "В.2.2", "В.2.3", "В.2.4"];
    for ((k, n), code) in r.referred_by_kind.iter().zip(KINDS) {
        out.push(line(code, programme_label(*k, lang), *n));
    }
    out.push(line(
        "В.3",
        t(
            lang,
            "Программы, закрытые в периоде",
            "Периодта ябылган программалар",
            "Programmes closed in the period",
        ),
        r.closed,
    ));
    out.push(line(
        "В.3.1",
        t(
            lang,
            "завершены (проведены до конца)",
            "тәмамланды (ахырына кадәр үткәрелде)",
            "completed",
        ),
        r.completed(),
    ));
    out.push(line(
        "В.3.1.1",
        t(lang, "договор выполнен", "килешү үтәлде", "agreement kept"),
        r.completed_kept,
    ));
    out.push(line(
        "В.3.1.2",
        t(
            lang,
            "договор не выполнен",
            "килешү үтәлмәде",
            "agreement not kept",
        ),
        r.completed_not_kept,
    ));
    out.push(line(
        "В.3.2",
        t(
            lang,
            "завершены на предварительном этапе",
            "алдан очрашулар этабында туктатылды",
            "ended at the preliminary stage",
        ),
        r.ended_at_preliminary,
    ));
    const ROLES: [&str; 4] = ["В.3.2.1", "В.3.2.2", "В.3.2.3", "В.3.2.4"];
    for ((role, n), code) in r.declined_by_role.iter().zip(ROLES) {
        out.push(line(code, declined_label(*role, lang), *n));
    }
    out.push(line(
        "В.3.3",
        t(
            lang,
            "не подходят для программы (скрининг)",
            "программага туры килми (скрининг)",
            "not suitable (screening)",
        ),
        r.not_suitable,
    ));
    const RULES: [&str; 4] = ["В.3.3.1", "В.3.3.2", "В.3.3.3", "В.3.3.4"];
    for ((rule, n), code) in r.not_suitable_by_rule.iter().zip(RULES) {
        out.push(line(code, rule_label(*rule, lang), *n));
    }
    out.push(line(
        "В.3.4",
        t(lang, "отозваны", "кире алынды", "withdrawn"),
        r.withdrawn,
    ));
    out.push(line(
        "В.4",
        t(
            lang,
            "Программы в работе в периоде",
            "Периодта эштәге программалар",
            "Programmes active in the period",
        ),
        r.active,
    ));
    out.push(line(
        "В.4.1",
        t(
            lang,
            "участники — несовершеннолетние",
            "катнашучылар — балигъ булмаганнар",
            "participants: minors",
        ),
        r.minors,
    ));
    out.push(line(
        "В.4.2",
        t(
            lang,
            "участники — взрослые",
            "катнашучылар — олылар",
            "participants: adults",
        ),
        r.adults,
    ));
    out.push(line(
        "В.5",
        t(
            lang,
            "Заключено примирительных договоров",
            "Төзелгән татулашу килешүләре",
            "Agreements reached",
        ),
        r.agreements_reached,
    ));
    out.push(line(
        "В.6",
        t(
            lang,
            "Выполнено договоров (программа закрыта)",
            "Үтәлгән килешүләр (программа ябылды)",
            "Agreements kept (programme closed)",
        ),
        r.agreements_kept,
    ));
    out
}

/// The section's definitions, for under the printable page.
pub fn definitions(lang: Language) -> &'static str {
    t(
        lang,
        "Восстановительные программы (В): поступил — дата направления в периоде (В.1 по источникам, В.2 по видам программ); закрыт — дата закрытия в периоде, с исходом: завершён с выполненным или невыполненным договором (В.3.1), завершён на предварительном этапе с указанием, кто отказался (В.3.2), не подходит по итогам скрининга с указанием правила (В.3.3), отозван (В.3.4); в работе — направлен до конца периода и не закрыт до его начала (В.4), участники считаются по каждой программе отдельно; договор заключён — датирован в периоде и подписан всеми (В.5); договор выполнен — программа закрыта в периоде с выполнением всех пунктов (В.6). Даты — по местному времени.",
        "Торгызу программалары (В): кергән — юнәлтү датасы периодта (В.1 чыганаклар буенча, В.2 программа төрләре буенча); ябылган — ябылу датасы периодта, нәтиҗәсе белән: килешү үтәлеп яки үтәлмичә тәмамланган (В.3.1), алдан очрашулар этабында туктатылган, кем баш тартканы күрсәтелеп (В.3.2), скрининг нәтиҗәсендә туры килми, кагыйдә күрсәтелеп (В.3.3), кире алынган (В.3.4); эштә — период ахырына кадәр юнәлтелгән һәм период башына кадәр ябылмаган (В.4), катнашучылар һәр программада аерым санала; килешү төзелгән — периодта даталанган һәм барысы да имзалаган (В.5); килешү үтәлгән — программа периодта барлык пунктлар үтәлеп ябылган (В.6). Даталар — җирле вакыт буенча.",
        "Restorative programmes (RP): referred — the referral date is in the period (RP.1 by source, RP.2 by programme kind); closed — the closing date is in the period, with the outcome: completed with the agreement kept or not kept (RP.3.1), ended at the preliminary stage, with who declined (RP.3.2), not suitable after screening, with the rule (RP.3.3), withdrawn (RP.3.4); active — referred before the period ends and not closed before it begins (RP.4), participants counted in each programme; agreement reached — dated in the period and signed by everyone (RP.5); agreement kept — the programme closed in the period with every item kept (RP.6). Dates are local.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::restorative::{count, Days};
    use chrono::NaiveDate;

    #[test]
    fn every_count_has_a_line_in_order_and_every_language_has_labels() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let r = count(&[], Days::inclusive(day(1), day(30)));
        for lang in Language::ALL {
            let l = lines(&r, lang);
            assert_eq!(l.len(), 1 + 1 + 6 + 1 + 4 + 1 + 3 + 5 + 5 + 1 + 3 + 2);
            assert_eq!(l[0].code, SECTION);
            assert!(l[0].value.is_empty(), "the header has no value");
            assert!(l.iter().skip(1).all(|x| x.value == "0"));
            assert!(l.iter().all(|x| !x.label.is_empty()));
            let codes: std::collections::BTreeSet<_> = l.iter().map(|x| x.code).collect();
            assert_eq!(codes.len(), l.len(), "codes are unique");
        }
        assert!(definitions(Language::Tt).contains("ә"));
        assert_eq!(row_class("В.1"), "main");
        assert_eq!(row_class("В.1.1"), "sub");
        assert_eq!(row_class("С.1"), "sub");
        assert_eq!(row_class("4"), "main");
    }

    #[test]
    fn the_indicators_report_ends_with_the_block_where_there_are_cases() {
        use crate::domain::indicators::{compute, Facts};
        use crate::domain::restorative::{CaseFacts, CaseId, Stage};
        use crate::report::indicators::{to_csv, to_html};
        use chrono::{TimeZone, Utc};
        let (from, to) = (
            Utc.with_ymd_and_hms(2026, 10, 31, 21, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 30, 21, 0, 0).unwrap(),
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let case = CaseFacts {
            case: CaseId(1),
            kind: ProgrammeKind::FamilyConference,
            source: ReferralSource::School,
            referred_on: day(30),
            stage: Stage::Referral,
            closed_on: None,
            minors: 1,
            adults: 2,
            declined_role: None,
            agreement_made_on: None,
            agreement_reached: false,
            agreement_kept: None,
            screening_rules: vec![],
        };
        let none = compute(&Facts::default(), from, to);
        let csv = to_csv(&none, None, Language::Ru).unwrap();
        assert!(!csv.contains("\nВ"), "no cases, no block: {csv}");
        assert!(
            !to_html(&none, None, Language::Ru, "", day(1), day(30)).contains("class=\"section\"")
        );
        let facts = Facts {
            cases: vec![case],
            ..Facts::default()
        };
        let i = compute(&facts, from, to);
        let csv = to_csv(&i, None, Language::Ru).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        let at = rows.iter().position(|r| r.starts_with("В,")).unwrap();
        assert!(rows[at - 1].starts_with("П,"), "after the rental line");
        assert_eq!(
            rows[at],
            "В,Восстановительные программы (кабинет примирения),"
        );
        assert_eq!(rows[at + 1], "В.1,\"Случаи, поступившие в периоде\",1");
        assert_eq!(rows[at + 4], "В.1.3,образовательная организация,1");
        assert!(csv.contains("В.2.3,семейная восстановительная встреча,1"));
        assert!(csv.contains("В.4,Программы в работе в периоде,1"));
        assert!(csv.contains("В.4.2,участники — взрослые,2"));
        assert_eq!(rows.len(), at + 33);
        let page = to_html(&i, None, Language::Tt, "", day(1), day(30));
        assert!(page.contains("<tr class=\"section\"><td colspan=\"3\">В Торгызу программалары (татулашу кабинеты)</td></tr>"), "{page}");
        assert!(page.contains(definitions(Language::Tt)));
        assert!(page.contains("<tr class=\"sub\"><td>В.1.3</td>"));
        let en = to_html(&i, None, Language::En, "", day(1), day(30));
        assert!(en.contains("<td>RP.1</td>") && !en.contains(">В"));
    }
}

//! The printable copy of a restorative case's agreement (примирительный договор), one page per
//! party: the case's number, the date, the parties' names, the items (who does what, by when,
//! who checks) and who has signed. Only the agreement leaves the room (issue 21,
//! «Confidentiality»): nothing else of the case is read here — not the conflict, the screening,
//! the meetings, the child's answers or the pauses — so no such word can reach the page. One
//! self-contained HTML file: no script, no link, the style inline, A4 print CSS.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::domain::restorative::{Agreement, Checker, PartyId, Signer};
use crate::domain::Language;
use crate::report::indicators::t;
use crate::store::restorative::{CaseView, PartyView};

const STYLE: &str = r#"
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; color: #1f2030; max-width: 180mm; margin: 0 auto; font-size: 12pt; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 16pt 0 6pt; }
.meta { color: #444; margin: 0 0 12pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 5pt 6pt; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { width: 1.5em; text-align: right; }
.sign { height: 22pt; }
footer { margin-top: 18pt; font-size: 9.5pt; color: #444; }
tr, li { page-break-inside: avoid; }
"#;

/// The name the agreement gives a party.
fn name_of(view: &CaseView, id: PartyId) -> &str {
    view.parties
        .iter()
        .find(|p| p.party.id == id)
        .map_or("—", |p| p.name.as_str())
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The page of the agreement of `view` in `lang`, the copy of party `copy_for`. `None` when
/// the case has no agreement yet.
pub fn page(view: &CaseView, lang: Language, copy_for: PartyId) -> Option<String> {
    let agreement = view.case.agreement.as_ref()?;
    let title = t(
        lang,
        "Примирительный договор",
        "Татулашу килешүе",
        "Reconciliation agreement",
    );
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { (title) " — " (t(lang, "случай №", "очрак №", "case no.")) " " (view.case.id.0) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (title) }
                p.meta {
                    (t(lang, "Случай №", "Очрак №", "Case no.")) " " (view.case.id.0) " · "
                    (t(lang, "заключён", "төзелде", "made on")) " " (date(agreement.made_on))
                    @if let Some(f) = &view.facilitator_name {
                        " · " (t(lang, "ведущий", "алып баручы", "facilitator")) ": " (f)
                    }
                }
                h2 { (t(lang, "Стороны", "Яклар", "The parties")) }
                ul { @for p in &view.parties { li { (p.name) } } }
                h2 { (t(lang, "Что мы договорились сделать", "Без нәрсә эшләргә килештек", "What we agreed to do")) }
                (items(view, agreement, lang))
                h2 { (t(lang, "Подписи", "Имзалар", "Signatures")) }
                (signatures(view, agreement, lang))
                footer {
                    p { (t(lang, "Копия для", "Күчермә кемгә", "Copy for")) ": " (name_of(view, copy_for)) }
                    p { (t(lang,
                        "Копия выдана с согласия всех сторон. Другие сведения о случае в неё не входят.",
                        "Күчермә барлык якларның ризалыгы белән бирелде. Очрак турында башка мәгълүматлар аңа керми.",
                        "This copy is given with every party's consent. Nothing else about the case is in it.")) }
                }
            }
        }
    };
    Some(page.into_string())
}

fn items(view: &CaseView, agreement: &Agreement, lang: Language) -> Markup {
    html! {
        table {
            tr {
                th { "№" }
                th { (t(lang, "Что сделать", "Нәрсә эшләргә", "What")) }
                th { (t(lang, "Кто", "Кем", "Who")) }
                th { (t(lang, "До какого числа", "Кайчанга кадәр", "By")) }
                th { (t(lang, "Кто проверяет", "Кем тикшерә", "Who checks")) }
            }
            @for (n, it) in agreement.items.iter().enumerate() {
                tr {
                    td.num { (n + 1) }
                    td { (it.what) }
                    td { (name_of(view, it.who)) }
                    td { (date(it.by)) }
                    td { @match it.checker {
                        Checker::Party(p) => (name_of(view, p)),
                        Checker::Facilitator => (t(lang, "ведущий", "алып баручы", "the facilitator")),
                    } }
                }
            }
        }
    }
}

fn signatures(view: &CaseView, agreement: &Agreement, lang: Language) -> Markup {
    let signed = |id: PartyId, s: Signer| agreement.signatures.contains(&(id, s));
    let mark = |yes: bool| {
        if yes {
            t(lang, "подписано", "имзаланды", "signed")
        } else {
            t(lang, "не подписано", "имзаланмаган", "not signed")
        }
    };
    let representative = |p: &PartyView| {
        p.party
            .representatives
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        table {
            tr {
                th { (t(lang, "Кто подписывает", "Кем имзалый", "Who signs")) }
                th { (t(lang, "Подпись", "Имза", "Signature")) }
                th { (t(lang, "Дата", "Көне", "Date")) }
            }
            @for p in &view.parties {
                tr.sign {
                    td { (p.name) }
                    td { (mark(signed(p.party.id, Signer::Party))) }
                    td { @if signed(p.party.id, Signer::Party) { (date(agreement.made_on)) } }
                }
                @if p.party.is_minor() {
                    tr.sign {
                        td { (t(lang, "Законный представитель", "Законлы вәкил", "Legal representative")) ": " (representative(p)) }
                        td { (mark(signed(p.party.id, Signer::Representative))) }
                        td { @if signed(p.party.id, Signer::Representative) { (date(agreement.made_on)) } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::restorative::{
        AgreementItem, Case, CaseId, Party, PartyRole, PartyWho, ProgrammeKind, ReferralSource,
        Representative, Screening, Stage, Standing,
    };
    use crate::domain::{ChildId, FamilyId};
    use crate::store::restorative::Side;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn party(id: i64, who: PartyWho, reps: &[&str], name: &str, side: Side) -> PartyView {
        PartyView {
            party: Party::new(
                PartyId(id),
                who,
                if side == Side::Harmed {
                    PartyRole::Harmed
                } else {
                    PartyRole::CausedHarm
                },
                reps.iter()
                    .map(|r| Representative { name: (*r).into() })
                    .collect(),
            )
            .unwrap(),
            name: name.into(),
            first_name: name.split(' ').nth(1).unwrap_or(name).into(),
            family: FamilyId(id),
            standing: Standing::Consented,
            side,
        }
    }

    /// A case with a secret conflict and screening, an agreement of two items signed by the
    /// harmed child and her mother only.
    fn view() -> CaseView {
        let parties = vec![
            party(
                1,
                PartyWho::Child(ChildId(10)),
                &["Сафина Гульнара Ильдаровна"],
                "Сафина Алсу",
                Side::Harmed,
            ),
            party(
                2,
                PartyWho::Adult {
                    family: FamilyId(2),
                    name: "Орлов Пётр Ильич".into(),
                },
                &[],
                "Орлов Пётр Ильич",
                Side::Other,
            ),
        ];
        let mut case = Case::open(
            CaseId(17),
            ProgrammeKind::Mediation,
            ReferralSource::School,
            d(1),
            parties.iter().map(|p| p.party.clone()).collect(),
        )
        .unwrap();
        case.screening = Some(Screening {
            ongoing_violence_or_safety_risk: false,
            sexual_harm: false,
            coercive_control: false,
            harmed_party_unwilling: false,
        });
        case.stage = Stage::Agreement;
        let mut agreement = Agreement::new(
            d(7),
            vec![
                AgreementItem::new(
                    "Вернуть велосипед",
                    PartyId(2),
                    d(14),
                    Checker::Party(PartyId(1)),
                ),
                AgreementItem::new(
                    "Извиниться при классе",
                    PartyId(2),
                    d(21),
                    Checker::Facilitator,
                ),
            ],
        );
        agreement.signatures = vec![
            (PartyId(1), Signer::Party),
            (PartyId(1), Signer::Representative),
        ];
        case.agreement = Some(agreement);
        CaseView {
            case,
            conflict: "ТАЙНА: драка во дворе школы".into(),
            facilitator_name: Some("Нуриева Лилия Маратовна".into()),
            parties,
            meetings: vec![],
            voices: vec![],
            pauses: vec![],
            copies_allowed: vec![PartyId(1), PartyId(2)],
            harmed_party_told: None,
        }
    }

    #[test]
    fn the_page_holds_the_items_the_case_number_and_the_date() {
        let html = page(&view(), Language::Ru, PartyId(1)).unwrap();
        assert!(html.contains("Вернуть велосипед"));
        assert!(html.contains("Извиниться при классе"));
        assert!(html.contains("14.12.2026") && html.contains("21.12.2026"));
        assert!(html.contains("Случай №") && html.contains("17"));
        assert!(html.contains("07.12.2026"), "the agreement's date");
        assert!(html.contains("Орлов Пётр Ильич") && html.contains("Сафина Алсу"));
        assert!(html.contains("Копия для: Сафина Алсу"));
    }

    #[test]
    fn the_page_says_who_signed_and_who_did_not() {
        let html = page(&view(), Language::Ru, PartyId(2)).unwrap();
        assert_eq!(
            html.matches(">подписано<").count(),
            2,
            "the child and her representative"
        );
        assert_eq!(
            html.matches(">не подписано<").count(),
            1,
            "the adult has not signed"
        );
        assert!(
            html.contains("Сафина Гульнара Ильдаровна"),
            "the representative's name"
        );
        let en = page(&view(), Language::En, PartyId(2)).unwrap();
        assert!(en.contains(">signed<") && en.contains(">not signed<"));
    }

    #[test]
    fn nothing_else_of_the_case_is_on_the_page() {
        let mut v = view();
        v.voices.clear();
        for lang in [Language::Ru, Language::Tt, Language::En] {
            let html = page(&v, lang, PartyId(1)).unwrap();
            assert!(
                !html.contains("ТАЙНА") && !html.contains("драка"),
                "no conflict text"
            );
            for word in [
                "screening",
                "скрининг",
                "violence",
                "насили",
                "coercive",
                "sexual",
                "note",
                "заметк",
            ] {
                assert!(
                    !html.to_lowercase().contains(word),
                    "no «{word}» in {lang:?}"
                );
            }
            assert!(
                !html.contains("Школа") && !html.contains("school"),
                "no referral source"
            );
            assert!(
                !html.contains("<script") && !html.contains("href") && !html.contains("src="),
                "self-contained"
            );
            assert!(html.contains("@page { size: A4"));
        }
    }

    #[test]
    fn another_case_is_not_on_the_page() {
        let mut other = view();
        other.case.id = CaseId(4242);
        if let Some(a) = other.case.agreement.as_mut() {
            a.items[0].what = "Чужой пункт".into();
        }
        let html = page(&view(), Language::Ru, PartyId(1)).unwrap();
        assert!(!html.contains("Чужой пункт") && !html.contains("4242"));
    }

    #[test]
    fn no_agreement_no_page() {
        let mut v = view();
        v.case.agreement = None;
        assert_eq!(page(&v, Language::Ru, PartyId(1)), None);
    }
}

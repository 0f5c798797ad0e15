//! The free-use contract (договор безвозмездного пользования, ГК РФ гл. 36) a parent signs on
//! the screen when the family borrows an item. The text is made from the loan's terms, shown
//! whole before signing and kept with the loan, word for word, with its SHA-256.
//!
//! The contract is a legal document of the centre, and its Russian text is the binding one
//! whatever the screen's language:
//!
//! - In Russian ([`Language::Ru`]) the text is the Russian contract alone, byte for byte as it
//!   has always been made (the contracts already signed are kept with their hashes).
//! - In Tatar ([`Language::Tt`], a state language of Tatarstan) and in English
//!   ([`Language::En`]) the document is bilingual: the same Russian text first, then a divider
//!   line, then a complete translation naming every term again (dates, the centre, the parent,
//!   the item's kind in the screen's language, its inventory number and condition). The
//!   translation's heading calls it a translation for information, and its closing sentence
//!   says that both texts were shown to the parent before signing and that in a dispute the
//!   Russian text governs.

use chrono::NaiveDate;

use crate::language::Language;

/// What the contract names.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractTerms<'a> {
    /// The centre (ссудодатель), as the kiosk's configuration names it.
    pub operator: &'a str,
    /// The parent who signs (ссудополучатель).
    pub parent_name: &'a str,
    /// The item's kind in Russian, for the Russian (binding) text.
    pub kind: &'a str,
    /// The item's kind in the screen's language, for the translation that follows the Russian
    /// text in Tatar or English; unused for a Russian screen.
    pub kind_translated: &'a str,
    /// The item's inventory number.
    pub inventory_number: &'a str,
    /// The condition the item is handed over in, as noted at hand-over; when empty, the
    /// contract says the item is in working order and clean.
    pub condition: &'a str,
    /// The first day of the loan; the contract is dated with it.
    pub start: NaiveDate,
    /// The last day of the loan, included.
    pub due: NaiveDate,
}

/// The line between the Russian text and its translation.
const DIVIDER: &str = "————————————————————————————————";

/// The contract's text for `t` on a screen in `lang`: the Russian text, followed for Tatar and
/// English by the divider and the translation (see the module's comment).
pub fn contract_text(t: &ContractTerms<'_>, lang: Language) -> String {
    let russian = russian(t);
    let translation = match lang {
        Language::Ru => return russian,
        Language::Tt => tatar(t),
        Language::En => english(t),
    };
    format!("{russian}\n\n{DIVIDER}\n\n{translation}")
}

/// The condition noted at hand-over, or `default` (the language's «исправное, чистое»).
fn condition<'a>(t: &ContractTerms<'a>, default: &'a str) -> &'a str {
    match t.condition.trim() {
        "" => default,
        noted => noted,
    }
}

/// The binding Russian text. Not a letter of it may change: signed contracts are hashed.
fn russian(t: &ContractTerms<'_>) -> String {
    format!(
        "ДОГОВОР БЕЗВОЗМЕЗДНОГО ПОЛЬЗОВАНИЯ от {start}\n\n\
         1. {operator} (ссудодатель) передаёт, а {parent} (ссудополучатель) принимает во временное \
         безвозмездное пользование: {kind}, инвентарный номер {number}. Состояние при передаче: {condition}.\n\
         2. Срок пользования: с {start} по {due} включительно. Срок может быть продлён по заявлению \
         ссудополучателя, если вещь не ожидает другая семья.\n\
         3. Ссудополучатель использует вещь по назначению, бережёт её, не передаёт третьим лицам и \
         возвращает в срок в том состоянии, в каком получил, с учётом нормального износа.\n\
         4. О поломке, утрате или краже вещи ссудополучатель сообщает ссудодателю в течение трёх дней.\n\
         5. Ссудодатель передаёт вещь чистой и исправной; после возврата вещь проходит обработку.\n\
         6. Пользование бесплатное. Договор составлен в электронном виде; подпись ссудополучателя \
         поставлена на экране и хранится вместе с этим текстом.",
        start = t.start.format("%d.%m.%Y"),
        due = t.due.format("%d.%m.%Y"),
        operator = t.operator.trim(),
        parent = t.parent_name.trim(),
        kind = t.kind,
        number = t.inventory_number,
        condition = condition(t, "исправное, чистое"),
    )
}

/// The Tatar translation, for information.
fn tatar(t: &ContractTerms<'_>) -> String {
    format!(
        "ТҮЛӘҮСЕЗ ФАЙДАЛАНУ ШАРТНАМӘСЕ (мәгълүмат өчен тәрҗемә; югарыдагы рус телендәге текст \
         юридик көчкә ия)\n\
         Төзелгән көне: {start}\n\n\
         1. {operator} (бирүче) тапшыра, ә {parent} (алучы) вакытлыча түләүсез файдалануга кабул \
         итеп ала: {kind}, инвентарь номеры {number}. Тапшыру вакытындагы торышы: {condition}.\n\
         2. Файдалану срогы: {start} көненнән {due} көненә кадәр, соңгы көнне дә кертеп. Әйберне \
         башка гаилә көтмәсә, срок алучының гаризасы буенча озайтылырга мөмкин.\n\
         3. Алучы әйберне билгеләнеше буенча куллана, аны кадерләп тота, өченче затларга \
         тапшырмый һәм, гадәти тузуны исәпкә алып, ничек алган булса, шундый хәлдә вакытында \
         кире кайтара.\n\
         4. Әйбер ватылса, югалса яки урланса, алучы бу хакта өч көн эчендә бирүчегә хәбәр итә.\n\
         5. Бирүче әйберне чиста һәм төзек хәлдә тапшыра; кире кайтарылганнан соң әйбер \
         чистартыла һәм эшкәртелә.\n\
         6. Файдалану түләүсез. Шартнамә электрон рәвештә төзелде; алучының имзасы экранда \
         куелды һәм шушы текст белән бергә саклана.\n\n\
         Шартнамәнең рус һәм татар телләрендәге текстлары алучыга имза куелганчы күрсәтелде. \
         Бәхәс килеп чыкса, рус телендәге текст хәлиткеч булып тора.",
        start = t.start.format("%d.%m.%Y"),
        due = t.due.format("%d.%m.%Y"),
        operator = t.operator.trim(),
        parent = t.parent_name.trim(),
        kind = t.kind_translated,
        number = t.inventory_number,
        condition = condition(t, "төзек, чиста"),
    )
}

/// The English translation, for information.
fn english(t: &ContractTerms<'_>) -> String {
    format!(
        "FREE-USE AGREEMENT (translation for information; the Russian text above is binding)\n\
         Dated {start}\n\n\
         1. {operator} (the lender) hands over, and {parent} (the borrower) accepts, for temporary \
         use free of charge: {kind}, inventory number {number}. Condition at hand-over: {condition}.\n\
         2. Term of use: from {start} to {due} inclusive. The term may be extended at the \
         borrower's request if no other family is waiting for the item.\n\
         3. The borrower uses the item for its intended purpose, takes good care of it, does not \
         pass it on to third parties and returns it on time in the condition in which it was \
         received, allowing for normal wear and tear.\n\
         4. The borrower informs the lender of any breakage, loss or theft of the item within \
         three days.\n\
         5. The lender hands the item over clean and in working order; after its return the item \
         is cleaned and treated.\n\
         6. The use is free of charge. The agreement is made in electronic form; the borrower's \
         signature is put on the screen and kept together with this text.\n\n\
         Both the Russian and the English text of this agreement were shown to the borrower \
         before signing. In case of a dispute, the Russian text governs.",
        start = t.start.format("%d.%m.%Y"),
        due = t.due.format("%d.%m.%Y"),
        operator = t.operator.trim(),
        parent = t.parent_name.trim(),
        kind = t.kind_translated,
        number = t.inventory_number,
        condition = condition(t, "in working order, clean"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> ContractTerms<'static> {
        ContractTerms {
            operator: "ГАУСО «КЦСОН „Доброта“»",
            parent_name: "Сафина Резеда Ильдаровна",
            kind: "Кроватка с бортиками",
            kind_translated: "Кроватка с бортиками",
            inventory_number: "КРВ-0003",
            condition: "",
            start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            due: NaiveDate::from_ymd_opt(2027, 12, 1).unwrap(),
        }
    }

    /// The terms as the desk makes them on a screen in `lang`.
    fn terms_in(lang: Language) -> ContractTerms<'static> {
        let kind_translated = match lang {
            Language::Ru => "Кроватка с бортиками",
            Language::Tt => "Кырыйлы бала караваты",
            Language::En => "Cot with bumpers",
        };
        ContractTerms {
            kind_translated,
            ..terms()
        }
    }

    /// The text `contract_text` made before it had a language, copied whole: the Russian
    /// text must stay byte for byte the same.
    fn old_contract_text(t: &ContractTerms<'_>) -> String {
        let condition = if t.condition.trim().is_empty() {
            "исправное, чистое"
        } else {
            t.condition.trim()
        };
        format!(
            "ДОГОВОР БЕЗВОЗМЕЗДНОГО ПОЛЬЗОВАНИЯ от {start}\n\n\
             1. {operator} (ссудодатель) передаёт, а {parent} (ссудополучатель) принимает во временное \
             безвозмездное пользование: {kind}, инвентарный номер {number}. Состояние при передаче: {condition}.\n\
             2. Срок пользования: с {start} по {due} включительно. Срок может быть продлён по заявлению \
             ссудополучателя, если вещь не ожидает другая семья.\n\
             3. Ссудополучатель использует вещь по назначению, бережёт её, не передаёт третьим лицам и \
             возвращает в срок в том состоянии, в каком получил, с учётом нормального износа.\n\
             4. О поломке, утрате или краже вещи ссудополучатель сообщает ссудодателю в течение трёх дней.\n\
             5. Ссудодатель передаёт вещь чистой и исправной; после возврата вещь проходит обработку.\n\
             6. Пользование бесплатное. Договор составлен в электронном виде; подпись ссудополучателя \
             поставлена на экране и хранится вместе с этим текстом.",
            start = t.start.format("%d.%m.%Y"),
            due = t.due.format("%d.%m.%Y"),
            operator = t.operator.trim(),
            parent = t.parent_name.trim(),
            kind = t.kind,
            number = t.inventory_number,
        )
    }

    /// The translation in `text`, after the Russian text of `t` and the divider.
    fn translation<'a>(text: &'a str, t: &ContractTerms<'_>) -> &'a str {
        let russian = contract_text(t, Language::Ru);
        let rest = text
            .strip_prefix(russian.as_str())
            .unwrap_or_else(|| panic!("the Russian text does not begin:\n{text}"));
        rest.strip_prefix(&format!("\n\n{DIVIDER}\n\n"))
            .unwrap_or_else(|| panic!("no divider after the Russian text:\n{text}"))
    }

    #[test]
    fn the_russian_text_is_the_one_signed_before_byte_for_byte() {
        let expected = concat!(
            "ДОГОВОР БЕЗВОЗМЕЗДНОГО ПОЛЬЗОВАНИЯ от 01.12.2026\n",
            "\n",
            "1. ГАУСО «КЦСОН „Доброта“» (ссудодатель) передаёт, а Сафина Резеда Ильдаровна ",
            "(ссудополучатель) принимает во временное безвозмездное пользование: Кроватка с ",
            "бортиками, инвентарный номер КРВ-0003. Состояние при передаче: исправное, чистое.\n",
            "2. Срок пользования: с 01.12.2026 по 01.12.2027 включительно. Срок может быть продлён ",
            "по заявлению ссудополучателя, если вещь не ожидает другая семья.\n",
            "3. Ссудополучатель использует вещь по назначению, бережёт её, не передаёт третьим ",
            "лицам и возвращает в срок в том состоянии, в каком получил, с учётом нормального ",
            "износа.\n",
            "4. О поломке, утрате или краже вещи ссудополучатель сообщает ссудодателю в течение ",
            "трёх дней.\n",
            "5. Ссудодатель передаёт вещь чистой и исправной; после возврата вещь проходит ",
            "обработку.\n",
            "6. Пользование бесплатное. Договор составлен в электронном виде; подпись ",
            "ссудополучателя поставлена на экране и хранится вместе с этим текстом.",
        );
        assert_eq!(contract_text(&terms(), Language::Ru), expected);
        let others = [
            terms_in(Language::En),
            ContractTerms {
                operator: "  ГАУСО «КЦСОН „Доброта“» ",
                parent_name: " Галиева Әлфия ",
                condition: "  царапина на ручке ",
                ..terms()
            },
        ];
        for t in others {
            assert_eq!(contract_text(&t, Language::Ru), old_contract_text(&t));
        }
    }

    #[test]
    fn the_contract_names_the_parties_the_item_and_the_term() {
        let text = contract_text(&terms(), Language::Ru);
        for part in [
            "ГАУСО «КЦСОН „Доброта“»",
            "Сафина Резеда Ильдаровна",
            "Кроватка с бортиками",
            "КРВ-0003",
            "с 01.12.2026 по 01.12.2027",
            "исправное, чистое",
        ] {
            assert!(text.contains(part), "{part} missing from:\n{text}");
        }
    }

    #[test]
    fn the_tatar_translation_follows_the_russian_text_with_every_term() {
        let t = terms_in(Language::Tt);
        let text = contract_text(&t, Language::Tt);
        let tt = translation(&text, &t);
        assert!(tt.starts_with("ТҮЛӘҮСЕЗ ФАЙДАЛАНУ ШАРТНАМӘСЕ (мәгълүмат өчен тәрҗемә;"));
        for part in [
            "Төзелгән көне: 01.12.2026",
            "ГАУСО «КЦСОН „Доброта“»",
            "Сафина Резеда Ильдаровна",
            "Кырыйлы бала караваты",
            "инвентарь номеры КРВ-0003",
            "01.12.2026 көненнән 01.12.2027 көненә кадәр",
            "торышы: төзек, чиста.",
            "рус телендәге текст хәлиткеч булып тора",
        ] {
            assert!(tt.contains(part), "{part} missing from:\n{tt}");
        }
        assert!(!tt.contains("Кроватка с бортиками"), "{tt}");
        for letter in ['ә', 'ө', 'ү', 'җ', 'ң', 'һ'] {
            assert!(tt.contains(letter), "no {letter} in:\n{tt}");
        }
        assert!(
            !tt.chars().any(|c| c.is_ascii_alphabetic()),
            "English in:\n{tt}"
        );
    }

    #[test]
    fn the_english_translation_follows_the_russian_text_with_every_term() {
        let t = terms_in(Language::En);
        let text = contract_text(&t, Language::En);
        let en = translation(&text, &t);
        assert!(en.starts_with(
            "FREE-USE AGREEMENT (translation for information; the Russian text above is binding)\n"
        ));
        for part in [
            "Dated 01.12.2026",
            "ГАУСО «КЦСОН „Доброта“» (the lender)",
            "Сафина Резеда Ильдаровна (the borrower)",
            "Cot with bumpers, inventory number КРВ-0003",
            "from 01.12.2026 to 01.12.2027 inclusive",
            "Condition at hand-over: in working order, clean.",
            "the Russian text governs",
        ] {
            assert!(en.contains(part), "{part} missing from:\n{en}");
        }
        let mut words = en.to_owned();
        for value in [t.operator, t.parent_name, t.inventory_number] {
            words = words.replace(value, "");
        }
        let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
        assert!(!words.chars().any(cyrillic), "Cyrillic in:\n{words}");
    }

    #[test]
    fn the_condition_noted_at_hand_over_is_written_in() {
        for lang in Language::ALL {
            let t = ContractTerms {
                condition: "царапина на ручке",
                ..terms_in(lang)
            };
            let text = contract_text(&t, lang);
            assert!(text.contains("Состояние при передаче: царапина на ручке."));
            let noted = match lang {
                Language::Ru => continue,
                Language::Tt => "торышы: царапина на ручке.",
                Language::En => "Condition at hand-over: царапина на ручке.",
            };
            assert!(translation(&text, &t).contains(noted), "{text}");
        }
    }

    #[test]
    fn the_same_terms_make_the_same_text() {
        for lang in Language::ALL {
            assert_eq!(
                contract_text(&terms_in(lang), lang),
                contract_text(&terms_in(lang), lang)
            );
        }
    }
}

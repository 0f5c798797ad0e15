//! The free-use contract (договор безвозмездного пользования, ГК РФ гл. 36) a parent signs on
//! the screen when the family borrows an item. The text is made from the loan's terms, shown
//! whole before signing and kept with the loan, word for word, with its SHA-256.
//!
//! The contract is a legal document of the centre and is written in Russian whatever the
//! screen's language.

use chrono::NaiveDate;

/// What the contract names.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractTerms<'a> {
    /// The centre (ссудодатель), as the kiosk's configuration names it.
    pub operator: &'a str,
    /// The parent who signs (ссудополучатель).
    pub parent_name: &'a str,
    /// The item: its kind in Russian and its inventory number.
    pub kind: &'a str,
    pub inventory_number: &'a str,
    /// The condition the item is handed over in.
    pub condition: &'a str,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

/// The contract's text for `t`.
pub fn contract_text(t: &ContractTerms<'_>) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> ContractTerms<'static> {
        ContractTerms {
            operator: "ГАУСО «КЦСОН „Доброта“»",
            parent_name: "Сафина Резеда Ильдаровна",
            kind: "Кроватка с бортиками",
            inventory_number: "КРВ-0003",
            condition: "",
            start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            due: NaiveDate::from_ymd_opt(2027, 12, 1).unwrap(),
        }
    }

    #[test]
    fn the_contract_names_the_parties_the_item_and_the_term() {
        let text = contract_text(&terms());
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
    fn the_condition_noted_at_hand_over_is_written_in() {
        let t = ContractTerms {
            condition: "царапина на ручке",
            ..terms()
        };
        assert!(contract_text(&t).contains("Состояние при передаче: царапина на ручке."));
    }

    #[test]
    fn the_same_terms_make_the_same_text() {
        assert_eq!(contract_text(&terms()), contract_text(&terms()));
    }
}

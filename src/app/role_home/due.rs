//! The reconciliation room's agreement items due, on the facilitator's home (issue 21, stage 6
//! «Follow-up»): the items of their cases overdue or due within a week, overdue first, like
//! help-route steps. An item's words are the facilitator's own and may name people, and the
//! home stands where a child may see it: unless shown (`child_present::revealed`), a row says
//! only «Agreement item, case No. N» (the words are not in the model at all).

use chrono::{Duration, NaiveDate};

use crate::app::HomeDueRow;
use crate::domain::Language;
use crate::store::restorative::DueItem;

/// How many days ahead an item counts as due.
pub const WINDOW_DAYS: i64 = 7;

/// `due`'s items overdue or due by `today` + [`WINDOW_DAYS`], overdue first, then by date.
pub fn due_rows(
    due: &[DueItem],
    today: NaiveDate,
    revealed: bool,
    lang: Language,
) -> Vec<HomeDueRow> {
    let until = today + Duration::days(WINDOW_DAYS);
    let mut items: Vec<&DueItem> = due.iter().filter(|d| d.by <= until).collect();
    items.sort_by_key(|d| (d.by >= today, d.by, d.case, d.item));
    items
        .into_iter()
        .map(|d| HomeDueRow {
            case_id: d.case.0 as i32,
            number: d.case.0 as i32,
            what: if revealed {
                d.what.as_str().into()
            } else {
                Default::default()
            },
            by: lang.short_date(d.by).into(),
            overdue: d.by < today,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::restorative::CaseId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn item(case: i64, item: usize, by: NaiveDate) -> DueItem {
        DueItem {
            case: CaseId(case),
            item,
            what: format!("Пункт {item} Маши Ивановой"),
            by,
            overdue: false,
        }
    }

    #[test]
    fn overdue_first_then_by_date_within_seven_days() {
        let today = day(7);
        let rows = due_rows(
            &[
                item(1, 0, day(12)),
                item(2, 0, day(15)),
                item(3, 0, day(3)),
                item(1, 1, day(14)),
                item(4, 0, day(6)),
                item(5, 0, day(7)),
            ],
            today,
            true,
            Language::Ru,
        );
        let order: Vec<(i32, bool)> = rows.iter().map(|r| (r.case_id, r.overdue)).collect();
        assert_eq!(
            order,
            [(3, true), (4, true), (5, false), (1, false), (1, false)]
        );
        assert_eq!(rows[0].by.as_str(), "чт 03.12");
        assert!(
            rows.iter().all(|r| r.by.as_str() != "вт 15.12"),
            "a week and a day ahead is not due yet"
        );
    }

    #[test]
    fn the_words_are_left_out_while_a_child_may_see_the_screen() {
        let hidden = due_rows(&[item(9, 0, day(6))], day(7), false, Language::Ru);
        assert_eq!(hidden[0].what.as_str(), "");
        assert_eq!(hidden[0].number, 9);
        let shown = due_rows(&[item(9, 0, day(6))], day(7), true, Language::Ru);
        assert_eq!(shown[0].what.as_str(), "Пункт 0 Маши Ивановой");
    }
}

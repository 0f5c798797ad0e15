//! The rows of the rental loans to chase (overdue or due within a week), built once for the
//! role home's list and the rental desk's overdue panel.

/// The rows of the list, the most overdue first.
pub fn chase_rows(
    lines: &[crate::store::LoanLine],
    lang: crate::domain::Language,
    kinds: &crate::domain::RentalKinds,
) -> Vec<super::ChaseRow> {
    use crate::domain::loan::LoanStanding;
    let mut rows: Vec<(i64, super::ChaseRow)> = lines
        .iter()
        .filter_map(|l| {
            let (key, days, overdue) = match l.standing {
                LoanStanding::Overdue(d) => (-d, d, true),
                LoanStanding::DueSoon(d) => (d, d, false),
                LoanStanding::OnTime => return None,
            };
            let row = super::ChaseRow {
                item: format!("{} · {}", l.inventory_number, kinds.title(l.kind, lang)).into(),
                family: l.surname.as_str().into(),
                phone: l
                    .phone
                    .as_deref()
                    .map(|p| {
                        crate::domain::PhoneNumber::parse(p)
                            .map_or_else(|_| p.to_owned(), |n| n.display())
                    })
                    .unwrap_or_default()
                    .into(),
                days: days as i32,
                overdue,
            };
            Some((key, row))
        })
        .collect();
    rows.sort_by_key(|(k, _)| *k);
    rows.into_iter().map(|(_, r)| r).collect()
}

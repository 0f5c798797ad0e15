//! The stock and the catalogue panels: one row per kind (free, out, cleaning, repair, waiting)
//! and every item as listed.

use super::*;

/// One row per kind the centre has items of, in the order of its kinds list: how many items
/// are free, out, being cleaned, in repair, and who waits.
pub fn stock_rows(
    stock: &[(RentalKind, ItemState, usize)],
    lines: &[(RentalKind, Vec<WaitingFamily>)],
    lang: Language,
    kinds: &RentalKinds,
) -> Vec<RentalStockRow> {
    kinds
        .with_recorded(stock.iter().map(|(k, _, _)| *k))
        .iter()
        .filter(|k| stock.iter().any(|(sk, _, _)| sk == *k))
        .map(|k| {
            let n = |states: &[ItemState]| {
                stock
                    .iter()
                    .filter(|(sk, s, _)| sk == k && states.contains(s))
                    .map(|(_, _, n)| *n as i32)
                    .sum::<i32>()
            };
            let waiting: &[WaitingFamily] =
                lines.iter().find(|(lk, _)| lk == k).map_or(&[], |(_, w)| w);
            let line: Vec<SharedString> = waiting
                .iter()
                .map(|w| {
                    format!(
                        "{} · {} · {}",
                        w.surname,
                        w.phone.as_deref().unwrap_or("—"),
                        crate::app::clock::local_date(w.since).format("%d.%m.%Y")
                    )
                    .into()
                })
                .collect();
            RentalStockRow {
                kind: kinds.title(*k, lang).into(),
                available: n(&[ItemState::Available]),
                out: n(&[ItemState::OnLoan]),
                cleaning: n(&[ItemState::AwaitingCleaning, ItemState::Cleaning]),
                repair: n(&[ItemState::InRepair]),
                waiting: waiting.len() as i32,
                line: ModelRc::new(VecModel::from(line)),
            }
        })
        .collect()
}

/// The catalogue's rows, as listed.
pub fn catalogue_rows(
    lines: &[crate::store::CatalogueLine],
    lang: Language,
    kinds: &RentalKinds,
) -> Vec<crate::app::RentalItemRow> {
    lines
        .iter()
        .map(|l| crate::app::RentalItemRow {
            id: l.id as i32,
            number: l.inventory_number.as_str().into(),
            kind: kinds.title(l.kind, lang).into(),
            state: l.state.key().into(),
            condition: l.condition_notes.as_str().into(),
        })
        .collect()
}

//! Carrying out the centre's erasure orders (152-ФЗ art. 21, a request a family made at the
//! centre) that come in a configuration package. Each order names a family by this kiosk's own
//! id; it is erased as a colleague's erasure of the whole family would be, attributed to the
//! order in the audit log, and the erasure row sent up names the order so the centre can mark
//! it carried out. The erasures run inside the transaction that records the package's version,
//! after every check of the package passed: a refused or failed package erases nothing. An order
//! carried out before (the centre sends it until it has the answer) is not carried out again; one
//! for a family that still holds an item waits and is tried again at every sync.

use crate::domain::centre_config::ErasureOrder;
use crate::domain::FamilyId;
use crate::store::{Erased, OrderOutcome, Store, StoreError, Writer};

/// Carries out `orders` inside the package's transaction `w`; returns what became of each.
pub(super) fn carry_out(
    w: &mut Writer<'_>,
    orders: &[ErasureOrder],
) -> Result<Vec<(ErasureOrder, OrderOutcome)>, StoreError> {
    let mut outcomes = Vec::with_capacity(orders.len());
    for order in orders {
        let outcome = w.erase_ordered(FamilyId(order.family), order.order, order.enrolled_at)?;
        outcomes.push((*order, outcome));
    }
    Ok(outcomes)
}

/// Tries again the orders that waited for a family to bring its items back (at every sync,
/// before the configuration is asked for): the package that brought them was accepted whole.
pub(super) fn retry_waiting(store: &mut Store) -> Result<(), StoreError> {
    let waiting = store.waiting_orders()?;
    if waiting.is_empty() {
        return Ok(());
    }
    let orders: Vec<ErasureOrder> = waiting
        .into_iter()
        .map(|(order, family, enrolled_at)| ErasureOrder {
            order,
            family: family.0,
            enrolled_at,
        })
        .collect();
    let outcomes = store.write(|w| carry_out(w, &orders))?;
    finish(store, outcomes)
}

/// After the package's transaction committed: the erased rows leave the file and its log
/// (VACUUM and a truncated write-ahead log), and the log says what each order came to.
pub(super) fn finish(
    store: &mut Store,
    outcomes: Vec<(ErasureOrder, OrderOutcome)>,
) -> Result<(), StoreError> {
    let mut last: Option<Erased> = None;
    for (order, outcome) in outcomes {
        match outcome {
            OrderOutcome::CarriedOut(erased) => {
                tracing::info!(
                    order = order.order,
                    family = order.family,
                    rows = erased.rows_deleted,
                    "the centre's erasure order was carried out"
                );
                last = Some(erased);
            }
            OrderOutcome::AlreadyDone => {}
            OrderOutcome::Waiting { holds } => tracing::warn!(
                order = order.order,
                family = order.family,
                items = %holds.join(", "),
                "the centre's erasure order waits: the family still holds items; take them back, and the order is carried out with the next package"
            ),
        }
    }
    if let Some(erased) = last {
        store.finish_erasure(erased)?;
    }
    Ok(())
}

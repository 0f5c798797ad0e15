//! What the store keeps of the centre's erasure orders (152-ФЗ art. 21, a request made at the
//! centre): which kiosk is to erase which of its families, the configuration version that first
//! carries the order, and the kiosk's erasure row that carried it out. An order's state per
//! kiosk follows from these and from the version the kiosk last said it runs
//! ([`super::config::ConfigStore::note_config_have`]).

use ladoshka_seal::DeviceId;
use serde::Deserialize;

use super::StoreError;

/// One erasure order as the store keeps it, with what is known of its fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureOrderRecord {
    /// 1, 2, 3…: one counter for the whole centre, never reused.
    pub order: u64,
    pub device_id: DeviceId,
    /// The family's id on that kiosk (the `entity_id` of its `family.*` rows here).
    pub family: i64,
    /// When the kiosk enrolled it (Unix seconds): with the id, it names one family for good.
    pub enrolled_at: i64,
    /// Why, as the person who placed it wrote it (a request's number, not a name).
    pub reason: Option<String>,
    pub ordered_at: i64,
    /// The configuration version published with the order: the first that carries it.
    pub serial: u64,
    /// The version the kiosk said it runs when it last asked (none: it never asked).
    pub have_serial: Option<u64>,
    /// The kiosk's erasure row that carried it out, once imported.
    pub done: Option<OrderDone>,
}

/// The kiosk's answer to an order, as imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderDone {
    /// The sequence number of the kiosk's erasure row.
    pub seq: u64,
    /// When the centre imported it and deleted its own copy.
    pub at: i64,
    /// How many rows the centre deleted for it.
    pub rows_deleted: u64,
}

/// Where an order stands for its kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderState {
    /// Published in a configuration version the kiosk has not taken yet.
    Ordered,
    /// The kiosk runs that version (or a later one): it has the order.
    Delivered,
    /// The kiosk's erasure row for it was imported: the centre's copy is deleted too.
    CarriedOut,
}

impl OrderState {
    /// The word `erasure list` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Ordered => "ordered",
            OrderState::Delivered => "delivered",
            OrderState::CarriedOut => "carried out",
        }
    }
}

impl ErasureOrderRecord {
    pub fn state(&self) -> OrderState {
        match (self.done, self.have_serial) {
            (Some(_), _) => OrderState::CarriedOut,
            (None, Some(have)) if have >= self.serial => OrderState::Delivered,
            (None, _) => OrderState::Ordered,
        }
    }
}

/// The store's side of erasure orders, for both engines. Marking an order carried out happens
/// inside the import of the kiosk's erasure row ([`order_of`]), in the same transaction.
pub trait ErasureOrderStore {
    /// Keeps a new order for `family` on `device` and, in the same transaction, publishes the
    /// next configuration version (the last one's payload again, or `empty_config` when none
    /// was published) so that the kiosk, which asks only for newer versions, is sent it.
    fn place_erasure_order(
        &self,
        device: &DeviceId,
        family: i64,
        enrolled_at: i64,
        reason: Option<&str>,
        empty_config: &[u8],
        now: i64,
    ) -> Result<ErasureOrderRecord, StoreError>;

    /// Every order, oldest first.
    fn erasure_orders(&self) -> Result<Vec<ErasureOrderRecord>, StoreError>;

    /// The orders for `device` not carried out yet, oldest first.
    fn open_erasure_orders(
        &self,
        device: &DeviceId,
    ) -> Result<Vec<ErasureOrderRecord>, StoreError> {
        Ok(self
            .erasure_orders()?
            .into_iter()
            .filter(|o| o.device_id == *device && o.done.is_none())
            .collect())
    }
}

/// The centre's order number a kiosk's erasure row answers (`data.record.order`), if any: an
/// erasure the kiosk's staff made on their own carries none.
pub(crate) fn order_of(body: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct Record {
        order: Option<u64>,
    }
    super::decide::record_of::<Record>(body).ok()?.order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_read_from_the_erasure_row_and_is_absent_from_a_kiosks_own() {
        let ordered = r#"{"entity_id":3,"data":{"id":3,"record":{"family":5,"children":[],"whole_family":true,"entities":{},"order":12}}}"#;
        assert_eq!(order_of(ordered), Some(12));
        let own = r#"{"entity_id":3,"data":{"id":3,"record":{"family":5,"children":[],"whole_family":true,"entities":{}}}}"#;
        assert_eq!(order_of(own), None);
        assert_eq!(order_of("not json"), None);
    }

    #[test]
    fn an_order_is_delivered_once_the_kiosk_runs_its_version_and_carried_out_once_answered() {
        let mut o = ErasureOrderRecord {
            order: 1,
            device_id: [7; 16],
            family: 5,
            enrolled_at: 0,
            reason: None,
            ordered_at: 0,
            serial: 4,
            have_serial: None,
            done: None,
        };
        assert_eq!(o.state(), OrderState::Ordered);
        o.have_serial = Some(3);
        assert_eq!(o.state(), OrderState::Ordered);
        o.have_serial = Some(4);
        assert_eq!(o.state(), OrderState::Delivered);
        o.done = Some(OrderDone {
            seq: 9,
            at: 1,
            rows_deleted: 0,
        });
        assert_eq!(o.state(), OrderState::CarriedOut);
    }
}

//! The rows folded once and kept, for the console's indicators page: each request folds only
//! what arrived since the last one (per kiosk, the rows after the last one folded), so the page
//! stays fast with a million rows. Any new erasure at the centre, or a kiosk whose rows went
//! back (it should never happen), folds everything again: erased rows must leave the figures.
//!
//! Each `serve` process keeps its own; two servers on one database each catch up by themselves.

use std::sync::Mutex;

use ladoshka_seal::DeviceId;

use super::fold::{Fold, FoldError};
use super::{figures_of, fold_all, made, Figures, Made, ReportError, Request};
use crate::store::CentreStore;

/// One fold kept between requests.
#[derive(Default)]
pub struct FoldCache {
    kept: Mutex<Option<Kept>>,
}

struct Kept {
    fold: Fold,
    quarantined: Vec<FoldError>,
    /// How many erasures had been carried out when it was folded.
    erasures: u64,
}

impl FoldCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The indicators report for `req` from every row held, folding only what is new.
    pub fn indicators(&self, store: &dyn CentreStore, req: &Request) -> Result<Made, ReportError> {
        made(self.figures(store, req)?, req)
    }

    /// Folds what is new without computing anything; returns the rows folded in all.
    pub fn warm(&self, store: &dyn CentreStore) -> Result<u64, ReportError> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        Self::catch_up(&mut kept, store)?;
        Ok(kept.as_ref().map_or(0, |k| k.fold.rows()))
    }

    /// The figures for `req` from every row held, folding only what is new.
    pub fn figures(&self, store: &dyn CentreStore, req: &Request) -> Result<Figures, ReportError> {
        self.figures_of(store, req, &|_| true)
    }

    /// [`FoldCache::figures`] for the kiosks `keep` says yes to.
    pub fn figures_of(
        &self,
        store: &dyn CentreStore,
        req: &Request,
        keep: &dyn Fn(&[u8; 16]) -> bool,
    ) -> Result<Figures, ReportError> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        Self::catch_up(&mut kept, store)?;
        let k = kept.as_ref().expect("folded above");
        figures_of(&k.fold, &k.quarantined, req, keep)
    }

    /// Brings the kept fold up to what the store holds.
    fn catch_up(kept: &mut Option<Kept>, store: &dyn CentreStore) -> Result<(), ReportError> {
        let erasures = store.erasure_count()?;
        let positions = store.positions()?;
        let stale = kept.as_ref().is_none_or(|k| {
            k.erasures != erasures
                || positions
                    .iter()
                    .any(|(device, held)| *held < k.fold.last_seq(device))
        });
        if stale {
            let (fold, quarantined) = fold_all(store)?;
            *kept = Some(Kept {
                fold,
                quarantined,
                erasures,
            });
        } else if let Some(k) = kept.as_mut() {
            let behind: Vec<(DeviceId, u64)> = positions
                .iter()
                .map(|(device, held)| (*device, *held, k.fold.last_seq(device)))
                .filter(|(_, held, last)| held > last)
                .map(|(device, _, last)| (device, last))
                .collect();
            for (device, after) in behind {
                let Kept {
                    fold, quarantined, ..
                } = k;
                store.each_row_after(&device, after, &mut |row| {
                    if let Err(bad) =
                        fold.add(&device, row.seq, &row.kind, &row.body, &row.created_at)
                    {
                        tracing::warn!("{bad}");
                        quarantined.push(bad);
                    }
                })?;
            }
        }
        Ok(())
    }
}

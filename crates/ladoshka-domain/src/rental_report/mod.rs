//! The rental report computed from loans and item states: pure, hand-checked in tests.
//!
//! `compute` is the one computation behind `ladoshka report rental` (CSV and HTML) and the
//! rental block of the indicators report. Each figure's rule is written on its field of
//! [`RentalReport`]; the period is `from..=to` in whole days, and `today` is passed in (the
//! domain never reads the clock).
//!
//! Two facts the records do not hold shape the rules. Item states are only known as they are
//! now, so "items by state" is always today's stock, whatever the period. A lost loan has no
//! date of loss on it, so it is taken to have lasted until its due date; it is never counted as
//! returned (not in the average time on loan) nor as on time or late (not in the overdue rate):
//! the lost items show in the item states instead.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{FamilyId, ItemState, RentalKind};

/// An item of the stock as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    pub kind: RentalKind,
    pub state: ItemState,
}

/// A loan, open or ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoanFacts {
    pub kind: RentalKind,
    pub family: FamilyId,
    pub started_on: NaiveDate,
    /// The due date in force (after any renewals).
    pub due_on: NaiveDate,
    /// `None` while the item is out, and for a lost item.
    pub returned_on: Option<NaiveDate>,
    /// The family reported the item lost: the loan ended without a return.
    pub lost: bool,
}

impl LoanFacts {
    /// The last day the loan ran: the return, the due date for a lost item (the day of the loss
    /// is not recorded), `None` while it is still out.
    fn last_day(&self) -> Option<NaiveDate> {
        if self.lost {
            Some(self.due_on)
        } else {
            self.returned_on
        }
    }

    /// Whether the loan ran on at least one day of `from..=to`.
    fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        from <= to && self.started_on <= to && self.last_day().is_none_or(|last| last >= from)
    }

    /// Whether the item was still with the family at the end of `day` (lost loans never are).
    fn out_after(&self, day: NaiveDate) -> bool {
        !self.lost && self.started_on <= day && self.returned_on.is_none_or(|r| r > day)
    }

    /// Returned after its due date, or not returned at all (lost loans are never judged).
    fn late(&self) -> bool {
        self.returned_on.is_none_or(|r| r > self.due_on)
    }
}

/// Everything the rental report is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RentalFacts {
    /// The kinds the centre lends, in its list's order (`RentalKinds::kinds`); a kind only the
    /// records name is added after them.
    pub kinds: Vec<RentalKind>,
    pub items: Vec<ItemFacts>,
    pub loans: Vec<LoanFacts>,
}

impl RentalFacts {
    /// The kinds a report lists: the centre's, then any other the records name (by key).
    fn kinds_listed(&self) -> Vec<RentalKind> {
        let mut extra: Vec<RentalKind> = self
            .items
            .iter()
            .map(|i| i.kind)
            .chain(self.loans.iter().map(|l| l.kind))
            .filter(|k| !self.kinds.contains(k))
            .collect();
        extra.sort();
        extra.dedup();
        self.kinds.iter().copied().chain(extra).collect()
    }
}

/// Loans started in one calendar month of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthLoans {
    pub year: i32,
    pub month: u32,
    pub loans: usize,
}

impl MonthLoans {
    /// The month as `YYYY-MM`.
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The loans judged for the overdue rate and how many of them were late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OverdueRate {
    pub judged: usize,
    pub late: usize,
}

impl OverdueRate {
    /// The share in per cent, or `None` when no loan was judged.
    pub fn percent(&self) -> Option<f64> {
        (self.judged > 0).then(|| 100.0 * self.late as f64 / self.judged as f64)
    }
}

/// The rental report for `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RentalReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// Items in the stock now, whatever their state.
    pub items: usize,
    /// Items per state now, every state listed (zero included) in `ItemState::ALL` order.
    pub items_by_state: Vec<(ItemState, usize)>,
    /// Items per kind and state now: every kind (the centre's list, then any other the records
    /// name), and for each every state, zero included.
    pub items_by_kind: Vec<(RentalKind, Vec<(ItemState, usize)>)>,
    /// Loans started in each calendar month that has a day in the period, from the first to
    /// the last, months with none included; only the days inside the period count (a period
    /// from the 15th counts its first month from the 15th). Lost loans count: they started.
    pub loans_by_month: Vec<MonthLoans>,
    /// Loans started in the period, in all (the sum of the months).
    pub loans_started: usize,
    /// Loans started in the period per kind, every kind listed (as `items_by_kind`).
    pub loans_by_kind: Vec<(RentalKind, usize)>,
    /// Distinct families with a loan that ran on at least one day of the period: started on or
    /// before `to` and returned on or after `from`, or still out (a lost loan: its due date on
    /// or after `from`).
    pub families_served: usize,
    /// Loans returned in the period (the average's count).
    pub loans_returned: usize,
    /// For the loans returned in the period: the mean of `returned_on − started_on` in days
    /// (a same-day return is 0). `None` when no loan was returned in the period.
    pub average_days_on_loan: Option<f64>,
    /// The overdue rate. Let `as_of = min(to, today)`. A loan that was not lost is *judged*
    /// when (a) its due date is in the period and has passed (`from ≤ due_on ≤ to` and
    /// `due_on < today`), or (b) it fell due before the period (`due_on < from`, `due_on <
    /// as_of`) and the item was still out at the end of `as_of`. A judged loan is *late* when it
    /// came back after its due date or has not come back; every loan in (b) is late. The rate is
    /// late ÷ judged. A loan due today is not yet judged (it is not overdue until tomorrow); a
    /// loan returned early before a due date still to come is judged once that date has passed.
    pub overdue: OverdueRate,
    /// Loans out now and past their due date (`due_on < today`), whatever the period.
    pub overdue_now: usize,
}

/// The first day of every calendar month that has a day in `from..=to`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while from <= to && (y, m) <= (to.year(), to.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn count_states(items: impl Iterator<Item = ItemState> + Clone) -> Vec<(ItemState, usize)> {
    ItemState::ALL
        .iter()
        .map(|s| (*s, items.clone().filter(|x| x == s).count()))
        .collect()
}

/// Computes the rental report of `facts` for `from..=to` as seen on `today`. A period that ends
/// before it begins has no days: every figure of the period is zero (the stock and
/// `overdue_now` are still today's).
pub fn compute(
    facts: &RentalFacts,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> RentalReport {
    let within = |d: NaiveDate| from <= d && d <= to;
    let kinds = facts.kinds_listed();
    let started: Vec<&LoanFacts> = facts
        .loans
        .iter()
        .filter(|l| within(l.started_on))
        .collect();

    let loans_by_month = months(from, to)
        .into_iter()
        .map(|(year, month)| MonthLoans {
            year,
            month,
            loans: started
                .iter()
                .filter(|l| (l.started_on.year(), l.started_on.month()) == (year, month))
                .count(),
        })
        .collect();

    let families: BTreeSet<FamilyId> = facts
        .loans
        .iter()
        .filter(|l| l.overlaps(from, to))
        .map(|l| l.family)
        .collect();

    let returned: Vec<i64> = facts
        .loans
        .iter()
        .filter(|l| !l.lost)
        .filter_map(|l| {
            l.returned_on
                .filter(|r| within(*r))
                .map(|r| (r - l.started_on).num_days())
        })
        .collect();
    let average_days_on_loan =
        (!returned.is_empty()).then(|| returned.iter().sum::<i64>() as f64 / returned.len() as f64);

    let as_of = to.min(today);
    let judged: Vec<&LoanFacts> = facts
        .loans
        .iter()
        .filter(|l| !l.lost)
        .filter(|l| {
            let fell_due = within(l.due_on) && l.due_on < today;
            let still_overdue =
                from <= to && l.due_on < from && l.due_on < as_of && l.out_after(as_of);
            fell_due || still_overdue
        })
        .collect();

    RentalReport {
        from,
        to,
        today,
        items: facts.items.len(),
        items_by_state: count_states(facts.items.iter().map(|i| i.state)),
        items_by_kind: kinds
            .iter()
            .map(|k| {
                let of_kind = facts.items.iter().filter(|i| i.kind == *k).map(|i| i.state);
                (*k, count_states(of_kind))
            })
            .collect(),
        loans_by_month,
        loans_started: started.len(),
        loans_by_kind: kinds
            .iter()
            .map(|k| (*k, started.iter().filter(|l| l.kind == *k).count()))
            .collect(),
        families_served: families.len(),
        loans_returned: returned.len(),
        average_days_on_loan,
        overdue: OverdueRate {
            judged: judged.len(),
            late: judged.iter().filter(|l| l.late()).count(),
        },
        overdue_now: facts
            .loans
            .iter()
            .filter(|l| !l.lost && l.returned_on.is_none() && l.due_on < today)
            .count(),
    }
}

#[cfg(test)]
mod tests;

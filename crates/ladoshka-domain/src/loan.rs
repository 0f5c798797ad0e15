//! Loan terms under a free-use contract (договор безвозмездного пользования): the due date from
//! the term, renewals within the contract's limits, and whether a loan is overdue or due soon —
//! what the staff home lists, with the family's phone to call.

use chrono::{Months, NaiveDate};

/// The longest a contract runs, renewals included (free-use contracts run 6–18 months).
pub const MAX_TOTAL_MONTHS: u32 = 18;
/// How many times a loan may be renewed.
pub const MAX_RENEWALS: u32 = 2;
/// A loan due within this many days is "due soon".
pub const DUE_SOON_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoanRefusal {
    #[error("a loan term is 1 to {MAX_TOTAL_MONTHS} months, not {0}")]
    BadTerm(u32),
    #[error("the due date {due} is already past (today is {today}): choose a longer term")]
    DueInThePast { due: NaiveDate, today: NaiveDate },
    #[error("this loan was renewed {0} times already: the limit is {MAX_RENEWALS}; take the item back and lend it anew if the family still needs it")]
    TooManyRenewals(u32),
    #[error("renewed to {due}, the loan would run longer than {MAX_TOTAL_MONTHS} months from {start}: choose a shorter renewal")]
    TooLong { start: NaiveDate, due: NaiveDate },
}

/// The due date of a loan that starts on `start` for `months` months (the same day of the
/// month, or the month's last day when it has no such day: 31.01 + 1 month = 28.02).
pub fn due_date(start: NaiveDate, months: u32, today: NaiveDate) -> Result<NaiveDate, LoanRefusal> {
    if !(1..=MAX_TOTAL_MONTHS).contains(&months) {
        return Err(LoanRefusal::BadTerm(months));
    }
    let due = start
        .checked_add_months(Months::new(months))
        .ok_or(LoanRefusal::BadTerm(months))?;
    if due <= today {
        return Err(LoanRefusal::DueInThePast { due, today });
    }
    Ok(due)
}

/// The new due date when a loan (started `start`, due `due`, renewed `renewals` times) is
/// renewed by `months`.
pub fn renew(
    start: NaiveDate,
    due: NaiveDate,
    renewals: u32,
    months: u32,
    today: NaiveDate,
) -> Result<NaiveDate, LoanRefusal> {
    if renewals >= MAX_RENEWALS {
        return Err(LoanRefusal::TooManyRenewals(renewals));
    }
    if !(1..=MAX_TOTAL_MONTHS).contains(&months) {
        return Err(LoanRefusal::BadTerm(months));
    }
    let new_due = due
        .checked_add_months(Months::new(months))
        .ok_or(LoanRefusal::BadTerm(months))?;
    let limit = start
        .checked_add_months(Months::new(MAX_TOTAL_MONTHS))
        .ok_or(LoanRefusal::BadTerm(months))?;
    if new_due > limit {
        return Err(LoanRefusal::TooLong {
            start,
            due: new_due,
        });
    }
    if new_due <= today {
        return Err(LoanRefusal::DueInThePast {
            due: new_due,
            today,
        });
    }
    Ok(new_due)
}

/// Where a loan stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LoanStanding {
    /// Past its due date by this many days.
    Overdue(i64),
    /// Due within [`DUE_SOON_DAYS`] days (0 = today).
    DueSoon(i64),
    OnTime,
}

pub fn standing(due: NaiveDate, today: NaiveDate) -> LoanStanding {
    let days = (due - today).num_days();
    if days < 0 {
        LoanStanding::Overdue(-days)
    } else if days <= DUE_SOON_DAYS {
        LoanStanding::DueSoon(days)
    } else {
        LoanStanding::OnTime
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn due_dates_keep_the_day_of_the_month_or_take_the_last() {
        let today = d(2026, 11, 30);
        assert_eq!(due_date(d(2026, 11, 30), 12, today), Ok(d(2027, 11, 30)));
        assert_eq!(due_date(d(2027, 1, 31), 1, today), Ok(d(2027, 2, 28)));
        assert_eq!(
            due_date(d(2027, 8, 31), 6, today),
            Ok(d(2028, 2, 29)),
            "a leap year"
        );
        assert_eq!(
            due_date(d(2026, 11, 30), 0, today),
            Err(LoanRefusal::BadTerm(0))
        );
        assert_eq!(
            due_date(d(2026, 11, 30), 19, today),
            Err(LoanRefusal::BadTerm(19))
        );
        assert_eq!(
            due_date(d(2025, 1, 10), 6, today),
            Err(LoanRefusal::DueInThePast {
                due: d(2025, 7, 10),
                today
            })
        );
    }

    #[test]
    fn renewals_have_limits() {
        let (start, today) = (d(2026, 1, 15), d(2026, 11, 30));
        // 12 months, due 15.01.2027; renewed by 6 → 15.07.2027 = exactly 18 months: allowed.
        assert_eq!(
            renew(start, d(2027, 1, 15), 0, 6, today),
            Ok(d(2027, 7, 15))
        );
        // By 7 → 15.08.2027: 19 months from the start.
        assert_eq!(
            renew(start, d(2027, 1, 15), 0, 7, today),
            Err(LoanRefusal::TooLong {
                start,
                due: d(2027, 8, 15)
            })
        );
        // Renewed too little to reach past today.
        assert_eq!(
            renew(start, d(2026, 7, 15), 1, 3, today),
            Err(LoanRefusal::DueInThePast {
                due: d(2026, 10, 15),
                today
            })
        );
        assert_eq!(
            renew(start, d(2026, 7, 15), 1, 6, today),
            Ok(d(2027, 1, 15))
        );
        assert_eq!(
            renew(start, d(2026, 7, 15), 2, 3, today),
            Err(LoanRefusal::TooManyRenewals(2))
        );
        assert_eq!(
            renew(start, d(2027, 1, 15), 0, 0, today),
            Err(LoanRefusal::BadTerm(0))
        );
        assert!(LoanRefusal::TooManyRenewals(2)
            .to_string()
            .contains("limit is 2"));
    }

    #[test]
    fn overdue_due_soon_and_on_time() {
        let today = d(2026, 11, 30);
        assert_eq!(standing(d(2026, 11, 27), today), LoanStanding::Overdue(3));
        assert_eq!(standing(d(2026, 11, 30), today), LoanStanding::DueSoon(0));
        assert_eq!(standing(d(2026, 12, 7), today), LoanStanding::DueSoon(7));
        assert_eq!(standing(d(2026, 12, 8), today), LoanStanding::OnTime);
        // The most overdue sorts first.
        let mut v = [
            LoanStanding::OnTime,
            LoanStanding::DueSoon(2),
            LoanStanding::Overdue(1),
            LoanStanding::Overdue(9),
        ];
        v.sort_by_key(|s| match s {
            LoanStanding::Overdue(n) => (0, -n),
            LoanStanding::DueSoon(n) => (1, *n),
            LoanStanding::OnTime => (2, 0),
        });
        assert_eq!(v[0], LoanStanding::Overdue(9));
    }
}

//! The reconciliation rooms' block of the indicators (issue 21, «Reports»): restorative cases
//! referred, programmes closed and how, participants, agreements reached and kept, counted on
//! each case's [`CaseFacts`] for a period. The КДНиЗП's quarterly report is this block alone.
//!
//! **Which days a period holds.** A case's dates are local dates (the kiosk's day), while a
//! period is `[from, to)` in UTC instants, which the reports make from local midnights (the
//! first day's, and the midnight after the last day). The period's days are the dates of its
//! bounds taken at the nearest UTC midnight ([`local_day`]): a date `d` is in the period when
//! `local_day(from) ≤ d < local_day(to)`. For bounds at local midnights this is exactly «from
//! the first day to the last day, both included» in every zone from UTC−11:59 to UTC+12 (all of
//! Russia: Kaliningrad +2 to Kamchatka +12), so no zone has to be passed in and the kiosk and
//! the centre, which give the same bounds, count the same cases.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::restorative::{
    CaseFacts, Outcome, PartyRole, ProgrammeKind, ReferralSource, ScreeningRule, Stage,
};

/// The local date a period bound stands for: the date of the UTC midnight nearest to it (a
/// local midnight of any zone from UTC−11:59 to UTC+12 lies within twelve hours of its own
/// date's UTC midnight).
pub fn local_day(bound: DateTime<Utc>) -> NaiveDate {
    (bound + Duration::hours(12)).date_naive()
}

/// The local days `[first, end)` of a period `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub first: NaiveDate,
    /// The day after the last day.
    pub end: NaiveDate,
}

impl Days {
    pub fn of(from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        Self {
            first: local_day(from),
            end: local_day(to),
        }
    }

    /// The days from `first` to `last`, both included.
    pub fn inclusive(first: NaiveDate, last: NaiveDate) -> Self {
        Self {
            first,
            end: last.succ_opt().unwrap_or(last),
        }
    }

    pub fn holds(self, d: NaiveDate) -> bool {
        self.first <= d && d < self.end
    }
}

/// The restorative block for a period. Every list names every key (zero included), in the
/// key's declaration order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Restorative {
    /// В.1 Cases referred in the period: the referral date (`referred_on`) in the period.
    pub referred: usize,
    /// В.1.1–В.1.6 Those cases by who referred them (КДНиЗП, ПДН, school, another agency, the
    /// family itself, the centre's own psychologist).
    pub referred_by_source: Vec<(ReferralSource, usize)>,
    /// В.2.1–В.2.4 The same cases by programme kind (the kind the case has now: a mediation
    /// that went on as shuttle work counts as shuttle).
    pub referred_by_kind: Vec<(ProgrammeKind, usize)>,
    /// В.3 Programmes closed in the period: closed (`closed_on` in the period) with an outcome.
    /// The sum of В.3.1, В.3.2, В.3.3 and В.3.4.
    pub closed: usize,
    /// В.3.1.1 Completed, and every item of the agreement was kept.
    pub completed_kept: usize,
    /// В.3.1.2 Completed, and an item of the agreement was not kept.
    pub completed_not_kept: usize,
    /// В.3.2 Ended at the preliminary stage because a party declined or withdrew.
    pub ended_at_preliminary: usize,
    /// В.3.2.1–В.3.2.4 Those by the role of the party who declined (a role not known is
    /// counted in В.3.2 only).
    pub declined_by_role: Vec<(PartyRole, usize)>,
    /// В.3.3 Not suitable: closed because a screening rule held.
    pub not_suitable: usize,
    /// В.3.3.1–В.3.3.4 Those by the screening rule the closure names.
    pub not_suitable_by_rule: Vec<(ScreeningRule, usize)>,
    /// В.3.4 Withdrawn (by the referring body, or by a party after the preliminary stage).
    pub withdrawn: usize,
    /// В.4 Cases active in the period: referred before the period's end and not closed before
    /// its first day (a case referred and closed within the period is active).
    pub active: usize,
    /// В.4.1 Participants of the active cases who are children (minors). Each case counts its
    /// own parties: a child in two cases counts twice (the facts name nobody).
    pub minors: usize,
    /// В.4.2 Adult participants of the active cases, counted the same way.
    pub adults: usize,
    /// В.5 Agreements reached: the agreement is dated in the period (`agreement_made_on`) and
    /// was signed by everyone it needs (`agreement_reached`).
    pub agreements_reached: usize,
    /// В.6 Agreements kept: cases closed in the period with every item kept (the cases of
    /// В.3.1.1, beside В.5 as the КДНиЗП's form asks).
    pub agreements_kept: usize,
}

impl Restorative {
    /// В.3.1 Completed: closed after the follow-up, the agreement kept or not.
    pub fn completed(&self) -> usize {
        self.completed_kept + self.completed_not_kept
    }
}

/// Counts `cases` for `days`. Only the counts: nothing of a case but its [`CaseFacts`].
pub fn count(cases: &[CaseFacts], days: Days) -> Restorative {
    let referred: Vec<&CaseFacts> = cases.iter().filter(|c| days.holds(c.referred_on)).collect();
    // A closed case closed in the period, with its outcome.
    let closed: Vec<(Outcome, &CaseFacts)> = cases
        .iter()
        .filter_map(|c| match c.stage {
            Stage::Closed(outcome) if c.closed_on.is_some_and(|d| days.holds(d)) => {
                Some((outcome, c))
            }
            _ => None,
        })
        .collect();
    let outcomes = |want: fn(&Outcome) -> bool| closed.iter().filter(|(o, _)| want(o)).count();
    let active: Vec<&CaseFacts> = cases
        .iter()
        .filter(|c| c.referred_on < days.end && c.closed_on.is_none_or(|d| d >= days.first))
        .collect();
    Restorative {
        referred: referred.len(),
        referred_by_source: ReferralSource::ALL
            .iter()
            .map(|s| (*s, referred.iter().filter(|c| c.source == *s).count()))
            .collect(),
        referred_by_kind: ProgrammeKind::ALL
            .iter()
            .map(|k| (*k, referred.iter().filter(|c| c.kind == *k).count()))
            .collect(),
        closed: closed.len(),
        completed_kept: outcomes(|o| *o == Outcome::AgreementKept),
        completed_not_kept: outcomes(|o| *o == Outcome::AgreementNotKept),
        ended_at_preliminary: outcomes(|o| matches!(o, Outcome::EndedAtPreliminary { .. })),
        declined_by_role: PartyRole::ALL
            .iter()
            .map(|r| {
                let n = closed
                    .iter()
                    .filter(|(o, c)| {
                        matches!(o, Outcome::EndedAtPreliminary { .. })
                            && c.declined_role == Some(*r)
                    })
                    .count();
                (*r, n)
            })
            .collect(),
        not_suitable: outcomes(|o| matches!(o, Outcome::NotSuitable { .. })),
        not_suitable_by_rule: ScreeningRule::ALL
            .iter()
            .map(|r| {
                (
                    *r,
                    closed.iter().filter(|(o, _)| o.rule() == Some(*r)).count(),
                )
            })
            .collect(),
        withdrawn: outcomes(|o| *o == Outcome::Withdrawn),
        active: active.len(),
        minors: active.iter().map(|c| c.minors).sum(),
        adults: active.iter().map(|c| c.adults).sum(),
        agreements_reached: cases
            .iter()
            .filter(|c| c.agreement_reached && c.agreement_made_on.is_some_and(|d| days.holds(d)))
            .count(),
        agreements_kept: outcomes(|o| *o == Outcome::AgreementKept),
    }
}

#[cfg(test)]
#[path = "restorative_tests.rs"]
mod tests;

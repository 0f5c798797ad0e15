//! `ladoshka-centre report indicators` and `report kdn`: the kiosk's indicators report and the
//! КДНиЗП's quarterly report, computed from the rows
//! every kiosk sent.
//!
//! The computation and the CSV/HTML are the kiosk's own (`ladoshka_indicators`, the kiosk's
//! files compiled for the centre); this module only reads the held rows, folds them into the
//! facts ([`fold`]) and hands them over, so a period gives the same figures here as on a kiosk
//! that holds the same records.

pub mod cache;
pub mod fold;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use ladoshka_indicators::domain::indicators::compute;
use ladoshka_indicators::domain::indicators::restorative::{count, Days};
use ladoshka_indicators::domain::indicators::{Facts, Indicators};
use ladoshka_indicators::domain::recurrence::to_utc;
use ladoshka_indicators::domain::rental_report::{RentalFacts, RentalReport};
use ladoshka_indicators::domain::restorative::CentreTexts;
pub use ladoshka_indicators::domain::Language;
use ladoshka_indicators::report::indicators::{rental_block, to_csv, to_html};
pub use ladoshka_indicators::report::kdn::Quarter;

use crate::store::{CentreStore, StoreError};
use fold::Fold;
pub use fold::FoldError;

/// CSV for spreadsheets, or a printable HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Html,
}

/// What to report.
#[derive(Debug, Clone)]
pub struct Request {
    /// The first and the last day of the period, both included, in `zone`.
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub zone: Tz,
    /// Today in `zone`: the rental block's stock and overdue loans are judged on it.
    pub today: NaiveDate,
    pub format: Format,
    pub lang: Language,
    /// The centre's name for the page heading.
    pub operator: String,
}

/// The report and what it was made from.
#[derive(Debug, Clone)]
pub struct Made {
    pub text: String,
    /// Kiosks whose rows were read (every kiosk that sent any, revoked ones included).
    pub devices: usize,
    pub rows: u64,
    /// Rows left out because they could not be used (device, sequence, kind, reason; no values
    /// of the row): the figures count every other row.
    pub quarantined: Vec<FoldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the period ends ({last}) before it begins ({first}): swap --from and --to")]
    EndsBeforeItBegins { first: NaiveDate, last: NaiveDate },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Sheet(#[from] ladoshka_indicators::report::sheet::SheetError),
}

/// The UTC instant at which local `day` begins in `zone` (as the kiosk's `clock::day_bounds`).
fn day_start(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    to_utc(day.and_hms_opt(0, 0, 0).expect("midnight exists"), zone)
}

/// Every row held, folded; the rows that could not be used are quarantined.
pub(crate) fn fold_all(store: &dyn CentreStore) -> Result<(Fold, Vec<FoldError>), ReportError> {
    let mut fold = Fold::new();
    let mut quarantined = Vec::new();
    store.each_row(&mut |device, row| {
        if let Err(bad) = fold.add(device, row.seq, &row.kind, &row.body, &row.created_at) {
            tracing::warn!("{bad}");
            quarantined.push(bad);
        }
    })?;
    Ok((fold, quarantined))
}

/// The indicators of a period, computed, before they are written out.
#[derive(Debug, Clone)]
pub struct Figures {
    pub indicators: Indicators,
    pub rental: RentalReport,
    /// Kiosks whose rows were read, rows read, rows left out (as in [`Made`]).
    pub devices: usize,
    pub rows: u64,
    pub quarantined: Vec<FoldError>,
}

fn check_period(req: &Request) -> Result<(), ReportError> {
    if req.last_day < req.first_day {
        return Err(ReportError::EndsBeforeItBegins {
            first: req.first_day,
            last: req.last_day,
        });
    }
    Ok(())
}

/// The indicators for the request's period, from every row held.
pub fn figures(store: &dyn CentreStore, req: &Request) -> Result<Figures, ReportError> {
    check_period(req)?;
    let (fold, quarantined) = fold_all(store)?;
    figures_from(&fold, &quarantined, req)
}

/// The indicators for the request's period from rows already folded (the CLI folds them all,
/// the console keeps a [`cache::FoldCache`]).
pub fn figures_from(
    fold: &Fold,
    quarantined: &[FoldError],
    req: &Request,
) -> Result<Figures, ReportError> {
    figures_of(fold, quarantined, req, &|_| true)
}

/// [`figures_from`] for the kiosks `keep` says yes to (those of one КЦСОН).
pub fn figures_of(
    fold: &Fold,
    quarantined: &[FoldError],
    req: &Request,
    keep: &dyn Fn(&[u8; 16]) -> bool,
) -> Result<Figures, ReportError> {
    check_period(req)?;
    let (facts, rental_facts): (Facts, RentalFacts) = fold.facts_of(keep);
    let from = day_start(req.first_day, req.zone);
    let to = day_start(req.last_day.succ_opt().unwrap_or(req.last_day), req.zone);
    let indicators = compute(&facts, from, to);
    let rental = ladoshka_indicators::domain::rental_report::compute(
        &rental_facts,
        req.first_day,
        req.last_day,
        req.today,
    );
    let (devices, rows) = fold.count_of(keep);
    Ok(Figures {
        indicators,
        rental,
        devices,
        rows,
        quarantined: quarantined.to_vec(),
    })
}

/// The figures as the request's format says: the CSV or the printable page.
pub fn render(figures: &Figures, req: &Request) -> Result<String, ReportError> {
    let rental = rental_block(&figures.rental);
    Ok(match req.format {
        Format::Csv => to_csv(&figures.indicators, rental, req.lang)?,
        Format::Html => to_html(
            &figures.indicators,
            rental,
            req.lang,
            &req.operator,
            req.first_day,
            req.last_day,
        ),
    })
}

/// The report made of `figures`.
pub fn made(figures: Figures, req: &Request) -> Result<Made, ReportError> {
    let text = render(&figures, req)?;
    Ok(Made {
        text,
        devices: figures.devices,
        rows: figures.rows,
        quarantined: figures.quarantined,
    })
}

/// The indicators report for the request, from every row held.
pub fn indicators(store: &dyn CentreStore, req: &Request) -> Result<Made, ReportError> {
    made(figures(store, req)?, req)
}

/// The indicators report for the request from the kiosks of one КЦСОН (`unit`, as
/// `devices place` or the enrolment token set it), or from every kiosk.
pub fn indicators_of(
    store: &dyn CentreStore,
    req: &Request,
    unit: Option<&str>,
) -> Result<Made, ReportError> {
    let Some(unit) = unit else {
        return indicators(store, req);
    };
    check_period(req)?;
    let kiosks = store.kiosks_in(unit)?;
    let (fold, quarantined) = fold_all(store)?;
    made(
        figures_of(&fold, &quarantined, req, &|id| kiosks.contains(id))?,
        req,
    )
}

/// The КДНиЗП's quarterly report: the restorative block alone for `quarter`, counted on the
/// cases every kiosk sent, as `ladoshka report kdn` counts a kiosk's own.
pub fn kdn(
    store: &dyn CentreStore,
    quarter: Quarter,
    format: Format,
    lang: Language,
    operator: &str,
    texts: &CentreTexts,
) -> Result<Made, ReportError> {
    let (fold, quarantined) = fold_all(store)?;
    let (facts, _) = fold.facts();
    let counts = count(
        &facts.cases,
        Days::inclusive(quarter.first_day(), quarter.last_day()),
    );
    let text = match format {
        Format::Csv => {
            ladoshka_indicators::report::kdn::to_csv(&counts, quarter, operator, lang, texts)?
        }
        Format::Html => {
            ladoshka_indicators::report::kdn::to_html(&counts, quarter, operator, lang, texts)
        }
    };
    Ok(Made {
        text,
        devices: fold.devices(),
        rows: fold.rows(),
        quarantined,
    })
}

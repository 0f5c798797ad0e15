//! Adapter of the indicators screen: a month's project indicators computed from the records
//! (the same computation and labels as `ladoshka report indicators`, the rental block П.1–П.3
//! included where there are rental records, and block В of the reconciliation room's
//! restorative programmes on a page of its own where there are cases), read on the store thread.

use std::rc::Rc;

use chrono::{Datelike, Months, NaiveDate};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{AppWindow, IndicatorBar, IndicatorLine, IndicatorsAdapter, Kiosk, Navigation, Screen};
use crate::domain::indicators::{compute, Indicators};
use crate::domain::rental_report::{self, RentalReport};
use crate::domain::Language;
use crate::report::indicators::{kind_label, lines, rental_lines, situation_label, TABLE_ORDER};

#[derive(Default)]
pub(crate) struct IndicatorsState {
    /// The first day of the month shown.
    month: Option<NaiveDate>,
}

pub(crate) fn install(ui: &AppWindow, kiosk: &Rc<Kiosk>) -> Rc<dyn super::navigator::Adapter> {
    let a = ui.global::<IndicatorsAdapter>();
    let k = kiosk.clone();
    a.on_shift(move |n| {
        let month = k.view_of::<IndicatorsState>().month;
        let Some(month) = month else { return };
        let next = if n < 0 {
            month.checked_sub_months(Months::new(n.unsigned_abs()))
        } else {
            month.checked_add_months(Months::new(n as u32))
        };
        k.state_of::<IndicatorsState>().month = next.or(Some(month));
        load(&k);
    });
    let k = kiosk.clone();
    a.on_save(move || save(&k));
    let k = kiosk.clone();
    a.on_back(move || {
        if let Some(ui) = k.ui.upgrade() {
            clear(&k, &ui);
            k.navigate(&ui, Screen::RoleHome);
        }
    });
    Rc::new(super::navigator::Plain::<IndicatorsState>::new(
        |r| matches!(r, super::navigator::Route::Indicators),
        open,
        clear,
    ))
}

/// Opens this month's indicators.
pub fn open(kiosk: &Rc<Kiosk>, ui: &AppWindow) {
    clear(kiosk, ui);
    let today = super::clock::today();
    kiosk.state_of::<IndicatorsState>().month = today.with_day(1);
    kiosk.navigate(ui, Screen::Indicators);
    load(kiosk);
}

pub fn clear(kiosk: &Kiosk, ui: &AppWindow) {
    *kiosk.state_of::<IndicatorsState>() = IndicatorsState::default();
    let a = ui.global::<IndicatorsAdapter>();
    a.set_lines(ModelRc::default());
    a.set_restorative_left(ModelRc::default());
    a.set_restorative_right(ModelRc::default());
    a.set_restorative_shown(false);
    a.set_situations(ModelRc::default());
    a.set_kinds(ModelRc::default());
    a.set_problem(SharedString::new());
    a.set_saved(SharedString::new());
    a.set_save_problem(SharedString::new());
}

/// The month shown, as the report's first and last day.
fn month_days(month: NaiveDate) -> (NaiveDate, NaiveDate) {
    let last = month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    (month, last)
}

/// The figures of `first`–`last` (on the store thread): the indicators and the rental block
/// (П.1–П.3), as in `ladoshka report indicators`: only where this kiosk has rental records.
fn figures(
    s: &crate::store::Store,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<(Indicators, Option<RentalReport>), crate::store::StoreError> {
    let (from, _) = super::clock::day_bounds(first);
    let (_, to) = super::clock::day_bounds(last);
    let indicators = compute(&s.indicator_facts(from, to)?, from, to);
    let rental = rental_report::compute(&s.rental_facts()?, first, last, super::clock::today());
    let rental = crate::report::indicators::rental_block(&rental).cloned();
    Ok((indicators, rental))
}

/// What became of «Save to a USB stick».
enum Saved {
    Written(String),
    NoStick,
    WriteFailed(String),
}

/// «Save to a USB stick»: the printable report of the month shown (the same figures and page
/// as `ladoshka report indicators --format html`), written whole to `ladoshka/reports/` on the
/// stick, on the store thread.
fn save(kiosk: &Rc<Kiosk>) {
    let Some(month) = kiosk.view_of::<IndicatorsState>().month else {
        return;
    };
    let (first, last) = month_days(month);
    let lang = kiosk.state_language();
    let operator = kiosk.config.operator.clone();
    if let Some(ui) = kiosk.ui.upgrade() {
        let a = ui.global::<IndicatorsAdapter>();
        a.set_saved(SharedString::new());
        a.set_save_problem(SharedString::new());
        a.set_busy(true);
    }
    kiosk.ask(
        move |s| {
            let Some(stick) = crate::platform::usb_stick::find() else {
                return Ok(Saved::NoStick);
            };
            let (indicators, rental) = figures(s, first, last)?;
            let page = crate::report::indicators::to_html(
                &indicators,
                rental.as_ref(),
                lang,
                &operator,
                first,
                last,
            );
            let name = format!("ladoshka-indicators-{}.html", first.format("%Y-%m"));
            let dir = crate::platform::usb_stick::reports_dir(&stick);
            Ok::<_, crate::store::StoreError>(
                match crate::platform::usb_stick::write_whole(&dir, &name, page.as_bytes()) {
                    Ok(path) => Saved::Written(path.display().to_string()),
                    Err(e) => Saved::WriteFailed(e.to_string()),
                },
            )
        },
        |_, ui, r| {
            let a = ui.global::<IndicatorsAdapter>();
            a.set_busy(false);
            match r {
                Ok(Saved::Written(path)) => a.set_saved(path.into()),
                Ok(Saved::NoStick) => a.set_save_problem("no-stick".into()),
                Ok(Saved::WriteFailed(e)) => {
                    tracing::error!("cannot write the indicators report: {e}");
                    a.set_save_problem("write".into());
                }
                Err(e) => {
                    tracing::error!("cannot compute the indicators report: {e}");
                    a.set_save_problem("read".into());
                }
            }
        },
    );
}

fn load(kiosk: &Rc<Kiosk>) {
    let Some(month) = kiosk.view_of::<IndicatorsState>().month else {
        return;
    };
    let (_, last) = month_days(month);
    if let Some(ui) = kiosk.ui.upgrade() {
        ui.global::<IndicatorsAdapter>().set_busy(true);
    }
    kiosk.ask(
        move |s| figures(s, month, last),
        move |k, ui, r| {
            let a = ui.global::<IndicatorsAdapter>();
            a.set_busy(false);
            if ui.global::<Navigation>().get_screen() != Screen::Indicators
                || k.view_of::<IndicatorsState>().month != Some(month)
            {
                return;
            }
            match r {
                Ok((i, rental)) => show(ui, &i, rental.as_ref(), k.state_language(), month, last),
                Err(e) => {
                    tracing::error!("cannot compute the indicators: {e}");
                    a.set_problem("read".into());
                }
            }
        },
    );
}

/// Fills the screen with `i` (and the rental block when there is one) for the month
/// `first`–`last`.
pub fn show(
    ui: &AppWindow,
    i: &Indicators,
    rental: Option<&RentalReport>,
    lang: Language,
    first: NaiveDate,
    last: NaiveDate,
) {
    let a = ui.global::<IndicatorsAdapter>();
    a.set_period(format!("{} – {}", first.format("%d.%m"), last.format("%d.%m.%Y")).into());
    let rows: Vec<IndicatorLine> = lines(i, lang)
        .into_iter()
        .chain(rental.map(|r| rental_lines(r, lang)).unwrap_or_default())
        .map(|l| IndicatorLine {
            code: lang.section_code(l.code).into(),
            label: l.label.into(),
            value: lang.decimal(&l.value).into(),
            sub: l.code.contains('.'),
            depth: i32::from(l.code.contains('.')),
        })
        .collect();
    a.set_lines(ModelRc::new(VecModel::from(rows)));
    let (left, right) = restorative_columns(i.restorative.as_ref(), lang);
    a.set_restorative_left(ModelRc::new(VecModel::from(left)));
    a.set_restorative_right(ModelRc::new(VecModel::from(right)));
    let by = |s| {
        i.children_by_situation
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    };
    let situations: Vec<(String, usize)> = TABLE_ORDER
        .iter()
        .map(|(code, s)| (format!("{code} {}", situation_label(*s, lang)), by(*s)))
        .collect();
    let kinds: Vec<(String, usize)> = i
        .sessions_by_kind
        .iter()
        .map(|(k, n)| (kind_label(*k, lang).to_owned(), *n))
        .collect();
    a.set_situations(bars(&situations));
    a.set_kinds(bars(&kinds));
}

/// Block В's lines (without its heading line: the page's tab names it) in two columns, the
/// report's order read down the first and then the second; both empty without cases.
pub(crate) fn restorative_columns(
    r: Option<&crate::domain::indicators::Restorative>,
    lang: Language,
) -> (Vec<IndicatorLine>, Vec<IndicatorLine>) {
    use crate::report::restorative::SECTION;
    let Some(r) = r else {
        return Default::default();
    };
    let mut rows: Vec<IndicatorLine> = crate::report::restorative::lines(r, lang)
        .into_iter()
        .filter(|l| l.code != SECTION)
        .map(|l| {
            // В.1 is a main line, В.1.1 under it, В.3.1.1 under that.
            let depth = l.code.matches('.').count().saturating_sub(1) as i32;
            IndicatorLine {
                code: lang.section_code(l.code).into(),
                label: l.label.into(),
                value: l.value.into(),
                sub: depth > 0,
                depth,
            }
        })
        .collect();
    let right = rows.split_off(rows.len().div_ceil(2));
    (rows, right)
}

fn bars(values: &[(String, usize)]) -> ModelRc<IndicatorBar> {
    let max = values.iter().map(|v| v.1).max().unwrap_or(0).max(1) as f32;
    let rows: Vec<IndicatorBar> = values
        .iter()
        .map(|(label, n)| IndicatorBar {
            label: SharedString::from(label.as_str()),
            value: *n as i32,
            fraction: *n as f32 / max,
        })
        .collect();
    ModelRc::new(VecModel::from(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicators::restorative::{count, Days};
    use crate::domain::restorative::{CaseFacts, CaseId, ProgrammeKind, ReferralSource, Stage};

    #[test]
    fn block_v_fills_two_columns_in_the_reports_order() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let case = CaseFacts {
            case: CaseId(1),
            kind: ProgrammeKind::Mediation,
            source: ReferralSource::School,
            referred_on: day,
            stage: Stage::Preliminary,
            closed_on: None,
            minors: 2,
            adults: 1,
            declined_role: None,
            agreement_made_on: None,
            agreement_reached: false,
            agreement_kept: None,
            screening_rules: Vec::new(),
        };
        let r = count(
            &[case],
            Days::inclusive(day.with_day(1).unwrap(), day.with_day(31).unwrap()),
        );
        let (left, right) = restorative_columns(Some(&r), Language::Ru);
        let codes: Vec<String> = left
            .iter()
            .chain(&right)
            .map(|l| l.code.to_string())
            .collect();
        assert_eq!(codes.first().map(String::as_str), Some("В.1"));
        assert_eq!(codes.last().map(String::as_str), Some("В.6"));
        assert!(left.len() >= right.len() && left.len() - right.len() <= 1);
        assert_eq!((left[0].value.as_str(), left[0].depth), ("1", 0));
        assert_eq!(left[1].depth, 1, "В.1.1 is under В.1");
        let deep = right
            .iter()
            .chain(&left)
            .find(|l| l.code == "В.3.1.1")
            .unwrap();
        assert_eq!(deep.depth, 2);
        assert!(restorative_columns(None, Language::Ru).0.is_empty());
        assert!(restorative_columns(Some(&r), Language::En).0[0]
            .code
            .starts_with("RP"));
    }
}

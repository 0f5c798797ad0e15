//! `ladoshka report indicators|rental --from DATE --to DATE --format csv|xlsx|html [--out FILE]`,
//! and `ladoshka report kdn --quarter 2026-Q4`: the КДНиЗП's quarterly report. A CSV is written
//! for Excel unless `--plain` (report::sheet).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use ladoshka_process::spreadsheet::{refuse_binary_on_a_terminal, CsvStyleArgs};

use super::{open, Cli};
use crate::domain::indicators::restorative::{count, Days};
use crate::domain::rental_report::RentalReport;
use crate::domain::Language;
use crate::report::kdn::Quarter;
use crate::report::sheet::{convert, Spreadsheet};
use crate::store::Store;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The project indicators for a period (children helped by situation, families, parents,
    /// share improved, sessions by kind, rental loans; with rental records, also families
    /// served, the overdue rate and the stock by state)
    Indicators(ReportArgs),
    /// The social rental for a period: the stock by state and kind (as it is today), loans per
    /// month and kind, families served, average time on loan, overdue rate, overdue now
    Rental(ReportArgs),
    /// The quarterly report for the КДНиЗП (juvenile affairs commission): the reconciliation
    /// room's restorative programmes alone for one calendar quarter (the indicators' block «В»:
    /// cases referred by source and programme kind, programmes closed by outcome with reasons,
    /// participants, agreements reached and kept)
    Kdn(KdnArgs),
}

#[derive(Args)]
pub struct KdnArgs {
    /// The calendar quarter, e.g. 2026-Q4 (October to December 2026), in the kiosk's time zone
    #[arg(long, value_parser = parse_quarter)]
    quarter: Quarter,
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    #[command(flatten)]
    style: CsvStyleArgs,
    /// Write here instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the labels: ru, tt or en
    #[arg(long, default_value = "ru", value_parser = super::parse_language)]
    lang: Language,
    /// The centre's name for the title
    #[arg(long, env = "LADOSHKA_OPERATOR", default_value = "")]
    operator: String,
    /// The centre's own words for the report's lines [default: <data dir>/texts.toml, if there]
    #[arg(long, value_name = "FILE")]
    texts: Option<PathBuf>,
}

fn parse_quarter(s: &str) -> Result<Quarter, String> {
    s.parse()
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// For a spreadsheet (see --excel and --plain)
    Csv,
    /// An Excel workbook with number and date cells (needs --out or a redirection)
    Xlsx,
    /// A printable page with charts
    Html,
}

/// The report's bytes in `format`: the HTML as made, the plain CSV `text` as the spreadsheet
/// the switches ask for.
fn finish(
    text: String,
    format: Format,
    style: CsvStyleArgs,
    lang: Language,
    name: &str,
    period: (NaiveDate, NaiveDate),
) -> anyhow::Result<Vec<u8>> {
    let to = match format {
        Format::Html => return Ok(text.into_bytes()),
        Format::Xlsx => Spreadsheet::Xlsx,
        Format::Csv => Spreadsheet::csv(style.plain()),
    };
    Ok(convert(&text, to, lang, name, period)?)
}

/// Writes the report to `out`, or to standard output (never a workbook to a terminal).
fn write(out: Option<&PathBuf>, format: Format, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            if matches!(format, Format::Xlsx) {
                refuse_binary_on_a_terminal(None).map_err(anyhow::Error::msg)?;
            }
            std::io::stdout()
                .write_all(bytes)
                .context("cannot write to standard output")
        }
    }
}

#[derive(Args)]
pub struct ReportArgs {
    /// First day of the period (2026-11-01 or 01.11.2026), in the kiosk's time zone
    #[arg(long, value_parser = parse_day)]
    from: NaiveDate,
    /// Last day of the period, included
    #[arg(long, value_parser = parse_day)]
    to: NaiveDate,
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    #[command(flatten)]
    style: CsvStyleArgs,
    /// Write here instead of standard output
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the labels: ru, tt or en
    #[arg(long, default_value = "ru", value_parser = super::parse_language)]
    lang: Language,
    /// The centre's name for the page heading
    #[arg(long, env = "LADOSHKA_OPERATOR", default_value = "")]
    operator: String,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| format!("«{s}» is not a date: write 2026-11-01 or 01.11.2026"))
}

pub fn report(cli: &Cli, command: &ReportCommand) -> anyhow::Result<ExitCode> {
    let (name, args) = match command {
        ReportCommand::Indicators(args) => ("indicators", args),
        ReportCommand::Rental(args) => ("rental report", args),
        ReportCommand::Kdn(args) => return kdn(cli, args),
    };
    if args.to < args.from {
        anyhow::bail!(
            "the period ends ({}) before it begins ({}): swap --from and --to",
            args.to,
            args.from
        );
    }
    let opened = open::open(cli)?;
    let text = match command {
        ReportCommand::Indicators(_) => indicators(&opened.store, args)?,
        ReportCommand::Rental(_) => rental(&opened.store, args)?,
        ReportCommand::Kdn(_) => unreachable!("made above"),
    };
    let bytes = finish(
        text,
        args.format,
        args.style,
        args.lang,
        name,
        (args.from, args.to),
    )?;
    write(args.out.as_ref(), args.format, &bytes)?;
    if let Some(path) = &args.out {
        eprintln!(
            "{name} {} – {} written to {}",
            args.from,
            args.to,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The rental figures for the period, as of today in the kiosk's time zone.
fn rental_report(store: &Store, args: &ReportArgs) -> anyhow::Result<RentalReport> {
    let facts = store
        .rental_facts()
        .context("cannot read the rental records for the report")?;
    let today = crate::app::clock::today();
    Ok(crate::domain::rental_report::compute(
        &facts, args.from, args.to, today,
    ))
}

fn indicators(store: &Store, args: &ReportArgs) -> anyhow::Result<String> {
    let (from, _) = crate::app::clock::day_bounds(args.from);
    let (_, to) = crate::app::clock::day_bounds(args.to);
    let facts = store
        .indicator_facts(from, to)
        .context("cannot read the records for the indicators")?;
    let indicators = crate::domain::indicators::compute(&facts, from, to);
    // The rental block only where this kiosk has rental records.
    let rental = rental_report(store, args)?;
    let rental = crate::report::indicators::rental_block(&rental);
    Ok(match args.format {
        Format::Csv | Format::Xlsx => {
            crate::report::indicators::to_csv(&indicators, rental, args.lang)
                .context("cannot write the CSV")?
        }
        Format::Html => crate::report::indicators::to_html(
            &indicators,
            rental,
            args.lang,
            &args.operator,
            args.from,
            args.to,
        ),
    })
}

fn rental(store: &Store, args: &ReportArgs) -> anyhow::Result<String> {
    let report = rental_report(store, args)?;
    let kinds = store.rental_kinds()?;
    Ok(match args.format {
        Format::Csv | Format::Xlsx => crate::report::rental::to_csv(&report, args.lang, &kinds)
            .context("cannot write the CSV")?,
        Format::Html => crate::report::rental::to_html(&report, args.lang, &args.operator, &kinds),
    })
}

/// The КДНиЗП's quarterly report from this kiosk's cases, counted as the centre counts them.
fn kdn(cli: &Cli, args: &KdnArgs) -> anyhow::Result<ExitCode> {
    let opened = open::open(cli)?;
    let cases = opened
        .store
        .restorative_facts()
        .context("cannot read the restorative cases for the report")?;
    let texts = match &args.texts {
        Some(file) => crate::platform::texts_file::read(file),
        None => crate::platform::texts_file::in_dir(&open::data_dir_of(cli)?),
    }
    .context(
        "the centre's texts are wrong: correct the file (or remove it to use the built-in words)",
    )?;
    let q = args.quarter;
    let counts = count(&cases, Days::inclusive(q.first_day(), q.last_day()));
    let text = match args.format {
        Format::Csv | Format::Xlsx => {
            crate::report::kdn::to_csv(&counts, q, &args.operator, args.lang, &texts)
                .context("cannot write the CSV")?
        }
        Format::Html => crate::report::kdn::to_html(&counts, q, &args.operator, args.lang, &texts),
    };
    let period = (q.first_day(), q.last_day());
    let bytes = finish(text, args.format, args.style, args.lang, "КДНиЗП", period)?;
    write(args.out.as_ref(), args.format, &bytes)?;
    if let Some(path) = &args.out {
        eprintln!("КДНиЗП report {q} written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

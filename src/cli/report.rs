//! `ladoshka report indicators --from DATE --to DATE --format csv|html [--out FILE]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::{open, Cli};
use crate::domain::Language;

#[derive(Subcommand)]
pub enum ReportCommand {
    /// The project indicators for a period (children helped by situation, families, parents,
    /// share improved, sessions by kind, rental loans)
    Indicators(IndicatorArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Html,
}

#[derive(Args)]
pub struct IndicatorArgs {
    /// First day of the period (2026-11-01 or 01.11.2026), in the kiosk's time zone
    #[arg(long, value_parser = parse_day)]
    from: NaiveDate,
    /// Last day of the period, included
    #[arg(long, value_parser = parse_day)]
    to: NaiveDate,
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
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
    let ReportCommand::Indicators(args) = command;
    if args.to < args.from {
        anyhow::bail!(
            "the period ends ({}) before it begins ({}): swap --from and --to",
            args.to,
            args.from
        );
    }
    let (from, _) = crate::app::clock::day_bounds(args.from);
    let (_, to) = crate::app::clock::day_bounds(args.to);
    let opened = open::open(cli)?;
    let facts = opened
        .store
        .indicator_facts(from, to)
        .context("cannot read the records for the indicators")?;
    let indicators = crate::domain::indicators::compute(&facts, from, to);
    let text = match args.format {
        Format::Csv => crate::report::indicators::to_csv(&indicators, args.lang)
            .context("cannot write the CSV")?,
        Format::Html => crate::report::indicators::to_html(
            &indicators,
            args.lang,
            &args.operator,
            args.from,
            args.to,
        ),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "indicators {} – {} written to {}",
                args.from,
                args.to,
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

//! `ladoshka-centre report indicators|kdn`: the reports made from the rows every kiosk sent,
//! printed or written to a file, with what they were made from on standard error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use ladoshka_indicators::domain::restorative::CentreTexts;
use ladoshka_indicators::domain::Language;
use ladoshka_indicators::report::sheet::{convert, Spreadsheet};
use ladoshka_process::spreadsheet::{refuse_binary_on_a_terminal, CsvStyleArgs};

use crate::centre::Centre;
use crate::layout::Layout;
use crate::report::Format;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The project indicators for a period across all kiosks: the figures, codes and labels of
    /// `ladoshka report indicators` on a kiosk, from every row the centre holds. Each kiosk's
    /// children and families are its own: a family enrolled on two kiosks counts twice.
    Indicators(IndicatorsArgs),
    /// The quarterly report for the КДНиЗП (juvenile affairs commission): the reconciliation
    /// rooms' restorative programmes alone for one calendar quarter, the block «В» of
    /// `report indicators`, counted on every kiosk's cases as `ladoshka report kdn` counts them.
    Kdn(KdnArgs),
}

#[derive(Debug, Args)]
pub struct KdnArgs {
    /// The calendar quarter, e.g. 2026-Q4 (October to December 2026).
    #[arg(long, value_parser = parse_quarter)]
    pub quarter: crate::report::Quarter,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Output,
    #[command(flatten)]
    pub style: CsvStyleArgs,
    /// Language of the labels: ru, tt or en.
    #[arg(long, default_value = "ru", value_parser = parse_language)]
    pub lang: Language,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The centre's name for the title.
    #[arg(long, env = "LADOSHKA_OPERATOR", default_value = "")]
    pub operator: String,
    /// The centre's own words for the report's lines (`report.В.1 = "…"` under [ru], [tt],
    /// [en]; the same file as a kiosk's texts.toml).
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
}

/// What the command writes: the report's CSV for a spreadsheet, an XLSX workbook, or the
/// printable page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// For a spreadsheet (see --excel and --plain)
    Csv,
    /// An Excel workbook with number and date cells (needs --out or a redirection)
    Xlsx,
    /// A printable page with charts
    Html,
}

impl Output {
    /// The report made for this output: the workbook is made from the CSV.
    fn made_as(self) -> Format {
        match self {
            Output::Csv | Output::Xlsx => Format::Csv,
            Output::Html => Format::Html,
        }
    }
}

/// How a report is written where it leaves the centre.
struct Written<'a> {
    what: String,
    output: Output,
    style: CsvStyleArgs,
    lang: Language,
    period: (NaiveDate, NaiveDate),
    out: Option<&'a std::path::Path>,
}

fn parse_quarter(s: &str) -> Result<crate::report::Quarter, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub struct IndicatorsArgs {
    /// First day of the period (2026-11-01 or 01.11.2026), in --time-zone.
    #[arg(long, value_parser = parse_day)]
    pub from: NaiveDate,
    /// Last day of the period, included.
    #[arg(long, value_parser = parse_day)]
    pub to: NaiveDate,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Output,
    #[command(flatten)]
    pub style: CsvStyleArgs,
    /// Language of the labels: ru, tt or en.
    #[arg(long, default_value = "ru", value_parser = parse_language)]
    pub lang: Language,
    /// Write here instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The time zone the days are counted in (the kiosks' zone).
    #[arg(long, env = "LADOSHKA_CENTRE_TIME_ZONE", default_value = "Europe/Moscow", value_parser = parse_zone)]
    pub time_zone: chrono_tz::Tz,
    /// The centre's name for the page heading.
    #[arg(long, env = "LADOSHKA_OPERATOR", default_value = "")]
    pub operator: String,
    /// Only the kiosks of this КЦСОН or shelter (as `devices place` or `token create --unit`
    /// named it).
    #[arg(long)]
    pub unit: Option<String>,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| format!("«{s}» is not a date: write 2026-11-01 or 01.11.2026"))
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::from_code(s).map_err(|e| format!("{e}: use ru, tt or en"))
}

pub(super) fn parse_zone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.parse().map_err(|_| {
        format!("«{s}» is not a time zone: use an IANA name such as Europe/Moscow or Asia/Yekaterinburg")
    })
}

pub(super) fn cmd_report_indicators(
    layout: &Layout,
    args: IndicatorsArgs,
) -> anyhow::Result<ExitCode> {
    let today = chrono::Utc::now()
        .with_timezone(&args.time_zone)
        .date_naive();
    let request = crate::report::Request {
        first_day: args.from,
        last_day: args.to,
        zone: args.time_zone,
        today,
        format: args.format.made_as(),
        lang: args.lang,
        operator: args.operator,
    };
    if args.to < args.from {
        // Refused before the store is opened, in the report's own words.
        return Err(crate::report::ReportError::EndsBeforeItBegins {
            first: args.from,
            last: args.to,
        }
        .into());
    }
    let centre = Centre::open(layout)?;
    let made = crate::report::indicators_of(centre.store(), &request, args.unit.as_deref())?;
    let written = Written {
        what: format!("indicators {} – {}", args.from, args.to),
        output: args.format,
        style: args.style,
        lang: args.lang,
        period: (args.from, args.to),
        out: args.out.as_deref(),
    };
    write_report(made, &written)
}

pub(super) fn cmd_report_kdn(layout: &Layout, args: KdnArgs) -> anyhow::Result<ExitCode> {
    let texts = match &args.texts {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the texts file {}", file.display()))?;
            CentreTexts::parse(&text)
                .with_context(|| format!("{}: correct it, or leave out --texts", file.display()))?
        }
        None => CentreTexts::default(),
    };
    let centre = Centre::open(layout)?;
    let made = crate::report::kdn(
        centre.store(),
        args.quarter,
        args.format.made_as(),
        args.lang,
        &args.operator,
        &texts,
    )?;
    let written = Written {
        what: format!("КДНиЗП report {}", args.quarter),
        output: args.format,
        style: args.style,
        lang: args.lang,
        period: (args.quarter.first_day(), args.quarter.last_day()),
        out: args.out.as_deref(),
    };
    write_report(made, &written)
}

/// Prints or writes a report, and says on standard error what it was made from and which rows
/// were quarantined.
fn write_report(made: crate::report::Made, w: &Written) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let bytes = match w.output {
        Output::Html => made.text.into_bytes(),
        Output::Csv => convert(
            &made.text,
            Spreadsheet::csv(w.style.plain()),
            w.lang,
            "",
            w.period,
        )?,
        Output::Xlsx => {
            refuse_binary_on_a_terminal(w.out).map_err(anyhow::Error::msg)?;
            convert(&made.text, Spreadsheet::Xlsx, w.lang, &w.what, w.period)?
        }
    };
    let mut what = format!(
        "{} from {} kiosk(s), {} rows",
        w.what, made.devices, made.rows
    );
    if !made.quarantined.is_empty() {
        what.push_str(&format!(
            "\n{} row(s) quarantined: left out of the figures, which count every other row. \
             They stay in the store; tell whoever looks after that kiosk:",
            made.quarantined.len()
        ));
        for bad in &made.quarantined {
            what.push_str(&format!("\n  {bad}"));
        }
    }
    match w.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("{what}, written to {}", path.display());
        }
        None => {
            std::io::stdout()
                .write_all(&bytes)
                .context("cannot write to standard output")?;
            eprintln!("{what}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `ladoshka rental labels [--out labels.png] [--kind KIND] [--lang L]`: printable A4 sheets of
//! QR labels for the rental items (18 a sheet), written as labels.png, labels-2.png, …

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::{open, Cli};
use crate::domain::{ItemState, Language, RentalKind};

#[derive(Subcommand)]
pub enum RentalCommand {
    /// QR labels for the items (not written off) as A4 PNG sheets at 200 dpi
    Labels(LabelArgs),
}

#[derive(Args)]
pub struct LabelArgs {
    /// The first sheet's file; more sheets get -2, -3, … before the extension
    #[arg(long, default_value = "labels.png")]
    out: PathBuf,
    /// Only items of this kind (e.g. walker, stroller_transformer)
    #[arg(long, value_parser = |s: &str| RentalKind::from_key(s).map_err(|e| e.to_string()))]
    kind: Option<RentalKind>,
    /// Language of the kind's name on the label: ru, tt or en
    #[arg(long, default_value = "ru", value_parser = super::parse_language)]
    lang: Language,
}

/// `labels.png`, then `labels-2.png`, `labels-3.png`…
pub fn sheet_path(first: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return first.to_path_buf();
    }
    let stem = first
        .file_stem()
        .map_or_else(|| "labels".to_owned(), |s| s.to_string_lossy().into_owned());
    let ext = first
        .extension()
        .map_or_else(|| "png".to_owned(), |s| s.to_string_lossy().into_owned());
    first.with_file_name(format!("{stem}-{n}.{ext}"))
}

pub fn rental(cli: &Cli, command: &RentalCommand) -> anyhow::Result<ExitCode> {
    let RentalCommand::Labels(args) = command;
    let opened = open::open(cli)?;
    let mut items: Vec<(String, RentalKind)> = opened
        .store
        .rental_items()
        .context("cannot read the rental items")?
        .into_iter()
        .filter(|(_, i)| i.state != ItemState::WrittenOff && args.kind.is_none_or(|k| k == i.kind))
        .map(|(_, i)| (i.inventory_number, i.kind))
        .collect();
    if items.is_empty() {
        println!(
            "No rental items to label{}.",
            if args.kind.is_some() {
                " of this kind"
            } else {
                ""
            }
        );
        return Ok(ExitCode::SUCCESS);
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let sheets = crate::report::labels::sheets(&items, args.lang);
    for (n, png) in sheets.iter().enumerate() {
        let path = sheet_path(&args.out, n + 1);
        std::fs::write(&path, png).with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}", path.display());
    }
    println!(
        "{} labels on {} sheet(s), A4 at 200 dpi: print at 100 % scale.",
        items.len(),
        sheets.len()
    );
    Ok(ExitCode::SUCCESS)
}

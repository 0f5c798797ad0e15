//! `ladoshka rental labels`: a PDF of QR labels for the rental items, sized in millimetres for
//! the label stock the centre bought (`report::labels::stock`), for every item, one kind, or the
//! items named (a lost label reprinted alone), starting after the places already used on a sheet.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::rental::parse_kind;
use super::{open, Cli};
use crate::domain::{ItemState, Language, RentalKind};
use crate::report::labels::{self, Label, Stock, STOCKS};

#[derive(Args)]
pub struct LabelArgs {
    /// Where the PDF goes
    #[arg(long, default_value = "labels.pdf")]
    out: PathBuf,
    /// The label stock: a4-3x7 (21 labels 70 × 42.3 mm), a4-3x8 (24 labels 70 × 37 mm), a4-2x7
    /// (14 labels 99.1 × 38.1 mm) or roll-58x40 (a label printer's roll)
    #[arg(long, default_value = "a4-3x7", value_parser = parse_stock)]
    stock: &'static Stock,
    /// Only this item (its inventory number); repeat for more: a lost label reprinted alone
    #[arg(long = "item", value_name = "NUMBER")]
    items: Vec<String>,
    /// Only items of this kind (e.g. walker, stroller_transformer)
    #[arg(long, value_parser = parse_kind)]
    kind: Option<RentalKind>,
    /// Leave this many places blank at the start of the first sheet (labels already used)
    #[arg(long, default_value_t = 0)]
    skip: usize,
    /// Language of the kind's name on the label: ru, tt or en
    #[arg(long, default_value = "ru", value_parser = super::parse_language)]
    lang: Language,
}

fn parse_stock(s: &str) -> Result<&'static Stock, String> {
    Stock::named(s).ok_or_else(|| {
        let known: Vec<String> = STOCKS
            .iter()
            .map(|s| format!("{} ({})", s.name, s.about))
            .collect();
        format!(
            "«{s}» is not a label stock: use one of {}",
            known.join("; ")
        )
    })
}

pub fn labels(cli: &Cli, args: &LabelArgs) -> anyhow::Result<ExitCode> {
    let opened = open::open(cli)?;
    let kinds = opened.store.rental_kinds()?;
    if let Some(kind) = args.kind.filter(|k| kinds.get(*k).is_none()) {
        let known: Vec<&str> = kinds.specs().iter().map(|k| k.kind.key()).collect();
        anyhow::bail!(
            "«{}» is not one of the centre's kinds of equipment: use one of {}",
            kind.key(),
            known.join(", ")
        );
    }
    let all = opened
        .store
        .rental_items()
        .context("cannot read the rental items")?;
    if let Some(unknown) = args
        .items
        .iter()
        .find(|n| !all.iter().any(|(_, i)| &i.inventory_number == *n))
    {
        anyhow::bail!(
            "no rental item has the number «{unknown}»: `ladoshka rental list` shows them"
        );
    }
    let mut chosen: Vec<Label> = all
        .into_iter()
        .filter(|(_, i)| {
            let named = args.items.contains(&i.inventory_number);
            let in_kind = args.kind.is_none_or(|k| k == i.kind);
            // An item named by number is printed even when written off: it was asked for.
            (named || args.items.is_empty() && i.state != ItemState::WrittenOff) && in_kind
        })
        .map(|(_, i)| (i.inventory_number, kinds.title(i.kind, args.lang)))
        .collect();
    if chosen.is_empty() {
        println!("No rental items to label.");
        return Ok(ExitCode::SUCCESS);
    }
    chosen.sort_by(|a, b| a.0.cmp(&b.0));
    let pdf = labels::pdf(&chosen, args.stock, args.skip)?;
    std::fs::write(&args.out, pdf)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "{} labels on {} page(s) of {}, written to {}. Print at 100 % («Actual size», no \
         fitting to the page).",
        chosen.len(),
        labels::pages(chosen.len(), args.stock, args.skip),
        args.stock.about,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

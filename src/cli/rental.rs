//! `ladoshka rental …`: the rental stock from the command line.
//!
//! - `labels [--stock NAME] [--item NUMBER…] [--kind KIND] [--skip N] [--out labels.pdf]`: a PDF
//!   of QR labels for the label stock a centre bought (`rental_labels.rs`).
//! - `add --kind KIND --number NUMBER [--photo FILE] [--condition TEXT]`: a new item, available.
//! - `photo NUMBER FILE`: the item's photo (PNG or JPEG, stored resized inside the database).
//! - `list`: every item with its kind, state and whether it has a photo.
//! - `categories check [FILE]`: checks a centre's categories file (without FILE: the one the
//!   kiosk uses, `<data dir>/rental/categories.toml` or the shipped list).
//! - `kinds check [FILE]`: the same for the kinds of equipment (`<data dir>/rental/kinds.toml`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::{open, Cli};
use crate::domain::eligibility::{self, Category};
use crate::domain::rental_kinds::{self, KindSpec};
use crate::domain::{ItemState, Language, NewRentalItem, RentalKind};

#[derive(Subcommand)]
pub enum RentalCommand {
    /// QR labels for the items (not written off) as a PDF, in millimetres for a label stock
    Labels(super::rental_labels::LabelArgs),
    /// Add an item to the catalogue (available), optionally with its photo and condition notes
    Add(AddArgs),
    /// Set the photo of the item with this inventory number (PNG or JPEG; replaces the old one)
    Photo {
        /// The inventory number, as on the label (e.g. ХОД-0007)
        number: String,
        /// A PNG or JPEG file, e.g. from a USB camera
        file: PathBuf,
    },
    /// List the items: inventory number, kind, state, photo
    List,
    /// The centre's list of eligibility categories
    #[command(subcommand)]
    Categories(CategoriesCommand),
    /// The centre's list of kinds of equipment (titles, default terms, inventory prefixes)
    #[command(subcommand)]
    Kinds(KindsCommand),
}

#[derive(Subcommand)]
pub enum KindsCommand {
    /// Check a kinds file (without FILE: the one the kiosk uses); exit 1 if it is broken
    Check { file: Option<PathBuf> },
}

#[derive(Subcommand)]
pub enum CategoriesCommand {
    /// Check a categories file (without FILE: the one the kiosk uses); exit 1 if it is broken
    Check { file: Option<PathBuf> },
}

#[derive(Args)]
pub struct AddArgs {
    /// The kind's key from the centre's kinds file: stroller_transformer, sledge_stroller,
    /// cot_with_bumpers, playpen, walker, feeding_chair, changing_table, or one the centre added
    #[arg(long, value_parser = parse_kind)]
    kind: RentalKind,
    /// The inventory number, e.g. ХОД-0007 (letters, digits, - and /)
    #[arg(long)]
    number: String,
    /// A PNG or JPEG photo of the item
    #[arg(long, value_name = "FILE")]
    photo: Option<PathBuf>,
    /// Notes on its condition, e.g. "small scratch on the frame"
    #[arg(long, value_name = "TEXT", default_value = "")]
    condition: String,
}

/// A kind's key as written; whether the centre's list names it is checked against that list
/// (the store refuses an item of a kind it does not name, with the kinds it does).
pub(super) fn parse_kind(s: &str) -> Result<RentalKind, String> {
    RentalKind::from_key(s.trim()).map_err(|_| {
        format!("«{s}» is not a kind's key: write it as in the kinds file, e.g. walker (see `ladoshka rental kinds check`)")
    })
}

pub fn rental(cli: &Cli, command: &RentalCommand) -> anyhow::Result<ExitCode> {
    match command {
        RentalCommand::Labels(args) => super::rental_labels::labels(cli, args),
        RentalCommand::Add(args) => add(cli, args),
        RentalCommand::Photo { number, file } => photo(cli, number, file),
        RentalCommand::List => list(cli),
        RentalCommand::Categories(CategoriesCommand::Check { file }) => {
            check_categories(cli, file.as_deref())
        }
        RentalCommand::Kinds(KindsCommand::Check { file }) => check_kinds(cli, file.as_deref()),
    }
}

/// The bytes of a photo file, or why they cannot be read.
fn read_photo(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file)
        .with_context(|| format!("cannot read the photo {}: check the path", file.display()))
}

fn add(cli: &Cli, args: &AddArgs) -> anyhow::Result<ExitCode> {
    let item = NewRentalItem::new(args.kind, &args.number, ItemState::Available)
        .with_context(|| format!("«{}» cannot be an inventory number", args.number))?;
    let photo = args.photo.as_deref().map(read_photo).transpose()?;
    let mut opened = open::open(cli)?;
    let size = opened
        .store
        .write(|w| {
            let id = w.insert_rental_item_noting(&item, &args.condition)?;
            photo
                .as_deref()
                .map(|bytes| w.set_item_photo_by_operator(id, bytes))
                .transpose()
        })
        .with_context(|| match &args.photo {
            Some(file) => format!(
                "{} was not added (with the photo {})",
                item.inventory_number,
                file.display()
            ),
            None => format!("{} was not added", item.inventory_number),
        })?;
    print!(
        "Added {} ({}), available",
        item.inventory_number,
        item.kind.key()
    );
    match size {
        Some((w, h)) => println!(", with a photo {w}×{h}."),
        None => println!("."),
    }
    Ok(ExitCode::SUCCESS)
}

fn photo(cli: &Cli, number: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = read_photo(file)?;
    let mut opened = open::open(cli)?;
    let Some((id, _, _, _)) = opened
        .store
        .rental_item_by_number(number)
        .context("cannot read the rental items")?
    else {
        anyhow::bail!(
            "there is no item «{}» in the catalogue: check the number on its label (`ladoshka rental list` shows them)",
            number.trim()
        );
    };
    let (w, h) = opened
        .store
        .write(|wr| wr.set_item_photo_by_operator(id, &bytes))
        .with_context(|| {
            format!(
                "the photo of {} was not changed: {} cannot be used",
                number.trim().to_uppercase(),
                file.display()
            )
        })?;
    println!(
        "The photo of {} is now {} ({w}×{h}).",
        number.trim().to_uppercase(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(cli: &Cli) -> anyhow::Result<ExitCode> {
    let opened = open::open(cli)?;
    let mut items = opened
        .store
        .rental_items()
        .context("cannot read the rental items")?;
    let photos = opened
        .store
        .rental_items_with_photos()
        .context("cannot read the rental items")?;
    if items.is_empty() {
        println!("No rental items yet: add one with `ladoshka rental add`.");
        return Ok(ExitCode::SUCCESS);
    }
    items.sort_by(|a, b| a.1.inventory_number.cmp(&b.1.inventory_number));
    println!("{:<14} {:<22} {:<18} photo", "number", "kind", "state");
    for (id, item) in &items {
        println!(
            "{:<14} {:<22} {:<18} {}",
            item.inventory_number,
            item.kind.key(),
            item.state.key(),
            if photos.contains(id) { "yes" } else { "-" }
        );
    }
    println!(
        "{} {}.",
        items.len(),
        if items.len() == 1 { "item" } else { "items" }
    );
    Ok(ExitCode::SUCCESS)
}

/// The name and text of `file`, or without one of the file the kiosk would use: the centre's
/// `<data dir>/<centre_file>`, else the shipped list.
fn list_file(
    cli: &Cli,
    file: Option<&Path>,
    centre_file: &str,
    shipped: (&str, &str),
) -> anyhow::Result<(String, String)> {
    Ok(match file {
        Some(f) => (
            f.display().to_string(),
            std::fs::read_to_string(f)
                .with_context(|| format!("cannot read {}: check the path", f.display()))?,
        ),
        None => {
            let centre = open::data_dir_of(cli)?.join(centre_file);
            if centre.exists() {
                let text = std::fs::read_to_string(&centre)
                    .with_context(|| format!("cannot read {}", centre.display()))?;
                (centre.display().to_string(), text)
            } else {
                println!(
                    "No centre's file at {}: the kiosk uses the shipped list.",
                    centre.display()
                );
                (shipped.0.to_owned(), shipped.1.to_owned())
            }
        }
    })
}

/// Checks `file`, or without one the file the kiosk would use; prints each kind.
fn check_kinds(cli: &Cli, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (name, text) = list_file(cli, file, rental_kinds::CENTRE_FILE, rental_kinds::SHIPPED)?;
    match rental_kinds::parse_kinds(&name, &text) {
        Ok(kinds) => {
            for k in kinds.specs() {
                println!("ok     {}", describe_kind(k));
            }
            println!("{name}: {} kinds.", kinds.specs().len());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("broken {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn describe_kind(k: &KindSpec) -> String {
    format!(
        "{}: {} ({} months, numbers {}-0001)",
        k.kind.key(),
        k.title.get(Language::Ru),
        k.term_months,
        k.prefix
    )
}

/// Checks `file`, or without one the file the kiosk would use; prints each category.
fn check_categories(cli: &Cli, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (name, text) = list_file(cli, file, eligibility::CENTRE_FILE, eligibility::SHIPPED)?;
    match eligibility::parse_categories(&name, &text) {
        Ok(categories) => {
            for c in &categories {
                println!("ok     {}", describe(c));
            }
            println!("{name}: {} categories.", categories.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("broken {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn describe(c: &Category) -> String {
    let docs: Vec<&str> = c.documents.iter().map(|d| d.key.as_str()).collect();
    let limits = c.limits.describe();
    format!(
        "{}: {} (documents: {}{}{})",
        c.key,
        c.title.get(Language::Ru),
        docs.join(", "),
        if limits.is_empty() { "" } else { "; " },
        limits
    )
}

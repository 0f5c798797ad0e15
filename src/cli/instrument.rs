//! `ladoshka instrument check [FILE…]` and `ladoshka instrument import FILE`: checking
//! instrument definitions without starting the kiosk, and keeping a file the centre supplies
//! (official wording we may not type ourselves) in the encrypted database, from which the kiosk
//! loads it at start.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::{open, Cli};
use crate::domain::instrument::{Instrument, Licence};
use crate::domain::Language;
use crate::platform::instrument_files::{self, Catalogue, Origin};

#[derive(Subcommand)]
pub enum InstrumentCommand {
    /// Check definition files (the built-in instruments when no file is named); exit 1 if any is broken
    Check { files: Vec<PathBuf> },
    /// Check a definition file the centre supplies and keep it, unchanged, in the kiosk's
    /// database; the kiosk loads it at its next start
    Import { file: PathBuf },
}

pub fn instrument(cli: &Cli, command: &InstrumentCommand) -> anyhow::Result<ExitCode> {
    match command {
        InstrumentCommand::Check { files } => Ok(check(files)),
        InstrumentCommand::Import { file } => import(cli, file),
    }
}

fn describe(i: &Instrument) -> String {
    let licence = match &i.licence {
        Licence::OwnWording { .. } => "own wording".to_owned(),
        Licence::Imported { holder, .. } => format!("official wording of {holder}"),
    };
    format!(
        "{} (version {}, ages {}–{}, {} items, {} scales, {} flags, {licence}): {}",
        i.id,
        i.version,
        i.ages.0,
        i.ages.1,
        i.items.len(),
        i.scales.len(),
        i.flags.len(),
        i.title_in(Language::Ru)
    )
}

fn check(files: &[PathBuf]) -> ExitCode {
    let c = if files.is_empty() {
        Catalogue::built_in()
    } else {
        instrument_files::from_files(files)
    };
    for i in &c.instruments {
        println!("ok     {}", describe(i));
    }
    for e in &c.errors {
        println!("broken {e}");
    }
    if c.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn import(cli: &Cli, file: &Path) -> anyhow::Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut opened = open::open(cli)?;
    let imported = opened
        .store
        .imported_instruments()
        .context("cannot read the imported instruments")?;
    // Checked against the built-in ones and every earlier import except one of the same id,
    // which this file replaces.
    let mut others = Catalogue::built_in();
    let id_of = |t: &str| crate::domain::instrument::parse("", t).ok().map(|i| i.id);
    let this_id = id_of(&text);
    for (n, t) in &imported {
        if id_of(t) != this_id {
            others.add(n, t, Origin::Centre);
        }
    }
    let instrument =
        match instrument_files::check(&name, &text, Origin::Centre, &others.instruments) {
            Ok(i) => i,
            Err(e) => {
                println!("refused {e}");
                println!("Nothing was imported.");
                return Ok(ExitCode::FAILURE);
            }
        };
    let replaces = imported.iter().any(|(_, t)| id_of(t) == this_id);
    opened
        .store
        .write(|w| w.import_instrument(&instrument.id, &instrument.version, &name, &text))
        .context("cannot keep the instrument in the database")?;
    println!("imported {}", describe(&instrument));
    if replaces {
        println!("It replaces the earlier import of «{}».", instrument.id);
    }
    println!("The kiosk loads it at its next start.");
    Ok(ExitCode::SUCCESS)
}

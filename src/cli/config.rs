//! `ladoshka config show` and `ladoshka config apply FILE`: which configuration of the centre
//! this kiosk runs, and applying a package carried on a USB stick (`ladoshka-centre config
//! export`) to a kiosk without a network. Online kiosks take theirs at every sync.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::{open, Cli};
use crate::sync::config::{apply_package, ConfigTaken};

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// The centre's configuration version this kiosk runs, and the last one it refused
    Show,
    /// Apply a configuration package from a USB stick (a .ldsc file, or a folder holding this
    /// kiosk's); exit 1 when it is refused
    Apply { path: PathBuf },
}

pub fn config(cli: &Cli, command: &ConfigCommand) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    match command {
        ConfigCommand::Show => {
            let state = opened.store.centre_config()?;
            match (state.serial, state.applied_at) {
                (0, _) | (_, None) => println!("No configuration from the centre yet."),
                (n, Some(at)) => println!("Configuration version {n}, applied {}", at.to_rfc3339()),
            }
            if let Some(name) = &state.legal_name {
                println!("Legal name: {name}");
            }
            if let Some(why) = &state.refusal {
                println!("The last package was refused: {why}");
            }
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Apply { path } => {
            let device = hex::encode(opened.store.sync_identity()?.device_id);
            let file = if path.is_dir() {
                path.join(format!("ladoshka-config-{device}.ldsc"))
            } else {
                path.clone()
            };
            let bytes = read_package(&file)?;
            match apply_package(&mut opened.store, &bytes)? {
                ConfigTaken::Applied { serial, parts } => {
                    println!("Applied configuration version {serial}: {parts}.");
                    Ok(ExitCode::SUCCESS)
                }
                ConfigTaken::UpToDate => {
                    println!("This kiosk runs this configuration already: nothing to do.");
                    Ok(ExitCode::SUCCESS)
                }
                ConfigTaken::Refused(why) => {
                    println!("refused: {why}");
                    println!("Nothing was changed.");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// Reads at most the largest package a kiosk takes; a link on the stick is not followed (the
/// package is signed and sealed either way, but the kiosk reads nothing a link points at).
fn read_package(file: &Path) -> anyhow::Result<Vec<u8>> {
    if std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink()) {
        anyhow::bail!(
            "{} is a link, not a package: copy the file itself to the stick",
            file.display()
        );
    }
    let handle = std::fs::File::open(file)
        .with_context(|| {
            format!("cannot open {} (a folder from `ladoshka-centre config export` holds one file per kiosk)", file.display())
        })?;
    let mut bytes = Vec::new();
    handle
        .take(ladoshka_seal::MAX_CONFIG_PACKAGE_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", file.display()))?;
    Ok(bytes)
}

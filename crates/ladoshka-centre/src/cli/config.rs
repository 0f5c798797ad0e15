//! `ladoshka-centre config publish|show|export`: the configuration the centre sends down to its
//! kiosks, from a folder laid out as a kiosk's data folder:
//!
//! ```text
//! DIR/centre.toml              legal_name = "…"           (optional)
//! DIR/rental/kinds.toml        the rental kinds           (optional)
//! DIR/rental/categories.toml   the rental categories      (optional)
//! DIR/instruments/*.toml       instrument files           (optional)
//! DIR/routes/*.toml            help-route templates       (optional; they replace the kiosk's)
//! DIR/staff.toml               colleagues and those switched off (optional; `config_staff`)
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Subcommand;
use ladoshka_indicators::domain::centre_config::{CentreConfig, ConfigFile, CONFIG_FORMAT};
use serde::Deserialize;

use crate::centre::Centre;
use crate::configuration::starting_code::StartingCodes;
use crate::layout::Layout;
use crate::time::show;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check the configuration in DIR whole and publish it as the next version; the kiosks
    /// take it at their next sync (or from a stick, `config export`).
    Publish {
        /// The folder: centre.toml, rental/kinds.toml, rental/categories.toml, instruments/*.toml,
        /// routes/*.toml.
        dir: PathBuf,
    },
    /// Publish the last configuration again as the next version, unchanged: each kiosk then
    /// takes, at its next sync, the families its КЦСОН's other kiosks enrolled since (run it
    /// nightly from a timer).
    Republish,
    /// The last version published and the version each kiosk runs.
    Show,
    /// Write the last version's package for every kiosk to DIR (a USB stick), one file each.
    Export {
        #[arg(long)]
        to_dir: PathBuf,
    },
    /// Print the starting code of each colleague in DIR/staff.toml, to give them privately:
    /// they type it once on each kiosk to choose their PIN there.
    Codes {
        /// The configuration folder holding staff.toml.
        dir: PathBuf,
    },
}

pub fn run(layout: &Layout, action: ConfigCommand) -> anyhow::Result<ExitCode> {
    match action {
        ConfigCommand::Publish { dir } => publish(layout, &dir),
        ConfigCommand::Republish => republish(layout),
        ConfigCommand::Show => show_states(layout),
        ConfigCommand::Export { to_dir } => export(layout, &to_dir),
        ConfigCommand::Codes { dir } => super::config_staff::print_codes(layout, &dir),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CentreToml {
    legal_name: Option<String>,
}

fn read_optional(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The configuration in `dir`, not yet checked; its colleagues carry their starting-code
/// hashes made with `codes`.
pub fn read_folder(dir: &Path, codes: &StartingCodes) -> anyhow::Result<CentreConfig> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: give the folder holding centre.toml, rental/ and instruments/",
            dir.display()
        );
    }
    let legal_name = match read_optional(&dir.join("centre.toml"))? {
        Some(text) => {
            toml::from_str::<CentreToml>(&text)
                .with_context(|| {
                    format!(
                        "{}: expected legal_name = \"…\"",
                        dir.join("centre.toml").display()
                    )
                })?
                .legal_name
        }
        None => None,
    };
    let instruments = read_toml_files(&dir.join("instruments"))?;
    let routes = read_toml_files(&dir.join("routes"))?;
    let (staff, revoked_staff) = super::config_staff::read(dir, codes)?;
    Ok(CentreConfig {
        format: CONFIG_FORMAT,
        legal_name,
        rental_kinds: read_optional(&dir.join("rental/kinds.toml"))?,
        rental_categories: read_optional(&dir.join("rental/categories.toml"))?,
        instruments,
        routes,
        staff,
        revoked_staff,
        ..CentreConfig::default()
    })
}

/// Every `*.toml` in `folder`, by name; none when there is no such folder.
fn read_toml_files(folder: &Path) -> anyhow::Result<Vec<ConfigFile>> {
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(ConfigFile { name, text })
        })
        .collect()
}

fn publish(layout: &Layout, dir: &Path) -> anyhow::Result<ExitCode> {
    let config = read_folder(dir, &StartingCodes::for_centre(layout)?)?;
    config
        .check()
        .with_context(|| format!("the configuration in {} was not published", dir.display()))?;
    let centre = Centre::open(layout)?;
    let serial = centre.publish_config(&config)?;
    println!(
        "Published configuration version {serial}: {}.",
        config.summary()
    );
    println!("The kiosks take it at their next sync; for a kiosk without a network, `ladoshka-centre config export --to-dir STICK`.");
    if !config.staff.is_empty() {
        println!("New colleagues sign in once on each kiosk with their starting code: `ladoshka-centre config codes {}` prints them.", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn republish(layout: &Layout) -> anyhow::Result<ExitCode> {
    use crate::configuration::Republished;
    match Centre::open(layout)?.republish_config()? {
        Republished::NothingPublished => {
            println!("No configuration published yet: nothing to publish again (`ladoshka-centre config publish DIR` first).");
            Ok(ExitCode::FAILURE)
        }
        Republished::As { from, serial } => {
            println!("Published configuration version {from} again as version {serial}: the kiosks take it, with their КЦСОН's families, at their next sync.");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn show_states(layout: &Layout) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    let store = centre.store();
    match store.latest_config()? {
        None => println!("No configuration published yet: `ladoshka-centre config publish DIR`."),
        Some(c) => println!(
            "Configuration version {} published {}",
            c.serial,
            show(c.published_at)
        ),
    }
    for state in store.config_states()? {
        let runs = match state.have_serial {
            None | Some(0) => "none yet".to_string(),
            Some(n) => format!("version {n}"),
        };
        let asked = state
            .asked_at
            .map(show)
            .unwrap_or_else(|| "never asked".into());
        let key = if state.kem_public_key.is_some() {
            "key registered"
        } else {
            "no key yet (it registers at its next sync)"
        };
        println!(
            "{}  runs {runs}  ({asked}; {key})",
            hex::encode(state.device_id)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(layout: &Layout, dir: &Path) -> anyhow::Result<ExitCode> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: mount the stick and give its folder",
            dir.display()
        );
    }
    let centre = Centre::open(layout)?;
    match centre.export_configs(dir)? {
        None => {
            println!("No configuration published yet: nothing written.");
            Ok(ExitCode::FAILURE)
        }
        Some((serial, written)) => {
            for e in &written {
                println!("{}  {}", hex::encode(e.device_id), e.path.display());
            }
            println!("Wrote configuration version {serial} for {} kiosk(s). On a kiosk: ladoshka config apply FILE.", written.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! The `ladoshka` command line: start the kiosk (the default), seed demo data, check the
//! database, list and render screens. Errors end the process with a code a script can act on:
//! 0 fine, 1 other trouble, 2 the key does not open the database (or is missing or malformed),
//! 3 the database is damaged, 64 a usage error (an unknown option, a bad value), 65 an update
//! refused by `update verify`.

mod config;
mod doctor;
mod instrument;
mod kiosk_settings;
mod open;
mod power_test;
mod rental;
mod rental_labels;
mod report;
mod routes;
mod run;
mod screenshot;
mod sync;
mod update;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::domain::Language;

#[derive(Parser)]
#[command(
    name = "ladoshka",
    version,
    about = "Ladoshka: the touchscreen kiosk of the play-therapy, reconciliation and social-rental rooms"
)]
pub struct Cli {
    /// Where the encrypted database lives [default: $XDG_DATA_HOME/ladoshka]
    #[arg(long, env = "LADOSHKA_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// File holding the database key as 64 hexadecimal characters (used when there is no
    /// systemd credential `db-key`)
    #[arg(long, env = "LADOSHKA_KEY_FILE", global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// The kiosk's time zone: times are stored in UTC and shown in this zone [default: the
    /// `time_zone` of <data dir>/kiosk.toml, else Europe/Moscow]
    #[arg(long, env = "LADOSHKA_TIME_ZONE", global = true, value_name = "ZONE", value_parser = crate::app::clock::parse_zone)]
    pub time_zone: Option<chrono_tz::Tz>,
    /// A PEM file of certificate authorities to trust for the centre's HTTPS, besides the
    /// system's certificate store [default: `ca_file` of <data dir>/kiosk.toml]
    #[arg(long, env = "LADOSHKA_CA_FILE", global = true, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the kiosk (what `ladoshka` alone does)
    Run(run::RunArgs),
    /// Fill a new, empty database with a believable demo centre in Kazan
    DemoData {
        /// Do nothing (and succeed) when the database already has data
        #[arg(long)]
        if_empty: bool,
    },
    /// Check the database: key, integrity, schema version, record counts, unsent outbox
    Doctor {
        /// Print the findings as one JSON object (for scripts; the exit code is the same)
        #[arg(long)]
        json: bool,
    },
    /// List the screens `screenshot` can render
    Screens,
    /// Render one screen headless (software renderer, no display) to a PNG file
    Screenshot(screenshot::ScreenshotArgs),
    /// Reports from the records
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Help-route templates
    #[command(subcommand)]
    Routes(RoutesCommand),
    /// Diagnostic instrument definitions: check them, import the centre's
    #[command(subcommand)]
    Instrument(instrument::InstrumentCommand),
    /// The centre's configuration: which version this kiosk runs, apply one from a USB stick
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Social rental: add items and photos, list them, QR labels, check the categories file
    #[command(subcommand)]
    Rental(rental::RentalCommand),
    /// This kiosk's sync identity: device id, key fingerprint, centre, what waits to be sent
    DeviceInfo {
        /// Print it as one JSON object (for scripts)
        #[arg(long)]
        json: bool,
    },
    /// Enrol this kiosk with the centre (a one-time token, or the centre's key file offline)
    Enrol(sync::EnrolArgs),
    /// Send what the centre has not acknowledged (or write it to a USB stick with --to-dir)
    Sync(sync::SyncArgs),
    /// The kiosk image's power-cut test: write check-ins printing each committed id, or verify
    /// that every printed id survived (test kiosks only)
    #[command(subcommand)]
    PowerTest(power_test::PowerTestCommand),
    /// Signed updates of the kiosk image: make a signing key, sign an update folder, check one
    /// before it is installed (kiosk-image/README.md)
    #[command(subcommand)]
    Update(update::UpdateCommand),
}

#[derive(Subcommand)]
pub enum RoutesCommand {
    /// Check route templates (the built-in defaults when no file is named); exit 1 if any is broken
    Check { files: Vec<PathBuf> },
}

/// A language given on the command line.
pub fn parse_language(s: &str) -> Result<Language, String> {
    Language::from_code(s).map_err(|e| e.to_string())
}

pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    init_logs();
    // A usage error exits 64, never 2 (the key does not open the database).
    let cli: Cli = match ladoshka_process::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // A developer build can start its clock elsewhere (`LADOSHKA_NOW`, see README); never a
    // release build.
    match crate::platform::clock::from_env() {
        Ok(None) => {}
        Ok(Some(at)) => tracing::info!(
            "the clock starts at {at} ({}), not the system's time: everything recorded carries that time",
            crate::platform::clock::NOW_VARIABLE
        ),
        Err(e @ crate::platform::clock::NowVariableError::ReleaseBuild) => tracing::warn!("{e}"),
        Err(e) => {
            eprintln!("ladoshka: {e}");
            return ExitCode::from(2);
        }
    }
    // The settings file counts for every command (reports use its time zone); only the kiosk
    // itself refuses to start while it is broken.
    let settings = kiosk_settings::read(&cli);
    if let (Err(e), Some(command)) = (&settings, &cli.command) {
        if !matches!(command, Command::Run(_)) {
            tracing::warn!("{e:#}; using the defaults");
        }
    }
    let zone = kiosk_settings::zone(&cli, settings.as_ref().unwrap_or(&Default::default()));
    crate::app::clock::set_zone(zone);
    crate::sync::trust::set_ca_file(
        cli.ca_file
            .clone()
            .or_else(|| settings.as_ref().ok().and_then(|f| f.ca_file.clone())),
    );
    let result = match cli.command {
        None => settings.and_then(|f| run::run(&cli, &run::RunArgs::default(), &f, started)),
        Some(Command::Run(ref args)) => settings.and_then(|f| run::run(&cli, args, &f, started)),
        Some(Command::DemoData { if_empty }) => run::demo_data(&cli, if_empty),
        Some(Command::Doctor { json }) => doctor::doctor(&cli, json),
        Some(Command::Screens) => {
            for s in crate::app::screens::ScreenName::ALL {
                println!("{:<18} {}", s.name(), s.describe());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Screenshot(ref args)) => screenshot::screenshot(&cli, args, started),
        Some(Command::Report(ref command)) => report::report(&cli, command),
        Some(Command::Routes(RoutesCommand::Check { ref files })) => routes::check(files),
        Some(Command::Instrument(ref command)) => instrument::instrument(&cli, command),
        Some(Command::Config(ref command)) => config::config(&cli, command),
        Some(Command::Rental(ref command)) => rental::rental(&cli, command),
        Some(Command::DeviceInfo { json }) => sync::device_info(&cli, json),
        Some(Command::Enrol(ref args)) => sync::enrol(&cli, args),
        Some(Command::Sync(ref args)) => sync::sync(&cli, args),
        Some(Command::PowerTest(ref command)) => power_test::power_test(&cli, command),
        Some(Command::Update(ref command)) => update::update(command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ladoshka: {e:#}");
            ExitCode::from(exit_code_of(&e))
        }
    }
}

fn exit_code_of(e: &anyhow::Error) -> u8 {
    use crate::platform::device_secrets::SecretsError;
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<crate::store::StoreError>() {
            return s.exit_code() as u8;
        }
        if cause
            .downcast_ref::<SecretsError>()
            .is_some_and(|s| !matches!(s, SecretsError::CannotCreate { .. }))
        {
            return 2;
        }
    }
    1
}

/// Logs go to the journal, with their levels, when the kiosk runs under systemd, else to
/// standard error (`ladoshka_process::logs`); they never carry names or other personal data.
/// `LADOSHKA_LOG` sets the filter.
fn init_logs() {
    ladoshka_process::init_logs("info");
}

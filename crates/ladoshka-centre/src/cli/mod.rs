//! The command line: `init`, `token create`, `devices [add|revoke]`, `user add|disable|list`
//! (`user.rs`), `serve`, `import`, `config publish|show|export` (`config.rs`), `erasure
//! find|order|list` (`erasure.rs`) and `report indicators|kdn` (`report.rs`).
//!
//! Results go to standard output, the log (tracing) to standard error. Exit codes: 0 done;
//! 1 `import` rejected at least one bundle; 2 the command could not do what was asked (the
//! message says why and what to do).

mod config;
mod config_staff;
mod erasure;
mod place;
mod report;
mod user;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

use crate::centre::Centre;
use crate::layout::{Layout, SecretSource};
use crate::setup::init;
use crate::store::RevokeOutcome;
use crate::time::{now_unix, show};
use crate::token::EnrolmentToken;
use crate::usb::{import_dir, FileOutcome};
use report::{cmd_report_indicators, cmd_report_kdn, parse_zone};
pub use report::{IndicatorsArgs, KdnArgs, ReportCommand};
pub use user::UserCommand;

/// The centre's receiver for Ladoshka's sealed sync.
#[derive(Debug, Parser)]
#[command(name = "ladoshka-centre", version)]
pub struct Cli {
    /// The centre's data folder (keys, public key, encrypted store).
    #[arg(
        long,
        global = true,
        env = "LADOSHKA_CENTRE_DATA_DIR",
        default_value = "/var/lib/ladoshka-centre"
    )]
    pub data_dir: PathBuf,

    /// Keep the store in this PostgreSQL database instead of `centre.db` in the data folder,
    /// e.g. `postgresql://ladoshka@%2Fvar%2Frun%2Fpostgresql/centre` or
    /// `host=/var/run/postgresql user=ladoshka dbname=centre`. The keys stay in the data folder.
    /// Several `serve` processes may share one database.
    #[arg(
        long,
        global = true,
        env = "LADOSHKA_CENTRE_DATABASE",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the centre: its key pair, its public key file and its encrypted store.
    Init,
    /// One-time enrolment tokens.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
    /// List the enrolled kiosks, or revoke one.
    Devices {
        #[command(subcommand)]
        action: Option<DevicesCommand>,
    },
    /// Answer kiosks over HTTP: enrolment, bundle upload, acknowledgement.
    Serve {
        /// Address and port to listen on; put a TLS reverse proxy in front of it.
        #[arg(long, default_value = "127.0.0.1:8430")]
        listen: SocketAddr,
        /// The centre's address as kiosks and browsers reach it, e.g. https://centre.example.ru
        /// (the enrolment QR code carries it; with https the console's cookie is Secure).
        #[arg(long, env = "LADOSHKA_CENTRE_PUBLIC_URL", value_name = "URL")]
        public_url: Option<String>,
        /// The centre's name on the console's printable indicators page.
        #[arg(long, env = "LADOSHKA_OPERATOR", default_value = "")]
        operator: String,
        /// The time zone the console's indicators count days in (the kiosks' zone).
        #[arg(long, env = "LADOSHKA_CENTRE_TIME_ZONE", default_value = "Europe/Moscow", value_parser = parse_zone)]
        time_zone: chrono_tz::Tz,
    },
    /// The web console's users: add one, disable one, list them.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Import the bundles (*.ldsb) a kiosk wrote to a folder, e.g. a USB stick.
    Import {
        /// The folder holding the .ldsb files.
        dir: PathBuf,
    },
    /// The configuration sent down to the kiosks: publish, show, export to a stick.
    Config {
        #[command(subcommand)]
        action: config::ConfigCommand,
    },
    /// A family's request to erase its data, made at the centre: find it, order its kiosk to
    /// erase it, follow the orders.
    Erasure {
        #[command(subcommand)]
        action: erasure::ErasureCommand,
    },
    /// Reports made from the rows every kiosk sent.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token that enrols one kiosk once; it is printed alone on the last line.
    Create {
        /// How long the token may be used, in hours (1 to 8760).
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=8760))]
        valid_hours: u32,
        /// The КЦСОН or shelter the kiosk will stand in (the console lists and filters by it).
        #[arg(long)]
        unit: Option<String>,
        /// The room the kiosk will stand in.
        #[arg(long)]
        room: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Enrol a kiosk without a network: its id and public key as `ladoshka device-info`
    /// prints them (read them off its screen or carry them on the stick).
    Add {
        /// The device id, 32 hex digits.
        device_id: String,
        /// The device's public key, 64 hex digits.
        public_key: String,
    },
    /// Say where a kiosk stands: its КЦСОН or shelter and its room (empty to clear).
    Place {
        /// The device id, 32 hex digits, as `devices` lists it.
        device_id: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        room: Option<String>,
    },
    /// Refuse a kiosk's bundles from now on (what it already sent is kept).
    Revoke {
        /// The device id, 32 hex digits, as `devices` lists it.
        device_id: String,
    },
}

/// Parses the arguments, runs the command and reports its outcome as the exit code.
pub fn main() -> ExitCode {
    // A usage error exits 64, never 2 (what the centre says when its key does not open it).
    let cli: Cli = match ladoshka_process::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The server logs what it does; the other commands print their results, and log only
    // what went wrong underneath.
    let default_level = match cli.command {
        Command::Serve { .. } => "info",
        _ => "error",
    };
    // The journal with its levels under systemd, else standard error; `LADOSHKA_LOG` sets the
    // filter, as for the kiosk.
    ladoshka_process::init_logs(default_level);
    let layout = Layout::new(
        cli.data_dir.clone(),
        std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from),
    )
    .with_database(cli.database.clone());
    match run(&layout, cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ladoshka-centre: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(layout: &Layout, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init => cmd_init(layout),
        Command::Token {
            action:
                TokenCommand::Create {
                    valid_hours,
                    unit,
                    room,
                },
        } => cmd_token_create(layout, valid_hours, unit.as_deref(), room.as_deref()),
        Command::Devices {
            action:
                Some(DevicesCommand::Place {
                    device_id,
                    unit,
                    room,
                }),
        } => place::cmd_place(layout, &device_id, unit.as_deref(), room.as_deref()),
        Command::Devices { action: None } => cmd_devices(layout),
        Command::Devices {
            action: Some(DevicesCommand::Revoke { device_id }),
        } => cmd_revoke(layout, &device_id),
        Command::Devices {
            action:
                Some(DevicesCommand::Add {
                    device_id,
                    public_key,
                }),
        } => cmd_add(layout, &device_id, &public_key),
        Command::Serve {
            listen,
            public_url,
            operator,
            time_zone,
        } => cmd_serve(
            layout,
            listen,
            crate::console::ConsoleConfig {
                public_url,
                operator,
                time_zone,
            },
        ),
        Command::User { action } => user::cmd_user(layout, action),
        Command::Import { dir } => cmd_import(layout, &dir),
        Command::Config { action } => config::run(layout, action),
        Command::Erasure { action } => erasure::run(layout, action),
        Command::Report {
            report: ReportCommand::Indicators(args),
        } => cmd_report_indicators(layout, args),
        Command::Report {
            report: ReportCommand::Kdn(args),
        } => cmd_report_kdn(layout, args),
    }
}

fn describe(source: &SecretSource, what: &str) -> String {
    match source {
        SecretSource::Credential(path) => {
            format!(
                "from the systemd credential {} (no {what} file written)",
                path.display()
            )
        }
        SecretSource::File(path) => format!("{} (readable by this user only)", path.display()),
    }
}

fn cmd_init(layout: &Layout) -> anyhow::Result<ExitCode> {
    let report = init(layout)?;
    println!("Created the centre in {}:", layout.data_dir.display());
    println!("  private keys  {}", describe(&report.key_source, "key"));
    println!("  database key  {}", describe(&report.db_key_source, "key"));
    println!(
        "  public key    {} (give it to kiosks enrolled offline)",
        report.public_file.display()
    );
    println!("  store         {}", report.store);
    println!("Keep a copy of the private keys and the database key somewhere safe, apart from the data: without them nothing can be read.");
    println!("The centre's fingerprint (compare it with the kiosk's screen when enrolling):");
    println!("  {}", report.public_key.fingerprint());
    Ok(ExitCode::SUCCESS)
}

fn cmd_token_create(
    layout: &Layout,
    valid_hours: u32,
    unit: Option<&str>,
    room: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    let token = EnrolmentToken::generate()?;
    let now = now_unix();
    let expires_at = now + i64::from(valid_hours) * 3600;
    centre
        .store()
        .insert_token(&token.hash(), now, expires_at)
        .context("could not keep the new token")?;
    let (unit, room) = (place::cleaned(unit), place::cleaned(room));
    if unit.is_some() || room.is_some() {
        centre
            .store()
            .set_token_place(&token.hash(), unit, room)
            .context("could not keep the token's place")?;
    }
    println!(
        "An enrolment token for one kiosk, usable once until {} ({valid_hours} h).",
        show(expires_at)
    );
    println!(
        "On the kiosk: ladoshka enrol --centre URL --token TOKEN, then compare the fingerprints."
    );
    println!(
        "The centre's fingerprint: {}",
        centre.public_key().fingerprint()
    );
    println!("{}", token.to_text());
    Ok(ExitCode::SUCCESS)
}

fn cmd_devices(layout: &Layout) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    let devices = centre.store().devices()?;
    if devices.is_empty() {
        println!("No kiosk is enrolled yet: issue a token (`ladoshka-centre token create`) and enrol a kiosk with it.");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} kiosk(s) enrolled", devices.len());
    let places = centre.store().places()?;
    for d in devices {
        let state = match d.revoked_at {
            Some(at) => format!("revoked {}", show(at)),
            None => "active".into(),
        };
        println!();
        println!("device {}  {state}", hex::encode(d.device_id));
        println!(
            "  fingerprint  {}",
            d.public_key
                .map(|k| k.fingerprint())
                .unwrap_or_else(|| "unreadable".into())
        );
        println!("  enrolled     {}", show(d.enrolled_at));
        match d.last_bundle_at {
            Some(at) => println!(
                "  last bundle  {}, through sequence {}",
                show(at),
                d.held_through
            ),
            None => println!("  last bundle  none yet"),
        }
        println!("  rows held    {}", d.rows_held);
        if let Some(p) = places.iter().find(|p| p.device_id == d.device_id) {
            place::print(p);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Offline enrolment: the same path as `POST /v1/enrol`, with a one-time token made and used
/// here at once.
fn cmd_add(layout: &Layout, device_id: &str, public_key: &str) -> anyhow::Result<ExitCode> {
    let mut id = [0u8; 16];
    if hex::decode_to_slice(device_id.trim(), &mut id).is_err() {
        bail!("{device_id:?} is not a device id: give the 32 hex digits `ladoshka device-info` prints on the kiosk");
    }
    let key = ladoshka_seal::DevicePublicKey::from_hex(public_key.trim()).with_context(|| {
        format!("{public_key:?} is not a device's public key: give the 64 hex digits `ladoshka device-info` prints")
    })?;
    let centre = Centre::open(layout)?;
    centre
        .enrol_offline(id, key)
        .map_err(|e| anyhow::anyhow!("the kiosk was not enrolled: {e}"))?;
    println!("Enrolled device {}.", hex::encode(id));
    println!(
        "Compare this fingerprint with the kiosk's `ladoshka device-info` before relying on it:"
    );
    println!("  the kiosk:  {}", key.fingerprint());
    println!(
        "On the kiosk, run `ladoshka enrol --centre-key centre.pub` with this centre's centre.pub; its fingerprint: {}",
        centre.public_key().fingerprint()
    );
    Ok(ExitCode::SUCCESS)
}

fn cmd_revoke(layout: &Layout, device_id: &str) -> anyhow::Result<ExitCode> {
    let mut id = [0u8; 16];
    if hex::decode_to_slice(device_id.trim(), &mut id).is_err() {
        bail!("{device_id:?} is not a device id: give the 32 hex digits `ladoshka-centre devices` lists");
    }
    let centre = Centre::open(layout)?;
    let outcome = centre.store().revoke(&id, now_unix())?;
    match outcome {
        RevokeOutcome::Revoked => println!(
            "Revoked device {}: its bundles are refused from now on; the rows it already sent are kept.",
            hex::encode(id)
        ),
        RevokeOutcome::AlreadyRevoked => {
            println!("Device {} was already revoked.", hex::encode(id))
        }
        RevokeOutcome::Unknown => bail!(
            "no device {} is enrolled here: check the id with `ladoshka-centre devices`",
            hex::encode(id)
        ),
    }
    Ok(ExitCode::SUCCESS)
}

fn cmd_serve(
    layout: &Layout,
    listen: SocketAddr,
    console: crate::console::ConsoleConfig,
) -> anyhow::Result<ExitCode> {
    let centre = Arc::new(Centre::open(layout)?);
    // The console's indicators fold every row once; do it now, beside serving, so the first
    // person to open the page does not wait for it.
    let warming = centre.clone();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        match warming.warm_indicators() {
            Ok(rows) => tracing::info!(
                rows,
                ms = started.elapsed().as_millis() as u64,
                "the indicators' rows are folded"
            ),
            Err(e) => tracing::warn!("the indicators' rows could not be folded ahead: {e}"),
        }
    });
    let runtime = tokio::runtime::Runtime::new().context("could not start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("could not listen on {listen}: is another program using it, or is the address not this machine's?"))?;
        tracing::info!(
            address = %listener.local_addr()?,
            centre_fingerprint = %centre.public_key().fingerprint(),
            "serving; stop with SIGTERM or Ctrl-C"
        );
        let limits = crate::http::Limits::new(crate::http::ServeConfig {
            console,
            ..Default::default()
        });
        crate::http::serve_with(listener, centre, limits, shutdown_signal())
            .await
            .context("the HTTP server stopped")?;
        tracing::info!("stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// Completes on Ctrl-C or SIGTERM (what systemd sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

fn cmd_import(layout: &Layout, dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    let reports = import_dir(&centre, dir)?;
    if reports.is_empty() {
        println!("No bundles (*.ldsb) in {}.", dir.display());
    }
    let mut rejected = 0;
    for report in &reports {
        println!("{}", report.line());
        if matches!(report.outcome, FileOutcome::Rejected(_)) {
            rejected += 1;
        }
    }
    if rejected > 0 {
        println!("{rejected} of {} bundle(s) rejected.", reports.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

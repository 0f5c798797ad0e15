//! The command line: `init`, `token create`, `devices [add|revoke]`, `user add|disable|list`,
//! `serve`, `import` and `report indicators|kdn`.
//!
//! Results go to standard output, the log (tracing) to standard error. Exit codes: 0 done;
//! 1 `import` rejected at least one bundle; 2 the command could not do what was asked (the
//! message says why and what to do).

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use ladoshka_indicators::domain::restorative::CentreTexts;
use ladoshka_indicators::domain::Language;

use crate::centre::Centre;
use crate::layout::{Layout, SecretSource};
use crate::report::Format;
use crate::setup::init;
use crate::store::RevokeOutcome;
use crate::time::{now_unix, show};
use crate::token::EnrolmentToken;
use crate::usb::{import_dir, FileOutcome};

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
    #[arg(long, global = true, env = "LADOSHKA_CENTRE_DATABASE", value_name = "URL", hide_env_values = true)]
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
        action: crate::cli_config::ConfigCommand,
    },
    /// Reports made from the rows every kiosk sent.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
}

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
    pub format: Format,
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
    pub format: Format,
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
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| format!("«{s}» is not a date: write 2026-11-01 or 01.11.2026"))
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::from_code(s).map_err(|e| format!("{e}: use ru, tt or en"))
}

fn parse_zone(s: &str) -> Result<chrono_tz::Tz, String> {
    s.parse().map_err(|_| {
        format!("«{s}» is not a time zone: use an IANA name such as Europe/Moscow or Asia/Yekaterinburg")
    })
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token that enrols one kiosk once; it is printed alone on the last line.
    Create {
        /// How long the token may be used, in hours (1 to 8760).
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=8760))]
        valid_hours: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a console user; the password is read from standard input (one line).
    Add {
        /// The login to sign in with (letters, digits, '.', '_', '-'; kept in lower case).
        #[arg(long)]
        login: String,
        /// admin (everything), methodologist (kiosks, indicators, erasures, audit log) or
        /// analyst (indicators only).
        #[arg(long, value_parser = parse_role)]
        role: crate::store::console::Role,
        /// The person's name as the console shows it.
        #[arg(long)]
        name: String,
        /// Read the password from standard input (the only way to give it, so it stays out
        /// of the shell's history and the process list).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a console user: they cannot sign in, and their sessions end now.
    Disable {
        #[arg(long)]
        login: String,
    },
    /// List the console users.
    List,
}

fn parse_role(s: &str) -> Result<crate::store::console::Role, String> {
    crate::store::console::Role::parse(s)
        .ok_or_else(|| format!("«{s}» is not a role: use admin, methodologist or analyst"))
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
    /// Refuse a kiosk's bundles from now on (what it already sent is kept).
    Revoke {
        /// The device id, 32 hex digits, as `devices` lists it.
        device_id: String,
    },
}

/// Parses the arguments, runs the command and reports its outcome as the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server logs what it does; the other commands print their results, and log only
    // what went wrong underneath.
    let default_level = match cli.command {
        Command::Serve { .. } => "info",
        _ => "error",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
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
            action: TokenCommand::Create { valid_hours },
        } => cmd_token_create(layout, valid_hours),
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
        Command::User { action } => cmd_user(layout, action),
        Command::Import { dir } => cmd_import(layout, &dir),
        Command::Config { action } => crate::cli_config::run(layout, action),
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

fn cmd_token_create(layout: &Layout, valid_hours: u32) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    let token = EnrolmentToken::generate()?;
    let now = now_unix();
    let expires_at = now + i64::from(valid_hours) * 3600;
    centre
        .store()
        .insert_token(&token.hash(), now, expires_at)
        .context("could not keep the new token")?;
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

fn cmd_user(layout: &Layout, action: UserCommand) -> anyhow::Result<ExitCode> {
    use crate::console::{password::PasswordCost, users};
    use crate::store::console::DisableOutcome;
    match action {
        UserCommand::Add {
            login,
            role,
            name,
            password_stdin,
        } => {
            if !password_stdin {
                bail!("give --password-stdin and the password on standard input, e.g. `read -rs P && printf '%s\\n' \"$P\" | ladoshka-centre user add … --password-stdin`");
            }
            let mut password = zeroize::Zeroizing::new(String::new());
            std::io::stdin()
                .read_line(&mut password)
                .context("could not read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            let centre = Centre::open(layout)?;
            let user = users::add(centre.store(), &login, &name, role, password, PasswordCost::STANDARD)?;
            println!(
                "Added console user «{}» ({}, {}). They sign in at /console on the centre's address.",
                user.login,
                user.display_name,
                user.role.as_str()
            );
        }
        UserCommand::Disable { login } => {
            let centre = Centre::open(layout)?;
            match users::disable(centre.store(), &login)? {
                DisableOutcome::Disabled => println!("Disabled console user «{login}»; their sessions have ended."),
                DisableOutcome::AlreadyDisabled => println!("Console user «{login}» was already disabled."),
                DisableOutcome::Unknown => bail!("there is no console user «{login}»: see `ladoshka-centre user list`"),
            }
        }
        UserCommand::List => {
            let centre = Centre::open(layout)?;
            let list = centre.store().users()?;
            if list.is_empty() {
                println!("No console users yet: add the first administrator with `ladoshka-centre user add --login LOGIN --role admin --name \"NAME\" --password-stdin`.");
            }
            for u in list {
                let state = match (u.disabled_at, u.locked_until) {
                    (Some(at), _) => format!("disabled {}", show(at)),
                    (None, Some(until)) if until > now_unix() => format!("locked until {}", show(until)),
                    _ => "active".into(),
                };
                println!("{:<24} {:<14} {:<10} {}", u.login, u.role.as_str(), state, u.display_name);
            }
        }
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
            Ok(rows) => tracing::info!(rows, ms = started.elapsed().as_millis() as u64, "the indicators' rows are folded"),
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

fn cmd_report_indicators(layout: &Layout, args: IndicatorsArgs) -> anyhow::Result<ExitCode> {
    let today = chrono::Utc::now()
        .with_timezone(&args.time_zone)
        .date_naive();
    let request = crate::report::Request {
        first_day: args.from,
        last_day: args.to,
        zone: args.time_zone,
        today,
        format: args.format,
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
    let made = crate::report::indicators(centre.store(), &request)?;
    let what = format!("indicators {} – {}", args.from, args.to);
    write_report(made, what, args.out.as_deref())
}

fn cmd_report_kdn(layout: &Layout, args: KdnArgs) -> anyhow::Result<ExitCode> {
    let texts = match &args.texts {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the texts file {}", file.display()))?;
            CentreTexts::parse(&text).with_context(|| format!("{}: correct it, or leave out --texts", file.display()))?
        }
        None => CentreTexts::default(),
    };
    let centre = Centre::open(layout)?;
    let made = crate::report::kdn(
        centre.store(),
        args.quarter,
        args.format,
        args.lang,
        &args.operator,
        &texts,
    )?;
    let what = format!("КДНиЗП report {}", args.quarter);
    write_report(made, what, args.out.as_deref())
}

/// Prints or writes a report, and says on standard error what it was made from and which rows
/// were quarantined.
fn write_report(
    made: crate::report::Made,
    what: String,
    out: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let mut what = format!("{what} from {} kiosk(s), {} rows", made.devices, made.rows);
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
    match out {
        Some(path) => {
            std::fs::write(path, &made.text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("{what}, written to {}", path.display());
        }
        None => {
            print!("{}", made.text);
            eprintln!("{what}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

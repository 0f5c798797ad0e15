//! `ladoshka run` (the default) and `ladoshka demo-data`.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use slint::ComponentHandle;

use super::{open, Cli};
use crate::app::{AppWindow, KioskConfig, Services};
use crate::domain::Language;
use crate::platform::audio::Speakers;
use crate::platform::kiosk_file::KioskFile;
use crate::store::StoreWorker;

#[derive(Args, Default)]
pub struct RunArgs {
    /// Seconds without a touch before a staff screen returns to the public home
    #[arg(long, env = "LADOSHKA_IDLE_TIMEOUT", default_value_t = 90, value_parser = clap::value_parser!(u64).range(10..=3600))]
    idle_timeout: u64,
    /// Language the public screens start in: ru, tt or en [default: the `language` of
    /// <data dir>/kiosk.toml, else ru]
    #[arg(long, env = "LADOSHKA_LANG", value_parser = super::parse_language)]
    lang: Option<Language>,
    /// The name of the room this kiosk stands in, as the database has it [default: the `room`
    /// of <data dir>/kiosk.toml, else the first room]
    #[arg(long, env = "LADOSHKA_ROOM", value_name = "NAME")]
    room: Option<String>,
    /// No sounds
    #[arg(long, env = "LADOSHKA_MUTE")]
    mute: bool,
    /// Fill the whole screen (the kiosk image's display is always full-screen)
    #[arg(long)]
    fullscreen: bool,
    /// Seed the demo centre first if the database is empty (what `make run` does)
    #[arg(long)]
    demo: bool,
    /// The centre's legal name, which the consent names as the operator of personal data
    /// (enrolment refuses to start without it; `--demo` uses the demo centre's name)
    #[arg(long, env = "LADOSHKA_OPERATOR")]
    operator: Option<String>,
    /// A folder of help-route templates (*.toml) to use instead of the built-in defaults
    #[arg(long, env = "LADOSHKA_ROUTES_DIR", value_name = "DIR")]
    routes_dir: Option<std::path::PathBuf>,
}

pub fn run(
    cli: &Cli,
    args: &RunArgs,
    settings: &KioskFile,
    started: std::time::Instant,
) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    // Each start-up step logs its time from process start (`ms`), so a slow first frame shows
    // where it went (docs/PERFORMANCE.md).
    let ms = || started.elapsed().as_millis() as u64;
    tracing::info!(key = %open::describe_source(&opened.secrets.source), ms = ms(), "database opened");
    if let Some((_, what)) = opened.key_seal.warning(crate::domain::Language::En) {
        tracing::warn!("no TPM: {what}");
    }
    if args.demo {
        seed_demo(&mut opened, true)?;
        // On a weekend or at night the demo week has nothing to check in to: add a few demo
        // sessions starting soon (the demo centre only).
        let added =
            crate::demo::around_now::top_up(&mut opened.store, crate::platform::clock::now())
                .context("cannot add the demo sessions around now")?;
        if added.sessions > 0 {
            tracing::info!(
                sessions = added.sessions,
                "demo sessions added around the current time"
            );
        }
    }
    let config = KioskConfig {
        idle_timeout: Duration::from_secs(if args.idle_timeout == 0 {
            90
        } else {
            args.idle_timeout
        }),
        language: super::kiosk_settings::language(args.lang, settings),
        room: super::kiosk_settings::room(args.room.as_deref(), settings),
        operator: operator(&opened.store, args),
        zone: crate::app::clock::zone(),
        demo: args.demo,
        hours: Default::default(),
        pin_cost: crate::crypto::PinCost::STAFF,
        key_seal: opened.key_seal,
        routes: {
            // `--routes-dir`, else the templates the centre's configuration brought, else the
            // built-in ones.
            let from_centre = opened
                .store
                .data_dir()
                .map(|d| d.join(crate::sync::config::CENTRE_ROUTES_DIR))
                .filter(|d| d.is_dir());
            let loaded = match args.routes_dir.as_ref().or(from_centre.as_ref()) {
                Some(dir) => crate::platform::route_files::from_dir(dir),
                None => crate::platform::route_files::built_in(),
            };
            for e in &loaded.errors {
                // Broken templates are left out whole; the rest are used.
                tracing::error!("help-route template refused: {e}");
            }
            tracing::info!(
                templates = loaded.templates.len(),
                ms = ms(),
                "help-route templates loaded"
            );
            loaded.templates
        },
        texts: texts(cli),
        instruments: {
            let imported = opened
                .store
                .imported_instruments()
                .context("cannot read the imported instruments")?;
            let c = crate::platform::instrument_files::Catalogue::with_imported(&imported);
            for e in &c.errors {
                // A broken definition is left out whole; the rest are used.
                tracing::error!("instrument refused: {e}");
            }
            tracing::info!(
                instruments = c.instruments.len(),
                ms = ms(),
                "instruments loaded"
            );
            c
        },
    };
    // A new kiosk (no administrator yet, not the demo centre) opens the set-up screen first.
    let needs_setup = !opened
        .store
        .has_administrator()
        .context("cannot read the staff")?;
    // The background sync has its own connection and thread (never the UI thread).
    let sync = crate::sync::background::spawn(opened.db_path.clone(), opened.secrets.key.clone());
    // A kiosk runs for months: its connection's page cache stays small (see KIOSK_CACHE_KIB).
    opened
        .store
        .limit_page_cache(crate::store::KIOSK_CACHE_KIB)
        .context("cannot set the page cache")?;
    let services = Services {
        store: StoreWorker::spawn(opened.store),
        pepper: opened.secrets.pepper.clone(),
        speakers: if args.mute {
            Speakers::muted()
        } else {
            Speakers::open()
        },
    };
    tracing::info!(ms = ms(), "store, sync thread and speakers started");
    let ui = AppWindow::new().context("cannot start the display (is there a screen? under SSH set DISPLAY or use the kiosk image)")?;
    tracing::info!(ms = ms(), "window created");
    if args.fullscreen {
        ui.window().set_fullscreen(true);
    }
    // The 1280×800 design, scaled to fill whatever screen this is.
    crate::app::fit::keep_fitted(&ui);
    // READY=1 at the first frame (and its time logged), the watchdog ping from the event loop.
    let _supervision = crate::app::service_notify::start(ui.window(), started);
    let kiosk = crate::app::start(&ui, services, config);
    kiosk.set_sync(sync);
    if needs_setup {
        crate::app::setup::show(&kiosk, &ui);
    }
    ui.run().context("the kiosk window stopped with an error")?;
    Ok(ExitCode::SUCCESS)
}

pub fn demo_data(cli: &Cli, if_empty: bool) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    seed_demo(&mut opened, if_empty)?;
    Ok(ExitCode::SUCCESS)
}

fn seed_demo(opened: &mut open::Opened, if_empty: bool) -> anyhow::Result<()> {
    if if_empty && opened.store.counts()?.staff > 0 {
        tracing::info!("the database already has data; no demo data added");
        return Ok(());
    }
    let today = crate::app::clock::today();
    let centre = crate::demo::generate(today);
    let summary = crate::demo::seed(&mut opened.store, &centre, &opened.secrets.pepper, today)?;
    println!(
        "Demo centre written to {}: {} rooms, {} staff, {} families with {} children, {} sessions this week, {} rental items.",
        opened.db_path.display(),
        summary.rooms,
        summary.staff,
        summary.families,
        summary.children,
        summary.sessions,
        summary.rental_items
    );
    println!("Demo PINs (demo data only):");
    for (first, patronymic, last, role, pin) in crate::demo::DEMO_STAFF {
        println!("  {pin}  {last} {first} {patronymic} ({})", role.key());
    }
    Ok(())
}

/// The centre's own words (`<data dir>/texts.toml`). A broken file does not keep the kiosk from
/// starting: its mistake is logged with the file's name and the built-in words are shown.
fn texts(cli: &Cli) -> crate::domain::restorative::CentreTexts {
    let Ok(dir) = super::open::data_dir_of(cli) else {
        return Default::default();
    };
    match crate::platform::texts_file::in_dir(&dir) {
        Ok(t) => {
            if !t.is_empty() {
                tracing::info!(texts = t.len(), "the centre's own words read");
            }
            t
        }
        Err(e) => {
            tracing::error!("{e}: the built-in words are shown instead");
            Default::default()
        }
    }
}

/// The centre's legal name as the consent names the operator: the centre's configuration sets
/// it when it has one (the centre is the authority), else `--operator`, else the demo centre's.
fn operator(store: &crate::store::Store, args: &RunArgs) -> String {
    let configured = match store.centre_config() {
        Ok(state) => state.legal_name,
        Err(e) => {
            tracing::warn!("cannot read the centre's configuration: {e}");
            None
        }
    };
    match (configured, &args.operator, args.demo) {
        (Some(name), given, _) => {
            if given.as_ref().is_some_and(|g| *g != name) {
                tracing::warn!("--operator differs from the legal name in the centre's configuration; the centre's is used");
            }
            name
        }
        (None, Some(name), _) => name.clone(),
        (None, None, true) => crate::demo::DEMO_OPERATOR.to_owned(),
        (None, None, false) => {
            tracing::warn!("no --operator (the centre's legal name) is set and the centre's configuration has none: enrolment will refuse to start");
            String::new()
        }
    }
}

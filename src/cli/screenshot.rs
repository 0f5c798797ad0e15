//! `ladoshka screenshot`: render one screen to PNG with no display.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{open, Cli};
use crate::app::screens::{PreviewData, ScreenName};
use crate::app::screenshot::{parse_size, render_to_png};
use crate::domain::Language;

#[derive(Args)]
pub struct ScreenshotArgs {
    /// Which screen (see `ladoshka screens`)
    #[arg(long)]
    screen: String,
    /// ru, tt or en
    #[arg(long, default_value = "ru", value_parser = super::parse_language)]
    lang: Language,
    /// WIDTHxHEIGHT in pixels
    #[arg(long, default_value = "1920x1080")]
    size: String,
    /// The PNG file to write
    #[arg(long)]
    out: PathBuf,
}

pub fn screenshot(
    cli: &Cli,
    args: &ScreenshotArgs,
    started: std::time::Instant,
) -> anyhow::Result<ExitCode> {
    let screen = ScreenName::from_name(&args.screen).ok_or_else(|| {
        let names: Vec<_> = ScreenName::ALL.iter().map(|s| s.name()).collect();
        anyhow::anyhow!(
            "there is no screen «{}»; the screens are: {}",
            args.screen,
            names.join(", ")
        )
    })?;
    let size = parse_size(&args.size)?;
    let today = crate::app::clock::today();
    // Without --data-dir the preview shows the demo centre and touches no disk.
    let data = if cli.data_dir.is_some() {
        PreviewData::from_store(&open::open(cli)?.store, today)?
    } else {
        PreviewData::demo(today)
    };
    let rendered = render_to_png(screen, args.lang, size, &data, &args.out)?;
    eprintln!(
        "{} ({}, {}x{}) written to {}; rendered in {} ms, first frame {} ms after process start",
        screen.name(),
        args.lang.code(),
        size.0,
        size.1,
        args.out.display(),
        rendered.render_time.as_millis(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

//! `ladoshka device-info`, `ladoshka enrol`, `ladoshka sync`: the kiosk's identity for sealed
//! sync, its enrolment with the centre (online with a one-time token, or offline with the
//! centre's key file), and one sync round (to the centre over HTTP, or to a USB stick).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use ladoshka_seal::{CentrePublicKey, EnrolmentRequest};

use super::{open, Cli};
use crate::sync::{export_to_dir, sync_round, CentreClient};

#[derive(Args)]
pub struct EnrolArgs {
    /// The centre's address, e.g. https://centre.example/ladoshka (for `ladoshka sync`)
    #[arg(long, value_name = "URL")]
    centre: Option<String>,
    /// The one-time token printed by `ladoshka-centre token create`
    #[arg(long, requires = "centre", conflicts_with = "centre_key")]
    token: Option<String>,
    /// Offline enrolment: the centre's public key file (`centre.pub` from `ladoshka-centre init`)
    #[arg(long, value_name = "FILE")]
    centre_key: Option<PathBuf>,
}

#[derive(Args)]
pub struct SyncArgs {
    /// Write the bundles to this folder (a USB stick) instead of sending them
    #[arg(long, value_name = "DIR")]
    to_dir: Option<PathBuf>,
}

pub fn device_info(cli: &Cli) -> anyhow::Result<ExitCode> {
    let opened = open::open(cli)?;
    let status = opened.store.sync_status()?;
    let public = opened.store.sync_identity()?.key.public_key();
    println!("Device id:          {}", status.device_id);
    println!("Public key:         {}", public.to_hex());
    println!("Fingerprint:        {}", status.fingerprint);
    match &status.centre_fingerprint {
        Some(f) => {
            println!(
                "Centre:             {}",
                status
                    .centre_url
                    .as_deref()
                    .unwrap_or("(offline: USB stick only)")
            );
            println!("Centre fingerprint: {f}");
        }
        None => {
            println!("Centre:             not enrolled (ladoshka enrol --centre URL --token TOKEN)")
        }
    }
    println!(
        "Last sync:          {}",
        status
            .last_success_at
            .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339())
    );
    println!(
        "Waiting:            {} row(s), {} sealed bundle(s)",
        status.pending_rows, status.pending_bundles
    );
    if let Some(e) = &status.last_error {
        println!("Last error:         {e}");
    }
    Ok(ExitCode::SUCCESS)
}

fn read_centre_key(file: &Path) -> anyhow::Result<CentrePublicKey> {
    let bytes = std::fs::read(file).with_context(|| {
        format!(
            "cannot read the centre's key {}: check the path",
            file.display()
        )
    })?;
    CentrePublicKey::from_bytes(&bytes).with_context(|| {
        format!(
            "{} is not a centre's public key: use the centre.pub that `ladoshka-centre init` wrote",
            file.display()
        )
    })
}

pub fn enrol(cli: &Cli, args: &EnrolArgs) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    let identity = opened.store.sync_identity()?;
    let public = identity.key.public_key();
    let centre = match (&args.centre_key, &args.token, &args.centre) {
        (Some(file), _, _) => read_centre_key(file)?,
        (None, Some(token), Some(url)) => {
            let answer = CentreClient::new(url)
                .enrol(&EnrolmentRequest {
                    token: token.trim().to_owned(),
                    device_id: identity.device_id,
                    device_public_key: public.clone(),
                })
                .context("the centre did not enrol this kiosk")?;
            answer.centre_public_key
        }
        _ => anyhow::bail!(
            "say how to enrol: --centre URL --token TOKEN (online), or --centre-key FILE [--centre URL] (offline)"
        ),
    };
    opened
        .store
        .record_enrolment(args.centre.as_deref(), &centre)
        .context("the enrolment was not recorded")?;
    println!(
        "Enrolled with the centre{}.",
        args.centre
            .as_deref()
            .map_or(String::new(), |u| format!(" at {u}"))
    );
    println!("Compare these fingerprints with the centre's screen before relying on them:");
    println!(
        "  this kiosk ({}): {}",
        hex::encode(identity.device_id),
        public.fingerprint()
    );
    println!("  the centre:  {}", centre.fingerprint());
    Ok(ExitCode::SUCCESS)
}

pub fn sync(cli: &Cli, args: &SyncArgs) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    match &args.to_dir {
        Some(dir) => {
            let files = export_to_dir(&mut opened.store, dir)?;
            for f in &files {
                println!("{}", f.display());
            }
            println!(
                "{} bundle(s) written to {}. Import them at the centre with `ladoshka-centre import DIR`; the kiosk keeps them until the centre's acknowledgement reaches it at the next online sync.",
                files.len(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let report = sync_round(&mut opened.store)?;
            println!(
                "Sealed {} bundle(s), sent {}; the centre holds everything up to row {}; {} bundle(s) still waiting.",
                report.sealed, report.sent, report.acked_seq, report.pending
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

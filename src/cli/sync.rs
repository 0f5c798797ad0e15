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
    /// The centre's key fingerprint as the centre printed it (in full, or its first 16 hex
    /// digits): confirms the centre's key, with the enrolment or alone afterwards. Nothing is
    /// sealed to the centre before it is confirmed.
    #[arg(long, value_name = "FINGERPRINT")]
    fingerprint: Option<String>,
}

#[derive(Args)]
pub struct SyncArgs {
    /// Write the bundles to this folder (a USB stick) instead of sending them
    #[arg(long, value_name = "DIR")]
    to_dir: Option<PathBuf>,
}

pub fn device_info(cli: &Cli, json: bool) -> anyhow::Result<ExitCode> {
    let opened = open::open(cli)?;
    let status = opened.store.sync_status()?;
    let public = opened.store.sync_identity()?.key.public_key();
    if json {
        // The same as the lines below, for scripts (`ladoshka device-info --json`).
        let centre = status.centre_fingerprint.as_ref().map(|f| {
            serde_json::json!({
                "url": status.centre_url,
                "fingerprint": f,
                "confirmed": status.centre_confirmed,
            })
        });
        let info = serde_json::json!({
            "device_id": status.device_id,
            "public_key": public.to_hex(),
            "fingerprint": status.fingerprint,
            "centre": centre,
            "last_sync": status.last_success_at.map(|t| t.to_rfc3339()),
            "waiting_rows": status.pending_rows,
            "waiting_bundles": status.pending_bundles,
            "last_error": status.last_error,
            "last_error_kind": status.last_error_kind,
        });
        println!("{info:#}");
        return Ok(ExitCode::SUCCESS);
    }
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
            println!(
                "Centre fingerprint: {f}{}",
                if status.centre_confirmed {
                    " (confirmed)"
                } else {
                    " (NOT confirmed: `ladoshka enrol --fingerprint FINGERPRINT`)"
                }
            );
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

/// `ladoshka enrol --fingerprint FP` alone: confirms the centre key already recorded.
fn confirm_only(cli: &Cli, typed: &str) -> anyhow::Result<ExitCode> {
    let mut opened = open::open(cli)?;
    let Some(centre) = opened.store.centre()? else {
        anyhow::bail!(
            "this kiosk is not enrolled with a centre: enrol first (`ladoshka enrol --centre URL --token TOKEN --fingerprint FINGERPRINT`)"
        );
    };
    if !opened.store.confirm_centre(typed)? {
        anyhow::bail!(
            "the fingerprint typed ({}) is not the centre key's this kiosk was given ({}): nothing was confirmed, and nothing will be sent. If the centre printed the one you typed, someone may stand between this kiosk and the centre: do not sync, and enrol again over a network you trust",
            typed.trim(),
            centre.public_key.fingerprint()
        );
    }
    println!(
        "The centre's key is confirmed ({}). `ladoshka sync` and the background sync may send to it now.",
        centre.public_key.fingerprint()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn enrol(cli: &Cli, args: &EnrolArgs) -> anyhow::Result<ExitCode> {
    if let (Some(typed), None, None, None) = (
        &args.fingerprint,
        &args.centre,
        &args.token,
        &args.centre_key,
    ) {
        return confirm_only(cli, typed);
    }
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
                    device_public_key: public,
                })
                .context("the centre did not enrol this kiosk")?;
            answer.centre_public_key
        }
        _ => anyhow::bail!(
            "say how to enrol: --centre URL --token TOKEN (online), or --centre-key FILE [--centre URL] (offline), each with --fingerprint FINGERPRINT; or --fingerprint FINGERPRINT alone to confirm the centre's key afterwards"
        ),
    };
    if let Some(typed) = &args.fingerprint {
        if !centre.matches_fingerprint(typed) {
            anyhow::bail!(
                "the centre answered with a key whose fingerprint is {}, not the {} you typed: nothing was recorded. Someone may stand between this kiosk and the centre; check the fingerprint with the centre and the address (use https:// where the centre has it)",
                centre.fingerprint(),
                typed.trim()
            );
        }
    }
    opened
        .store
        .record_enrolment(args.centre.as_deref(), &centre)
        .context("the enrolment was not recorded")?;
    let confirmed = match &args.fingerprint {
        Some(typed) => opened.store.confirm_centre(typed)?,
        None => opened.store.centre()?.is_some_and(|c| c.confirmed),
    };
    println!(
        "Enrolled with the centre{}.",
        args.centre
            .as_deref()
            .map_or(String::new(), |u| format!(" at {u}"))
    );
    println!("Fingerprints (the centre's list shows this kiosk's; the centre printed its own):");
    println!(
        "  this kiosk ({}): {}",
        hex::encode(identity.device_id),
        public.fingerprint()
    );
    println!("  the centre:  {}", centre.fingerprint());
    if confirmed {
        println!("The centre's key is confirmed: this kiosk may send to it.");
    } else {
        println!(
            "The centre's key is NOT confirmed yet: nothing is sent until it is. Compare the centre's fingerprint above with the one the centre printed; if they are the same, run `ladoshka enrol --fingerprint FINGERPRINT`."
        );
    }
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
            match &report.config {
                Some(crate::sync::config::ConfigTaken::Applied { serial, parts }) => {
                    println!("Applied the centre's configuration version {serial}: {parts}.")
                }
                Some(crate::sync::config::ConfigTaken::Refused(why)) => {
                    println!("The centre's configuration was refused: {why}")
                }
                _ => {}
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! `ladoshka-centre erasure find|order|list`: a family's request to erase its data, made at the
//! centre, sent to the kiosk that holds the family ([`crate::erasure_orders`]).

use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;

use crate::centre::Centre;
use crate::layout::Layout;
use crate::time::show;

#[derive(Debug, Subcommand)]
pub enum ErasureCommand {
    /// Find a family by surname among the rows the kiosks sent (recorded in the audit log).
    Find {
        #[arg(long)]
        surname: String,
    },
    /// Order a kiosk to erase one of its families; it is sent with the kiosk's next
    /// configuration package (a new version is published now).
    Order {
        /// The kiosk's device id, 32 hex digits, as `erasure find` lists it.
        #[arg(long)]
        device: String,
        /// The family's id on that kiosk, as `erasure find` lists it.
        #[arg(long)]
        family: i64,
        /// Why: the request's number or date (no names).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Every order and where it stands: ordered, delivered, carried out.
    List,
}

/// Who runs the command, for the audit log: the operating system's user.
fn who() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("command line ({user})")
}

pub(super) fn run(layout: &Layout, action: ErasureCommand) -> anyhow::Result<ExitCode> {
    let centre = Centre::open(layout)?;
    match action {
        ErasureCommand::Find { surname } => {
            let found = centre.find_families(&surname, &who())?;
            if found.is_empty() {
                println!("No family with that surname in the rows the kiosks sent.");
            }
            for f in &found {
                println!(
                    "device {}  family {}  {}  enrolled {}  {}{}",
                    hex::encode(f.device_id),
                    f.family,
                    f.surname,
                    f.enrolled_at,
                    f.unit.as_deref().unwrap_or("(no КЦСОН given)"),
                    f.room
                        .as_deref()
                        .map(|r| format!(", room {r}"))
                        .unwrap_or_default(),
                );
            }
            println!("This search was recorded in the audit log.");
        }
        ErasureCommand::Order {
            device,
            family,
            reason,
        } => {
            let mut id = [0u8; 16];
            if hex::decode_to_slice(device.trim(), &mut id).is_err() {
                bail!("{device:?} is not a device id: give the 32 hex digits `ladoshka-centre erasure find` lists");
            }
            let done = centre.order_erasure_everywhere(&id, family, reason.as_deref(), &who())?;
            for (n, placed) in done.placed.iter().enumerate() {
                let copy = if n == 0 {
                    ""
                } else {
                    " (its copy of the family, shared in the КЦСОН)"
                };
                println!(
                    "Erasure order {}: device {} is to erase family {}{copy}; it goes with configuration version {} at the kiosk's next sync (or `config export`).",
                    placed.order,
                    hex::encode(placed.device_id),
                    placed.family,
                    placed.serial
                );
            }
            for revoked in &done.revoked {
                println!(
                    "Device {} holds a copy of the family but is revoked: no order reaches it. Erase the copy on that kiosk by hand (its administrator, «Data requests»).",
                    hex::encode(revoked)
                );
            }
            println!("Follow it with `ladoshka-centre erasure list`.");
        }
        ErasureCommand::List => {
            let orders = centre.store().erasure_orders()?;
            if orders.is_empty() {
                println!("No erasure orders.");
            }
            for o in &orders {
                let mut line = format!(
                    "order {}  device {}  family {}  {}  ordered {} (version {})",
                    o.order,
                    hex::encode(o.device_id),
                    o.family,
                    o.state().as_str(),
                    show(o.ordered_at),
                    o.serial
                );
                if let Some(done) = o.done {
                    line.push_str(&format!(
                        "  carried out {}, {} row(s) deleted at the centre",
                        show(done.at),
                        done.rows_deleted
                    ));
                }
                if let Some(reason) = &o.reason {
                    line.push_str(&format!("  reason: {reason}"));
                }
                println!("{line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

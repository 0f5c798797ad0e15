//! `ladoshka doctor`: is the database healthy? Exit 0 healthy, 2 wrong key, 3 damaged.

use std::process::ExitCode;

use super::{open, Cli};
use crate::domain::Language;
use crate::platform::key_seal::KeySeal;
use crate::store::{StoreError, DB_FILE, LATEST_VERSION};

/// The warning about an unprotected key, loud and in the three languages of the kiosk (doctor
/// has no language of its own: whoever reads it reads one of them). It changes no exit code:
/// the database is as healthy as it is.
fn print_key_warning(seal: KeySeal) {
    let lines: Vec<_> = [Language::Ru, Language::Tt, Language::En]
        .into_iter()
        .filter_map(|l| seal.warning(l))
        .collect();
    if lines.is_empty() {
        return;
    }
    let bar = "!".repeat(78);
    println!("{bar}");
    for (title, text) in lines {
        println!("!! WARNING: {title}");
        println!("!! {text}");
        println!("!!");
    }
    println!("{bar}");
}

pub fn doctor(cli: &Cli) -> anyhow::Result<ExitCode> {
    let dir = open::data_dir_of(cli)?;
    let db = dir.join(DB_FILE);
    if !db.exists() {
        anyhow::bail!(
            "there is no database at {}: start the kiosk or run `ladoshka demo-data` first",
            db.display()
        );
    }
    let opened = open::open(cli)?;
    let health = opened.store.health()?;
    println!("Database:        {}", opened.db_path.display());
    println!(
        "Key from:        {}",
        open::describe_source(&opened.secrets.source)
    );
    println!("Key protection:  {}", opened.key_seal.describe());
    print_key_warning(opened.key_seal);
    println!("SQLCipher:       {}", health.cipher_version);
    println!(
        "Schema version:  {} (this program knows up to {LATEST_VERSION})",
        health.schema_version
    );
    println!("Device id:       {}", opened.store.device_id());
    match &health.counts {
        Some(c) => {
            println!(
                "Records:         rooms {}, staff {}, families {}, children {}, sessions {}, check-ins {}, walk-ins {}, rental items {}, audit entries {}",
                c.rooms, c.staff, c.families, c.children, c.sessions, c.check_ins, c.walk_ins, c.rental_items, c.audit_entries
            );
            println!(
                "Outbox:          {} rows, {} not yet sent",
                c.outbox_rows, c.outbox_unsent
            );
        }
        None => println!("Records:         cannot be counted: the tables are damaged"),
    }
    if health.problems.is_empty() {
        println!("Integrity:       ok");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("Integrity:       DAMAGED");
        for p in health.problems.iter().take(20) {
            println!("  {p}");
        }
        Err(StoreError::Corrupt(format!(
            "{} problem(s) found by quick_check and cipher_integrity_check",
            health.problems.len()
        ))
        .into())
    }
}

//! `ladoshka doctor [--json]`: is the database healthy? Exit 0 healthy, 2 wrong key, 3 damaged.
//! `--json` prints the same findings as one JSON object for scripts (the exit code is the same).

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

/// The findings as one JSON object (`ladoshka doctor --json`).
fn as_json(opened: &open::Opened, health: &crate::store::Health) -> serde_json::Value {
    let counts = health.counts.as_ref();
    serde_json::json!({
        "database": opened.db_path.display().to_string(),
        "key_from": open::describe_source(&opened.secrets.source),
        "key_protection": opened.key_seal.describe(),
        "key_warning": opened.key_seal.warning(Language::En).is_some(),
        "sqlcipher": health.cipher_version,
        "schema_version": health.schema_version,
        "schema_known_up_to": LATEST_VERSION,
        "device_id": opened.store.device_id(),
        "records": counts.map(|c| serde_json::json!({
            "rooms": c.rooms, "staff": c.staff, "families": c.families, "children": c.children,
            "sessions": c.sessions, "check_ins": c.check_ins, "walk_ins": c.walk_ins,
            "rental_items": c.rental_items, "audit_entries": c.audit_entries,
        })),
        "outbox": counts.map(|c| serde_json::json!({ "rows": c.outbox_rows, "unsent": c.outbox_unsent })),
        "integrity": if health.problems.is_empty() { "ok" } else { "damaged" },
        "problems": health.problems,
    })
}

pub fn doctor(cli: &Cli, json: bool) -> anyhow::Result<ExitCode> {
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
    if json {
        println!("{:#}", as_json(&opened, &health));
        return verdict(&health);
    }
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
    } else {
        println!("Integrity:       DAMAGED");
        for p in health.problems.iter().take(20) {
            println!("  {p}");
        }
    }
    verdict(&health)
}

/// Exit 0 when healthy; a damaged database is the store's error (exit 3).
fn verdict(health: &crate::store::Health) -> anyhow::Result<ExitCode> {
    if health.problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    Err(StoreError::Corrupt(format!(
        "{} problem(s) found by quick_check and cipher_integrity_check",
        health.problems.len()
    ))
    .into())
}

//! `ladoshka routes check [FILE…]`: checks help-route templates without starting the kiosk
//! (the built-in defaults when no file is named); exit 1 if any is broken.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::domain::Language;
use crate::platform::route_files;

pub fn check(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let loaded = if files.is_empty() {
        route_files::built_in()
    } else {
        route_files::from_files(files)
    };
    for t in &loaded.templates {
        println!(
            "ok     {} (version {}, {}, {} steps): {}",
            t.key,
            t.version,
            t.situation.code(),
            t.steps.len(),
            t.title.get(Language::Ru)
        );
    }
    for e in &loaded.errors {
        println!("broken {e}");
    }
    Ok(if loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

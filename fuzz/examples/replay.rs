//! Runs inputs through a target's code without libFuzzer or sanitizers: a quick check of a
//! corpus, or of a crash file, with the stable toolchain.
//!
//! ```sh
//! cargo run --release --example replay -- centre_upload corpus/centre_upload [FILE|DIR]...
//! cargo run --release --example replay -- bundle_parse corpus/bundle_parse
//! cargo run --release --example replay -- route_template corpus/route_template
//! ```
//!
//! Targets: bundle_parse, centre_upload, centre_enrol, centre_ack, kiosk_ack, route_template,
//! rental_kinds, eligibility_categories, kiosk_settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ladoshka_fuzz::data_files::{self, Outcome};

fn inputs(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("a readable folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            inputs(&entry, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

/// A target's code; the data-file targets say what became of each input.
enum Run {
    Plain(fn(&[u8])),
    Parsed(fn(&[u8]) -> Outcome),
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().expect(
        "a target: bundle_parse, centre_upload, centre_enrol, centre_ack, kiosk_ack, \
         route_template, rental_kinds, eligibility_categories or kiosk_settings",
    );
    let run = match target.as_str() {
        "bundle_parse" => Run::Plain(ladoshka_fuzz::bundle_parse),
        "centre_upload" => Run::Plain(ladoshka_fuzz::upload::run),
        "centre_enrol" => Run::Plain(ladoshka_fuzz::enrol::run),
        "centre_ack" => Run::Plain(ladoshka_fuzz::ack::run),
        "kiosk_ack" => Run::Plain(ladoshka_fuzz::kiosk_ack::run),
        "route_template" => Run::Parsed(data_files::route_template),
        "rental_kinds" => Run::Parsed(data_files::rental_kinds),
        "eligibility_categories" => Run::Parsed(data_files::eligibility_categories),
        "kiosk_settings" => Run::Parsed(data_files::kiosk_settings),
        other => panic!("unknown target {other}"),
    };
    let mut files = Vec::new();
    for arg in args {
        inputs(Path::new(&arg), &mut files);
    }
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let started = Instant::now();
    for file in &files {
        eprintln!("{}", file.display());
        let bytes = std::fs::read(file).expect("a readable input");
        match &run {
            Run::Plain(run) => run(&bytes),
            Run::Parsed(run) => *outcomes.entry(format!("{:?}", run(&bytes))).or_default() += 1,
        }
    }
    println!(
        "{} inputs of {target} ran in {:.2} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    for (outcome, n) in outcomes {
        println!("  {outcome}: {n}");
    }
}

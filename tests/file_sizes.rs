//! No Rust source file of the workspace grows past 600 lines: a module that does is split into
//! a folder of parts (its unit tests in `<module>/tests.rs`), so each file keeps one job.
//! The fuzzing harness (`fuzz/src`, its own workspace, built only with cargo-fuzz) is not held
//! to it yet: `upload.rs` and `script.rs` are longer; its targets are.

use std::path::{Path, PathBuf};

const MOST_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "crates", "tests", "benches", "fuzz/fuzz_targets"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 100,
        "the workspace's files were found: {}",
        files.len()
    );
    let mut long: Vec<(usize, String)> = files
        .iter()
        .map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines, f.strip_prefix(root).unwrap().display().to_string())
        })
        .filter(|(lines, _)| *lines > MOST_LINES)
        .collect();
    long.sort();
    assert!(
        long.is_empty(),
        "split these into a folder of parts: {long:?}"
    );
}

//! Linker settings for the kiosk binary only (the screens are compiled by
//! `crates/ladoshka-ui/build.rs`). The binary is position-independent, so the dynamic loader
//! fixes up every pointer in its constant tables at start: as plain relocations those are 3 MB,
//! read at every start and kept resident; packed (`DT_RELR`) they are 45 KB
//! (docs/PERFORMANCE.md, "Memory"). Packed relocations need glibc 2.36 or later where the
//! binary runs (Debian 12, the kiosk image); an older C library is left with plain ones, since a
//! binary it cannot load would be worse than a larger one.
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux-gnu") && host_glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The C library of the machine building (and, for `make run`, running) the kiosk, read from
/// `getconf GNU_LIBC_VERSION` ("glibc 2.36"); false when it cannot be told.
fn host_glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text
        .trim()
        .trim_start_matches("glibc ")
        .split('.')
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(a), Some(b)) => (a, b) >= (major, minor),
        _ => false,
    }
}

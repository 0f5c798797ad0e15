//! `ladoshka update` on the built binary, as the kiosk image's `install-update` calls it: a
//! signed update is accepted and its version printed; an unsigned, foreign-signed, tampered or
//! older one is refused with exit 65 and a line that says which, and a signing key is never
//! overwritten.

use std::path::Path;
use std::process::{Command, Output};

fn ladoshka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(args)
        .env_remove("LADOSHKA_DATA_DIR")
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A key made by `keygen` in `dir/name`, its public key copied into `dir/keys-name/`.
fn keygen(dir: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let key = dir.join(name);
    let out = ladoshka(&["update", "keygen", "--out", s(&key)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keys = dir.join(format!("keys-{name}"));
    std::fs::create_dir(&keys).unwrap();
    std::fs::copy(
        dir.join(format!("{name}.pub")),
        keys.join(format!("{name}.pub")),
    )
    .unwrap();
    (key, keys)
}

/// An update folder with small stand-ins for the three files, signed with `key`.
fn update_folder(dir: &Path, name: &str, version: u64, key: &Path) -> std::path::PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("root.img"), vec![7u8; 3 << 20]).unwrap();
    std::fs::write(folder.join("vmlinuz"), b"kernel").unwrap();
    std::fs::write(folder.join("initrd.img"), b"initrd").unwrap();
    std::fs::write(folder.join("version"), format!("{version}\n")).unwrap();
    let out = ladoshka(&["update", "sign", "--key", s(key), s(&folder)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    folder
}

fn verify(keys: &Path, running: u64, folder: &Path) -> (i32, String, String) {
    let out = ladoshka(&[
        "update",
        "verify",
        "--keys",
        s(keys),
        "--running",
        &running.to_string(),
        s(folder),
    ]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn only_a_newer_update_signed_by_a_trusted_key_and_unchanged_since_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let (key, keys) = keygen(dir.path(), "region");
    let (foreign_key, _) = keygen(dir.path(), "stranger");
    let running = 202612010000;

    let good = update_folder(dir.path(), "good", 202612071830, &key);
    assert_eq!(
        verify(&keys, running, &good),
        (0, "202612071830".into(), String::new())
    );

    let unsigned = update_folder(dir.path(), "unsigned", 202612071830, &key);
    std::fs::remove_file(unsigned.join("manifest.sig")).unwrap();
    let (code, out, err) = verify(&keys, running, &unsigned);
    assert_eq!((code, out.as_str()), (65, ""));
    assert!(
        err.contains("not signed (manifest.sig is missing)"),
        "{err}"
    );

    let foreign = update_folder(dir.path(), "foreign", 202612071830, &foreign_key);
    let (code, _, err) = verify(&keys, running, &foreign);
    assert_eq!(code, 65);
    assert!(err.contains("which this kiosk does not trust"), "{err}");

    let tampered = update_folder(dir.path(), "tampered", 202612071830, &key);
    let mut root = std::fs::read(tampered.join("root.img")).unwrap();
    root[2 << 20] ^= 1;
    std::fs::write(tampered.join("root.img"), root).unwrap();
    let (code, _, err) = verify(&keys, running, &tampered);
    assert_eq!(code, 65);
    assert!(
        err.contains("root.img does not match its signed manifest"),
        "{err}"
    );

    // A version raised by hand in the unsigned `version` file changes nothing: the manifest's
    // version counts, and an older one is refused.
    let older = update_folder(dir.path(), "older", 202611010000, &key);
    std::fs::write(older.join("version"), "203001010000\n").unwrap();
    let (code, _, err) = verify(&keys, running, &older);
    assert_eq!(code, 65);
    assert!(
        err.contains("version 202611010000, not newer than the running version 202612010000"),
        "{err}"
    );
    let (code, _, err) = verify(&keys, 202612071830, &good);
    assert_eq!(code, 65, "the same version is not installed again: {err}");

    let (code, _, err) = verify(&dir.path().join("no-keys"), running, &good);
    assert_eq!(code, 65);
    assert!(err.contains("trusts no update signing key"), "{err}");
}

#[test]
fn a_signing_key_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = keygen(dir.path(), "region");
    let before = std::fs::read(&key).unwrap();
    let out = ladoshka(&["update", "keygen", "--out", s(&key)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwritten"));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

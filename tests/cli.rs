//! The `ladoshka` binary as an operator uses it: demo data, doctor, wrong and malformed keys,
//! damage, screens and screenshots, with the exit codes scripts rely on.

mod common;

use common::{ladoshka, printed as text};

use std::process::Command;

#[test]
fn demo_data_then_doctor_reports_a_healthy_database() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    let out = ladoshka(tmp.path(), &["--data-dir", d, "demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1111"),
        "demo PINs are printed: {}",
        text(&out)
    );
    // The developer key was created beside the data directory, 0600, with a warning.
    let key = tmp.path().join("data.key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let out = ladoshka(tmp.path(), &["--data-dir", d, "doctor"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let version = format!("Schema version:  {} ", ladoshka::store::LATEST_VERSION);
    for expected in [
        version.as_str(),
        "Integrity:       ok",
        "families 32",
        "not yet sent",
        "SQLCipher:",
    ] {
        assert!(
            report.contains(expected),
            "«{expected}» missing from:\n{report}"
        );
    }

    // --if-empty leaves a filled database alone; without it, demo data is refused.
    let again = ladoshka(tmp.path(), &["--data-dir", d, "demo-data", "--if-empty"]);
    assert!(again.status.success(), "{}", text(&again));
    let refused = ladoshka(tmp.path(), &["--data-dir", d, "demo-data"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused).contains("already has staff"),
        "{}",
        text(&refused)
    );

    // No log or temp file was left in the data directory: only the database and its WAL/shm.
    for f in common::files_under(&data) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("ladoshka.db"), "unexpected file {name}");
    }
}

#[test]
fn a_wrong_key_stops_with_exit_2_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    assert!(ladoshka(tmp.path(), &["--data-dir", d, "demo-data"])
        .status
        .success());
    let wrong = tmp.path().join("wrong.key");
    std::fs::write(&wrong, format!("{}\n", "ab".repeat(32))).unwrap();
    let before: Vec<_> = common::files_under(&data)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(&f).unwrap()))
        .collect();

    for cmd in [&["doctor"][..], &["run", "--mute"][..], &["demo-data"][..]] {
        let mut args = vec!["--data-dir", d, "--key-file", wrong.to_str().unwrap()];
        args.extend_from_slice(cmd);
        let out = ladoshka(tmp.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}: {}", text(&out));
        assert!(
            text(&out).contains("does not open this database"),
            "{cmd:?}: {}",
            text(&out)
        );
    }
    let after: Vec<_> = common::files_under(&data)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(&f).unwrap()))
        .collect();
    assert_eq!(
        before, after,
        "a refused key must not change or add any file"
    );
}

#[test]
fn malformed_or_missing_keys_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    let bad = tmp.path().join("bad.key");
    std::fs::write(&bad, "0123456789abcdef\n").unwrap();
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "--key-file",
            bad.to_str().unwrap(),
            "doctor",
        ],
    );
    // No database yet: doctor says so rather than creating one.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no database"), "{}", text(&out));
    assert!(!data.join("ladoshka.db").exists());

    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "--key-file",
            bad.to_str().unwrap(),
            "demo-data",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("64 hexadecimal"), "{}", text(&out));

    // The developer key of an existing database is gone: no new key is minted.
    assert!(ladoshka(tmp.path(), &["--data-dir", d, "demo-data"])
        .status
        .success());
    std::fs::remove_file(tmp.path().join("data.key")).unwrap();
    let out = ladoshka(tmp.path(), &["--data-dir", d, "doctor"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("key file") && text(&out).contains("missing"),
        "{}",
        text(&out)
    );
    assert!(!tmp.path().join("data.key").exists());
}

#[test]
fn a_damaged_database_makes_doctor_exit_3() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    assert!(ladoshka(tmp.path(), &["--data-dir", d, "demo-data"])
        .status
        .success());
    let db = data.join("ladoshka.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let at = 4096 * 6 + 512;
    for b in &mut bytes[at..at + 128] {
        *b ^= 0x5a;
    }
    std::fs::write(&db, bytes).unwrap();
    let out = ladoshka(tmp.path(), &["--data-dir", d, "doctor"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("damaged"), "{}", text(&out));
}

#[test]
fn screens_are_listed_and_rendered_headless() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ladoshka(tmp.path(), &["screens"]);
    let list = text(&out);
    for name in [
        "home",
        "staff-select",
        "pin",
        "psychologist-home",
        "staff-home",
        "admin-home",
    ] {
        assert!(
            list.lines().any(|l| l.starts_with(name)),
            "{name} missing from:\n{list}"
        );
    }
    let png = tmp.path().join("shots/home.png");
    let out = Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args([
            "screenshot",
            "--screen",
            "home",
            "--lang",
            "tt",
            "--size",
            "1280x800",
            "--out",
            png.to_str().unwrap(),
        ])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1280, 800));
    // Not blank: the picture has many colours.
    let rgba = img.to_rgba8();
    let distinct: std::collections::HashSet<_> = rgba.pixels().step_by(97).map(|p| p.0).collect();
    assert!(distinct.len() > 50, "only {} colours", distinct.len());

    let out = ladoshka(
        tmp.path(),
        &["screenshot", "--screen", "nope", "--out", "x.png"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("staff-select"),
        "the error lists the screens: {}",
        text(&out)
    );
}

#[test]
fn indicators_report_as_csv_and_printable_html() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    // Seeded on Sunday 22 November 2026: the demo week is 16–20 November, every session of it
    // held (or missed) before that day.
    let sunday = "2026-11-22T12:00:00+03:00";
    assert!(
        common::ladoshka_at(sunday, tmp.path(), &["--data-dir", d, "demo-data"])
            .status
            .success()
    );
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "30.11.2026",
            "--plain",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let value = |code: &str| -> i64 {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("{code},")))
            .unwrap_or_else(|| panic!("no row {code} in {csv}"));
        row.rsplit(',').next().unwrap().parse().unwrap()
    };
    assert_eq!(csv.lines().next().unwrap(), "код,показатель,значение");
    assert!(value("С") > 0, "sessions were held: {csv}");
    assert_eq!(
        value("С"),
        value("С.1") + value("С.2") + value("С.3") + value("С.4")
    );
    assert!(value("1") > 0 && value("1.2") <= value("1"));
    assert!(value("П") >= 0, "rental loans are counted");

    let page = tmp.path().join("ind.html");
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "report",
            "indicators",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "html",
            "--lang",
            "en",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<svg")
            && html.contains("Children who received help")
            && html.contains("01.11.2026 – 30.11.2026")
    );

    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "report",
            "indicators",
            "--from",
            "2026-11-30",
            "--to",
            "2026-11-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("swap --from and --to"),
        "{}",
        text(&out)
    );
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "report",
            "indicators",
            "--from",
            "31.02.2026",
            "--to",
            "2026-11-01",
        ],
    );
    assert!(text(&out).contains("is not a date"), "{}", text(&out));
}

#[test]
fn route_templates_are_checked_with_file_line_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ladoshka(tmp.path(), &["routes", "check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        text(&out).lines().filter(|l| l.starts_with("ok ")).count(),
        4,
        "{}",
        text(&out)
    );
    let bad = tmp.path().join("zhs9.toml");
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/routes/zhs3-emergency.toml"
    ))
    .unwrap();
    std::fs::write(
        &bad,
        good.replacen("deadline = \"3 дня\"", "deadline = \"3 года\"", 1),
    )
    .unwrap();
    let out = ladoshka(tmp.path(), &["routes", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let line = text(&out);
    assert!(
        line.contains("zhs9.toml:")
            && line.contains("steps[2].deadline")
            && line.contains("«3 года»"),
        "{line}"
    );
}

#[test]
fn doctor_warns_loudly_in_three_languages_when_the_key_is_sealed_with_the_host_key() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    assert!(ladoshka(tmp.path(), &["--data-dir", d, "demo-data"])
        .status
        .success());
    // The kiosk image's way: the key as the systemd credential `db-key`, and how it was sealed
    // as the credential `sealed-with`.
    let creds = tmp.path().join("creds");
    std::fs::create_dir(&creds).unwrap();
    std::fs::copy(tmp.path().join("data.key"), creds.join("db-key")).unwrap();
    let doctor = |sealed_with: &str| {
        std::fs::write(creds.join("sealed-with"), sealed_with).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_ladoshka"))
            .args(["--data-dir", d, "doctor"])
            .env("CREDENTIALS_DIRECTORY", &creds)
            .env_remove("LADOSHKA_DATA_DIR")
            .env_remove("LADOSHKA_KEY_FILE")
            .env("XDG_DATA_HOME", tmp.path())
            .env("LADOSHKA_LOG", "warn")
            .env(ladoshka::platform::clock::NOW_VARIABLE, common::CLI_NOW)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        text(&out)
    };
    let report = doctor("host\n");
    for expected in [
        "Key protection:  sealed with systemd's host key ON THE SAME DISK (no TPM)",
        "!! WARNING: В киоске нет TPM: ключ базы данных не защищён аппаратно",
        "!! WARNING: Киоскта TPM юк: мәгълүмат базасы ачкычы аппарат белән сакланмый",
        "!! WARNING: This kiosk has no TPM: the database key is not protected by hardware",
        "Whoever takes the disk or the whole kiosk can read every record",
        "Use a kiosk with a TPM 2.0",
        "Integrity:       ok",
    ] {
        assert!(
            report.contains(expected),
            "«{expected}» missing from:\n{report}"
        );
    }
    let report = doctor("tpm2\n");
    assert!(
        report.contains("Key protection:  sealed to this machine's TPM 2.0"),
        "{report}"
    );
    assert!(!report.contains("WARNING"), "{report}");
    // A developer key file is said plainly, without the no-TPM warning.
    let report = text(&ladoshka(tmp.path(), &["--data-dir", d, "doctor"]));
    assert!(report.contains("Key protection:  a key file"), "{report}");
    assert!(!report.contains("WARNING"), "{report}");
}

/// A mistyped option or value exits 64 (`EX_USAGE`), so a script never takes it for 2, "the key
/// does not open the database"; `--help` still exits 0.
#[test]
fn a_usage_error_exits_64_and_never_2() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["doctor", "--no-such-option"][..],
        &["report", "indicators", "--from", "yesterday"][..],
        &["no-such-command"][..],
    ] {
        let out = ladoshka(tmp.path(), args);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", text(&out));
    }
    let out = ladoshka(tmp.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

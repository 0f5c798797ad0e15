//! `ladoshka power-test`, as the kiosk image's power-cut test drives it: `write` prints a
//! `committed <id>` line after each committed check-in; `verify` finds every printed id in the
//! database (exit 0), and names an id that is not there (exit 1).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::printed as text;

fn ladoshka_with_input(home: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ladoshka"))
        .args(args)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_DATA_DIR")
        .env_remove("LADOSHKA_KEY_FILE")
        .env("XDG_DATA_HOME", home)
        .env("LADOSHKA_LOG", "warn")
        .env(ladoshka::platform::clock::NOW_VARIABLE, common::CLI_NOW)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ladoshka");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn written_check_ins_are_all_found_and_an_unknown_id_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();

    let out = common::ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "power-test",
            "write",
            "--interval-ms",
            "0",
            "--count",
            "12",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        12,
        "only the committed lines on stdout: {stdout}"
    );
    assert!(
        lines.iter().all(|l| l.starts_with("committed ")),
        "{stdout}"
    );
    assert!(
        text(&out).contains("demo centre was added"),
        "{}",
        text(&out)
    );

    // What a serial console gives back: boot noise, a line cut by the power cut, our lines.
    let console = format!("[    3.1] random: crng init done\n\u{1b}[0m{stdout}committ");
    let ok = ladoshka_with_input(
        tmp.path(),
        &["--data-dir", d, "power-test", "verify"],
        &console,
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(
        text(&ok).contains("12 committed check-ins read, 12 in the database, 0 missing"),
        "{}",
        text(&ok)
    );

    // A second writer run on the same database adds to it (the fixture is made once).
    let more = common::ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "power-test",
            "write",
            "--interval-ms",
            "1",
            "--count",
            "3",
        ],
    );
    assert!(more.status.success(), "{}", text(&more));
    assert!(
        !text(&more).contains("demo centre was added"),
        "{}",
        text(&more)
    );

    let tampered = format!("{stdout}committed 987654\n");
    let bad = ladoshka_with_input(
        tmp.path(),
        &["--data-dir", d, "power-test", "verify"],
        &tampered,
    );
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("1 missing"), "{}", text(&bad));
    assert!(text(&bad).contains("missing: 987654"), "{}", text(&bad));

    let doctor = common::ladoshka(tmp.path(), &["--data-dir", d, "doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", text(&doctor));
    assert!(
        text(&doctor).contains("Integrity:       ok"),
        "{}",
        text(&doctor)
    );
}

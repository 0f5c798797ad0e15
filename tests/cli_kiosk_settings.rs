//! `kiosk.toml` from the command line: a broken settings file stops the kiosk with its file,
//! line and field and what to write, but not the other commands, which use the defaults.

mod common;

use common::printed as text;

#[test]
fn a_broken_settings_file_stops_the_kiosk_and_names_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let d = data.to_str().unwrap();
    std::fs::write(
        data.join("kiosk.toml"),
        "room = \"Прокат\"\nlanguage = \"fr\"\n",
    )
    .unwrap();
    let out = common::ladoshka(tmp.path(), &["--data-dir", d, "run"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("kiosk.toml:2: language:"), "{said}");
    assert!(said.contains("\"ru\", \"tt\" or \"en\""), "{said}");
    // Other commands go on with the defaults, and say why.
    let demo = common::ladoshka(tmp.path(), &["--data-dir", d, "demo-data"]);
    assert_eq!(demo.status.code(), Some(0), "{}", text(&demo));
    assert!(
        text(&demo).contains("using the defaults"),
        "{}",
        text(&demo)
    );

    // A good file is used as it is.
    std::fs::write(
        data.join("kiosk.toml"),
        "time_zone = \"Asia/Yekaterinburg\"\nlanguage = \"tt\"\n",
    )
    .unwrap();
    let doctor = common::ladoshka(tmp.path(), &["--data-dir", d, "doctor"]);
    assert_eq!(doctor.status.code(), Some(0), "{}", text(&doctor));
    assert!(
        !text(&doctor).contains("using the defaults"),
        "{}",
        text(&doctor)
    );
}

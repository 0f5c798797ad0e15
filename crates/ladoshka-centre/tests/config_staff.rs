//! The built binary with a roster: `config codes DIR` prints each colleague's starting code (the
//! same every time, another after `code_round` is raised), `config publish DIR` publishes the
//! roster with only the codes' hashes, and a roster a kiosk could not keep is refused whole.

mod common;

use std::path::Path;

use ladoshka_centre::console::password;
use ladoshka_centre::{Centre, Layout};
use ladoshka_indicators::domain::centre_config::CentreConfig;

fn run(data_dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_centre(data_dir, args)
}

const STAFF: &str = r#"
switched_off = ["petrova.i"]

[[colleague]]
id = "safina.a"
first_name = "Алсу"
patronymic = "Ринатовна"
last_name = "Сафина"
role = "psychologist"
units = ["КЦСОН «Доверие»"]

[[colleague]]
id = "galiev.r"
first_name = "Рөстәм"
last_name = "Гәлиев"
role = "staff"
"#;

/// The code `config codes` printed for `uid`.
fn code_of(out: &str, uid: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.starts_with(uid))
        .unwrap_or_else(|| panic!("{uid} in {out}"));
    line.rsplit(' ').next().unwrap().to_string()
}

#[test]
fn the_roster_is_published_with_only_hashes_of_the_codes_printed_for_each_colleague() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("centre");
    assert_eq!(run(&data, &["init"]).0, 0);
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("staff.toml"), STAFF).unwrap();
    let cfg = config.to_str().unwrap();

    let (code, out, err) = run(&data, &["config", "codes", cfg]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("safina.a  Сафина Алсу Ринатовна  starting code "),
        "{out}"
    );
    let safina = code_of(&out, "safina.a");
    let galiev = code_of(&out, "galiev.r");
    assert_eq!(safina.len(), 8);
    assert!(safina.bytes().all(|b| b.is_ascii_digit()));
    assert_ne!(safina, galiev);
    assert_eq!(
        run(&data, &["config", "codes", cfg]).1,
        out,
        "the same codes again"
    );

    let (code, out, err) = run(&data, &["config", "publish", cfg]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("2 colleague(s), 1 colleague(s) switched off"),
        "{out}"
    );
    assert!(out.contains("config codes"), "{out}");
    let centre = Centre::open(&Layout::new(&data, None)).unwrap();
    let latest = centre.store().latest_config().unwrap().unwrap();
    let text = String::from_utf8(latest.payload.clone()).unwrap();
    assert!(
        !text.contains(&safina) && !text.contains(&galiev),
        "no code in the clear"
    );
    let published = CentreConfig::from_json(&latest.payload).unwrap();
    let her = published
        .staff
        .iter()
        .find(|c| c.uid == "safina.a")
        .unwrap();
    assert!(password::verify(&safina, &her.starting_code));
    assert!(!password::verify(&galiev, &her.starting_code));
    assert_eq!(her.units, ["КЦСОН «Доверие»"]);
    assert_eq!(published.revoked_staff, ["petrova.i"]);
    drop(centre);

    // A code someone else may have seen: a new round gives a new code.
    std::fs::write(
        config.join("staff.toml"),
        STAFF.replace("role = \"staff\"", "role = \"staff\"\ncode_round = 2"),
    )
    .unwrap();
    let (_, out, _) = run(&data, &["config", "codes", cfg]);
    assert_eq!(code_of(&out, "safina.a"), safina);
    assert_ne!(code_of(&out, "galiev.r"), galiev);
}

#[test]
fn a_roster_a_kiosk_could_not_keep_is_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("centre");
    assert_eq!(run(&data, &["init"]).0, 0);
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let cfg = config.to_str().unwrap();
    for (staff, says) in [
        (
            STAFF.replace("role = \"staff\"", "role = \"cook\""),
            "staff.toml",
        ),
        (
            STAFF.replace("id = \"galiev.r\"", "id = \"Гәлиев\""),
            "is not allowed",
        ),
        (
            STAFF.replace("\"petrova.i\"", "\"galiev.r\""),
            "both listed and switched off",
        ),
        (
            STAFF.replace("id = \"galiev.r\"", "id = \"safina.a\""),
            "listed twice",
        ),
    ] {
        std::fs::write(config.join("staff.toml"), &staff).unwrap();
        let (code, out, err) = run(&data, &["config", "publish", cfg]);
        assert_ne!(code, 0, "{out}");
        assert!(err.contains(says), "{says}: {err}");
    }
    let centre = Centre::open(&Layout::new(&data, None)).unwrap();
    assert!(
        centre.store().latest_config().unwrap().is_none(),
        "nothing was published"
    );
}

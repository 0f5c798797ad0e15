//! The built binary's `config republish`: nothing to publish again before a first `config
//! publish`; after it, the last configuration again, unchanged, as the next version (what a
//! nightly timer runs so the families of each КЦСОН reach its other kiosks).

mod common;

use ladoshka_centre::{Centre, Layout};

#[test]
fn republish_publishes_the_last_configuration_again_as_the_next_version() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("centre");
    assert_eq!(common::run_centre(&data, &["init"]).0, 0);

    let (code, out, err) = common::run_centre(&data, &["config", "republish"]);
    assert_ne!(code, 0, "{out}{err}");
    assert!(out.contains("No configuration published yet"), "{out}{err}");

    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("centre.toml"),
        "legal_name = \"ГАУСО «КЦСОН „Доверие“»\"\n",
    )
    .unwrap();
    let (code, out, err) =
        common::run_centre(&data, &["config", "publish", config.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");

    let (code, out, err) = common::run_centre(&data, &["config", "republish"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Published configuration version 1 again as version 2"),
        "{out}"
    );
    let centre = Centre::open(&Layout::new(&data, None)).unwrap();
    let latest = centre.store().latest_config().unwrap().unwrap();
    assert_eq!(latest.serial, 2);
    assert!(String::from_utf8_lossy(&latest.payload).contains("КЦСОН „Доверие“"));
}

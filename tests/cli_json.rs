//! `--json` for the commands scripts read: `ladoshka doctor --json` and `ladoshka device-info
//! --json` print one JSON object with what the text lines say, and keep their exit codes.

mod common;

use common::{ladoshka, printed as text};

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not one JSON object ({e}): {}", text(out)))
}

#[test]
fn doctor_and_device_info_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let d = data.to_str().unwrap();
    assert!(ladoshka(tmp.path(), &["--data-dir", d, "demo-data"])
        .status
        .success());

    let out = ladoshka(tmp.path(), &["--data-dir", d, "doctor", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let doctor = json(&out);
    assert_eq!(doctor["integrity"], "ok");
    assert_eq!(doctor["problems"], serde_json::json!([]));
    assert_eq!(doctor["records"]["families"], 32);
    assert_eq!(doctor["schema_version"], ladoshka::store::LATEST_VERSION);
    // A developer key file: described, without the warning about a host-sealed key.
    assert!(!doctor["key_protection"].as_str().unwrap().is_empty());
    assert_eq!(doctor["key_warning"], false);
    assert!(doctor["outbox"]["unsent"].as_i64().unwrap() > 0);

    let out = ladoshka(tmp.path(), &["--data-dir", d, "device-info", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let info = json(&out);
    assert_eq!(info["device_id"].as_str().unwrap().len(), 32);
    assert_eq!(info["centre"], serde_json::Value::Null, "not enrolled");
    assert_eq!(info["last_sync"], serde_json::Value::Null);
    assert!(info["fingerprint"].as_str().unwrap().len() > 8);

    // A wrong key keeps its exit code (2) and prints no JSON half-way.
    let wrong = tmp.path().join("wrong.key");
    std::fs::write(&wrong, format!("{}\n", "ab".repeat(32))).unwrap();
    let out = ladoshka(
        tmp.path(),
        &[
            "--data-dir",
            d,
            "--key-file",
            wrong.to_str().unwrap(),
            "doctor",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(out.stdout.is_empty());
}

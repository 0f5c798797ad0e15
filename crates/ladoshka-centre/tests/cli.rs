//! The built binary: `init` twice, `token create`, `devices` and `devices revoke`, `import DIR`
//! from a "USB stick" with good, held and bad files, `serve` answering until SIGTERM, and
//! `erasure find|order|list`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{write, Kiosk};
use ladoshka_centre::{Centre, Layout};
use ladoshka_seal::CentrePublicKey;

fn centre_cmd(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladoshka-centre"));
    cmd.arg("--data-dir")
        .arg(data_dir)
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("LADOSHKA_CENTRE_DATA_DIR")
        .env_remove("LADOSHKA_LOG");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(data_dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = centre_cmd(data_dir).args(args).output().unwrap();
    Run {
        code: status.code().unwrap(),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn init_centre(data_dir: &Path) {
    let r = run(data_dir, &["init"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// A kiosk enrolled with a token the binary printed.
fn enrol_kiosk(data_dir: &Path) -> Kiosk {
    let r = run(data_dir, &["token", "create"]);
    let token = r.stdout.lines().last().unwrap().to_string();
    let centre = Centre::open(&Layout::new(data_dir, None)).unwrap();
    let kiosk = Kiosk::new(centre.public_key());
    centre.enrol(&kiosk.enrolment(&token)).unwrap();
    kiosk
}

#[test]
fn init_prints_the_fingerprint_and_refuses_a_second_time() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    let first = run(&dir, &["init"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let public =
        CentrePublicKey::from_bytes(&std::fs::read(dir.join("centre.pub")).unwrap()).unwrap();
    assert!(
        first.stdout.contains(&public.fingerprint()),
        "{}",
        first.stdout
    );
    let key = std::fs::read(dir.join("centre.key")).unwrap();

    let second = run(&dir, &["init"]);
    assert_eq!(second.code, 2);
    assert!(
        second.stderr.contains("already holds a centre"),
        "{}",
        second.stderr
    );
    assert!(second.stderr.contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read(dir.join("centre.key")).unwrap(),
        key,
        "key file untouched"
    );
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("from-env");
    let status = Command::new(env!("CARGO_BIN_EXE_ladoshka-centre"))
        .arg("init")
        .env("LADOSHKA_CENTRE_DATA_DIR", &dir)
        .env_remove("CREDENTIALS_DIRECTORY")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(dir.join("centre.db").exists());
}

#[test]
fn token_create_prints_the_token_alone_on_the_last_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    let r = run(&dir, &["token", "create"]);
    assert_eq!(r.code, 2, "no centre yet");
    assert!(r.stderr.contains("init"), "{}", r.stderr);

    init_centre(&dir);
    let r = run(&dir, &["token", "create", "--valid-hours", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(last.len(), 39, "{last:?}");
    assert!(last
        .split('-')
        .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit())));
    assert!(r.stdout.lines().count() > 1, "explanation above the token");
    assert!(!r.stdout.lines().rev().skip(1).any(|l| l.contains(last)));

    // The printed token enrols a kiosk, once.
    let centre = Centre::open(&Layout::new(&dir, None)).unwrap();
    let kiosk = Kiosk::new(centre.public_key());
    centre.enrol(&kiosk.enrolment(last)).unwrap();
    let other = Kiosk::new(centre.public_key());
    assert!(centre.enrol(&other.enrolment(last)).is_err());

    let r = run(&dir, &["token", "create", "--valid-hours", "0"]);
    // A value the command line refuses is a usage error: 64, never 2.
    assert_eq!(r.code, 64, "a token valid for no time is refused");
}

#[test]
fn import_dir_imports_good_files_in_sequence_order_and_reports_held_and_bad_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    let mut kiosk = enrol_kiosk(&dir);
    let id = hex::encode(kiosk.device_id);

    // Stick 1: three bundles whose names are not in sequence order, and a file to ignore.
    let stick = tmp.path().join("stick1");
    std::fs::create_dir(&stick).unwrap();
    let b12 = kiosk.next(2);
    let b34 = kiosk.next(2);
    let b5 = kiosk.next(1);
    write(&stick, "c.ldsb", &b12);
    write(&stick, "a.ldsb", &b34);
    write(&stick, "b.LDSB", &b5);
    write(&stick, "readme.txt", b"not a bundle");

    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout.lines().collect::<Vec<_>>(),
        vec![
            format!("imported c.ldsb (device {id}, rows 1–2)"),
            format!("imported a.ldsb (device {id}, rows 3–4)"),
            format!("imported b.LDSB (device {id}, rows 5–5)"),
        ]
    );

    // The same stick again: all already held.
    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout.lines().collect::<Vec<_>>(),
        vec![
            "already held c.ldsb",
            "already held a.ldsb",
            "already held b.LDSB"
        ]
    );

    // Stick 2: one held, one new, one damaged, one after a gap, one cut short.
    let stick = tmp.path().join("stick2");
    std::fs::create_dir(&stick).unwrap();
    let b67 = kiosk.next(2);
    let _b8 = kiosk.next(1); // never written anywhere
    let b9 = kiosk.next(1);
    let mut damaged = b67.clone();
    damaged[200] ^= 1;
    write(&stick, "1-held.ldsb", &b12);
    write(&stick, "2-new.ldsb", &b67);
    write(&stick, "3-damaged.ldsb", &damaged);
    write(&stick, "4-gap.ldsb", &b9);
    write(&stick, "5-short.ldsb", &b9[..20]);
    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines.contains(&"already held 1-held.ldsb"), "{lines:?}");
    assert!(lines.contains(&format!("imported 2-new.ldsb (device {id}, rows 6–7)").as_str()));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("rejected 3-damaged.ldsb: ") && l.contains("signature")),
        "{lines:?}"
    );
    assert!(lines.contains(&"rejected 4-gap.ldsb: gap: expected sequence 8 next, got 9; send the bundles in between first (the acknowledgement says where to resume)"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("rejected 5-short.ldsb: ") && l.contains("cut short")),
        "{lines:?}"
    );
    assert_eq!(lines.last(), Some(&"3 of 5 bundle(s) rejected."));

    // Every row exactly once.
    let centre = Centre::open(&Layout::new(&dir, None)).unwrap();
    let seqs: Vec<u64> = centre
        .store()
        .rows(&kiosk.device_id)
        .unwrap()
        .iter()
        .map(|r| r.seq)
        .collect();
    assert_eq!(seqs, (1..=7).collect::<Vec<_>>());

    // An empty folder is fine; a missing one is not.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let r = run(&dir, &["import", empty.to_str().unwrap()]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("No bundles"));
    let r = run(
        &dir,
        &["import", tmp.path().join("absent").to_str().unwrap()],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("could not read the folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn devices_lists_the_kiosks_and_revoke_stops_their_bundles() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    let r = run(&dir, &["devices"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("No kiosk is enrolled yet"));

    let mut kiosk = enrol_kiosk(&dir);
    let id = hex::encode(kiosk.device_id);
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    write(&stick, "1.ldsb", &kiosk.next(3));
    assert_eq!(run(&dir, &["import", stick.to_str().unwrap()]).code, 0);

    let r = run(&dir, &["devices"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!("device {id}  active")),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains(&kiosk.identity.public_key().fingerprint()));
    assert!(r.stdout.contains("through sequence 3"), "{}", r.stdout);
    assert!(r.stdout.contains("rows held    3"), "{}", r.stdout);

    let r = run(&dir, &["devices", "revoke", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Revoked device"));
    let r = run(&dir, &["devices"]);
    assert!(
        r.stdout.contains(&format!("device {id}  revoked")),
        "{}",
        r.stdout
    );
    let r = run(&dir, &["devices", "revoke", &id]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("already revoked"));
    let r = run(&dir, &["devices", "revoke", &hex::encode([7u8; 16])]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no device"), "{}", r.stderr);

    write(&stick, "2.ldsb", &kiosk.next(1));
    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("rejected 2.ldsb: ") && r.stdout.contains("revoked"),
        "{}",
        r.stdout
    );
}

#[test]
fn serve_answers_over_http_until_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    let mut kiosk = enrol_kiosk(&dir);
    let mut child = centre_cmd(&dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(log.read_line(&mut line).unwrap() > 0, "serve ended early");
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().parse().unwrap();
        }
    };
    let resp = common::request(
        addr,
        "POST",
        "/v1/bundles",
        &[("Content-Type", "application/octet-stream")],
        &kiosk.next(2),
    );
    assert_eq!(resp.status, 200, "{}", resp.text());
    assert_eq!(resp.header("x-ladoshka-result"), Some("imported"));

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop on SIGTERM");
}

#[test]
fn devices_add_enrols_a_kiosk_without_a_network_and_its_stick_imports() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("centre");
    init_centre(&dir);
    let centre_key = Centre::open(&Layout::new(&dir, None)).unwrap().public_key();
    let mut kiosk = Kiosk::new(centre_key);
    let id = hex::encode(kiosk.device_id);
    let key = kiosk.identity.public_key().to_hex();

    // Bad input is refused, nothing enrolled.
    let r = run(&dir, &["devices", "add", "12ab", &key]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a device id"), "{}", r.stderr);
    let r = run(&dir, &["devices", "add", &id, "not-a-key"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not a device's public key"),
        "{}",
        r.stderr
    );
    assert!(run(&dir, &["devices"])
        .stdout
        .contains("No kiosk is enrolled yet"));

    let r = run(&dir, &["devices", "add", &id, &key]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r
        .stdout
        .contains(&kiosk.identity.public_key().fingerprint()));
    assert!(r.stdout.contains(&centre_key.fingerprint()));
    let r = run(&dir, &["devices"]);
    assert!(
        r.stdout.contains(&format!("device {id}  active")),
        "{}",
        r.stdout
    );

    // Its bundles from a stick are imported.
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    write(&stick, "1.ldsb", &kiosk.next(4));
    let r = run(&dir, &["import", stick.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("rows 1–4"), "{}", r.stdout);

    // The same kiosk added again with another key is refused.
    let other = ladoshka_seal::DeviceIdentity::generate()
        .unwrap()
        .public_key()
        .to_hex();
    let r = run(&dir, &["devices", "add", &id, &other]);
    assert_eq!(r.code, 2, "{}", r.stdout);
}

/// `user add` with the password on standard input.
fn user_add(data_dir: &Path, login: &str, password: &str, stdin_flag: bool) -> Run {
    use std::io::Write;
    let mut args = vec![
        "user",
        "add",
        "--login",
        login,
        "--role",
        "admin",
        "--name",
        "Иванова Мария",
    ];
    if stdin_flag {
        args.push("--password-stdin");
    }
    let mut child = centre_cmd(data_dir)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Without --password-stdin the command refuses at once and may be gone before the password
    // is written: a broken pipe then is part of that answer, not a failure of the test.
    let _ = writeln!(child.stdin.take().unwrap(), "{password}");
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn console_users_are_added_listed_and_disabled_with_the_standard_argon2_cost() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("centre");
    init_centre(&data);
    let none = run(&data, &["user", "list"]);
    assert!(
        none.stdout.contains("No console users yet"),
        "{}",
        none.stdout
    );

    let no_flag = user_add(&data, "ivanova", "длинный пароль", false);
    assert_eq!(no_flag.code, 2);
    assert!(
        no_flag.stderr.contains("--password-stdin"),
        "{}",
        no_flag.stderr
    );
    let short = user_add(&data, "ivanova", "short", true);
    assert_eq!(short.code, 2);
    assert!(short.stderr.contains("shorter than 10"), "{}", short.stderr);
    let added = user_add(&data, "Ivanova", "длинный пароль", true);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains("«ivanova»"), "{}", added.stdout);
    let again = user_add(&data, "ivanova", "другой пароль 2", true);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    let centre = Centre::open(&Layout::new(&data, None)).unwrap();
    let user = centre.store().user("ivanova").unwrap().unwrap();
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=65536,t=3,p=1$"),
        "{}",
        user.password_hash
    );
    assert!(ladoshka_centre::console::password::verify(
        "длинный пароль",
        &user.password_hash
    ));
    drop(centre);

    let list = run(&data, &["user", "list"]);
    assert!(
        list.stdout.contains("ivanova")
            && list.stdout.contains("admin")
            && list.stdout.contains("active"),
        "{}",
        list.stdout
    );
    assert_eq!(
        run(&data, &["user", "disable", "--login", "ivanova"]).code,
        0
    );
    assert!(run(&data, &["user", "list"]).stdout.contains("disabled"));
    let unknown = run(&data, &["user", "disable", "--login", "nobody"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no console user «nobody»"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn erasure_find_order_and_list_follow_a_familys_request() {
    let tmp = tempfile::tempdir().unwrap();
    let data_dir = tmp.path().join("centre");
    init_centre(&data_dir);
    let mut kiosk = enrol_kiosk(&data_dir);
    let family = ladoshka_seal::OutboxRow {
        seq: 0,
        kind: "family.insert".into(),
        body: ladoshka_seal::raw_body(&serde_json::json!({ "entity_id": 1, "data": { "id": 1,
            "record": { "surname": "Сафина", "parent_name": "Алсу Сафина" } } })),
        created_at: "2026-11-02T10:00:00+03:00".into(),
    };
    let centre = Centre::open(&Layout::new(&data_dir, None)).unwrap();
    centre
        .receive(&kiosk.next_of(&[family]), ladoshka_centre::store::Via::Usb)
        .unwrap();
    drop(centre);
    let device = hex::encode(kiosk.device_id);

    let r = run(&data_dir, &["erasure", "find", "--surname", "сафина"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(&format!("device {device}  family 1  Сафина")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("recorded in the audit log"),
        "{}",
        r.stdout
    );

    let r = run(
        &data_dir,
        &[
            "erasure",
            "order",
            "--device",
            &device,
            "--family",
            "1",
            "--reason",
            "заявление № 7",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("Erasure order 1") && r.stdout.contains("configuration version 1"),
        "{}",
        r.stdout
    );
    let r = run(&data_dir, &["erasure", "list"]);
    assert!(
        r.stdout
            .contains(&format!("order 1  device {device}  family 1  ordered")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("reason: заявление № 7"), "{}", r.stdout);

    // Refused, saying why: a family the centre holds no rows of, the same family again.
    let r = run(
        &data_dir,
        &["erasure", "order", "--device", &device, "--family", "5"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("holds no family 5"), "{}", r.stderr);
    let r = run(
        &data_dir,
        &["erasure", "order", "--device", &device, "--family", "1"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("already ordered erased (order 1)"),
        "{}",
        r.stderr
    );
}

/// A mistyped option or value exits 64, never 2 (the centre's key does not open its store), and
/// the help still exits 0.
#[test]
fn a_usage_error_exits_64_and_never_2() {
    let dir = tempfile::tempdir().unwrap();
    let unknown = run(dir.path(), &["devices", "--no-such-option"]);
    assert_eq!(unknown.code, 64, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("--no-such-option"),
        "{}",
        unknown.stderr
    );
    let missing = run(dir.path(), &["no-such-command"]);
    assert_eq!(missing.code, 64, "{}", missing.stderr);
    let help = run(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Usage"), "{}", help.stdout);
}

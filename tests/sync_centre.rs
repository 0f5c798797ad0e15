//! End to end, the kiosk's sealed sync against a real centre on loopback: enrolment with a
//! one-time token and matching fingerprints; every outbox row delivered exactly once; a second
//! sync sending only what is new; the centre down (the kiosk keeps working, bundles wait, the
//! next sync delivers them all); a USB stick export imported at the centre and acknowledged at
//! the next online sync; offline enrolment with the centre's key file; a round of several
//! bundles (sealed, sent and acknowledged in a pipeline) after a kill between the centre's
//! import and the kiosk taking its acknowledgement.

mod common;

use common::{printed as text, run, TempKiosk};
use ladoshka::domain::{ItemState, NewRentalItem, RentalKind};
use ladoshka_centre_testing::TestCentre;

/// A kiosk with the demo centre's records (a few hundred outbox rows).
fn demo_kiosk() -> TempKiosk {
    let k = TempKiosk::new();
    let out = run(&k, &["demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    k
}

fn add_items(k: &TempKiosk, from: usize, n: usize) {
    let mut store = k.open();
    store
        .write(|w| {
            for i in from..from + n {
                w.insert_rental_item(
                    &NewRentalItem::new(
                        RentalKind::WALKER,
                        &format!("ХОД-{i:05}"),
                        ItemState::Available,
                    )
                    .unwrap(),
                )?;
            }
            Ok(())
        })
        .unwrap();
}

fn outbox_len(k: &TempKiosk) -> u64 {
    let store = k.open();
    let s = store.sync_status().unwrap();
    s.acked_seq + s.pending_rows
}

#[test]
fn a_kiosk_enrols_and_every_row_reaches_the_centre_exactly_once() {
    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let k = demo_kiosk();
    let device = k.open().sync_identity().unwrap().device_id;

    // Before enrolment, sync says what to do.
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("not enrolled"), "{}", text(&out));

    // A wrong token is refused by the centre, and nothing is recorded.
    let out = run(
        &k,
        &["enrol", "--centre", &server.url(), "--token", "aaaa-bbbb"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("the centre refused (403)"),
        "{}",
        text(&out)
    );
    assert!(k.open().centre().unwrap().is_none());

    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &c.centre.public_key().fingerprint(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    let kiosk_fp = k
        .open()
        .sync_identity()
        .unwrap()
        .key
        .public_key()
        .fingerprint();
    assert!(said.contains(&kiosk_fp), "the kiosk's fingerprint: {said}");
    assert!(
        said.contains(&c.centre.public_key().fingerprint()),
        "the centre's fingerprint, to compare: {said}"
    );

    let rows = outbox_len(&k);
    assert!(rows > 100, "the demo centre's records: {rows}");
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("holds everything up to row {rows}")),
        "{}",
        text(&out)
    );
    assert_eq!(
        c.seqs(&device),
        (1..=rows).collect::<Vec<_>>(),
        "each row once"
    );
    let status = k.open().sync_status().unwrap();
    assert_eq!((status.pending_rows, status.pending_bundles), (0, 0));
    assert!(status.last_success_at.is_some());

    // New records: only they are sent.
    add_items(&k, 1, 12);
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Sealed 1 bundle(s), sent 1"),
        "{}",
        text(&out)
    );
    assert_eq!(c.seqs(&device), (1..=rows + 12).collect::<Vec<_>>());
    // Nothing new: nothing sealed or sent.
    let out = run(&k, &["sync"]);
    assert!(
        text(&out).contains("Sealed 0 bundle(s), sent 0"),
        "{}",
        text(&out)
    );

    // The centre goes down: the kiosk keeps recording, sync fails in plain words, bundles wait.
    let addr = server.addr;
    drop(server);
    add_items(&k, 100, 5);
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("cannot be reached"), "{}", text(&out));
    add_items(&k, 200, 5);
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let status = k.open().sync_status().unwrap();
    assert_eq!(status.pending_rows, 10);
    assert_eq!(
        status.pending_bundles, 2,
        "each failed round sealed what was new, and kept it"
    );
    assert_eq!(status.failures, 2);
    assert!(status.last_error.unwrap().contains("cannot be reached"));
    let out = run(&k, &["device-info"]);
    assert!(text(&out).contains("Last error:"), "{}", text(&out));

    // Back up (same address): the next sync delivers both waiting bundles, once.
    let _server = c.serve_on(&addr.to_string());
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("sent 2"), "{}", text(&out));
    assert_eq!(c.seqs(&device), (1..=rows + 22).collect::<Vec<_>>());
    let status = k.open().sync_status().unwrap();
    assert_eq!(
        (status.pending_rows, status.pending_bundles, status.failures),
        (0, 0, 0)
    );
    assert_eq!(status.last_error, None);
}

#[test]
fn a_usb_stick_carries_bundles_and_the_next_online_sync_brings_the_acknowledgement() {
    let c = TestCentre::new();
    let k = demo_kiosk();
    let device = k.open().sync_identity().unwrap().device_id;
    // Enrolled over HTTP once, so the online sync below can bring the acknowledgement. A kiosk
    // with no network at all is enrolled at the centre with `ladoshka-centre devices add` and
    // takes `centre.pub` with `ladoshka enrol --centre-key`: tests/centre_indicators.rs.
    let server = c.serve_on("127.0.0.1:0");
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &c.centre.public_key().fingerprint(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stick = k.dir.path().join("stick");
    let out = run(&k, &["sync", "--to-dir", stick.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let files: Vec<_> = std::fs::read_dir(&stick)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with(".ldsb") && files[0].contains(&hex::encode(device)));
    let rows = outbox_len(&k);
    assert_eq!(
        k.open().sync_status().unwrap().pending_bundles,
        1,
        "kept until acknowledged"
    );

    let report = ladoshka_centre::usb::import_dir(&c.centre, &stick).unwrap();
    assert_eq!(report.len(), 1);
    assert!(
        report[0].line().starts_with("imported"),
        "{}",
        report[0].line()
    );
    assert_eq!(c.seqs(&device), (1..=rows).collect::<Vec<_>>());

    // The next online sync learns what the centre holds and sends nothing twice.
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("sent 0"), "{}", text(&out));
    let status = k.open().sync_status().unwrap();
    assert_eq!((status.pending_rows, status.pending_bundles), (0, 0));
}

#[test]
fn offline_enrolment_takes_the_centres_key_file() {
    let c = TestCentre::new();
    let k = demo_kiosk();
    let key = c.dir.path().join("centre").join("centre.pub");
    let fingerprint = c.centre.public_key().short_fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre-key",
            key.to_str().unwrap(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&c.centre.public_key().fingerprint()),
        "{}",
        text(&out)
    );
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("enrolled offline"), "{}", text(&out));
    let bad = k.dir.path().join("junk.pub");
    std::fs::write(&bad, b"not a key").unwrap();
    let out = run(&k, &["enrol", "--centre-key", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("is not a centre's public key"),
        "{}",
        text(&out)
    );
}

#[test]
fn links_planted_on_a_stick_are_never_followed_by_the_export_or_the_import() {
    use std::os::unix::fs::symlink;
    let c = TestCentre::new();
    let k = demo_kiosk();
    let server = c.serve_on("127.0.0.1:0");
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &c.centre.public_key().fingerprint(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    drop(server);

    // A first export tells the bundle files' names.
    let first = k.dir.path().join("first");
    let out = run(&k, &["sync", "--to-dir", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let names: Vec<String> = std::fs::read_dir(&first)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");

    // A stick with links planted under those names (and the temporary name) to a file elsewhere.
    let victim = k.dir.path().join("victim.txt");
    std::fs::write(&victim, b"not to be overwritten").unwrap();
    let stick = k.dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    for name in &names {
        symlink(&victim, stick.join(name)).unwrap();
        symlink(&victim, stick.join(format!(".{name}.part"))).unwrap();
    }
    let out = run(&k, &["sync", "--to-dir", stick.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read(&victim).unwrap(), b"not to be overwritten");
    for name in &names {
        let written = stick.join(name);
        assert!(
            std::fs::symlink_metadata(&written).unwrap().is_file(),
            "the link was replaced by the bundle file itself"
        );
        assert_eq!(
            std::fs::read(&written).unwrap(),
            std::fs::read(first.join(name)).unwrap()
        );
        assert!(!stick.join(format!(".{name}.part")).exists());
    }

    // A folder that is itself a link is refused, and nothing is written through it.
    let linked = k.dir.path().join("linked-stick");
    let elsewhere = k.dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, &linked).unwrap();
    let out = run(&k, &["sync", "--to-dir", linked.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("symbolic link"), "{}", text(&out));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);

    // The centre's import refuses every bundle-named entry that is not a regular file: a link to
    // a genuine bundle outside the folder, a link to a system file, a folder and a FIFO. Nothing
    // is imported and the linked file's bytes are never read out.
    let bad = k.dir.path().join("bad-stick");
    std::fs::create_dir(&bad).unwrap();
    symlink(first.join(&names[0]), bad.join("a-link.ldsb")).unwrap();
    symlink("/etc/passwd", bad.join("b-passwd.ldsb")).unwrap();
    std::fs::create_dir(bad.join("c-folder.ldsb")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(bad.join("d-fifo.ldsb"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::fs::write(bad.join("e-\u{1b}[31mred.ldsb"), b"short").unwrap();
    let report = ladoshka_centre::usb::import_dir(&c.centre, &bad).unwrap();
    let lines: Vec<String> = report.iter().map(|r| r.line()).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    for (name, what) in [
        ("a-link.ldsb", "a symbolic link"),
        ("b-passwd.ldsb", "a symbolic link"),
        ("c-folder.ldsb", "a folder"),
        ("d-fifo.ldsb", "a FIFO"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("rejected {name}: it is {what}"))),
            "{name}: {lines:?}"
        );
    }
    assert!(
        lines
            .iter()
            .all(|l| !l.contains('\u{1b}') && !l.contains("root:")),
        "names escaped, nothing of the linked file printed: {lines:?}"
    );
    assert!(lines.iter().all(|l| l.starts_with("rejected")), "{lines:?}");
    assert_eq!(c.totals(), (0, 0), "nothing imported");
}

#[test]
fn an_erasure_on_the_kiosk_erases_the_centres_copy_to_the_last_byte() {
    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let k = demo_kiosk();
    let device = k.open().sync_identity().unwrap().device_id;
    let fingerprint = c.centre.public_key().fingerprint();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    // A demo family without a loan, whose parent's name and phone are nobody else's.
    let store = k.open();
    let families = store.families().unwrap();
    let family = families
        .iter()
        .find(|f| {
            let d = &f.details;
            d.phone.is_some()
                && families
                    .iter()
                    .filter(|o| o.details.parent_name == d.parent_name)
                    .count()
                    == 1
                && store.family_data(f.id).unwrap().loans.is_empty()
        })
        .expect("a demo family to erase")
        .clone();
    drop(store);
    let name = family.details.parent_name.clone();
    let phone = family.details.phone.as_ref().unwrap().as_str().to_owned();
    let db = c.layout.file(ladoshka_centre::layout::DB_FILE);
    let key_hex =
        std::fs::read_to_string(c.layout.file(ladoshka_centre::layout::DB_KEY_FILE)).unwrap();
    let mut key = [0u8; 32];
    hex::decode_to_slice(key_hex.trim(), &mut key).unwrap();
    // What the centre's store holds at rest: the SQLCipher file's pages decrypted with the
    // database key, or for PostgreSQL every byte of the rows table as the server sees it.
    let at_rest = || match &c.pg {
        None => {
            let store = ladoshka_centre::store::SqlcipherStore::open(
                &db,
                &ladoshka_centre::secrets::DbKey::from_file_bytes(key_hex.as_bytes()).unwrap(),
            )
            .unwrap();
            assert!(store.scrub().unwrap());
            drop(store);
            common::decrypted_pages(&db, &key)
        }
        Some(pg) => pg
            .psql("SELECT encode(body, 'hex') FROM outbox_rows")
            .into_bytes(),
    };
    // Text as it would be found at rest (hex for PostgreSQL's dump of the bodies).
    let held = |bytes: &[u8], text: &str| match &c.pg {
        None => common::holds(bytes, text),
        Some(_) => common::holds(bytes, &hex::encode(text)),
    };
    if c.pg.is_none() {
        // The import's frames are still in the log (the checkpoint comes later): the log is read
        // right, so its check after the erasure below means something.
        let log = common::decrypted_log(&db.with_extension("db-wal"), &key);
        assert!(
            common::holds(&log, &name),
            "the log holds the family's rows before the erasure"
        );
    }
    let before = at_rest();
    if c.pg.is_none() {
        assert!(
            common::holds(&before, &name) && common::holds(&before, &phone),
            "the centre holds the family"
        );
    } else {
        // PostgreSQL never sees a body in the clear, so neither the name nor the phone.
        assert!(
            !held(&before, &name) && !held(&before, &phone),
            "the server sees a body"
        );
    }
    let rows_before = c.totals().0;

    let by = ladoshka::domain::StaffId(1);
    let erased = k.open().erase_family(family.id, by).unwrap();
    assert!(erased.whole_family);
    let out = run(&k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    let done = c.centre.store().erasures().unwrap();
    assert_eq!(done.len(), 1, "the centre recorded the erasure");
    assert_eq!(done[0].device_id, device.to_vec());
    assert!(done[0].rows_deleted >= 3, "{done:?}");
    assert!(c.totals().0 < rows_before + 10, "the family's rows went");
    if c.pg.is_none() {
        // The import truncated the write-ahead log after the erasure; what the rest of the
        // round wrote since (the kiosk asking for its configuration, say) holds none of it.
        let log = common::decrypted_log(&db.with_extension("db-wal"), &key);
        assert!(
            !common::holds(&log, &name) && !common::holds(&log, &phone),
            "the log keeps the family"
        );
    }
    let after = at_rest();
    assert!(
        !held(&after, &name),
        "«{name}» is still in the centre's store"
    );
    assert!(
        !held(&after, &phone),
        "«{phone}» is still in the centre's store"
    );
    // The centre's report still counts everything else.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let req = ladoshka_centre::report::Request {
        first_day: today - chrono::Days::new(60),
        last_day: today,
        zone: chrono_tz::Europe::Moscow,
        today,
        format: ladoshka_centre::report::Format::Csv,
        lang: ladoshka_centre::report::Language::En,
        operator: String::new(),
    };
    let made = ladoshka_centre::report::indicators(c.centre.store(), &req).unwrap();
    assert!(made.rows > 100, "{}", made.rows);
    // The kiosk's own file too, after its erasure and checkpoint.
    let kiosk = common::decrypted_pages(&k.db_path(), k.key.as_bytes());
    assert!(!common::holds(&kiosk, &name) && !common::holds(&kiosk, &phone));
}

/// Issue 24: the round seals the next bundle while the one before is at the centre, and takes
/// each acknowledgement as it comes. A kiosk killed after the centre imported its first bundle
/// but before it took the acknowledgement (here: the bundle sent by hand, its answer dropped)
/// delivers, in its next round, every row exactly once: the bundle the centre holds is not
/// sent again, the others and a newly sealed one follow in order, each acknowledged.
#[test]
fn a_round_of_several_bundles_delivers_each_row_once_after_a_kill_between_import_and_ack() {
    use ladoshka::store::BUNDLE_ROWS;
    use ladoshka::sync::{sync_round, CentreClient};
    use ladoshka_seal::EnrolmentRequest;

    let c = TestCentre::new();
    let server = c.serve_on("127.0.0.1:0");
    let k = TempKiosk::new();
    let mut store = k.open();
    let identity = store.sync_identity().unwrap();
    let client = CentreClient::new(&server.url());
    let answer = client
        .enrol(&EnrolmentRequest {
            token: c.token(),
            device_id: identity.device_id,
            device_public_key: identity.key.public_key(),
        })
        .unwrap();
    store
        .record_enrolment(Some(&server.url()), &answer.centre_public_key)
        .unwrap();
    assert!(store
        .confirm_centre(&answer.centre_public_key.fingerprint())
        .unwrap());
    drop(store);

    add_items(&k, 1, 2 * BUNDLE_ROWS + 7);
    let rows = outbox_len(&k);
    let mut store = k.open();
    let sealed = store.seal_pending(BUNDLE_ROWS).unwrap();
    assert_eq!(sealed, 3, "{rows} rows in bundles of {BUNDLE_ROWS}");
    let first = store.pending_bundles().unwrap().remove(0);
    // The centre imports the first bundle; its acknowledgement never reaches the kiosk.
    client.send_bundle(&first.bytes).unwrap();
    assert_eq!(c.seqs(&identity.device_id).len() as u64, first.last_seq);
    drop(store);

    add_items(&k, 100_000, 3);
    let mut store = k.open();
    let report = sync_round(&mut store).unwrap();
    assert_eq!(
        (report.sealed, report.sent, report.acked_seq, report.pending),
        (1, 3, rows + 3, 0),
        "the held bundle skipped, the other two and the new one sent: {report:?}"
    );
    assert_eq!(
        c.seqs(&identity.device_id),
        (1..=rows + 3).collect::<Vec<_>>(),
        "each row once"
    );
    let status = store.sync_status().unwrap();
    assert_eq!(
        (
            status.acked_seq,
            status.pending_rows,
            status.pending_bundles
        ),
        (rows + 3, 0, 0)
    );
}

//! Issue 15 §3, the kiosk's side of trusting the centre: an acknowledgement is taken only for
//! this kiosk's own chain (a kiosk restored from an older copy of its database refuses the
//! centre's acknowledgement and marks nothing delivered); what the centre acknowledged is purged
//! from the kiosk (sealed bytes and outbox payloads), what it has not stays; the centre's key
//! fingerprint must be confirmed before anything is sealed to it.

mod common;

use std::path::{Path, PathBuf};

use common::{printed as text, run, TempKiosk};
use ladoshka::domain::{ItemState, NewRentalItem, RentalKind};
use ladoshka_centre_testing::TestCentre;
use ladoshka_seal::CentreKeys;

/// A kiosk with the demo centre's records (a few hundred outbox rows).
fn demo_kiosk() -> TempKiosk {
    let k = TempKiosk::new();
    let out = run(&k, &["demo-data"]);
    assert!(out.status.success(), "{}", text(&out));
    k
}

/// Enrols `k` with the centre at `url` and confirms the centre's fingerprint.
fn enrol(k: &TempKiosk, c: &TestCentre, url: &str) {
    let out = run(
        k,
        &[
            "enrol",
            "--centre",
            url,
            "--token",
            &c.token(),
            "--fingerprint",
            &c.centre.public_key().fingerprint(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
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

fn sync_ok(k: &TempKiosk) -> String {
    let out = run(k, &["sync"]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

/// The database file and its WAL companions.
fn db_files(k: &TempKiosk) -> Vec<PathBuf> {
    let db = k.db_path();
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| PathBuf::from(format!("{}{s}", db.display())))
        .collect()
}

/// Copies the (closed) kiosk's database files into `to`.
fn copy_db(k: &TempKiosk, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in db_files(k) {
        if f.exists() {
            std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
        }
    }
}

/// Puts the copy in `from` back in place of the kiosk's database.
fn restore_db(k: &TempKiosk, from: &Path) {
    for f in db_files(k) {
        let _ = std::fs::remove_file(&f);
        let saved = from.join(f.file_name().unwrap());
        if saved.exists() {
            std::fs::copy(&saved, &f).unwrap();
        }
    }
}

/// A raw connection to the kiosk's database, to look at what is kept.
fn raw(k: &TempKiosk) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(k.db_path()).unwrap();
    conn.execute_batch(&format!("PRAGMA key = {};", k.key.sqlcipher_literal()))
        .unwrap();
    conn
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_kiosk_restored_from_an_older_copy_refuses_the_centres_acknowledgement_and_marks_nothing() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = demo_kiosk();
    let device = k.open().sync_identity().unwrap().device_id;
    enrol(&k, &c, &server.url());
    sync_ok(&k);
    let rows = k.open().sync_status().unwrap().acked_seq;
    assert!(rows > 100, "{rows}");

    // A copy of the database now; then twelve more rows reach the centre.
    let copy = k.dir.path().join("copy");
    copy_db(&k, &copy);
    add_items(&k, 1, 12);
    sync_ok(&k);
    assert_eq!(c.seqs(&device), (1..=rows + 12).collect::<Vec<_>>());

    // The kiosk is restored from the copy and records eleven other rows under the numbers the
    // centre already holds. The centre says "held up to rows + 12": the kiosk never sealed a
    // bundle ending there, so it refuses, marks nothing, and says why.
    restore_db(&k, &copy);
    add_items(&k, 500, 11);
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains(&format!(
            "never sealed a bundle ending at row {}",
            rows + 12
        )) && said.contains("restored from an older copy")
            && said.contains("Nothing was marked as delivered"),
        "{said}"
    );
    let status = k.open().sync_status().unwrap();
    assert_eq!(status.last_error_kind.as_deref(), Some("ack_mismatch"));
    assert_eq!(status.acked_seq, rows, "nothing newly acknowledged");
    assert_eq!(
        status.pending_rows, 11,
        "the restored kiosk's own rows wait"
    );
    assert_eq!(status.pending_bundles, 1);
    let conn = raw(&k);
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM outbox WHERE seq > {rows} AND payload <> ''")
        ),
        11,
        "the rows keep their payloads"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NULL AND length(bytes) > 0"
        ),
        1
    );
    drop(conn);
    assert_eq!(
        c.seqs(&device),
        (1..=rows + 12).collect::<Vec<_>>(),
        "the centre's history is untouched"
    );

    // Restored again, twelve other rows: a bundle ends at rows + 12, but it is not the one the
    // centre holds (another hash). Refused the same way.
    restore_db(&k, &copy);
    add_items(&k, 700, 12);
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains(&format!(
            "is not the bundle this kiosk sealed ending at row {}",
            rows + 12
        )),
        "{said}"
    );
    let status = k.open().sync_status().unwrap();
    assert_eq!(status.last_error_kind.as_deref(), Some("ack_mismatch"));
    assert_eq!((status.acked_seq, status.pending_rows), (rows, 12));
    let out = run(&k, &["device-info"]);
    assert!(text(&out).contains("Last error:"), "{}", text(&out));
}

#[test]
fn acknowledged_payloads_and_bundle_bodies_are_purged_and_the_unacknowledged_stay() {
    let c = TestCentre::new();
    let server = c.serve();
    let addr = server.addr.to_string();
    let k = demo_kiosk();
    let device = k.open().sync_identity().unwrap().device_id;
    enrol(&k, &c, &server.url());
    let total = k.open().sync_status().unwrap().pending_rows;
    sync_ok(&k);

    // The centre goes away: five rows are sealed into a bundle that waits, three are not sealed.
    drop(server);
    add_items(&k, 1, 5);
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    add_items(&k, 100, 3);

    let conn = raw(&k);
    let acked = total as i64;
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM outbox WHERE seq <= {acked} AND payload <> ''")
        ),
        0,
        "no acknowledged payload remains"
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM outbox WHERE seq <= {acked}")
        ),
        acked,
        "the rows' numbers stay"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NOT NULL AND length(bytes) > 0"
        ),
        0,
        "no acknowledged bundle body remains"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NOT NULL AND length(hash) = 32"
        ),
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NOT NULL"
        ),
        "every bundle keeps its hash for the chain"
    );
    assert_eq!(
        count(
            &conn,
            &format!("SELECT count(*) FROM outbox WHERE seq > {acked} AND payload <> ''")
        ),
        8,
        "unacknowledged rows keep their payloads"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE acked_at IS NULL AND length(bytes) > 0"
        ),
        1,
        "the unacknowledged bundle keeps its sealed bytes"
    );
    drop(conn);

    // The centre is back: the waiting bundle and the new rows go, chained to the purged bundle,
    // and then they are purged too.
    let _server = c.serve_on(&addr);
    sync_ok(&k);
    assert_eq!(c.seqs(&device), (1..=total + 8).collect::<Vec<_>>());
    let conn = raw(&k);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM outbox WHERE payload <> ''"),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sync_bundles WHERE length(bytes) > 0"
        ),
        0
    );
}

#[test]
fn nothing_is_sealed_to_the_centre_before_its_fingerprint_is_confirmed() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = demo_kiosk();
    let fingerprint = c.centre.public_key().fingerprint();

    // Enrolled over plain http:// without a fingerprint: recorded, not confirmed, and it says
    // how to confirm.
    let out = run(
        &k,
        &["enrol", "--centre", &server.url(), "--token", &c.token()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("NOT confirmed"), "{}", text(&out));
    assert!(text(&out).contains(&fingerprint), "{}", text(&out));

    // Sync, the stick export and the background sync's round all refuse, saying how.
    let out = run(&k, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("has not been confirmed")
            && said.contains("ladoshka enrol --fingerprint")
            && said.contains(&fingerprint),
        "{said}"
    );
    let stick = k.dir.path().join("stick");
    let out = run(&k, &["sync", "--to-dir", stick.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("has not been confirmed"),
        "{}",
        text(&out)
    );
    assert!(!stick.exists() || std::fs::read_dir(&stick).unwrap().count() == 0);
    {
        let mut store = k.open();
        let e = ladoshka::sync::sync_round(&mut store).unwrap_err();
        assert_eq!(e.kind(), "unconfirmed");
        let status = store.sync_status().unwrap();
        assert_eq!(status.last_error_kind.as_deref(), Some("unconfirmed"));
        assert!(!status.centre_confirmed);
        assert_eq!(status.pending_bundles, 0, "nothing sealed");
    }
    assert_eq!(c.totals(), (0, 0), "nothing reached the centre");
    let out = run(&k, &["device-info"]);
    assert!(text(&out).contains("NOT confirmed"), "{}", text(&out));

    // A wrong fingerprint confirms nothing.
    let other = CentreKeys::generate().unwrap().public_key();
    let out = run(&k, &["enrol", "--fingerprint", &other.fingerprint()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("nothing was confirmed"),
        "{}",
        text(&out)
    );
    assert!(!k.open().sync_status().unwrap().centre_confirmed);
    assert_eq!(run(&k, &["sync"]).status.code(), Some(1));

    // The right one (its first 16 digits, as read aloud) confirms; then sync goes.
    let out = run(
        &k,
        &[
            "enrol",
            "--fingerprint",
            &c.centre.public_key().short_fingerprint(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(k.open().sync_status().unwrap().centre_confirmed);
    let said = sync_ok(&k);
    assert!(said.contains("sent 1"), "{said}");
    assert!(c.totals().0 > 100);
}

#[test]
fn enrolment_with_a_fingerprint_that_does_not_match_records_nothing() {
    let c = TestCentre::new();
    let server = c.serve();
    let k = demo_kiosk();
    let other = CentreKeys::generate().unwrap().public_key();
    let out = run(
        &k,
        &[
            "enrol",
            "--centre",
            &server.url(),
            "--token",
            &c.token(),
            "--fingerprint",
            &other.fingerprint(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("nothing was recorded"),
        "{}",
        text(&out)
    );
    assert!(k.open().centre().unwrap().is_none());
}

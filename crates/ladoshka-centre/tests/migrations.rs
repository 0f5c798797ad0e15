//! A centre made by an earlier build (schema version 1: no console, no configuration, no
//! places, no erasure orders) opens with this one and is brought up to date, on both engines: the tables of the
//! later versions exist afterwards, the version says so, and what it held is still there.

use ladoshka_centre::layout::{DB_FILE, DB_KEY_FILE};
use ladoshka_centre::store::SCHEMA_VERSION;
use ladoshka_centre::{init, Centre, Layout};
use ladoshka_centre_testing::TestPg;

/// What schema versions 2 to 5 added, taken away again (an older centre never had them).
const LATER_TABLES: &str = "DROP TABLE erasure_orders; DROP TABLE console_audit; DROP TABLE console_sessions; DROP TABLE users;
     DROP TABLE config_versions; DROP TABLE device_config;
     DROP TABLE token_places; DROP TABLE device_places;";

/// The later versions' tables answer, and the token kept before still enrols nothing twice.
fn brought_up_to_date(layout: &Layout) {
    let centre = Centre::open(layout).expect("an older centre opens");
    let store = centre.store();
    assert!(store.users().unwrap().is_empty());
    assert!(store.latest_config().unwrap().is_none());
    assert!(store.places().unwrap().is_empty());
    assert!(store.erasure_orders().unwrap().is_empty());
    assert_eq!(store.totals().unwrap(), (0, 0));
    assert!(store.centre_key_id().unwrap().is_some());
}

#[test]
fn a_version_1_sqlcipher_file_is_brought_up_to_date_when_opened() {
    assert_eq!(SCHEMA_VERSION, 5);
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path().join("centre"), None);
    init(&layout).unwrap();
    let key = std::fs::read_to_string(layout.file(DB_KEY_FILE)).unwrap();
    let keyed = |conn: &rusqlite::Connection| {
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.trim()))
            .unwrap();
    };
    let conn = rusqlite::Connection::open(layout.file(DB_FILE)).unwrap();
    keyed(&conn);
    conn.execute_batch(&format!("{LATER_TABLES} PRAGMA user_version = 1;"))
        .unwrap();
    drop(conn);

    brought_up_to_date(&layout);
    let conn = rusqlite::Connection::open(layout.file(DB_FILE)).unwrap();
    keyed(&conn);
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_version_1_postgres_database_is_brought_up_to_date_when_opened() {
    let pg = TestPg::start();
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path().join("centre"), None).with_database(Some(pg.url()));
    init(&layout).unwrap();
    pg.psql(&format!(
        "{LATER_TABLES} UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    ));

    brought_up_to_date(&layout);
    assert_eq!(
        pg.psql("SELECT value FROM meta WHERE key = 'schema_version'"),
        format!("{SCHEMA_VERSION}\n")
    );
}

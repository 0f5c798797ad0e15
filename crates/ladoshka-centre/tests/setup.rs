//! Setting up and opening a centre in-process: systemd credentials instead of key files, keys
//! that do not belong to the store, and many stores opened at once at process start.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use ladoshka_centre::secrets::DbKey;
use ladoshka_centre::store::StoreError;
use ladoshka_centre::{init, Centre, Layout, SetupError};
use ladoshka_seal::{CentreKeys, CentrePublicKey};

#[test]
fn init_makes_private_files_and_a_public_key_of_70_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = Layout::new(tmp.path().join("a/b/centre"), None);
    let report = init(&layout).unwrap();
    let mode = |name: &str| {
        fs::metadata(layout.file(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        fs::metadata(&layout.data_dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(mode("centre.key"), 0o600);
    assert_eq!(mode("db.key"), 0o600);
    assert_eq!(mode("centre.db"), 0o600);
    let public = fs::read(layout.file("centre.pub")).unwrap();
    assert_eq!(public.len(), 70);
    assert_eq!(
        CentrePublicKey::from_bytes(&public).unwrap(),
        report.public_key
    );
    let centre = Centre::open(&layout).unwrap();
    assert_eq!(centre.public_key(), report.public_key);
    // The store is encrypted: no SQLite header in clear.
    let db = fs::read(layout.file("centre.db")).unwrap();
    assert!(!db.starts_with(b"SQLite format 3"));
}

#[test]
fn init_twice_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = Layout::new(tmp.path().join("centre"), None);
    init(&layout).unwrap();
    let key = fs::read(layout.file("centre.key")).unwrap();
    let err = init(&layout).unwrap_err();
    assert!(
        matches!(err, SetupError::AlreadyInitialised { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("refusing to overwrite"));
    assert_eq!(fs::read(layout.file("centre.key")).unwrap(), key);
    Centre::open(&layout).unwrap();
}

#[test]
fn systemd_credentials_take_the_place_of_the_key_files() {
    let tmp = tempfile::tempdir().unwrap();
    let creds = tmp.path().join("credentials");
    fs::create_dir(&creds).unwrap();
    let keys = CentreKeys::generate().unwrap();
    fs::write(
        creds.join("centre-key"),
        keys.to_key_file_bytes().as_slice(),
    )
    .unwrap();
    fs::write(
        creds.join("db-key"),
        DbKey::generate().unwrap().to_file_bytes().as_slice(),
    )
    .unwrap();
    let layout = Layout::new(tmp.path().join("centre"), Some(creds.clone()));

    let report = init(&layout).unwrap();
    assert_eq!(report.public_key, keys.public_key());
    assert!(!layout.file("centre.key").exists(), "no key file written");
    assert!(
        !layout.file("db.key").exists(),
        "no database key file written"
    );
    assert!(layout.file("centre.pub").exists());
    let centre = Centre::open(&layout).unwrap();
    assert_eq!(centre.public_key(), keys.public_key());

    // Without the credentials the centre cannot be opened, and says what is missing.
    let bare = Layout::new(layout.data_dir.clone(), None);
    let err = Centre::open(&bare).err().unwrap();
    assert!(matches!(err, SetupError::NotInitialised { .. }), "{err}");
    assert!(err.to_string().contains("centre.key"), "{err}");
}

#[test]
fn a_database_key_that_is_not_the_stores_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = Layout::new(tmp.path().join("a"), None);
    let b = Layout::new(tmp.path().join("b"), None);
    init(&a).unwrap();
    init(&b).unwrap();
    fs::copy(b.file("db.key"), a.file("db.key")).unwrap();
    let err = Centre::open(&a).err().unwrap();
    assert!(
        matches!(err, SetupError::Store(StoreError::WrongKey { .. })),
        "{err}"
    );
    assert!(err
        .to_string()
        .contains("not the one this store was created with"));
}

#[test]
fn a_centre_key_that_is_not_the_stores_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let a = Layout::new(tmp.path().join("a"), None);
    let b = Layout::new(tmp.path().join("b"), None);
    init(&a).unwrap();
    init(&b).unwrap();
    fs::remove_file(a.file("centre.key")).unwrap();
    fs::copy(b.file("centre.key"), a.file("centre.key")).unwrap();
    let err = Centre::open(&a).err().unwrap();
    assert!(matches!(err, SetupError::KeyMismatch { .. }), "{err}");
}

#[test]
fn a_replaced_public_key_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = Layout::new(tmp.path().join("centre"), None);
    init(&layout).unwrap();
    let other = CentreKeys::generate().unwrap().public_key();
    fs::write(layout.file("centre.pub"), other.to_bytes()).unwrap();
    let err = Centre::open(&layout).err().unwrap();
    assert!(matches!(err, SetupError::PublicKeyMismatch { .. }), "{err}");
}

#[test]
fn many_centres_opened_at_once_all_open() {
    // The SQLCipher start-up gate: threads keying connections at the same first moment.
    let tmp = tempfile::tempdir().unwrap();
    let layouts: Vec<Layout> = (0..8)
        .map(|i| Layout::new(tmp.path().join(format!("c{i}")), None))
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = layouts
            .iter()
            .map(|layout| {
                s.spawn(move || {
                    init(layout).unwrap();
                    Centre::open(layout).unwrap().store().totals().unwrap()
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), (0, 0));
        }
    });
}

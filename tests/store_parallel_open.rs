//! The first stores a process opens, opened by several threads at the same moment, all open.
//! (SQLite marks itself started before SQLCipher has finished starting; a thread that keyed a
//! connection in that window used to be refused with «PRAGMA key requires a key…».)

mod common;

use std::sync::{Arc, Barrier};

use common::TempKiosk;

#[test]
fn eight_stores_opened_at_once_at_process_start_all_open() {
    const THREADS: usize = 8;
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let k = TempKiosk::new();
                std::fs::create_dir_all(k.data_dir()).unwrap();
                start.wait();
                ladoshka::store::Store::open(&k.db_path(), &k.key)
                    .map(|s| s.schema_version().unwrap())
            })
        })
        .collect();
    for h in handles {
        let opened = h.join().expect("thread");
        assert_eq!(
            opened.expect("every store opens"),
            ladoshka::store::migrations::LATEST_VERSION
        );
    }
}

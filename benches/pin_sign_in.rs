//! Staff sign-in latency, old and new PIN hashes side by side, in one run: the whole
//! `Store::attempt_sign_in` (the lock-out check, the hash, the attempt history and audit entry
//! in one committed SQLCipher transaction), timed one sign-in at a time:
//!
//! - old: a PBKDF2-HMAC-SHA256 hash at 60,000 iterations, checked as before (no rehash);
//! - new: an Argon2id hash at `PinCost::STAFF`, checked as the PIN screen does;
//! - upgrade: the first sign-in on an old hash, which also hashes the PIN with Argon2id and
//!   stores it (once per person);
//! - wrong: a wrong PIN on the new hash (as costly as a right one).
//!
//! `cargo bench --bench pin_sign_in` (release) times 15 of each; with `--bench` under
//! `cargo test` (`cargo test --bench pin_sign_in -- --bench`) too. Under a plain `cargo test`
//! it times 2 of each to prove it works. It fails if a new sign-in takes 1 s or more.

use std::time::{Duration, Instant};

use ladoshka::crypto::pin_hash::ITERATIONS;
use ladoshka::crypto::{DbKey, PinCost, PinHash, PinPepper};
use ladoshka::domain::{NewStaff, Pin, PinCheck, Role, StaffId};
use ladoshka::store::Store;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 15 } else { 2 };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), &DbKey::from_bytes([7; 32])).unwrap();
    let pepper = PinPepper::from_bytes([3; 32]);
    let pin = Pin::parse("2580").unwrap();
    let wrong = Pin::parse("2581").unwrap();
    let now = ladoshka::platform::clock::now();
    let old_hash = PinHash::with_iterations(&pin, &pepper, ITERATIONS);
    let new_hash = PinHash::new(&pin, &pepper);
    // One colleague per timed sign-in: an upgrade happens once per person, and four wrong PINs
    // in a row would lock one.
    let mut colleagues = |hash: &PinHash| -> Vec<StaffId> {
        store
            .write(|w| {
                (0..runs)
                    .map(|_| {
                        w.insert_staff(
                            &NewStaff::new("Анна", "Сергеевна", "Сафина", Role::Psychologist)?,
                            hash,
                        )
                    })
                    .collect()
            })
            .unwrap()
    };
    let (old, new, upgrade, wrong_on_new) = (
        colleagues(&old_hash),
        colleagues(&new_hash),
        colleagues(&old_hash),
        colleagues(&new_hash),
    );
    let mut sign_in = |who: &[StaffId], typed: &Pin, rehash: bool| -> Vec<Duration> {
        who.iter()
            .map(|&id| {
                let t = Instant::now();
                let check = if rehash {
                    store.attempt_sign_in(id, now, |h| h.check(typed, &pepper, PinCost::STAFF))
                } else {
                    store.attempt_sign_in(id, now, |h| h.verify(typed, &pepper))
                }
                .unwrap();
                let took = t.elapsed();
                assert!(
                    matches!(check, PinCheck::Accepted | PinCheck::Wrong { .. }),
                    "{check:?}"
                );
                assert_eq!(matches!(check, PinCheck::Accepted), typed == &pin);
                took
            })
            .collect()
    };
    let rows = [
        (
            "old: PBKDF2-HMAC-SHA256, 60,000 iterations",
            sign_in(&old, &pin, false),
        ),
        (
            "new: Argon2id, 64 MiB, 3 passes, 1 lane",
            sign_in(&new, &pin, true),
        ),
        (
            "upgrade: first sign-in on an old hash (+ rehash)",
            sign_in(&upgrade, &pin, true),
        ),
        (
            "wrong PIN on the new hash",
            sign_in(&wrong_on_new, &wrong, true),
        ),
    ];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut slowest_new = Duration::ZERO;
    for (what, mut times) in rows {
        times.sort();
        println!(
            "{what:<50} min {:>7.1} ms   median {:>7.1} ms   max {:>7.1} ms   ({runs} runs)",
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(*times.last().unwrap())
        );
        if !what.starts_with("old") {
            slowest_new = slowest_new.max(*times.last().unwrap());
        }
    }
    let upgraded = store.attempt_sign_in(upgrade[0], now, |h| !h.needs_rehash(PinCost::STAFF));
    assert_eq!(
        upgraded.unwrap(),
        PinCheck::Accepted,
        "the upgrade stored an Argon2id hash"
    );
    assert!(
        slowest_new < Duration::from_secs(1),
        "a sign-in must take under 1 s: the slowest took {slowest_new:?}"
    );
}

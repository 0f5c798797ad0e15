//! What encryption costs: one committed write with its outbox row, and a 10,000-row batch,
//! each on an encrypted (SQLCipher) and an unencrypted database, both with WAL and
//! synchronous=FULL. Run: `make bench` (or `cargo bench --bench store_write`).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ladoshka::crypto::DbKey;
use ladoshka::domain::NewFamily;
use ladoshka::store::Store;

fn open(dir: &tempfile::TempDir, encrypted: bool) -> Store {
    let path = dir.path().join("bench.db");
    if encrypted {
        Store::open(&path, &DbKey::from_bytes([42; 32])).unwrap()
    } else {
        Store::open_unencrypted_for_comparison(&path).unwrap()
    }
}

fn family(i: usize) -> NewFamily {
    NewFamily::new(
        "Хайруллины",
        &format!("Хайруллина Алия {}", ["Рамилевна", "Ильдаровна"][i % 2]),
        Some("+7 917 123-45-67"),
    )
    .unwrap()
}

fn single_write(c: &mut Criterion) {
    let mut group = c.benchmark_group("single committed write + outbox row");
    for (name, encrypted) in [("sqlcipher", true), ("plain sqlite", false)] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir, encrypted);
        let mut i = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                i += 1;
                store.write(|w| w.insert_family(&family(i))).unwrap()
            })
        });
    }
    group.finish();
}

fn batch_write(c: &mut Criterion) {
    let mut group = c.benchmark_group("10000 writes + outbox rows in one transaction");
    group.sample_size(10);
    for (name, encrypted) in [("sqlcipher", true), ("plain sqlite", false)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let store = open(&dir, encrypted);
                    (dir, store)
                },
                |(dir, mut store)| {
                    store
                        .write(|w| {
                            for i in 0..10_000 {
                                w.insert_family(&family(i))?;
                            }
                            Ok(())
                        })
                        .unwrap();
                    drop(store);
                    dir
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, single_write, batch_write);
criterion_main!(benches);

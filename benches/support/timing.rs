//! Shared by the benchmarks: p50, p99 and the worst of a set of timed runs, in milliseconds.

use std::time::{Duration, Instant};

pub fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| ms(times[((times.len() as f64 - 1.0) * p).round() as usize]);
    (at(0.5), at(0.99), ms(*times.last().unwrap()))
}

/// `f` once to warm up (the page cache, the allocator), then `runs` timed runs of it:
/// [`percentiles`] of those. Not every benchmark times a closure.
#[allow(dead_code)]
pub fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    f();
    percentiles(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

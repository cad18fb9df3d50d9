//! Trace-file and cursor speed on the lecture's race (s8, full size):
//! `cargo bench -p tracer-core --bench trace [-- SCRIPT.py]`.
//!
//! Prints the recording time, the `.ron` size, load + verify time and its
//! ratio to the recording, random-seek and single-step percentiles, and the
//! checkpoints' memory. Targets (issue "Trace files"): `.ron` <= 2 MB,
//! load + verify <= 2x the recording, seek p99 <= 16 ms, step forward/back
//! <= 1 ms. A benchmark: it asserts nothing.

#![expect(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    reason = "rates, ratios and percentiles of counts"
)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracer_core::sched::Rng;
use tracer_core::trace::{CheckpointPolicy, Cursor, RunConfig, Scheduling, Script, record};
use tracer_core::tracefile;

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| {
            std::path::Path::new(a)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("py"))
        })
        .map_or_else(
            || {
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../tests/listings/s8_race_vs_lock.py")
            },
            PathBuf::from,
        );
    let script = Script {
        name: path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        source: std::fs::read_to_string(&path).expect("read the script"),
    };
    let started = Instant::now();
    let plain = record(
        &script,
        RunConfig::default(),
        Scheduling::Seeded,
        CheckpointPolicy::NONE,
    )
    .expect("compiles");
    let record_time = started.elapsed();
    println!("script: {}  steps: {}", script.name, plain.trace.steps);
    println!("record (no checkpoints): {record_time:.2?}");

    let dir = tempfile::tempdir().expect("temp dir");
    let file_path = dir.path().join("trace.ron");
    tracefile::save(&tracefile::to_file(&plain.trace), &file_path, false).expect("save");
    let size = std::fs::metadata(&file_path).expect("saved").len();
    println!(
        ".ron size: {:.1} KB (target <= 2048 KB)",
        size as f64 / 1024.0
    );

    let started = Instant::now();
    let file = tracefile::load(&file_path).expect("load");
    let replayed = tracefile::replay(&file, false, CheckpointPolicy::default()).expect("replay");
    tracefile::verify(&file, &replayed).expect("verify");
    let load_time = started.elapsed();
    println!(
        "load + verify (with checkpoints): {load_time:.2?} = {:.2}x the recording (target <= 2x)",
        load_time.as_secs_f64() / record_time.as_secs_f64()
    );
    let checkpoints = &replayed.checkpoints;
    println!(
        "checkpoints: {} every {} steps, {:.1} MB (budget {} MB)",
        checkpoints.len(),
        checkpoints.interval(),
        checkpoints.bytes() as f64 / 1e6,
        CheckpointPolicy::default().budget_bytes >> 20
    );

    let steps = replayed.trace.steps;
    let mut cursor = Cursor::new(Arc::new(replayed));
    let mut rng = Rng::new(7);
    let seeks: Vec<Duration> = (0..200)
        .map(|_| {
            let target = rng.below(steps);
            let t = Instant::now();
            cursor.seek(target);
            t.elapsed()
        })
        .collect();
    report("random seek", seeks, "p99 <= 16 ms");
    let middle = steps / 2;
    cursor.seek(middle);
    let forward: Vec<Duration> = (1..=500)
        .map(|i| {
            let t = Instant::now();
            cursor.seek(middle + i);
            t.elapsed()
        })
        .collect();
    report("step forward", forward, "<= 1 ms");
    let back: Vec<Duration> = (1..=500)
        .map(|i| {
            let t = Instant::now();
            cursor.seek(middle + 500 - i);
            t.elapsed()
        })
        .collect();
    report("step back", back, "<= 1 ms");
    let t = Instant::now();
    let state = cursor.state();
    println!(
        "state at a step: {:.2?} ({} threads, {} objects)",
        t.elapsed(),
        state.threads.len(),
        state.objects.len()
    );
    println!(
        "checkpoint memory incl. near ones: {:.1} MB",
        cursor.checkpoint_bytes() as f64 / 1e6
    );
}

fn report(what: &str, mut times: Vec<Duration>, target: &str) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{what}: p50 {:.3?}  p99 {:.3?}  max {:.3?}  (target {target})",
        at(0.5),
        at(0.99),
        times[times.len() - 1]
    );
}

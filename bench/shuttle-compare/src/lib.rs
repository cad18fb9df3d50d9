//! The workload both sides of the comparison run: `threads` threads each
//! doing `iterations` unsynchronised read-modify-writes of one counter.
//! Run it with `cargo bench -p shuttle-compare`.

use std::time::{Duration, Instant};

use tracer_core::explore::{FailureKind, Plan, explore};
use tracer_core::sched::{GilModel, SchedConfig, StrategyKind};
use tracer_core::trace::{RunConfig, Script};

/// The counter race as a Python script: `threads` threads, each adding 1
/// to a global `iterations` times (`count += 1`: load, add, store).
#[must_use]
pub fn counter_script(threads: usize, iterations: usize) -> Script {
    Script {
        name: format!("counter_{threads}x{iterations}.py"),
        source: format!(
            "import threading\n\
             count = 0\n\
             def work():\n    global count\n    for _ in range({iterations}):\n        count += 1\n\
             ts = [threading.Thread(target=work) for _ in range({threads})]\n\
             for t in ts:\n    t.start()\n\
             for t in ts:\n    t.join()\n\
             print(count)\n"
        ),
    }
}

/// Runs `interleave explore --strategy random --gil cpython-3.9` on the
/// counter race for `schedules` seeds on `jobs` worker threads; returns
/// the time taken and how many runs lost an update.
#[must_use]
pub fn interleave_random(
    threads: usize,
    iterations: usize,
    schedules: u64,
    jobs: usize,
) -> (Duration, usize) {
    let plan = Plan {
        script: counter_script(threads, iterations),
        config: RunConfig {
            sched: SchedConfig {
                gil: GilModel::Cpython39,
                strategy: StrategyKind::Random,
                ..SchedConfig::default()
            },
            ..RunConfig::default()
        },
        seeds: 0..schedules,
        fail_on: vec![FailureKind::LostUpdate],
        jobs,
    };
    let started = Instant::now();
    let results = explore(&plan, &|_, _| {}).expect("the counter script compiles");
    let failing = results.iter().filter(|r| !r.failures.is_empty()).count();
    (started.elapsed(), failing)
}

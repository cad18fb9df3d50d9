//! PCT keeps its promise (Burckhardt et al., ASPLOS 2010): a bug of depth
//! `d` in a run of `n` threads and `k` switch points is found with
//! probability at least `1/(n·k^(d-1))` per run. The seeds are fixed, so
//! the count below is too: the test checks it against the bound.

use tracer_core::explore::{FailureKind, Plan, RunResult, explore};
use tracer_core::sched::{GilModel, PctParams, SchedConfig, StrategyKind};
use tracer_core::trace::{RunConfig, Script};

/// A depth-2 ordering bug: the reader must run after the writer's first
/// store and before its second (one ordering constraint between the
/// threads' starts, one preemption in the writer).
const HALF_DONE_UPDATE: &str = include_str!("../../tests/fixtures/scripts/half_done_update.py");

/// Threads of the script: the main thread, the writer and the reader.
const THREADS: u64 = 3;

fn runs(strategy: StrategyKind, seeds: std::ops::Range<u64>) -> Vec<RunResult> {
    let plan = Plan {
        script: Script {
            name: "half_done_update.py".to_owned(),
            source: HALF_DONE_UPDATE.to_owned(),
        },
        config: RunConfig {
            sched: SchedConfig {
                gil: GilModel::Cpython39,
                strategy,
                ..SchedConfig::default()
            },
            ..RunConfig::default()
        },
        seeds,
        fail_on: vec![FailureKind::Exception],
        jobs: 2,
    };
    explore(&plan, &|_, _| {}).expect("the script compiles")
}

#[test]
fn pct_finds_a_depth_2_bug_at_least_as_often_as_its_guarantee() {
    // Every instruction is a switch point under 3.9's model, so a run's
    // instruction count bounds its switch points: the horizon k.
    let probe = runs(StrategyKind::Pct(PctParams::default()), 0..8);
    let k = probe.iter().map(|r| r.steps).max().expect("runs");
    let seeds = 400;
    let pct = StrategyKind::Pct(PctParams {
        depth: 2,
        horizon: k,
    });
    let found = runs(pct, 0..seeds)
        .iter()
        .filter(|r| !r.failures.is_empty())
        .count() as u64;
    let guaranteed = seeds.div_ceil(THREADS * k);
    eprintln!(
        "PCT(depth 2, horizon {k}): the bug in {found} of {seeds} runs (guaranteed {guaranteed})"
    );
    assert!(
        found >= guaranteed,
        "PCT(depth 2, horizon {k}) found the bug in {found} of {seeds} runs; \
         its guarantee is 1/(n·k) = 1/{}, at least {guaranteed} runs",
        THREADS * k
    );
    // The bug exists only under the ordering PCT aims at: depth 1 (no
    // change point) never finds it.
    let depth_1 = StrategyKind::Pct(PctParams {
        depth: 1,
        horizon: k,
    });
    assert!(runs(depth_1, 0..100).iter().all(|r| r.failures.is_empty()));
}

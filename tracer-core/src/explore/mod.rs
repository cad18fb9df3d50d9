//! Exploring many schedules of one script: run it under a range of seeds
//! in parallel, classify each run's failures, and shrink a failing
//! schedule to few preemptions.
//!
//! Every run is an ordinary [`record`] with its own seed, so each is
//! deterministic by itself and reproducible with `interleave run --seed`;
//! the workers only share a counter of the next seed to try, and results
//! come back in seed order whatever the number of workers.

mod exhaustive;
mod failure;
mod plan;
mod pool;
mod prefix;
mod shrink;

use std::ops::Range;
use std::sync::Arc;

pub use self::exhaustive::{Coverage, Exhaustive, ExhaustivePlan, exhaust};
pub use self::failure::{Failure, FailureKind, failures};
pub use self::shrink::{MAX_RUNS, Shrunk, shrink};

use self::prefix::Prefix;
use crate::trace::{RecordedVm, RunConfig, Scheduling, Script, Trace, prepare, record_from};
use interleave_lang::{CompileCache, CompileError};
use interleave_vm::sched::{Decision, Reason};
use interleave_vm::{Outcome, Vm};

/// What to explore: a script, the options of every run (the seed varies),
/// the seeds and the failures to look for.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The script.
    pub script: Script,
    /// Options of every run; `config.sched.seed` is replaced by each seed.
    pub config: RunConfig,
    /// The seeds to run, one schedule each.
    pub seeds: Range<u64>,
    /// The kinds of failure that count.
    pub fail_on: Vec<FailureKind>,
    /// Worker threads (at least one is used).
    pub jobs: usize,
}

impl Plan {
    /// The options of the run with `seed`.
    #[must_use]
    pub fn config_for(&self, seed: u64) -> RunConfig {
        let mut config = self.config;
        config.sched.seed = seed;
        config
    }
}

/// What one schedule did, without its (possibly large) trace.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The seed (in exhaustive mode, the schedule's number in the order
    /// the schedules ran).
    pub seed: u64,
    /// What the program printed.
    pub stdout: Vec<u8>,
    /// How the run ended.
    pub outcome: Outcome,
    /// Its failures among the plan's kinds (empty: it passed).
    pub failures: Vec<Failure>,
    /// Preemptions in its schedule.
    pub preemptions: usize,
    /// Instructions executed.
    pub steps: u64,
}

/// What [`explore`] tells its caller after each run: the run's result,
/// and a way to record that run in full (its [`Trace`], exactly as
/// `interleave run --seed` records it: to save a failing run), on the
/// worker that ran it, in no particular order.
pub type OnRun<'a> = dyn Fn(&RunResult, &dyn Fn() -> Trace) + Sync + 'a;

/// Runs every seed of `plan` on `plan.jobs` threads and returns the results
/// in seed order, calling `on_run` after each. The part of the run before
/// the scheduler's first seeded choice is executed once (see [`prefix`]),
/// and each run records only what its failures are found from (see
/// [`Vm::record_analyses_only`]): the full recording of a run is made
/// again, on request, from its seed.
///
/// # Errors
/// When the script does not compile (checked once, before any run).
pub fn explore(plan: &Plan, on_run: &OnRun<'_>) -> Result<Vec<RunResult>, CompileError> {
    let compilations = Arc::new(CompileCache::default());
    let prefix = Prefix::new(&plan.script, plan.config, &compilations)?;
    let start = |seed: u64| -> Vm {
        match &prefix {
            Some(prefix) => prefix.start(seed),
            None => prepare(
                &plan.script,
                plan.config_for(seed),
                Scheduling::Seeded,
                &compilations,
            )
            .expect("the script compiled before the runs started"),
        }
    };
    let seeds: Vec<u64> = plan.seeds.clone().collect();
    Ok(pool::map_ordered(&seeds, plan.jobs, &|&seed| {
        let config = plan.config_for(seed);
        let mut vm = start(seed);
        vm.record_analyses_only(plan.fail_on.contains(&FailureKind::Race));
        let result = summarize(seed, &record_from(&plan.script, config, vm), &plan.fail_on);
        on_run(&result, &|| record_from(&plan.script, config, start(seed)));
        result
    }))
}

/// The result of the run with `seed` (or schedule number) that recorded
/// `trace`.
fn summarize(seed: u64, trace: &Trace, fail_on: &[FailureKind]) -> RunResult {
    RunResult {
        seed,
        stdout: trace.stdout.clone(),
        outcome: trace.outcome.clone(),
        failures: failures(trace, fail_on),
        preemptions: preemptions(&trace.schedule),
        steps: trace.steps,
    }
}

/// The number of preemptions in a schedule: decisions with
/// [`Reason::Preempted`] that switched to another thread.
#[must_use]
pub fn preemptions(schedule: &[Decision]) -> usize {
    schedule
        .windows(2)
        .filter(|w| w[1].reason == Reason::Preempted && w[1].thread != w[0].thread)
        .count()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::{FailureKind, Plan, explore, summarize};
    use crate::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, record};
    use interleave_vm::sched::{GilModel, PctParams, SchedConfig, StrategyKind};

    /// A lost update on `count`, and threads that wait for a lock.
    const RACE_AND_WAITS: &str = "import threading\n\
        count = 0\n\
        lock = threading.Lock()\n\
        def work():\n    global count\n    for _ in range(15):\n        count += 1\n        with lock:\n            pass\n\
        ts = [threading.Thread(target=work) for _ in range(3)]\n\
        for t in ts:\n    t.start()\n\
        for t in ts:\n    t.join()\n\
        print(count)\n";

    fn plan(strategy: StrategyKind, gil: GilModel, fail_on: &[FailureKind]) -> Plan {
        Plan {
            script: Script {
                name: "race.py".into(),
                source: RACE_AND_WAITS.into(),
            },
            config: RunConfig {
                sched: SchedConfig {
                    gil,
                    strategy,
                    ..SchedConfig::default()
                },
                ..RunConfig::default()
            },
            seeds: 0..4,
            fail_on: fail_on.to_vec(),
            jobs: 2,
        }
    }

    /// Each run records only its analyses, yet its result is the one a
    /// full recording of that seed gives, and the full trace handed to
    /// `on_run` is exactly a fresh recording's.
    #[test]
    fn results_and_full_traces_equal_fresh_recordings() {
        // Without races among the kinds, runs skip the race analysis too.
        let (all, default) = (&FailureKind::ALL[..], &FailureKind::DEFAULT[..]);
        for (strategy, gil, fail_on) in [
            (StrategyKind::Random, GilModel::Cpython39, all),
            (StrategyKind::Random, GilModel::Cpython39, default),
            (StrategyKind::Random, GilModel::FreeThreaded, all),
            (StrategyKind::Random, GilModel::FreeThreaded, default),
            (
                StrategyKind::Pct(PctParams::default()),
                GilModel::Cpython39,
                all,
            ),
            (
                StrategyKind::Pct(PctParams::default()),
                GilModel::FreeThreaded,
                all,
            ),
        ] {
            let plan = plan(strategy, gil, fail_on);
            let full = Mutex::new(Vec::new());
            let results = explore(&plan, &|result, trace| {
                full.lock().expect("no panic").push((result.seed, trace()));
            })
            .expect("compiles");
            let mut full = full.into_inner().expect("no panic");
            full.sort_by_key(|(seed, _)| *seed);
            assert!(results.iter().any(|r| !r.failures.is_empty()));
            for (result, (seed, trace)) in results.iter().zip(&full) {
                let config = plan.config_for(*seed);
                let fresh = record(
                    &plan.script,
                    config,
                    Scheduling::Seeded,
                    CheckpointPolicy::NONE,
                )
                .expect("compiles")
                .trace;
                let what = format!("{strategy:?} {gil:?} seed {seed}");
                assert_eq!(
                    format!("{result:?}"),
                    format!("{:?}", summarize(*seed, &fresh, &plan.fail_on)),
                    "{what}"
                );
                assert!(
                    format!("{trace:?}") == format!("{fresh:?}"),
                    "{what}: traces differ"
                );
                assert!(
                    !fresh.contention.is_empty(),
                    "{what}: locks were waited for"
                );
            }
        }
    }
}

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

pub use self::exhaustive::{Coverage, Exhaustive, ExhaustivePlan, exhaust};
pub use self::failure::{Failure, FailureKind, failures};
pub use self::shrink::{MAX_RUNS, Shrunk, shrink};

use self::prefix::Prefix;
use crate::lang::CompileError;
use crate::sched::{Decision, Reason};
use crate::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, Trace, record};
use crate::vm::Outcome;

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

/// Runs every seed of `plan` on `plan.jobs` threads and returns the results
/// in seed order. `on_run` sees each finished trace with its result (to
/// save it, or count progress), on the worker that ran it, in no
/// particular order. The part of the run before the scheduler's first
/// seeded choice is executed once (see [`prefix`]).
///
/// # Errors
/// When the script does not compile (checked once, before any run).
pub fn explore(
    plan: &Plan,
    on_run: &(dyn Fn(&Trace, &RunResult) + Sync),
) -> Result<Vec<RunResult>, CompileError> {
    let prefix = Prefix::new(&plan.script, plan.config)?;
    let seeds: Vec<u64> = plan.seeds.clone().collect();
    Ok(pool::map_ordered(&seeds, plan.jobs, &|&seed| {
        let config = plan.config_for(seed);
        let trace = match &prefix {
            Some(prefix) => prefix.finish(&plan.script, config),
            None => {
                record(
                    &plan.script,
                    config,
                    Scheduling::Seeded,
                    CheckpointPolicy::NONE,
                )
                .expect("the script compiled before the runs started")
                .trace
            }
        };
        let result = summarize(seed, &trace, &plan.fail_on);
        on_run(&trace, &result);
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

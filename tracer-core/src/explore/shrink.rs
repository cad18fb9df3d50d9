//! Shrinking a failing schedule to few preemptions.
//!
//! Candidates are edits of the failing schedule's [`LocalPlan`] (decisions
//! counted in each thread's own instructions, so removing one keeps the
//! others in place), run with [`FollowPlan`]. Where a candidate cannot be
//! followed, the running thread keeps going or the runnable thread that has
//! run least goes next. Only the schedule a candidate run actually took is kept, so
//! whatever the shrinker ends with replays exactly.
//!
//! Three passes, each keeping a candidate only if it fails the same way
//! with fewer preemptions: the shortest failing prefix (binary search on
//! the number of preemptions kept), then the last 1, 2, 4, ... preemptions
//! alone, then greedy removal of single preemptions until nothing helps,
//! then each remaining preemption alone switching to each thread; at most
//! [`MAX_RUNS`] runs in all.

use super::failure::{FailureKind, failures};
use super::plan::{FollowPlan, LocalPlan};
use super::preemptions;
use crate::lang::CompileError;
use crate::sched::Decision;
use crate::trace::{CheckpointPolicy, RunConfig, Scheduling, Script, Trace, record};

/// A shrunk failing run.
#[derive(Clone, Debug)]
pub struct Shrunk {
    /// The run under the shrunk schedule (`trace.schedule` replays it).
    pub trace: Trace,
    /// Preemptions in the schedule shrinking started from.
    pub before: usize,
    /// Preemptions in the shrunk schedule.
    pub after: usize,
    /// Runs it took.
    pub runs: usize,
}

/// Most runs one shrink makes.
pub const MAX_RUNS: usize = 400;

/// Searches for a schedule with fewer preemptions than `schedule` (a run
/// of `script` under `config`) that still fails as `kind`. Returns `None`
/// if `schedule` itself does not fail that way.
///
/// # Errors
/// When the script does not compile.
pub fn shrink(
    script: &Script,
    config: RunConfig,
    schedule: &[Decision],
    kind: FailureKind,
) -> Result<Option<Shrunk>, CompileError> {
    let mut search = Search {
        script,
        config,
        kind,
        runs: 0,
    };
    let Some(mut best) = search.failing(Scheduling::Replay(schedule))? else {
        return Ok(None);
    };
    let before = preemptions(&best.schedule);
    search.shortest_prefix(&mut best)?;
    while search.runs < MAX_RUNS && search.remove_some(&mut best)? {}
    search.single(&mut best)?;
    Ok(Some(Shrunk {
        after: preemptions(&best.schedule),
        trace: best,
        before,
        runs: search.runs,
    }))
}

/// The fixed inputs of a search and the runs made so far.
struct Search<'a> {
    script: &'a Script,
    config: RunConfig,
    kind: FailureKind,
    runs: usize,
}

impl Search<'_> {
    /// Runs the script; the run if it fails as `self.kind`.
    fn failing(&mut self, scheduling: Scheduling<'_>) -> Result<Option<Trace>, CompileError> {
        self.runs += 1;
        let trace = record(self.script, self.config, scheduling, CheckpointPolicy::NONE)?.trace;
        let fails = !failures(&trace, &[self.kind]).is_empty();
        Ok(fails.then_some(trace))
    }

    /// Runs `plan`; `true` if it fails as `self.kind`, and then it replaces
    /// `best` if it has fewer preemptions.
    fn attempt(&mut self, plan: LocalPlan, best: &mut Trace) -> Result<bool, CompileError> {
        let strategy = FollowPlan::new(plan);
        let Some(trace) = self.failing(Scheduling::Strategy(&strategy))? else {
            return Ok(false);
        };
        if preemptions(&trace.schedule) < preemptions(&best.schedule) {
            *best = trace;
        }
        Ok(true)
    }

    /// Binary search for the fewest leading preemptions of `best` that
    /// still fail.
    fn shortest_prefix(&mut self, best: &mut Trace) -> Result<(), CompileError> {
        let plan = LocalPlan::of(&best.schedule);
        let (mut lo, mut hi) = (0, plan.preemptions());
        while lo < hi && self.runs < MAX_RUNS {
            let mid = usize::midpoint(lo, hi);
            if self.attempt(plan.keeping(|i| i < mid), best)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(())
    }

    /// Tries each preemption of `best` alone, switching to each thread.
    fn single(&mut self, best: &mut Trace) -> Result<(), CompileError> {
        if preemptions(&best.schedule) <= 1 {
            return Ok(());
        }
        for candidate in LocalPlan::of(&best.schedule).single_preemptions() {
            if self.runs >= MAX_RUNS
                || self.attempt(candidate, best)? && preemptions(&best.schedule) <= 1
            {
                break;
            }
        }
        Ok(())
    }

    /// Tries the last 1, 2, 4, ... preemptions of `best` alone, then `best`
    /// without one of its preemptions; `true` once one fails with fewer.
    fn remove_some(&mut self, best: &mut Trace) -> Result<bool, CompileError> {
        let count = preemptions(&best.schedule);
        let plan = LocalPlan::of(&best.schedule);
        let n = plan.preemptions();
        let suffixes = std::iter::successors(Some(1), |s| Some(s * 2)).take_while(|&s| s < n);
        let mut candidates: Vec<LocalPlan> =
            suffixes.map(|s| plan.keeping(|i| i >= n - s)).collect();
        candidates.extend((0..n).map(|drop| plan.keeping(|i| i != drop)));
        for candidate in candidates {
            if self.runs >= MAX_RUNS {
                break;
            }
            self.attempt(candidate, best)?;
            if preemptions(&best.schedule) < count {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

//! Shrinking a failing schedule to few preemptions.
//!
//! Candidates are edits of the failing schedule's [`LocalPlan`] (decisions
//! counted in each thread's own instructions, so removing one keeps the
//! others in place), run with [`FollowPlan`]. Where a candidate cannot be
//! followed, the running thread keeps going or the runnable thread that has
//! run least goes next. Only the schedule a candidate run actually took is kept, so
//! whatever the shrinker ends with replays exactly.
//!
//! First, for a lost update, the preemption that let it happen alone: the
//! last one of the thread whose write was stale before that write (one
//! preemption is the minimum for a lost update). Then passes that keep a
//! candidate only if it fails the same way with fewer preemptions: the
//! shortest failing prefix (binary search on the number of preemptions
//! kept), the last 1, 2, 4, ... preemptions alone, greedy removal of
//! single preemptions until nothing helps, each remaining preemption alone
//! switching to each thread. Last, with the fewest preemptions found, each
//! preemption moves as early in its thread as it can (binary search) while
//! the run still fails: the failure then shows after the fewest steps. At
//! most [`MAX_RUNS`] runs in all.

use super::failure::{FailureKind, failures};
use super::plan::{FollowPlan, LocalPlan};
use super::preemptions;
use std::sync::Arc;

use crate::trace::{RunConfig, Scheduling, Script, Trace, prepare, record_from};
use interleave_lang::{CompileCache, CompileError};
use interleave_vm::sched::Decision;

/// A shrunk failing run.
#[derive(Clone, Debug)]
pub struct Shrunk {
    /// The run under the shrunk schedule (`trace.schedule` replays it).
    pub trace: Trace,
    /// Preemptions in the schedule shrinking started from.
    pub before: usize,
    /// Preemptions in the shrunk schedule.
    pub after: usize,
    /// Step at which the failure first showed, before shrinking.
    pub failed_at_before: u64,
    /// Step at which the failure first shows in the shrunk run.
    pub failed_at_after: u64,
    /// Runs it took.
    pub runs: usize,
}

/// Most runs one shrink makes.
pub const MAX_RUNS: usize = 400;

/// Where the culprit preemption is tried, relative to where it was.
const CULPRIT_SHIFTS: [i64; 7] = [0, -1, 1, -2, 2, -3, 3];

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
        compilations: Arc::default(),
    };
    let Some(mut best) = search.failing(Scheduling::Replay(schedule))? else {
        return Ok(None);
    };
    let before = preemptions(&best.schedule);
    let failed_at_before = failed_at(&best, kind);
    search.culprit(&mut best)?;
    if preemptions(&best.schedule) > 1 {
        search.shortest_prefix(&mut best)?;
        while search.runs < MAX_RUNS && search.remove_some(&mut best)? {}
        search.single(&mut best)?;
    }
    search.earliest(&mut best)?;
    Ok(Some(Shrunk {
        after: preemptions(&best.schedule),
        failed_at_before,
        failed_at_after: failed_at(&best, kind),
        trace: best,
        before,
        runs: search.runs,
    }))
}

/// The step at which `trace` first fails as `kind`: the stale write of a
/// lost update, the second access of a race, the end of the run otherwise.
fn failed_at(trace: &Trace, kind: FailureKind) -> u64 {
    let finding = match kind {
        FailureKind::LostUpdate => trace.lost_updates.first(),
        FailureKind::Race => trace.races.first(),
        FailureKind::Exception | FailureKind::Deadlock => None,
    };
    finding.map_or(trace.steps, |f| f.step)
}

/// How good a failing run is: fewer preemptions, then an earlier failure,
/// then fewer steps.
fn score(trace: &Trace, kind: FailureKind) -> (usize, u64, u64) {
    (
        preemptions(&trace.schedule),
        failed_at(trace, kind),
        trace.steps,
    )
}

/// The fixed inputs of a search and the runs made so far.
struct Search<'a> {
    script: &'a Script,
    config: RunConfig,
    kind: FailureKind,
    runs: usize,
    /// The script and what it imports, compiled once for every run.
    compilations: Arc<CompileCache>,
}

impl Search<'_> {
    /// Runs the script; the run if it fails as `self.kind`.
    fn failing(&mut self, scheduling: Scheduling<'_>) -> Result<Option<Trace>, CompileError> {
        self.runs += 1;
        let vm = prepare(self.script, self.config, scheduling, &self.compilations)?;
        let trace = record_from(self.script, self.config, vm);
        let fails = !failures(&trace, &[self.kind]).is_empty();
        Ok(fails.then_some(trace))
    }

    /// Runs `plan`; `true` if it fails as `self.kind`, and then it replaces
    /// `best` if it scores better (see [`score`]).
    fn attempt(&mut self, plan: LocalPlan, best: &mut Trace) -> Result<bool, CompileError> {
        let strategy = FollowPlan::new(plan);
        let Some(trace) = self.failing(Scheduling::Strategy(&strategy))? else {
            return Ok(false);
        };
        if score(&trace, self.kind) < score(best, self.kind) {
            *best = trace;
        }
        Ok(true)
    }

    /// For a lost update: the preemption of the stale writer just before
    /// its write, alone, switching to each other thread.
    fn culprit(&mut self, best: &mut Trace) -> Result<(), CompileError> {
        let Some(lost) = best
            .lost_updates
            .first()
            .filter(|_| self.kind == FailureKind::LostUpdate)
        else {
            return Ok(());
        };
        let plan = LocalPlan::of(&best.schedule);
        let Some(index) = plan.last_preemption_of(lost.thread, lost.step) else {
            return Ok(());
        };
        let Some((_, local)) = plan.position(index) else {
            return Ok(());
        };
        // The thread's own instruction count to the read may differ by a
        // few in a run with fewer switches (lock waits in the prelude).
        for shift in CULPRIT_SHIFTS {
            let Some(at) = local.checked_add_signed(shift).filter(|&at| at > 0) else {
                continue;
            };
            for candidate in plan.moved(index, at).only(index) {
                if self.runs >= MAX_RUNS || self.attempt(candidate, best)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Moves each preemption of `best` as early in its thread as it can go
    /// with the run still failing (binary search on the position).
    fn earliest(&mut self, best: &mut Trace) -> Result<(), CompileError> {
        let count = LocalPlan::of(&best.schedule).preemptions();
        for index in 0..count {
            let plan = LocalPlan::of(&best.schedule);
            let Some((mut lo, mut hi)) = plan.position(index) else {
                break;
            };
            while lo < hi && self.runs < MAX_RUNS {
                let mid = u64::midpoint(lo, hi);
                if self.attempt(plan.moved(index, mid), best)? {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
        }
        Ok(())
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

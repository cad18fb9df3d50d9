//! Shrinking a failing schedule to few preemptions.
//!
//! A candidate schedule is replayed with [`Scheduling::Replay`]; where it
//! cannot be followed (a decision at a step where no choice comes, a
//! thread that cannot run, decisions exhausted) the replay picks the first
//! runnable thread and never preempts once the decisions run out. Only the
//! schedule the candidate run actually took is kept, so whatever the
//! shrinker ends with replays exactly.
//!
//! Two passes: first the shortest failing prefix, cut just before its
//! (k+1)-th preemption (binary search on k), then greedy removal of single
//! preemptions until none can be removed without losing the failure or
//! gaining preemptions elsewhere.

use super::failure::{FailureKind, failures};
use super::preemptions;
use crate::lang::CompileError;
use crate::sched::{Decision, Reason};
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
    let Some(original) = search.failing(schedule)? else {
        return Ok(None);
    };
    let before = preemptions(&original.schedule);
    let mut best = search.shortest_prefix(original)?;
    while let Some(better) = search.drop_one(&best)? {
        best = better;
    }
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
    /// Replays `schedule`; the run if it fails as `self.kind`.
    fn failing(&mut self, schedule: &[Decision]) -> Result<Option<Trace>, CompileError> {
        self.runs += 1;
        let trace = record(
            self.script,
            self.config,
            Scheduling::Replay(schedule),
            CheckpointPolicy::NONE,
        )?
        .trace;
        let fails = !failures(&trace, &[self.kind]).is_empty();
        Ok(fails.then_some(trace))
    }

    /// The failing run whose schedule is the shortest prefix of `failing`'s
    /// ending just after a preemption (or before the first one): a binary
    /// search on the number of preemptions kept.
    fn shortest_prefix(&mut self, failing: Trace) -> Result<Trace, CompileError> {
        let ends = prefix_ends(&failing.schedule);
        let (mut lo, mut hi) = (0, ends.len() - 1);
        let mut best = failing;
        let schedule = best.schedule.clone();
        while lo < hi {
            let mid = usize::midpoint(lo, hi);
            if let Some(trace) = self.failing(&schedule[..ends[mid]])? {
                hi = mid;
                best = trace;
            } else {
                lo = mid + 1;
            }
        }
        Ok(best)
    }

    /// A failing run with fewer preemptions than `current`, made by
    /// removing one of its preemptions (the latest first), if there is one.
    fn drop_one(&mut self, current: &Trace) -> Result<Option<Trace>, CompileError> {
        let count = preemptions(&current.schedule);
        let positions: Vec<usize> = current
            .schedule
            .iter()
            .enumerate()
            .filter(|(_, d)| d.reason == Reason::Preempted)
            .map(|(i, _)| i)
            .collect();
        for &i in positions.iter().rev() {
            let mut candidate = current.schedule.clone();
            candidate.remove(i);
            if let Some(trace) = self.failing(&candidate)?
                && preemptions(&trace.schedule) < count
            {
                return Ok(Some(trace));
            }
        }
        Ok(None)
    }
}

/// Lengths of the prefixes of `schedule` that keep 0, 1, 2, ... of its
/// preemptions (each ends just before the next preemption), the whole
/// schedule last.
fn prefix_ends(schedule: &[Decision]) -> Vec<usize> {
    let mut ends: Vec<usize> = schedule
        .iter()
        .enumerate()
        .filter(|(_, d)| d.reason == Reason::Preempted)
        .map(|(i, _)| i)
        .collect();
    ends.push(schedule.len());
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(reason: Reason) -> Decision {
        Decision {
            step: 0,
            thread: 0,
            reason,
        }
    }

    #[test]
    fn prefixes_end_before_each_preemption() {
        let schedule = [
            decision(Reason::Start),
            decision(Reason::Preempted),
            decision(Reason::Blocked),
            decision(Reason::Preempted),
        ];
        assert_eq!(prefix_ends(&schedule), [1, 3, 4]);
        assert_eq!(prefix_ends(&schedule[..1]), [1]);
    }
}

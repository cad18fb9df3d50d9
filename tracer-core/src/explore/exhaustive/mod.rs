//! Exhaustive exploration with iterative preemption bounding (CHESS): every
//! schedule with no preemption, then every one with one, ... up to a
//! bound, each run once.
//!
//! A schedule is the default one (the running thread keeps going at every
//! switch point; when it blocks, yields or ends, the next runnable thread
//! in thread order goes) plus a list of [`Deviation`]s. Each run is
//! [`probe`]d through the VM's pull interface: the choices the VM stopped
//! at, and whether anything visible happened before each. Its children deviate once more, at a later choice, to each
//! other runnable thread; a child that preempts costs one preemption and
//! waits for the next round. Children of different runs differ at their
//! first deviation, so no schedule runs twice.
//!
//! Partial-order reduction: preempting a thread whose instructions since
//! its last switch point were all invisible (see [`probe`]) gives the same
//! run, up to the order of independent instructions, as preempting it one
//! switch point earlier (or not running it then), with no more
//! preemptions; so a preemption is only tried right after a visible
//! instruction, after a re-arm, or where a thread became runnable. Every
//! visible instruction is treated as dependent on every other thread's
//! (the VM does not say which location was touched), which is sound but
//! explores more than a location-precise reduction would.

#![expect(
    clippy::cast_possible_truncation,
    reason = "choice indices of one run stay far below 2**32"
)]

mod choice;
mod probe;

use std::sync::Arc;

use self::choice::{ChoicePoint, Deviation};
use self::probe::{Probe, probe};
use super::failure::FailureKind;
use super::pool::map_ordered;
use super::{OnRun, RunResult, summarize};
use crate::trace::{RecordedVm, RunConfig, Scheduling, Script, Trace, prepare, record_from};
use interleave_lang::{CompileCache, CompileError};
use interleave_vm::sched::Reason;

/// What to explore exhaustively.
#[derive(Clone, Debug)]
pub struct ExhaustivePlan {
    /// The script.
    pub script: Script,
    /// Options of every run (the seed and strategy are not used).
    pub config: RunConfig,
    /// Most preemptions in a schedule.
    pub preemption_bound: u32,
    /// Most schedules to run.
    pub max_schedules: usize,
    /// The kinds of failure that count.
    pub fail_on: Vec<FailureKind>,
    /// Worker threads (at least one is used).
    pub jobs: usize,
}

/// How much of the space of schedules was explored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Every schedule: none needed more preemptions than the bound.
    Complete,
    /// Every schedule with at most the bound's preemptions; `beyond`
    /// branches needed more.
    Bounded {
        /// Branches left out because they need more preemptions.
        beyond: usize,
    },
    /// Stopped at the schedule limit with `pending` schedules of at most
    /// the bound's preemptions not run.
    Limited {
        /// Schedules known but not run.
        pending: usize,
    },
}

/// The result of an exhaustive exploration.
#[derive(Clone, Debug)]
pub struct Exhaustive {
    /// One result per distinct schedule, in the order they ran (`seed` is
    /// the schedule's number in that order).
    pub results: Vec<RunResult>,
    /// Schedules run with 0, 1, 2, ... preemptions.
    pub per_preemptions: Vec<usize>,
    /// Whether the space was covered.
    pub coverage: Coverage,
}

/// A schedule to run: its deviations from the default schedule and the
/// preemptions they make.
#[derive(Clone, Debug, Default)]
struct Node {
    deviations: Vec<Deviation>,
    preemptions: u32,
}

/// A node's children: those with as many preemptions, those with one more
/// (within the bound) and the number beyond the bound.
#[derive(Debug, Default)]
struct Branches {
    same: Vec<Node>,
    next: Vec<Node>,
    beyond: usize,
}

/// Runs every schedule of `plan` with at most `plan.preemption_bound`
/// preemptions (fewest preemptions first), up to `plan.max_schedules`.
/// `on_run` is called after each run, as by [`super::explore`].
///
/// # Errors
/// When the script does not compile.
pub fn exhaust(plan: &ExhaustivePlan, on_run: &OnRun<'_>) -> Result<Exhaustive, CompileError> {
    let compilations = Arc::new(CompileCache::default());
    let code = compilations.compile(&plan.script.source, &plan.script.name)?;
    let mut results = Vec::new();
    let mut per_preemptions = Vec::new();
    let mut beyond = 0;
    let mut round = vec![Node::default()];
    for _ in 0..=plan.preemption_bound {
        let mut next_round = Vec::new();
        let mut ran = 0;
        while !round.is_empty() {
            let room = plan.max_schedules - results.len();
            let pending = round.len().saturating_sub(room);
            round.truncate(room);
            let first = results.len() as u64;
            let numbered: Vec<(u64, Node)> = (first..).zip(round).collect();
            ran += numbered.len();
            let runs = map_ordered(&numbered, plan.jobs, &|(number, node)| {
                let probe = probe(&code, plan, &node.deviations, &compilations);
                let result = classify(plan, *number, &probe, &compilations, on_run);
                (result, branches(node, &probe, plan.preemption_bound))
            });
            round = Vec::new();
            for (result, branches) in runs {
                results.push(result);
                round.extend(branches.same);
                next_round.extend(branches.next);
                beyond += branches.beyond;
            }
            if pending > 0 {
                per_preemptions.push(ran);
                return Ok(Exhaustive {
                    results,
                    per_preemptions,
                    coverage: Coverage::Limited {
                        pending: pending + round.len() + next_round.len(),
                    },
                });
            }
        }
        per_preemptions.push(ran);
        round = next_round;
        if round.is_empty() {
            break;
        }
    }
    let coverage = if beyond == 0 {
        Coverage::Complete
    } else {
        Coverage::Bounded { beyond }
    };
    Ok(Exhaustive {
        results,
        per_preemptions,
        coverage,
    })
}

/// Replays the run of `probe`, recording only the analyses, and
/// classifies it; `on_run` can have it recorded again in full.
fn classify(
    plan: &ExhaustivePlan,
    number: u64,
    probe: &Probe,
    compilations: &Arc<CompileCache>,
    on_run: &OnRun<'_>,
) -> RunResult {
    let replay = |complete: bool| -> Trace {
        let mut vm = prepare(
            &plan.script,
            plan.config,
            Scheduling::Replay(&probe.schedule),
            compilations,
        )
        .expect("the script compiled before the runs started");
        if !complete {
            vm.record_analyses_only(plan.fail_on.contains(&FailureKind::Race));
        }
        record_from(&plan.script, plan.config, vm)
    };
    let trace = replay(false);
    debug_assert_eq!(trace.outcome, probe.outcome);
    let result = summarize(number, &trace, &plan.fail_on);
    on_run(&result, &|| replay(true));
    result
}

/// The children of `node`, whose run was `probe`: one more deviation at
/// each later choice, to each other thread that could run there.
fn branches(node: &Node, probe: &Probe, bound: u32) -> Branches {
    let mut out = Branches::default();
    let from = node.deviations.last().map_or(0, |d| d.at as usize + 1);
    for (at, choice) in probe.choices.iter().enumerate().skip(from) {
        let previous = at.checked_sub(1).map(|i| &probe.choices[i]);
        let preempting = choice.reason == Reason::Preempted;
        if preempting && !worth_preempting(choice, previous) {
            continue;
        }
        for &thread in choice.runnable.iter().filter(|&&t| t != choice.default) {
            let cost = u32::from(preempting && thread != choice.current);
            let preemptions = node.preemptions + cost;
            if preemptions > bound {
                out.beyond += 1;
                continue;
            }
            let mut deviations = node.deviations.clone();
            deviations.push(Deviation {
                at: at as u32,
                thread,
            });
            let child = Node {
                deviations,
                preemptions,
            };
            if cost == 0 {
                out.same.push(child);
            } else {
                out.next.push(child);
            }
        }
    }
    out
}

/// Whether preempting at `choice` can give a run that preempting earlier
/// cannot: the thread did something visible since the `previous` choice,
/// was re-armed, or another thread became runnable meanwhile.
fn worth_preempting(choice: &ChoicePoint, previous: Option<&ChoicePoint>) -> bool {
    let Some(previous) = previous else {
        return true;
    };
    choice.after_rearm
        || choice
            .runnable
            .iter()
            .any(|t| !previous.runnable.contains(t))
        || choice.visible
}

#[cfg(test)]
mod tests;

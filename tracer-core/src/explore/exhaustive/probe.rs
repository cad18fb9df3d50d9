//! One exhaustive run, driven choice by choice through the VM's pull
//! interface (`Vm::run_to_choice`): at each choice the run follows its
//! planned deviation, else the default schedule, and notes what the VM
//! reports (the threads that could run, whether anything visible to other
//! threads happened since the previous choice).
//!
//! The VM counts as *visible* taking, releasing or waiting for a lock,
//! starting or ending a thread, printing, and reading or writing shared
//! state (a global, an item or an attribute) in the script's own code.
//! Shared state touched inside the threading prelude (`Thread`
//! bookkeeping, `Condition` internals) is ordered by the prelude's locks,
//! whose operations are visible.

use std::sync::Arc;

use super::ExhaustivePlan;
use super::choice::{ChoicePoint, Deviation, default_pick};
use crate::trace::{RecordedVm, Recorder};
use interleave_lang::{CodeObject, CompileCache};
use interleave_vm::sched::{Decision, Scheduler};
use interleave_vm::{Outcome, Stop, Vm};

/// What an exhaustive run did, as the search needs it.
#[derive(Debug)]
pub(super) struct Probe {
    /// Every choice, in order.
    pub(super) choices: Vec<ChoicePoint>,
    /// The schedule, for a replay.
    pub(super) schedule: Vec<Decision>,
    /// How the run ended.
    pub(super) outcome: Outcome,
}

/// Runs `code` (compiled from `plan`'s script, its imports compiled in
/// `compilations`) under `plan`'s options, following `deviations` (sorted
/// by choice index).
pub(super) fn probe(
    code: &Arc<CodeObject>,
    plan: &ExhaustivePlan,
    deviations: &[Deviation],
    compilations: &Arc<CompileCache>,
) -> Probe {
    let mut vm = Vm::new(
        code.clone(),
        &plan.script.source,
        plan.config.limits,
        Scheduler::pulled(plan.config.sched),
        Box::new(Recorder::default()),
    )
    .with_compilations(compilations.clone());
    vm.record_analyses_only(false);
    let mut choices: Vec<ChoicePoint> = Vec::new();
    let mut planned = deviations.iter().peekable();
    let outcome = loop {
        match vm.run_to_choice() {
            Stop::Ended(outcome) => break outcome,
            Stop::Choice(pending) => {
                let at = u32::try_from(choices.len()).unwrap_or(u32::MAX);
                let deviation = planned.next_if(|d| d.at == at);
                let chosen = deviation
                    .map(|d| d.thread)
                    .filter(|t| pending.runnable.contains(t))
                    .unwrap_or_else(|| default_pick(&pending));
                vm.choose_next(chosen);
                choices.push(ChoicePoint::new(pending, chosen));
            }
        }
    };
    Probe {
        choices,
        schedule: vm.schedule().clone(),
        outcome,
    }
}

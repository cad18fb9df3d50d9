//! One exhaustive run, driven an instruction at a time to see which
//! instructions other threads could observe.
//!
//! An instruction is *visible* when it takes, releases or waits for a
//! lock, starts or ends a thread, prints, or reads or writes shared state
//! (a global, an item or an attribute, as the recorder counts them) while
//! the thread runs the script's own code. Shared state touched inside the
//! threading prelude (`Thread` bookkeeping, `Condition` internals) is
//! ordered by the prelude's locks, whose operations are visible.

use std::sync::{Arc, Mutex, PoisonError};

use super::guide::{ChoicePoint, Deviation, Guide, Log};
use crate::trace::{EventKind, RecordedVm, Recorder, RunConfig, Script};
use interleave_lang::CodeObject;
use interleave_vm::sched::{Decision, Scheduler};
use interleave_vm::{Outcome, Vm};

/// What an exhaustive run did, as the search needs it.
#[derive(Debug)]
pub(super) struct Probe {
    /// Every choice, in order.
    pub(super) choices: Vec<ChoicePoint>,
    /// Steps (instructions executed before them) of the visible
    /// instructions, ascending.
    pub(super) visible: Vec<u64>,
    /// The schedule, for a replay.
    pub(super) schedule: Vec<Decision>,
    /// How the run ended.
    pub(super) outcome: Outcome,
}

impl Probe {
    /// `true` if an instruction in `from..to` was visible.
    pub(super) fn visible_between(&self, from: u64, to: u64) -> bool {
        let first = self.visible.partition_point(|&s| s < from);
        self.visible.get(first).is_some_and(|&s| s < to)
    }
}

/// Runs `code` (compiled from `script`) under `config`, following
/// `deviations`.
pub(super) fn probe(
    code: &Arc<CodeObject>,
    script: &Script,
    config: RunConfig,
    deviations: Arc<[Deviation]>,
) -> Probe {
    let log = Arc::new(Mutex::new(Log::default()));
    let guide = Guide::new(deviations, log.clone());
    let scheduler = Scheduler::with_strategy(Box::new(guide), config.sched);
    let mut vm = Vm::new(
        code.clone(),
        &script.source,
        config.limits,
        scheduler,
        Box::new(Recorder::default()),
    );
    let mut visible = Vec::new();
    let outcome = loop {
        let step = vm.steps();
        let running = log.lock().unwrap_or_else(PoisonError::into_inner).running;
        let in_script = vm
            .frame_line(running)
            .is_some_and(|(file, _)| file == script.name);
        let mut digest = vm.recorder().digest();
        let ended = vm.run_until(step + 1);
        let events = vm.take_events();
        let synchronises = events.iter().any(|e| synchronises(e.kind));
        // The digest covers sparse and dense events alike: if the sparse
        // ones do not account for its change, the step read or wrote.
        for event in &events {
            digest.event(event);
        }
        let accessed = in_script && digest != vm.recorder().digest();
        if synchronises || accessed {
            visible.push(step);
        }
        if let Some(outcome) = ended {
            break outcome;
        }
    };
    let choices = std::mem::take(&mut log.lock().unwrap_or_else(PoisonError::into_inner).choices);
    Probe {
        choices,
        visible,
        schedule: vm.schedule().clone(),
        outcome,
    }
}

/// Whether an event orders threads or shows: lock operations, thread
/// starts and ends, output.
const fn synchronises(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::LockAcquire { .. }
            | EventKind::LockRelease { .. }
            | EventKind::LockBlock { .. }
            | EventKind::ThreadStart { .. }
            | EventKind::ThreadExit
            | EventKind::Output { .. }
    )
}

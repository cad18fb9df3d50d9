//! The choices of an exhaustive run: where it deviates from the default
//! schedule, and every choice it met, for the search to branch on.

use interleave_vm::PendingChoice;
use interleave_vm::sched::{Reason, ThreadId};

/// A planned choice: at the `at`-th choice of the run, run `thread`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Deviation {
    /// Index of the choice among all choices of the run.
    pub(super) at: u32,
    /// The thread to run there.
    pub(super) thread: ThreadId,
}

/// One choice the VM stopped at, and what was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ChoicePoint {
    /// Instructions executed before it.
    pub(super) step: u64,
    /// Why the VM asked.
    pub(super) reason: Reason,
    /// The thread that ran until here.
    pub(super) current: ThreadId,
    /// The threads that could run.
    pub(super) runnable: Vec<ThreadId>,
    /// The thread the default schedule runs here.
    pub(super) default: ThreadId,
    /// The thread that was run.
    pub(super) chosen: ThreadId,
    /// The running thread was re-armed (a sleeper woke) since the previous
    /// choice.
    pub(super) after_rearm: bool,
    /// Something other threads could observe happened since the previous
    /// choice (see [`PendingChoice::visible`]).
    pub(super) visible: bool,
}

impl ChoicePoint {
    /// The choice `pending`, where `chosen` runs.
    pub(super) fn new(pending: PendingChoice, chosen: ThreadId) -> Self {
        Self {
            default: default_pick(&pending),
            step: pending.step,
            reason: pending.reason,
            current: pending.current,
            runnable: pending.runnable,
            chosen,
            after_rearm: pending.after_rearm,
            visible: pending.visible,
        }
    }
}

/// The thread the default schedule picks: at a preemption point the running
/// thread keeps going (no preemption); otherwise the next runnable thread
/// after the current one, in thread order.
pub(super) fn default_pick(choice: &PendingChoice) -> ThreadId {
    if choice.reason == Reason::Preempted && choice.runnable.contains(&choice.current) {
        return choice.current;
    }
    choice
        .runnable
        .iter()
        .copied()
        .find(|&t| t > choice.current)
        .unwrap_or(choice.runnable[0])
}
